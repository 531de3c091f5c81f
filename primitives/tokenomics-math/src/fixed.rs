//! Rounding-directed arithmetic on the crate's number types.
//!
//! Token amounts inside the math are [`FixedU128`] counted in whole tokens (DSY): 18 decimals of
//! fraction, i.e. a resolution of 10⁻⁶ planck, and room for 3.4·10²⁰ DSY. Balances on the chain
//! are planck (10⁻¹² DSY, `u128`). Every operation here says which way it rounds, because the
//! ledger depends on it: what is **minted** is rounded up and what is **owed** to an account is
//! rounded down, so claims can never exceed what was minted. Nothing here panics; results that
//! do not fit saturate.

use crate::prelude::*;

/// Planck per token (DSY has 12 decimals).
pub const PLANCK_PER_TOKEN: u128 = 1_000_000_000_000;

/// Inner units of a [`FixedU128`] token amount per planck (10¹⁸ / 10¹²).
const INNER_PER_PLANCK: u128 = 1_000_000;

/// `a·b/c` rounded as asked, saturating at `u128::MAX`; `c = 0` gives `u128::MAX` unless `a·b = 0`.
fn mul_div(a: u128, b: u128, c: u128, rounding: Rounding) -> u128 {
	if a == 0 || b == 0 {
		return 0;
	}
	multiply_by_rational_with_rounding(a, b, c, rounding).unwrap_or(u128::MAX)
}

/// `a·b` rounded down.
pub fn mul_floor(a: FixedU128, b: FixedU128) -> FixedU128 {
	FixedU128::from_inner(mul_div(a.into_inner(), b.into_inner(), FixedU128::DIV, Rounding::Down))
}

/// `a·b` rounded up.
pub fn mul_ceil(a: FixedU128, b: FixedU128) -> FixedU128 {
	FixedU128::from_inner(mul_div(a.into_inner(), b.into_inner(), FixedU128::DIV, Rounding::Up))
}

/// `a/b` rounded down; `b = 0` gives the largest value unless `a = 0`.
pub fn div_floor(a: FixedU128, b: FixedU128) -> FixedU128 {
	FixedU128::from_inner(mul_div(a.into_inner(), FixedU128::DIV, b.into_inner(), Rounding::Down))
}

/// `p·x` rounded down.
pub fn part_floor(p: Perbill, x: FixedU128) -> FixedU128 {
	FixedU128::from_inner(mul_div(
		x.into_inner(),
		u128::from(p.deconstruct()),
		u128::from(Perbill::ACCURACY),
		Rounding::Down,
	))
}

/// `p·x` rounded up.
pub fn part_ceil(p: Perbill, x: FixedU128) -> FixedU128 {
	FixedU128::from_inner(mul_div(
		x.into_inner(),
		u128::from(p.deconstruct()),
		u128::from(Perbill::ACCURACY),
		Rounding::Up,
	))
}

/// `p·x` planck rounded down.
pub fn part_of_planck_floor(p: Perbill, x: u128) -> u128 {
	mul_div(x, u128::from(p.deconstruct()), u128::from(Perbill::ACCURACY), Rounding::Down)
}

/// A planck balance as a token amount (exact below 3.4·10³² planck, saturating above).
pub fn from_planck(planck: u128) -> FixedU128 {
	FixedU128::from_inner(planck.saturating_mul(INNER_PER_PLANCK))
}

/// A token amount in planck, rounded down (what may be paid out).
pub fn to_planck_floor(x: FixedU128) -> u128 {
	x.into_inner().checked_div(INNER_PER_PLANCK).unwrap_or_default()
}

/// A token amount in planck, rounded up (what must be minted to cover it).
pub fn to_planck_ceil(x: FixedU128) -> u128 {
	let inner = x.into_inner();
	let whole = inner.checked_div(INNER_PER_PLANCK).unwrap_or_default();
	if inner.checked_rem(INNER_PER_PLANCK).unwrap_or_default() == 0 {
		whole
	} else {
		whole.saturating_add(1)
	}
}

/// A token amount as `f64` (for reports, plots and reference tests; never used on-chain).
#[cfg(feature = "std")]
pub fn to_f64(x: FixedU128) -> f64 {
	x.into_inner() as f64 / FixedU128::DIV as f64
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;

	#[test]
	fn rounding_directions() {
		let third = FixedU128::from_rational(1, 3);
		let two = FixedU128::from_u32(2);
		assert!(mul_floor(third, third) < mul_ceil(third, third));
		assert_eq!(mul_floor(two, two), FixedU128::from_u32(4));
		assert_eq!(mul_ceil(two, two), FixedU128::from_u32(4));
		let p = Perbill::from_percent(3);
		assert_eq!(part_of_planck_floor(p, 100), 3);
		assert_eq!(part_of_planck_floor(p, 99), 2);
		assert_eq!(to_planck_floor(FixedU128::from_inner(1_999_999)), 1);
		assert_eq!(to_planck_ceil(FixedU128::from_inner(1_000_001)), 2);
		assert_eq!(to_planck_ceil(FixedU128::from_inner(2_000_000)), 2);
		assert_eq!(from_planck(PLANCK_PER_TOKEN), FixedU128::one());
	}

	#[test]
	fn saturates_instead_of_overflowing() {
		let max = FixedU128::from_inner(u128::MAX);
		assert_eq!(mul_ceil(max, max), max);
		assert_eq!(from_planck(u128::MAX), max);
		assert_eq!(part_ceil(Perbill::one(), max), max);
	}
}
