//! Deterministic data for tests and benchmarks (no randomness source, same bytes every run).

use std::{
	fs::File,
	io::{self, BufWriter, Write},
	path::Path,
};

/// Writes `size` pseudo-random bytes (xorshift64*, from `seed`) to `path`.
pub fn random_file(path: &Path, size: u64, seed: u64) -> io::Result<()> {
	let mut file = BufWriter::with_capacity(1 << 20, File::create(path)?);
	let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
	let mut left = size;
	let mut buf = vec![0u8; 1 << 20];
	while left > 0 {
		for word in buf.chunks_exact_mut(8) {
			state ^= state >> 12;
			state ^= state << 25;
			state ^= state >> 27;
			word.copy_from_slice(&state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
		}
		let n = left.min(buf.len() as u64);
		file.write_all(buf.get(..n as usize).unwrap_or_default())?;
		left -= n;
	}
	file.flush()
}
