//! The epoch boundary: what is minted where, the history, the tail, rescaling.

use super::mock::*;
use crate::{pallet::*, Event};
use dsynapse_tokenomics_math::Params;
use frame_support::{assert_ok, traits::fungible::Inspect};
use sp_runtime::Perbill;

#[test]
fn epochs_close_every_epoch_length_blocks() {
	new_test_ext().execute_with(|| {
		run_to_block(EPOCH - 1);
		assert!(History::<Test>::get(0).is_none());
		run_to_block(EPOCH);
		assert!(History::<Test>::get(0).is_some());
		assert_eq!(Current::<Test>::get().epoch, 1);
		assert_eq!(Index::<Test>::get().epoch, 1);
		run_to_block(3 * EPOCH);
		assert_eq!(Current::<Test>::get().epoch, 3);
	});
}

#[test]
fn the_mint_goes_to_the_pot_the_vault_and_the_validators() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100));
		let pot = Balances::balance(&Tokenomics::pot_account());
		let vault = Balances::balance(&Tokenomics::vault_account());
		close_epoch();
		// I_k = (γ + κ)·V·R = 0.03·100 DSY = 3 DSY; tail 50 DSY; 3% of both to the vault.
		let stats = History::<Test>::get(0).unwrap();
		assert_eq!(stats.minted.contributions, 3 * DSY * 97 / 100);
		assert_eq!(stats.minted.vault, 53 * DSY * 3 / 100);
		assert_eq!(stats.minted.tail, 0, "staking has not paid the tail yet");
		assert_eq!(stats.emission, 53 * DSY);
		assert_eq!(stats.burned.rating, 100 * DSY);
		assert!(stats.ultrasound, "100 DSY burned > 53 DSY emitted");
		assert_eq!(stats.score_sum, 1_000_000_000);
		assert_eq!(stats.weighted_endorsement, 100 * DSY);
		assert_eq!(Balances::balance(&Tokenomics::pot_account()), pot + stats.minted.contributions);
		assert_eq!(Balances::balance(&Tokenomics::vault_account()), vault + stats.minted.vault);
		assert_eq!(PendingTail::<Test>::get(), 50 * DSY * 97 / 100);
		System::assert_has_event(Event::EpochClosed { stats }.into());
		// Staking takes the tail at the era's end.
		assert_eq!(Tokenomics::take_validator_payout(), 48_500_000_000_000);
		assert_eq!(Tokenomics::take_validator_payout(), 0);
	});
}

#[test]
fn the_ledger_chains_epochs_and_keeps_a_bounded_history() {
	new_test_ext().execute_with(|| {
		run_to_block(EPOCH * (HISTORY as u64 + 3));
		assert!(History::<Test>::get(0).is_none());
		assert!(History::<Test>::get(2).is_none());
		assert!(History::<Test>::get(3).is_some());
		assert_eq!(History::<Test>::iter().count(), HISTORY as usize);
		for e in 3..HISTORY + 2 {
			let (a, b) = (History::<Test>::get(e).unwrap(), History::<Test>::get(e + 1).unwrap());
			assert_eq!(a.issuance_end, b.issuance_start);
			assert_eq!(a.issuance_end, a.issuance_start + a.minted.total() - a.burned.total());
		}
		let page = Tokenomics::epoch_stats(0, 100);
		assert_eq!(page.len(), HISTORY as usize);
		assert_eq!(page[0].epoch, 3);
	});
}

#[test]
fn high_decay_rescales_the_index_and_rewards_stay_exact() {
	new_test_ext().execute_with(|| {
		let delta = Perbill::from_parts(999_999_000);
		Parameters::<Test>::put(Params { delta, ..Params::default() });
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 1_000));
		for _ in 0..30 {
			close_epoch();
		}
		assert!(Index::<Test>::get().scale >= 3);
		assert!(FinishedScales::<Test>::get(0).is_some());
		// R decayed to nothing; the asset earned (γ + κ)·R·Σ 10⁻⁶ⁱ (30 DSY, 30 µDSY, 30 planck,
		// ...), less the vault's share.
		let view = Tokenomics::asset_view(asset).unwrap();
		assert_eq!(view.endorsement, 0);
		let expected = (30 * DSY + 30 * DSY / 1_000_000 + 30) * 97 / 100;
		assert!(
			view.pending_reward.abs_diff(expected) <= 1,
			"{} vs {expected}",
			view.pending_reward
		);
	});
}
