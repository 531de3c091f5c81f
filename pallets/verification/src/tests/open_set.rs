//! The attack "fill the verifier set and hold it": a full set stays open to a larger stake.

use super::mock::*;
use crate::{ActiveSet, Error, Event, HoldReason, Verifiers};
use dsynapse_asset_types::{AssetKind, AssetStatus};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{InspectHold, Mutate},
};

/// The squatters: four accounts that fill a four-seat set.
const SQUATTERS: [AccountId; 4] = [1000, 1001, 1002, 1003];

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Verification(HoldReason::VerifierStake), &who)
}

fn active(who: AccountId) -> bool {
	ActiveSet::<Test>::get().iter().any(|(a, _)| *a == who)
}

fn smallest_listed() -> Balance {
	ActiveSet::<Test>::get().iter().map(|(_, s)| *s).min().unwrap()
}

/// The set is open: every registered verifier with an eligible stake outside it faces a full set
/// whose smallest stake is at least its own (it could not have taken a seat).
fn assert_open() {
	let set = ActiveSet::<Test>::get();
	for (who, record) in Verifiers::<Test>::iter() {
		if record.stake >= MIN_STAKE && !active(who) {
			assert_eq!(set.len() as u32, MaxVerifiers::get(), "{who} is out of a set with room");
			assert!(record.stake <= smallest_listed(), "{who} outstakes a member");
		}
	}
}

/// Shrinks the set to four seats and fills it with stakes 1,000, 1,100, 1,200 and 1,300.
fn fill_the_set() {
	MaxVerifiers::set(&4);
	for (i, who) in SQUATTERS.iter().enumerate() {
		assert_ok!(Balances::mint_into(who, 10 * MIN_STAKE));
		let stake = MIN_STAKE + 100 * i as Balance;
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(*who), stake));
	}
	assert_eq!(ActiveSet::<Test>::get().len(), 4);
}

#[test]
fn a_larger_newcomer_displaces_the_smallest_member_of_a_full_set() {
	test(|| {
		fill_the_set();
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE + 1));
		assert!(active(V1));
		assert!(!active(SQUATTERS[0]));
		assert_eq!(ActiveSet::<Test>::get().len(), 4);
		System::assert_has_event(Event::Displaced { who: SQUATTERS[0], by: V1 }.into());
		// The displaced verifier stays registered, its stake held (and slashable).
		assert_eq!(stake(SQUATTERS[0]), MIN_STAKE);
		assert_eq!(held(SQUATTERS[0]), MIN_STAKE);
		assert_open();
	});
}

#[test]
fn a_newcomer_with_a_stake_equal_to_the_smallest_is_refused() {
	test(|| {
		fill_the_set();
		// A tie is refused, and so is anything less.
		assert_noop!(
			Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE),
			Error::<Test>::TooManyVerifiers
		);
		assert_noop!(
			Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE - 1),
			Error::<Test>::BelowMinimumStake
		);
		assert!(Verifiers::<Test>::get(V1).is_none());
		assert_eq!(held(V1), 0);
		assert_open();
	});
}

/// Holding four seats against a newcomer with stake `s` takes `s` on every seat: `4 · s` locked
/// (the module docs give the runtime's figure, `512 · s`).
#[test]
fn holding_a_full_set_against_a_stake_costs_that_stake_on_every_seat() {
	test(|| {
		MaxVerifiers::set(&4);
		let s = 5 * MIN_STAKE;
		for who in SQUATTERS {
			assert_ok!(Balances::mint_into(&who, 10 * MIN_STAKE));
			assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(who), s));
		}
		assert_noop!(
			Verification::register_verifier(RuntimeOrigin::signed(V1), s),
			Error::<Test>::TooManyVerifiers
		);
		let locked: Balance = SQUATTERS.iter().map(|w| held(*w)).sum();
		assert_eq!(locked, 4 * s);
		// One unit less on a single seat and the newcomer is in.
		assert_ok!(Verification::unbond(RuntimeOrigin::signed(SQUATTERS[2]), 1));
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), s));
		System::assert_has_event(Event::Displaced { who: SQUATTERS[2], by: V1 }.into());
		assert_open();
	});
}

