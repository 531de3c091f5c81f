//! A deterministic stream of numbers expanded from a seed with blake2-256 (domain-separated).

use sp_crypto_hashing::blake2_256;

/// Expands `(domain, seed)` into 64-bit words: word `i` comes from `blake2_256(domain ‖ seed ‖ i/4)`.
pub(crate) struct Stream<'a> {
	domain: &'a [u8],
	seed: &'a [u8; 32],
	block: [u8; 32],
	counter: u64,
	used: usize,
}

impl<'a> Stream<'a> {
	pub(crate) fn new(domain: &'a [u8], seed: &'a [u8; 32]) -> Self {
		Stream { domain, seed, block: [0; 32], counter: 0, used: 4 }
	}

	fn refill(&mut self) {
		let mut input = alloc::vec::Vec::with_capacity(self.domain.len().saturating_add(40));
		input.extend_from_slice(self.domain);
		input.extend_from_slice(self.seed);
		input.extend_from_slice(&self.counter.to_le_bytes());
		self.block = blake2_256(&input);
		self.counter = self.counter.wrapping_add(1);
		self.used = 0;
	}

	/// The next uniformly distributed 64-bit word.
	pub(crate) fn next_u64(&mut self) -> u64 {
		if self.used >= 4 {
			self.refill();
		}
		let start = self.used.saturating_mul(8);
		let mut word = [0u8; 8];
		if let Some(bytes) = self.block.get(start..start.saturating_add(8)) {
			word.copy_from_slice(bytes);
		}
		self.used = self.used.saturating_add(1);
		u64::from_le_bytes(word)
	}

	/// A number in `0..n` (`0` when `n == 0`), by the multiply-high method: the bias is below 2⁻⁶⁴·n.
	pub(crate) fn below(&mut self, n: u64) -> u64 {
		let wide = u128::from(self.next_u64()).saturating_mul(u128::from(n));
		u64::try_from(wide.checked_shr(64).unwrap_or(0)).unwrap_or(0)
	}
}
