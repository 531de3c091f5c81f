//! The runtime API's read views: the parameters and running epoch, closed epochs, an asset's
//! rewards and an account's credit.

use crate::{pallet::*, AssetTokenomics, EpochStats, TokenomicsState};
use alloc::vec::Vec;
use dsynapse_asset_types::AssetId;
use dsynapse_tokenomics_math::fixed;
use frame_support::traits::{fungible::Inspect, Get};
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// The runtime API's view of the parameters and the running epoch.
	pub fn state() -> TokenomicsState<frame_system::pallet_prelude::BlockNumberFor<T>> {
		let mut current = Current::<T>::get();
		current.issuance_end = T::Currency::total_issuance();
		TokenomicsState {
			params: Parameters::<T>::get(),
			epoch: current.epoch,
			epoch_length: T::EpochLength::get(),
			current,
			pending_tail: PendingTail::<T>::get(),
			rewards_pot: T::Currency::balance(&Self::pot_account()),
			vault: T::Currency::balance(&Self::vault_account()),
		}
	}

	/// Closed epochs `from..=to` still in the history, at most [`MAX_STATS_PAGE`] of them.
	pub fn epoch_stats(from: u32, to: u32) -> Vec<EpochStats> {
		let last = from.saturating_add(MAX_STATS_PAGE.saturating_sub(1)).min(to);
		(from..=last).filter_map(History::<T>::get).collect()
	}

	/// The runtime API's view of an asset (`None` if it was never rated nor verified).
	pub fn asset_view(asset: AssetId) -> Option<AssetTokenomics<T::AccountId>> {
		let account = Accounts::<T>::get(asset)?;
		let index = Index::<T>::get();
		let (endorsement, dispute) = account.current(&index);
		let accrue_to = Self::accrue_to(asset, &index);
		let pending =
			account.owed.saturating_add(account.accrued(&accrue_to, FinishedScales::<T>::get));
		Some(AssetTokenomics {
			score: account.score,
			endorsement: fixed::to_planck_floor(endorsement),
			dispute: fixed::to_planck_floor(dispute),
			pending_reward: fixed::to_planck_floor(pending),
			verifiers: Beneficiaries::<T>::get(asset).into_inner(),
		})
	}

	/// Rewards credited to `who` and not yet paid.
	pub fn credit(who: &T::AccountId) -> u128 {
		Credits::<T>::get(who)
	}
}

/// Most epochs one `epoch_stats` call returns.
pub const MAX_STATS_PAGE: u32 = 256;
