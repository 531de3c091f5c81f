//! Helpers shared by the integration tests (the IPFS crate's tests have their own, with the npm
//! tools).
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;

/// Writes `size` pseudo-random bytes (seeded) to `path`.
pub fn random_file(path: &Path, size: u64, seed: u64) {
	dsynapse_ipfs::testing::random_file(path, size, seed).unwrap();
}
