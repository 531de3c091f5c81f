//! The tally math: support against the electorate, approval as the chambers' concurrence.

use crate::{
	tally::{approval, ratio, support},
	Electorate,
};
use proptest::prelude::*;
use sp_runtime::Perbill;

fn electorate(stake: u128, reputation: u128) -> Electorate {
	Electorate { stake, reputation }
}

#[test]
fn support_is_the_smaller_chamber_turnout() {
	assert_eq!(support(30, 60, &electorate(100, 100)), Perbill::from_percent(30));
	assert_eq!(support(90, 0, &electorate(100, 100)), Perbill::zero());
	assert_eq!(support(0, 90, &electorate(100, 100)), Perbill::zero());
	// An empty chamber gives no support at all.
	assert_eq!(support(10, 0, &electorate(100, 0)), Perbill::zero());
	assert_eq!(ratio(5, 0), Perbill::zero());
	assert_eq!(ratio(150, 100), Perbill::one());
}

#[test]
fn approval_needs_both_chambers() {
	assert_eq!(approval(10, 0, 10, 0), Perbill::one());
	// One chamber all aye, the other all nay: nothing.
	assert_eq!(approval(10, 0, 0, 10), Perbill::zero());
	assert_eq!(approval(0, 10, 10, 0), Perbill::zero());
	// The weaker chamber decides: stake 75% aye, reputation 50% aye.
	assert_eq!(approval(3, 1, 1, 1), Perbill::from_percent(50));
	assert_eq!(approval(0, 0, 0, 0), Perbill::zero());
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	/// Approval never exceeds either chamber's aye ratio; support never exceeds either chamber's
	/// turnout; and a chamber that does not vote gives no support.
	#[test]
	fn approval_and_support_bounds(
		sa in any::<u64>(), sn in any::<u64>(), ra in any::<u64>(), rn in any::<u64>(),
		extra_s in any::<u64>(), extra_r in any::<u64>(),
	) {
		let (sa, sn, ra, rn) = (u128::from(sa), u128::from(sn), u128::from(ra), u128::from(rn));
		let a = approval(sa, sn, ra, rn);
		prop_assert!(a <= ratio(sa, sa + sn));
		prop_assert!(a <= ratio(ra, ra + rn));
		let e = electorate(sa + sn + u128::from(extra_s), ra + rn + u128::from(extra_r));
		let s = support(sa + sn, ra + rn, &e);
		prop_assert!(s <= ratio(sa + sn, e.stake));
		prop_assert!(s <= ratio(ra + rn, e.reputation));
		prop_assert_eq!(support(sa + sn, 0, &e), Perbill::zero());
		prop_assert_eq!(support(0, ra + rn, &e), Perbill::zero());
	}

	/// Adding stake to the ayes, however it is split, cannot carry a referendum the reputation
	/// chamber rejects: approval stays at the reputation chamber's aye ratio or below.
	#[test]
	fn stake_cannot_outvote_reputation(
		sa in any::<u64>(), sn in any::<u64>(), ra in any::<u64>(), rn in 1u64..u64::MAX,
		whale in any::<u64>(), parts in 1u32..1_000,
	) {
		let (sa, sn, ra, rn) = (u128::from(sa), u128::from(sn), u128::from(ra), u128::from(rn));
		let split: u128 = (0..parts).map(|_| u128::from(whale) / u128::from(parts)).sum();
		prop_assert!(approval(sa + split, sn, ra, rn) <= ratio(ra, ra + rn));
	}
}
