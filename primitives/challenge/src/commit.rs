//! Commitments: what a verifier publishes before anyone reveals.

use alloc::vec::Vec;
use sp_crypto_hashing::blake2_256;

const DOMAIN_COMMIT: &[u8] = b"dsynapse/commit/v1";

/// `blake2_256("dsynapse/commit/v1" ‖ salt ‖ account ‖ fingerprint)`.
///
/// `account` is the SCALE encoding of the committing account: a commitment copied from another
/// verifier can never be opened by the copier, so nobody profits from watching the mempool.
/// `fingerprint` is the SCALE encoding of the answer, exactly the bytes later revealed.
pub fn commitment(salt: &[u8; 32], account: &[u8], fingerprint: &[u8]) -> [u8; 32] {
	let mut input = Vec::with_capacity(
		DOMAIN_COMMIT
			.len()
			.saturating_add(32)
			.saturating_add(account.len())
			.saturating_add(fingerprint.len()),
	);
	input.extend_from_slice(DOMAIN_COMMIT);
	input.extend_from_slice(salt);
	input.extend_from_slice(account);
	input.extend_from_slice(fingerprint);
	blake2_256(&input)
}