#[test]
fn a_displaced_verifier_tops_up_and_comes_back() {
	test(|| {
		fill_the_set();
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), 2 * MIN_STAKE));
		let displaced = SQUATTERS[0];
		assert!(!active(displaced));
		// The smallest member now holds 1,100: reaching it is a tie, refused, nothing held.
		assert_noop!(
			Verification::top_up(RuntimeOrigin::signed(displaced), 100),
			Error::<Test>::TooManyVerifiers
		);
		assert_ok!(Verification::top_up(RuntimeOrigin::signed(displaced), 101));
		assert!(active(displaced));
		assert!(!active(SQUATTERS[1]));
		assert_eq!(held(displaced), MIN_STAKE + 101);
		System::assert_has_event(Event::Displaced { who: SQUATTERS[1], by: displaced }.into());
		System::assert_has_event(
			Event::StakeAdded { who: displaced, amount: 101, stake: MIN_STAKE + 101 }.into(),
		);
		assert_open();
	});
}

#[test]
fn a_displaced_verifier_keeps_its_committee_seat() {
	test(|| {
		MaxVerifiers::set(&3);
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		assert_eq!(members.len(), 3);
		// A newcomer with more stake takes the first of the (equal) smallest seats: V1's.
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(14), 2 * MIN_STAKE));
		System::assert_has_event(Event::Displaced { who: V1, by: 14 }.into());
		assert!(!active(V1));
		// V1 still sits on the running round, answers it and is an attester.
		let fp = answer(asset, 0);
		for m in &members {
			assert_ok!(commit(*m, asset, &fp));
		}
		for m in &members {
			assert_ok!(reveal(*m, asset, &fp));
		}
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		assert!(attested(asset).unwrap().contains(&V1));
		assert_eq!(reputation(V1), 10);
	});
}

#[test]
fn unbonding_and_slashes_never_pull_anyone_into_the_set() {
	test(|| {
		fill_the_set();
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), 3 * MIN_STAKE));
		let displaced = SQUATTERS[0];
		assert_ok!(Balances::mint_into(&displaced, 10 * MIN_STAKE));
		assert_ok!(Verification::top_up(RuntimeOrigin::signed(displaced), 2 * MIN_STAKE));
		// Back in (3,000 > 1,100), displacing SQUATTERS[1]; now unbonding and a slash of the
		// outside verifier leave the set untouched.
		let outside = SQUATTERS[1];
		assert!(!active(outside));
		let before = ActiveSet::<Test>::get();
		crate::Pallet::<Test>::slash(
			&outside,
			sp_runtime::Perbill::from_percent(1),
			crate::SlashReason::Outlier,
		);
		assert_eq!(ActiveSet::<Test>::get(), before);
		assert_ok!(Verification::unbond(RuntimeOrigin::signed(outside), 1_089 - MIN_STAKE));
		assert_eq!(ActiveSet::<Test>::get(), before);
		assert!(!active(outside));
	});
}

#[test]
fn a_freed_seat_is_taken_back_by_a_top_up_of_any_amount() {
	test(|| {
		fill_the_set();
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), 2 * MIN_STAKE));
		let displaced = SQUATTERS[0];
		// A member leaves: the pallet does not search for the displaced verifier ...
		assert_ok!(Verification::unbond(RuntimeOrigin::signed(SQUATTERS[3]), MIN_STAKE + 300));
		assert_eq!(ActiveSet::<Test>::get().len(), 3);
		assert!(!active(displaced));
		// ... which takes the free seat with the smallest top-up.
		assert_ok!(Verification::top_up(RuntimeOrigin::signed(displaced), 1));
		assert!(active(displaced));
		assert_open();
	});
}
