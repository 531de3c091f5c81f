//! Closing an epoch: the O(1) mint from the aggregates and the ledger's page turn.

use crate::{pallet::*, EpochStats};
use dsynapse_tokenomics_math::fixed;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};

impl<T: Config> Pallet<T> {
	/// Mints the epoch's emission, records it and starts the next epoch's ledger.
	pub(crate) fn close_epoch() {
		let params = Parameters::<T>::get();
		let mut index = Index::<T>::get();
		let mut totals = Totals::<T>::get();
		let score_sum = totals.score_sum;
		let weighted = totals.weighted_endorsement;
		// The epoch cap is measured against the issuance when the epoch started.
		let issuance_start = Current::<T>::get().issuance_start;
		let (mint, advance) = totals.close_epoch(&mut index, &params, issuance_start);
		if let Some((scale, yield_end)) = advance.finished_scale {
			FinishedScales::<T>::insert(scale, yield_end);
		}
		Index::<T>::put(index);
		// The index after this close, for assets whose verification ends here and whose expiry
		// is processed late (`Pallet::accrue_to`); kept as long as the ledger's history.
		IndexHistory::<T>::insert(index.epoch, index);
		if let Some(old) = index.epoch.checked_sub(T::HistoryDepth::get()) {
			IndexHistory::<T>::remove(old);
		}
		Totals::<T>::put(totals);

		// Both accounts exist (genesis gives them the existential deposit and payments keep
		// it), so minting into them only fails if the issuance would overflow; what was not
		// minted is not recorded.
		let mint_into = |who: &T::AccountId, amount: u128| {
			if amount == 0 {
				return 0;
			}
			T::Currency::mint_into(who, amount).unwrap_or_default()
		};
		let pot = mint_into(&Self::pot_account(), mint.rewards_pot);
		let vault = mint_into(&Self::vault_account(), mint.vault);
		PendingTail::<T>::mutate(|t| *t = t.saturating_add(mint.validators));

		let mut stats = Current::<T>::get();
		stats.minted.contributions = stats.minted.contributions.saturating_add(pot);
		stats.minted.vault = stats.minted.vault.saturating_add(vault);
		stats.emission = mint.total();
		stats.issuance_end = T::Currency::total_issuance();
		stats.ultrasound = stats.burned.total() > stats.emission;
		stats.score_sum = score_sum;
		stats.weighted_endorsement = fixed::to_planck_floor(weighted);
		History::<T>::insert(stats.epoch, stats);
		if let Some(old) = stats.epoch.checked_sub(T::HistoryDepth::get()) {
			History::<T>::remove(old);
		}
		Current::<T>::put(EpochStats {
			epoch: stats.epoch.saturating_add(1),
			issuance_start: stats.issuance_end,
			issuance_end: stats.issuance_end,
			..Default::default()
		});
		Self::deposit_event(Event::EpochClosed { stats });
	}
}
