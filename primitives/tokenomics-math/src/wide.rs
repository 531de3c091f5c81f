//! [`Wide`]: an unsigned fixed-point number on 256 bits with 224 fractional bits.
//!
//! The decay index multiplies `(1 − δ)` once per epoch, so it shrinks geometrically. Divided
//! into a per-asset checkpoint it must stay exact to far below a planck for values as small as
//! 2⁻¹²⁸ (where the index is rescaled, see [`crate::index`]); 224 fractional bits leave at least
//! 66 significant bits there. The integer part (32 bits) holds the yield sums, which stay below
//! γ_max/δ_min = 10⁶ within one scale.

use crate::prelude::*;
use codec::{Decode, Encode, MaxEncodedLen};
use primitive_types::{U256, U512};
use scale_info::TypeInfo;

/// Fractional bits of a [`Wide`].
pub const FRACTION_BITS: usize = 224;

/// An unsigned 256-bit fixed-point number with [`FRACTION_BITS`] fractional bits. All operations
/// round down and saturate; none panics.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Default,
	Debug,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Wide(pub U256);

/// 2^bits as a U512 (saturating for bits ≥ 512).
fn pow2(bits: usize) -> U512 {
	U512::from(2u8).checked_pow(U512::from(bits)).unwrap_or(U512::MAX)
}

/// 2^FRACTION_BITS as a U512.
fn unit512() -> U512 {
	pow2(FRACTION_BITS)
}

/// Narrows to 256 bits, saturating.
fn narrow(x: U512) -> U256 {
	U256::try_from(x).unwrap_or(U256::MAX)
}

impl Wide {
	/// Zero.
	pub fn zero() -> Self {
		Wide(U256::zero())
	}

	/// One.
	pub fn one() -> Self {
		Wide(narrow(unit512()))
	}

	/// 2^-bits (zero beyond the fractional range).
	pub fn pow2_neg(bits: usize) -> Self {
		if bits > FRACTION_BITS {
			return Self::zero();
		}
		Wide(narrow(pow2(FRACTION_BITS.saturating_sub(bits))))
	}

	/// Whether this is zero.
	pub fn is_zero(&self) -> bool {
		self.0.is_zero()
	}

	/// `1 − p`.
	pub fn complement_of(p: Perbill) -> Self {
		let keep = u64::from(Perbill::ACCURACY.saturating_sub(p.deconstruct()));
		let num = U512::from(keep).saturating_mul(unit512());
		Wide(narrow(num.checked_div(U512::from(Perbill::ACCURACY)).unwrap_or_default()))
	}

	/// A [`FixedU128`] as a `Wide` (rounded down; exact when the value has ≤ 224 binary digits
	/// of fraction, which 10⁻¹⁸ multiples do not have, so a tiny truncation below 2⁻²²⁴).
	pub fn from_fixed(x: FixedU128) -> Self {
		let num = U512::from(x.into_inner()).saturating_mul(unit512());
		Wide(narrow(num.checked_div(U512::from(FixedU128::DIV)).unwrap_or_default()))
	}

	/// `self·other`, rounded down.
	pub fn mul_floor(self, other: Wide) -> Wide {
		let product = self.0.full_mul(other.0);
		Wide(narrow(product.checked_div(unit512()).unwrap_or_default()))
	}

	/// `self/other`, rounded down; `None` when `other` is zero.
	pub fn div_floor(self, other: Wide) -> Option<Wide> {
		self.div_shr(other, 0)
	}

	/// `self/other·2^-bits`, rounded down once (the quotient may be far beyond the integer range
	/// before the shift); `None` when `other` is zero.
	pub fn div_shr(self, other: Wide, bits: usize) -> Option<Wide> {
		if other.is_zero() {
			return None;
		}
		if bits > FRACTION_BITS {
			return Some(Self::zero());
		}
		let num = U512::from(self.0).saturating_mul(pow2(FRACTION_BITS.saturating_sub(bits)));
		Some(Wide(narrow(num.checked_div(U512::from(other.0))?)))
	}

	/// `self·2^bits`, saturating.
	pub fn scale_up(self, bits: usize) -> Wide {
		let shifted = U512::from(self.0).saturating_mul(pow2(bits.min(256)));
		Wide(narrow(shifted))
	}

	/// `self + other`, saturating.
	pub fn saturating_add(self, other: Wide) -> Wide {
		Wide(self.0.saturating_add(other.0))
	}

	/// `self − other`, saturating at zero.
	pub fn saturating_sub(self, other: Wide) -> Wide {
		Wide(self.0.saturating_sub(other.0))
	}

	/// `x·self` for a token amount `x`, rounded down, saturating.
	pub fn scale_fixed(self, x: FixedU128) -> FixedU128 {
		let product = U512::from(x.into_inner()).saturating_mul(U512::from(self.0));
		let inner = product.checked_div(unit512()).unwrap_or_default();
		FixedU128::from_inner(u128::try_from(inner).unwrap_or(u128::MAX))
	}

	/// The value as `f64` (reports and tests only).
	#[cfg(feature = "std")]
	#[allow(clippy::arithmetic_side_effects)]
	pub fn to_f64(self) -> f64 {
		let mut value = 0f64;
		for (i, limb) in self.0 .0.iter().enumerate() {
			value += (*limb as f64) * 2f64.powi(64 * i as i32);
		}
		value / 2f64.powi(FRACTION_BITS as i32)
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;

	#[test]
	fn basic_arithmetic() {
		let half = Wide::complement_of(Perbill::from_percent(50));
		assert_eq!(half, Wide::pow2_neg(1));
		assert_eq!(half.mul_floor(half), Wide::pow2_neg(2));
		assert_eq!(Wide::pow2_neg(2).div_floor(half), Some(half));
		assert_eq!(half.div_floor(Wide::zero()), None);
		assert_eq!(Wide::pow2_neg(130).scale_up(128), Wide::pow2_neg(2));
		assert_eq!(Wide::one().div_shr(Wide::one(), 3), Some(Wide::pow2_neg(3)));
		assert_eq!(half.scale_fixed(FixedU128::from_u32(10)), FixedU128::from_u32(5));
		assert_eq!(
			Wide::from_fixed(FixedU128::from_u32(3)).scale_fixed(FixedU128::one()),
			FixedU128::from_u32(3)
		);
		assert!((Wide::complement_of(Perbill::from_percent(5)).to_f64() - 0.95).abs() < 1e-15);
	}

	#[test]
	fn saturates() {
		let max = Wide(U256::MAX);
		assert_eq!(max.mul_floor(max), max);
		assert_eq!(max.scale_up(200), max);
		assert_eq!(max.saturating_add(Wide::one()), max);
		assert_eq!(Wide::zero().saturating_sub(Wide::one()), Wide::zero());
		assert_eq!(
			max.scale_fixed(FixedU128::from_inner(u128::MAX)),
			FixedU128::from_inner(u128::MAX)
		);
	}
}
