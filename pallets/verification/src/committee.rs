//! Committee selection: stake-weighted draws without replacement from a seed.
//!
//! [`select`] is a pure function: the same seed, candidates and size always give the same
//! committee, so anyone can recompute a round's committee from its `RoundOpened` event and the
//! active set at that block. Each seat is drawn with probability proportional to stake among the
//! candidates not yet drawn; with one seat, a verifier's chance is exactly its stake share
//! (up to a 2⁻⁶⁴ rounding bias).

use alloc::vec::Vec;
use sp_crypto_hashing::blake2_256;

const DOMAIN: &[u8] = b"dsynapse/committee/v1";

/// Indices into `stakes` of `size` distinct candidates, in draw order; `None` when there are
/// fewer than `size` candidates with a non-zero stake. Cost: `size × stakes.len()` steps.
pub fn select(seed: &[u8; 32], stakes: &[u128], size: usize) -> Option<Vec<usize>> {
	let mut remaining: Vec<(usize, u128)> =
		stakes.iter().copied().enumerate().filter(|(_, s)| *s > 0).collect();
	if remaining.len() < size {
		return None;
	}
	let mut chosen = Vec::with_capacity(size);
	for seat in 0..size {
		let total = remaining.iter().fold(0u128, |acc, (_, s)| acc.saturating_add(*s));
		let mut point = draw_below(seed, seat as u64, total);
		let mut pick = remaining.len().saturating_sub(1);
		for (i, (_, stake)) in remaining.iter().enumerate() {
			if point < *stake {
				pick = i;
				break;
			}
			point = point.saturating_sub(*stake);
		}
		if pick < remaining.len() {
			let (index, _) = remaining.swap_remove(pick);
			chosen.push(index);
		}
	}
	Some(chosen)
}

/// A number in `0..total` for seat `seat`: a 128-bit word from
/// `blake2_256(domain ‖ seed ‖ seat)`, reduced by multiply-high with 256-bit intermediate.
fn draw_below(seed: &[u8; 32], seat: u64, total: u128) -> u128 {
	let mut input = Vec::with_capacity(DOMAIN.len().saturating_add(40));
	input.extend_from_slice(DOMAIN);
	input.extend_from_slice(seed);
	input.extend_from_slice(&seat.to_le_bytes());
	let hash = blake2_256(&input);
	let mut word = [0u8; 16];
	word.copy_from_slice(hash.get(..16).unwrap_or(&[0u8; 16]));
	mul_high(u128::from_le_bytes(word), total)
}

/// `(a · b) >> 128` without overflow.
fn mul_high(a: u128, b: u128) -> u128 {
	const MASK: u128 = u64::MAX as u128;
	let (a_hi, a_lo) = (a.checked_shr(64).unwrap_or(0), a & MASK);
	let (b_hi, b_lo) = (b.checked_shr(64).unwrap_or(0), b & MASK);
	// Each partial product of two 64-bit halves fits in 128 bits.
	let lo_lo = a_lo.wrapping_mul(b_lo);
	let lo_hi = a_lo.wrapping_mul(b_hi);
	let hi_lo = a_hi.wrapping_mul(b_lo);
	let hi_hi = a_hi.wrapping_mul(b_hi);
	let cross =
		(lo_lo.checked_shr(64).unwrap_or(0)).wrapping_add(lo_hi & MASK).wrapping_add(hi_lo & MASK);
	hi_hi
		.wrapping_add(lo_hi.checked_shr(64).unwrap_or(0))
		.wrapping_add(hi_lo.checked_shr(64).unwrap_or(0))
		.wrapping_add(cross.checked_shr(64).unwrap_or(0))
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn mul_high_matches_wide_arithmetic() {
		assert_eq!(mul_high(u128::MAX, u128::MAX), u128::MAX - 1);
		assert_eq!(mul_high(1u128 << 127, 10), 5);
		assert_eq!(mul_high(0, u128::MAX), 0);
		assert_eq!(mul_high(u128::MAX, 7), 6);
	}

	proptest! {
		#[test]
		fn draws_are_distinct_positive_and_deterministic(
			seed in any::<[u8; 32]>(),
			stakes in proptest::collection::vec(0u128..1_000_000, 0..40),
			size in 0usize..10,
		) {
			let eligible = stakes.iter().filter(|s| **s > 0).count();
			match select(&seed, &stakes, size) {
				None => prop_assert!(eligible < size),
				Some(c) => {
					prop_assert_eq!(c.len(), size);
					let mut sorted = c.clone();
					sorted.sort();
					sorted.dedup();
					prop_assert_eq!(sorted.len(), size);
					prop_assert!(c.iter().all(|i| stakes[*i] > 0));
					prop_assert_eq!(Some(c), select(&seed, &stakes, size));
				}
			}
		}

		#[test]
		fn mul_high_is_below_the_bound(a in any::<u128>(), b in 1u128..) {
			prop_assert!(mul_high(a, b) < b);
		}
	}
}
