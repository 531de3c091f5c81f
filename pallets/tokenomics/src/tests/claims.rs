//! `claim_rewards` and `payout`: the split, committee changes, and the math crate's prediction.

use super::mock::*;
use crate::{pallet::*, Event};
use dsynapse_asset_types::AssetStatus;
use dsynapse_tokenomics_math::{Economy, Params};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_runtime::Perbill;

fn balance(who: AccountId) -> u128 {
	Balances::balance(&who)
}

#[test]
fn claims_split_between_owner_and_verifiers() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1, V2]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100));
		close_epoch();
		// One epoch at (γ + κ)·R = 0.03·100 DSY, less 3%: 2.91 DSY; owner 70%, verifiers 15% each.
		// (Rounded down to the planck: the owed side never rounds up.)
		let (owner, v1, v2) = (balance(OWNER), balance(V1), balance(V2));
		assert_eq!(Tokenomics::asset_view(asset).unwrap().pending_reward, 2_909_999_999_999);
		assert_ok!(Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), asset));
		assert_eq!(balance(OWNER) - owner, 2_036_999_999_999);
		assert_eq!(balance(V1) - v1, 436_500_000_000);
		assert_eq!(balance(V2) - v2, 436_500_000_000);
		System::assert_has_event(
			Event::RewardPaid { asset: Some(asset), who: OWNER, amount: 2_036_999_999_999 }.into(),
		);
		assert_noop!(
			Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), asset),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn claim_errors() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), 7),
			Error::<Test>::UnknownAsset
		);
		let asset = add_asset(OWNER);
		assert_noop!(
			Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), asset),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(Tokenomics::payout(RuntimeOrigin::signed(BOB)), Error::<Test>::NoCredit);
		assert_noop!(
			Tokenomics::claim_rewards(RuntimeOrigin::none(), asset),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_new_committee_leaves_the_old_one_its_credit() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1, V2]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100));
		for _ in 0..4 {
			close_epoch();
		}
		// Re-verified with the same score by another committee.
		let earned = Tokenomics::asset_view(asset).unwrap().pending_reward;
		assert!(earned > 0);
		verify(asset, 100, &[V3]);
		let credit = (earned - earned * 70 / 100) / 2;
		assert_eq!(Tokenomics::credit(&V1), credit);
		assert_eq!(Tokenomics::credit(&V2), credit);
		assert_eq!(Beneficiaries::<Test>::get(asset).into_inner(), vec![V3]);
		close_epoch();
		let v3 = balance(V3);
		let one_epoch = Tokenomics::asset_view(asset).unwrap().pending_reward;
		assert_ok!(Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), asset));
		// V3 is paid for the one epoch it stands for; V1 still holds its credit.
		assert_eq!(balance(V3) - v3, one_epoch - one_epoch * 70 / 100);
		assert_eq!(Tokenomics::credit(&V1), credit);
		let v1 = balance(V1);
		assert_ok!(Tokenomics::payout(RuntimeOrigin::signed(V1)));
		assert_eq!(balance(V1) - v1, credit);
		System::assert_last_event(
			Event::RewardPaid { asset: None, who: V1, amount: credit }.into(),
		);
	});
}

#[test]
fn expiry_stops_the_reward_and_the_score() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 80, &[V1]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100));
		close_epoch();
		let total = Tokenomics::asset_view(asset).unwrap().pending_reward;
		set_status(asset, AssetStatus::Expired);
		assert_eq!(Totals::<Test>::get().score_sum, 0);
		assert!(Beneficiaries::<Test>::get(asset).is_empty());
		close_epoch();
		close_epoch();
		// One epoch at V·R = 0.8·100 DSY: 0.03·80 DSY less 3%, credited when the score changed.
		let owner = balance(OWNER);
		assert_ok!(Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), asset));
		assert!(total.abs_diff(2_328_000_000_000) <= 1, "{total}");
		let v1 = total - total * 70 / 100;
		assert_eq!(balance(OWNER) - owner, total - v1);
		assert_eq!(Tokenomics::credit(&V1), v1, "V1 is no longer a beneficiary: it calls payout");
	});
}

/// The chain pays, to the planck, what the math crate's `Economy` predicts for the same events.
#[test]
fn payments_match_the_math_crate() {
	new_test_ext().execute_with(|| {
		let params = Params { gamma: Perbill::from_percent(2).into(), ..Params::default() };
		Parameters::<Test>::put(params);
		let mut model = Economy::new(params, 0);
		let assets: Vec<_> = (0..3).map(|_| add_asset(OWNER)).collect();
		for _ in &assets {
			model.add_asset();
		}
		let mut paid_chain = 0u128;
		let mut paid_model = 0u128;
		for epoch in 0..40u32 {
			let k = (epoch % 3) as usize;
			let stars = 1 + (epoch % 5) as u8;
			assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), assets[k], stars, 3 + epoch));
			model.rate(k, stars, 3 + epoch).unwrap();
			if epoch % 7 == 0 {
				let score = 60 + epoch % 40;
				verify(assets[k], score, &[V1, V2, V3]);
				model.set_score(k, Perbill::from_percent(score));
			}
			if epoch % 5 == 4 {
				let before: u128 = [OWNER, V1, V2, V3].iter().map(|w| balance(*w)).sum();
				let _ = Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), assets[k]);
				let after: u128 = [OWNER, V1, V2, V3].iter().map(|w| balance(*w)).sum();
				paid_chain += after - before;
				paid_model += model.claim(k);
			}
			close_epoch();
			let stats = History::<Test>::get(epoch).unwrap();
			// The cap is measured against the chain's issuance (fees and the tail move it).
			model.close_epoch_at(stats.issuance_start);
			assert_eq!(stats.score_sum, model.aggregates.score_sum);
		}
		// A last claim everywhere: the chain paid exactly what the model pays.
		for (k, asset) in assets.iter().enumerate() {
			let before: u128 = [OWNER, V1, V2, V3].iter().map(|w| balance(*w)).sum();
			let _ = Tokenomics::claim_rewards(RuntimeOrigin::signed(BOB), *asset);
			let after: u128 = [OWNER, V1, V2, V3].iter().map(|w| balance(*w)).sum();
			paid_chain += after - before;
			paid_model += model.claim(k);
		}
		let credited: u128 = [OWNER, V1, V2, V3].iter().map(Tokenomics::credit).sum();
		assert_eq!(credited, 0);
		assert!(paid_model > 0);
		assert_eq!(paid_chain, paid_model);
	});
}
