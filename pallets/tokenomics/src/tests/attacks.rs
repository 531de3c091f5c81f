//! The economic attacks of the security review, played against the pallet: each fails with the
//! documented outcome.

use super::mock::*;
use crate::{pallet::*, Event};
use dsynapse_asset_types::AssetStatus;
use dsynapse_tokenomics_math::{ParamField, Params};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_runtime::{FixedU128, Perbill};

fn balance(who: AccountId) -> u128 {
	Balances::balance(&who)
}

/// Finding 1: verified copies of a model that nobody rates used to earn `RewardBase·V` each.
#[test]
fn verified_copies_nobody_rates_earn_nothing() {
	new_test_ext().execute_with(|| {
		let copies: Vec<_> = (0..20).map(|_| add_asset(OWNER)).collect();
		for asset in &copies {
			verify(*asset, 100, &[V1, V2, V3]);
		}
		for _ in 0..10 {
			close_epoch();
		}
		for asset in &copies {
			assert_eq!(Tokenomics::asset_view(*asset).unwrap().pending_reward, 0);
			assert_noop!(
				Tokenomics::claim_rewards(RuntimeOrigin::signed(OWNER), *asset),
				Error::<Test>::NothingToClaim
			);
		}
		// Only the validators' tail was minted: 50 DSY an epoch.
		for stats in Tokenomics::epoch_stats(0, 9) {
			assert_eq!((stats.emission, stats.minted.contributions), (50 * DSY, 0));
		}
		assert_eq!(Totals::<Test>::get().score_sum, 20 * 1_000_000_000);
	});
}

/// Finding 5: an owner who also holds every seat of its committee rates its own asset; it gets
/// back at most (γ+κ)(1 − vault)/δ = 58.2% of the burn, however long it waits.
#[test]
fn self_rating_returns_less_than_it_burns() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify_until(asset, 100, &[V1], u64::MAX / 2);
		let before = balance(OWNER) + balance(V1);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(OWNER), asset, 5, 100));
		for _ in 0..600 {
			close_epoch();
		}
		assert_ok!(Tokenomics::claim_rewards(RuntimeOrigin::signed(OWNER), asset));
		let after = balance(OWNER) + balance(V1);
		let burned = 100 * DSY;
		assert!(after < before, "the owner side lost money: {after} vs {before}");
		// 100 DSY × 0.03 × 0.97 × (1 − 0.95⁶⁰⁰)/0.05 ≈ 58.2 DSY back of 100.
		let back = after + burned - before;
		assert!(back > 58 * DSY && back <= 58_200_000_000_000, "{back}");
	});
}

/// Finding 5: the parameter set of the review (γ = 0.06, δ = 5%) returned 1.16× a self-rating's
/// burn; it is refused, and so is any set above 90% payback.
#[test]
fn a_money_pump_parameter_set_is_refused() {
	new_test_ext().execute_with(|| {
		let pump = Params { gamma: FixedU128::from_rational(6, 100), ..Params::default() };
		assert_noop!(
			Tokenomics::set_params(RuntimeOrigin::root(), pump),
			Error::<Test>::InvalidParameter(ParamField::Payback)
		);
		let eta = Params { eta: FixedU128::from_u32(2), ..Params::default() };
		assert_noop!(
			Tokenomics::set_params(RuntimeOrigin::root(), eta),
			Error::<Test>::InvalidParameter(ParamField::Eta)
		);
	});
}

/// Finding 4: an asset whose expiry is never processed keeps its score, but earns nothing for
/// the epochs after its verification's last block.
#[test]
fn a_lost_expiry_earns_nothing_after_until() {
	new_test_ext().execute_with(|| {
		let starved = add_asset(OWNER);
		let on_time = add_asset(OWNER);
		// Valid through block 25: it earns at the closes of blocks 10 and 20.
		verify_until(starved, 100, &[V1], 25);
		verify_until(on_time, 100, &[V1], 25);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), starved, 5, 100));
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), on_time, 5, 100));
		run_to_block(26);
		let pending = |a| Tokenomics::asset_view(a).unwrap().pending_reward;
		let earned = pending(on_time);
		set_status(on_time, AssetStatus::Expired);
		// Seven epochs later (within the mock's 8 epochs of index history) the starved asset
		// still shows only what it earned by block 25.
		run_to_block(90);
		assert!(earned > 0);
		assert_eq!(pending(starved), earned);
		assert_eq!(Expiring::<Test>::get(starved), Some(2));
		// The late expiry credits the same amount.
		let credits = || Tokenomics::credit(&OWNER) + Tokenomics::credit(&V1);
		let before = credits();
		set_status(starved, AssetStatus::Expired);
		assert_eq!(credits() - before, earned);
		assert!(!Expiring::<Test>::contains_key(starved));
	});
}

/// The epoch cap: however large G grows, one epoch's contributions stay within `epoch_cap` of
/// the issuance at the epoch's start.
#[test]
fn the_epoch_cap_bounds_every_epoch_mint() {
	new_test_ext().execute_with(|| {
		let p = Params { epoch_cap: Perbill::from_parts(1_000), ..Params::default() };
		assert_ok!(Tokenomics::set_params(RuntimeOrigin::root(), p));
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100_000));
		close_epoch();
		let stats = History::<Test>::get(0).unwrap();
		let cap = stats.issuance_start / 1_000_000;
		// Uncapped it would be 0.01·100,000 + 50 = 1,050 DSY; the cap is 0.0001% of ~6M DSY.
		let gross = stats.emission - p.tail;
		assert!(gross <= cap && gross + 1 >= cap, "{gross} vs {cap}");
		System::assert_has_event(Event::EpochClosed { stats }.into());
	});
}
