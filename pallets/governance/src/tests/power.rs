//! The power math on its own: square root, cap, support and approval (unit and property tests).

use crate::tally::{approval, capped, ratio, stake_power, support};
use proptest::prelude::*;
use sp_runtime::Perbill;

#[test]
fn stake_power_is_the_integer_square_root() {
	assert_eq!(stake_power(0), 0);
	assert_eq!(stake_power(1), 1);
	assert_eq!(stake_power(99), 9);
	assert_eq!(stake_power(100), 10);
	// 1 DSY = 10^12 planck → 10^6; 100 DSY → 10^7: 100× the stake, 10× the power.
	assert_eq!(stake_power(1_000_000_000_000), 1_000_000);
	assert_eq!(stake_power(100_000_000_000_000), 10_000_000);
	assert_eq!(stake_power(u128::MAX), u64::MAX as u128);
}

#[test]
fn the_cap_is_a_share_of_the_chamber() {
	assert_eq!(capped(50, 1_000, Perbill::from_percent(10)), 50);
	assert_eq!(capped(500, 1_000, Perbill::from_percent(10)), 100);
	// A lone voter is capped at the share of itself.
	assert_eq!(capped(1_000, 1_000, Perbill::from_percent(10)), 100);
	assert_eq!(capped(7, 0, Perbill::from_percent(10)), 0);
}

#[test]
fn support_is_the_smaller_chamber_turnout() {
	assert_eq!(support(30, 100, 60, 100), Perbill::from_percent(30));
	assert_eq!(support(90, 100, 0, 100), Perbill::zero());
	assert_eq!(support(0, 100, 90, 100), Perbill::zero());
	// An empty chamber gives no support at all.
	assert_eq!(support(10, 100, 0, 0), Perbill::zero());
	assert_eq!(ratio(5, 0), Perbill::zero());
	assert_eq!(ratio(150, 100), Perbill::one());
}

#[test]
fn approval_weights_the_chambers() {
	let half = Perbill::from_percent(50);
	assert_eq!(approval(10, 0, 10, 0, half), Perbill::one());
	assert_eq!(approval(10, 0, 0, 10, half), half);
	assert_eq!(approval(0, 10, 10, 0, half), half);
	assert_eq!(approval(3, 1, 1, 1, half), Perbill::from_rational(5u32, 8u32));
	assert_eq!(approval(10, 0, 0, 10, Perbill::from_percent(80)), Perbill::from_percent(80));
	assert_eq!(approval(0, 0, 0, 0, half), Perbill::zero());
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	#[test]
	fn square_root_bounds(x in any::<u128>()) {
		let r = stake_power(x);
		prop_assert!(r.checked_mul(r).unwrap() <= x);
		let next = r + 1;
		prop_assert!(next.checked_mul(next).is_none_or(|sq| sq > x));
	}

	/// Splitting a stake into n parts multiplies its power by about √n: the sublinear law that
	/// makes the reputation chamber necessary.
	#[test]
	fn splitting_law(x in 1_000_000_000_000u128..1_000_000_000_000_000_000_000, n in 1u128..1_000) {
		let whole = stake_power(x) as f64;
		let split = (stake_power(x / n) * n) as f64;
		let law = whole * (n as f64).sqrt();
		prop_assert!(split <= law * (1.0 + 1e-6));
		prop_assert!(split >= law * (1.0 - 1e-3));
	}

	#[test]
	fn capped_power_never_exceeds_the_share(power in any::<u64>(), total in any::<u64>(), share in 0u32..=1_000_000_000) {
		let share = Perbill::from_parts(share);
		let c = capped(power.into(), total.into(), share);
		prop_assert!(c <= u128::from(power));
		prop_assert!(c <= share.mul_floor(u128::from(total)));
	}

	#[test]
	fn approval_and_support_bounds(
		sa in any::<u64>(), sn in any::<u64>(), ra in any::<u64>(), rn in any::<u64>(),
		extra_s in any::<u64>(), extra_r in any::<u64>(), w in 200_000_000u32..=800_000_000,
	) {
		let w = Perbill::from_parts(w);
		let (sa, sn, ra, rn) = (u128::from(sa), u128::from(sn), u128::from(ra), u128::from(rn));
		let a = approval(sa, sn, ra, rn, w);
		// Each chamber alone moves approval by at most its weight.
		let without_rep = approval(sa, sn, 0, ra + rn, w);
		prop_assert!(without_rep <= w);
		prop_assert!(a >= without_rep);
		let s_total = sa + sn + u128::from(extra_s);
		let r_total = ra + rn + u128::from(extra_r);
		let s = support(sa + sn, s_total, ra + rn, r_total);
		prop_assert!(s <= ratio(sa + sn, s_total));
		prop_assert!(s <= ratio(ra + rn, r_total));
		// No reputation turnout, no support, whatever the stake.
		prop_assert_eq!(support(sa + sn, s_total, 0, r_total), Perbill::zero());
	}
}
