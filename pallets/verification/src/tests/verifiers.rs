//! Stake management: every call and every error.

use super::mock::*;
use crate::{ActiveSet, Error, Event, HoldReason, Verifiers};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

fn held(who: u64) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Verification(HoldReason::VerifierStake), &who)
}

fn active(who: u64) -> Option<Balance> {
	ActiveSet::<Test>::get().iter().find(|(a, _)| *a == who).map(|(_, s)| *s)
}

#[test]
fn register_holds_the_stake_and_activates() {
	test(|| {
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), 2 * MIN_STAKE));
		assert_eq!(held(V1), 2 * MIN_STAKE);
		assert_eq!(active(V1), Some(2 * MIN_STAKE));
		System::assert_has_event(
			Event::VerifierRegistered { who: V1, stake: 2 * MIN_STAKE }.into(),
		);
	});
}

#[test]
fn register_errors() {
	test(|| {
		assert_noop!(
			Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE - 1),
			Error::<Test>::BelowMinimumStake
		);
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE));
		assert_noop!(
			Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE),
			Error::<Test>::AlreadyVerifier
		);
		// More than the free balance.
		assert!(Verification::register_verifier(RuntimeOrigin::signed(V2), FUNDS * 2).is_err());
		assert!(Verifiers::<Test>::get(V2).is_none());
		assert_noop!(
			Verification::register_verifier(RuntimeOrigin::none(), MIN_STAKE),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn top_up_adds_stake() {
	test(|| {
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE));
		assert_ok!(Verification::top_up(RuntimeOrigin::signed(V1), 500));
		assert_eq!(held(V1), MIN_STAKE + 500);
		assert_eq!(active(V1), Some(MIN_STAKE + 500));
		assert_noop!(Verification::top_up(RuntimeOrigin::signed(V1), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Verification::top_up(RuntimeOrigin::signed(V2), 10),
			Error::<Test>::NotVerifier
		);
	});
}

#[test]
fn unbond_and_withdraw() {
	test(|| {
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), 3 * MIN_STAKE));
		assert_noop!(Verification::unbond(RuntimeOrigin::signed(V1), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Verification::unbond(RuntimeOrigin::signed(V2), 1),
			Error::<Test>::NotVerifier
		);
		assert_noop!(
			Verification::unbond(RuntimeOrigin::signed(V1), 3 * MIN_STAKE + 1),
			Error::<Test>::InsufficientStake
		);
		assert_noop!(
			Verification::unbond(RuntimeOrigin::signed(V1), 2 * MIN_STAKE + 1),
			Error::<Test>::BelowMinimumStake
		);
		assert_noop!(
			Verification::withdraw_unbonded(RuntimeOrigin::signed(V1)),
			Error::<Test>::NothingUnbonding
		);
		assert_ok!(Verification::unbond(RuntimeOrigin::signed(V1), MIN_STAKE));
		System::assert_has_event(
			Event::Unbonding { who: V1, amount: MIN_STAKE, unlock_at: 51 }.into(),
		);
		// Still held (slashable) while unbonding; only the active part counts for selection.
		assert_eq!(held(V1), 3 * MIN_STAKE);
		assert_eq!(active(V1), Some(2 * MIN_STAKE));
		assert_noop!(
			Verification::withdraw_unbonded(RuntimeOrigin::signed(V1)),
			Error::<Test>::UnbondingNotDue
		);
		run_to(51);
		assert_ok!(Verification::withdraw_unbonded(RuntimeOrigin::signed(V1)));
		assert_eq!(held(V1), 2 * MIN_STAKE);
		// Unbonding everything leaves the active set; withdrawing removes the record.
		assert_ok!(Verification::unbond(RuntimeOrigin::signed(V1), 2 * MIN_STAKE));
		assert_eq!(active(V1), None);
		crate::Reputation::<Test>::insert(V1, 42);
		run_to(102);
		assert_ok!(Verification::withdraw_unbonded(RuntimeOrigin::signed(V1)));
		assert!(Verifiers::<Test>::get(V1).is_none());
		assert_eq!(held(V1), 0);
		assert_eq!(Balances::free_balance(V1), FUNDS);
		// Reputation is not lost by leaving.
		assert_eq!(reputation(V1), 42);
		assert_noop!(
			Verification::withdraw_unbonded(RuntimeOrigin::signed(V1)),
			Error::<Test>::NotVerifier
		);
	});
}

