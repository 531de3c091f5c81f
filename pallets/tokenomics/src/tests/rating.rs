//! `rate`: burns, signals, errors, disputes.

use super::mock::*;
use crate::{pallet::*, Event};
use dsynapse_asset_types::AssetStatus;
use dsynapse_tokenomics_math::Params;
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_runtime::FixedU128;

fn r_and_d(asset: u64) -> (u128, u128) {
	let v = Tokenomics::asset_view(asset).unwrap();
	(v.endorsement, v.dispute)
}

#[test]
fn rate_burns_and_moves_the_signals() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		let issuance = Balances::total_issuance();
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 4, 8));
		// β = 1 DSY, η = 1: burn 8 DSY; q = 3/4 → R 6 DSY, D 2 DSY.
		assert_eq!(Balances::total_issuance(), issuance - 8 * DSY);
		assert_eq!(Balances::balance(&ALICE), 1_000_000 * DSY - 8 * DSY);
		assert_eq!(r_and_d(asset), (6 * DSY, 2 * DSY));
		assert_eq!(Current::<Test>::get().burned.rating, 8 * DSY);
		System::assert_last_event(
			Event::Rated {
				who: ALICE,
				asset,
				score: 4,
				actions: 8,
				burned: 8 * DSY,
				endorsement: 6 * DSY,
				dispute: 2 * DSY,
			}
			.into(),
		);
		// An unverified asset adds nothing to G.
		assert_eq!(Totals::<Test>::get().weighted_endorsement, FixedU128::from_u32(0));
	});
}

#[test]
fn a_rating_of_a_verified_asset_moves_g() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 50, &[V1, V2]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 10));
		assert_eq!(Totals::<Test>::get().weighted_endorsement, FixedU128::from_u32(5));
		assert_eq!(Totals::<Test>::get().score_sum, 500_000_000);
	});
}

#[test]
fn signals_decay_every_epoch() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100));
		// Values owed or shown are rounded down: within a planck of the exact decay.
		close_epoch();
		assert!(r_and_d(asset).0.abs_diff(95 * DSY) <= 1);
		close_epoch();
		// 100 · 0.95² = 90.25
		assert!(r_and_d(asset).0.abs_diff(90_250_000_000_000) <= 1);
	});
}

#[test]
fn rate_errors_change_nothing() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		let rejected = add_asset(OWNER);
		set_status(rejected, AssetStatus::Rejected);
		let withdrawn = add_asset(OWNER);
		set_status(withdrawn, AssetStatus::Withdrawn);
		let signed = || RuntimeOrigin::signed(ALICE);
		assert_noop!(Tokenomics::rate(signed(), asset, 0, 1), Error::<Test>::ScoreOutOfRange);
		assert_noop!(Tokenomics::rate(signed(), asset, 6, 1), Error::<Test>::ScoreOutOfRange);
		assert_noop!(Tokenomics::rate(signed(), asset, 5, 0), Error::<Test>::ZeroActions);
		assert_noop!(Tokenomics::rate(signed(), 99, 5, 1), Error::<Test>::UnknownAsset);
		assert_noop!(Tokenomics::rate(signed(), rejected, 5, 1), Error::<Test>::NotRateable);
		assert_noop!(Tokenomics::rate(signed(), withdrawn, 5, 1), Error::<Test>::NotRateable);
		assert_noop!(
			Tokenomics::rate(RuntimeOrigin::signed(POOR), asset, 5, 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Tokenomics::rate(RuntimeOrigin::none(), asset, 5, 1),
			sp_runtime::DispatchError::BadOrigin
		);
		// β·actions beyond a balance: only reachable with a β above its bounds, put directly.
		Parameters::<Test>::put(Params { beta: u128::MAX / 2, ..Params::default() });
		assert_noop!(Tokenomics::rate(signed(), asset, 5, 3), Error::<Test>::Overflow);
	});
}

#[test]
fn low_ratings_reopen_verification_once_over_the_threshold() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 20));
		// D must exceed R (ratio 1) and the 10 DSY floor: 1★ × 20 = 20 DSY is not above 20.
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(BOB), asset, 1, 20));
		assert!(disputed().is_empty());
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(BOB), asset, 1, 1));
		assert_eq!(disputed(), vec![asset]);
		System::assert_has_event(
			Event::Disputed { asset, dispute: 21 * DSY, endorsement: 20 * DSY }.into(),
		);
		// D starts again from zero.
		assert_eq!(r_and_d(asset), (20 * DSY, 0));
	});
}

#[test]
fn disputes_need_a_verified_asset_and_a_free_verifier_pallet() {
	new_test_ext().execute_with(|| {
		let pending = add_asset(OWNER);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(BOB), pending, 1, 50));
		assert!(disputed().is_empty(), "a pending asset is verified anyway");
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1]);
		DISPUTE_BUSY.with(|b| *b.borrow_mut() = true);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(BOB), asset, 1, 50));
		assert!(disputed().is_empty());
		// The signal stays, so the next rating tries again.
		assert_eq!(r_and_d(asset).1, 50 * DSY);
		DISPUTE_BUSY.with(|b| *b.borrow_mut() = false);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(BOB), asset, 1, 1));
		assert_eq!(disputed(), vec![asset]);
	});
}