#[test]
fn slashes_take_active_stake_first_then_unbonding() {
	test(|| {
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), 2 * MIN_STAKE));
		assert_ok!(Verification::unbond(RuntimeOrigin::signed(V1), MIN_STAKE));
		let issuance = Balances::total_issuance();
		crate::Pallet::<Test>::slash(
			&V1,
			sp_runtime::Perbill::from_percent(50),
			crate::SlashReason::Outlier,
		);
		// 50% of 2,000 (active 1,000 + unbonding 1,000) = 1,000, all from the active part.
		let r = Verifiers::<Test>::get(V1).unwrap();
		assert_eq!((r.stake, r.unbonding), (0, MIN_STAKE));
		assert_eq!(Balances::total_issuance(), issuance - MIN_STAKE);
		assert_eq!(burned(), MIN_STAKE);
		assert_eq!(active(V1), None);
	});
}

#[test]
fn try_state_catches_a_stake_that_is_not_held() {
	new_test_ext().execute_with(|| {
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE));
		assert!(Verification::do_try_state().is_ok());
		Verifiers::<Test>::mutate(V1, |r| r.as_mut().unwrap().stake += 1);
		assert!(Verification::do_try_state().is_err());
	});
}

proptest::proptest! {
	/// Whatever the stake, unbonding part and share, a slash burns exactly `share` of the total
	/// (floored), takes it from active stake first, never more than is held, and keeps the held
	/// balance equal to the record (checked by `try_state`).
	#[test]
	fn slashes_burn_exactly_the_share(
		stake in MIN_STAKE..100 * MIN_STAKE,
		unbond_pct in 0u32..=100,
		share_ppb in 0u32..=1_000_000_000,
	) {
		new_test_ext().execute_with(|| {
			assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), stake));
			let unbond = stake * u128::from(unbond_pct) / 100;
			// What stays active must be zero or reach the minimum.
			let unbond = if stake - unbond > 0 && stake - unbond < MIN_STAKE { stake } else { unbond };
			if unbond > 0 {
				assert_ok!(Verification::unbond(RuntimeOrigin::signed(V1), unbond));
			}
			let issuance = Balances::total_issuance();
			let share = sp_runtime::Perbill::from_parts(share_ppb);
			crate::Pallet::<Test>::slash(&V1, share, crate::SlashReason::NoShow);
			let expected = share.mul_floor(stake);
			let r = Verifiers::<Test>::get(V1).unwrap();
			assert_eq!(r.stake + r.unbonding, stake - expected);
			assert_eq!(r.stake, (stake - unbond).saturating_sub(expected));
			assert_eq!(Balances::total_issuance(), issuance - expected);
			assert_eq!(held(V1), stake - expected);
			assert_eq!(burned(), expected);
			Verification::do_try_state().unwrap();
		});
	}
}

#[test]
fn the_standing_governance_reads_follows_reputation_and_stake() {
	use dsynapse_asset_types::{VerifierStanding, VerifierStandingOf};
	test(|| {
		assert_eq!(Verification::standing(&V1), VerifierStanding::default());
		three_verifiers();
		let asset = register_asset(dsynapse_asset_types::AssetKind::Model, b"standing");
		play_agreeing(asset);
		let block = System::block_number();
		for member in committee_of_last_verdict() {
			let s = Verification::standing(&member);
			assert_eq!(s.points, reputation(member));
			assert!(s.points > 0);
			assert_eq!(s.changed_at, block, "the block the points changed");
			assert_eq!(s.at_risk, stake(member));
		}
		// Unbonding stake is no longer at risk in governance's eyes.
		assert_ok!(Verification::unbond(RuntimeOrigin::signed(V1), MIN_STAKE));
		assert_eq!(Verification::standing(&V1).at_risk, 0);
	});
}

/// The members rewarded by the last `ReputationChanged` events.
fn committee_of_last_verdict() -> Vec<u64> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Verification(Event::ReputationChanged { who, .. }) => Some(who),
			_ => None,
		})
		.collect()
}
