//! Settling an asset's account, crediting its parties and paying from the pot.

use crate::pallet::*;
use alloc::vec::Vec;
use dsynapse_asset_types::{AssetId, AssetRegistry};
use dsynapse_tokenomics_math::{fixed, AssetAccount, GlobalIndex};
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get,
	},
};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// Where `asset`'s reward stops accruing: the index after the last epoch its verification
	/// was valid for, when that epoch has passed (its expiry is late), else `index` itself.
	/// Verification processes every expiry within a few blocks, so the position is always in
	/// [`IndexHistory`]; were an expiry ever `HistoryDepth` epochs late, the oldest position
	/// kept is used (the asset is still in G for those epochs, so the pot holds what it earns).
	pub(crate) fn accrue_to(asset: AssetId, index: &GlobalIndex) -> GlobalIndex {
		match Expiring::<T>::get(asset) {
			Some(until) if until < index.epoch => {
				let oldest = index.epoch.saturating_sub(T::HistoryDepth::get()).saturating_add(1);
				IndexHistory::<T>::get(until.max(oldest)).unwrap_or(*index)
			},
			_ => *index,
		}
	}

	/// The asset's account brought up to `index` (a fresh one if it has none yet).
	pub(crate) fn settled(asset: AssetId, index: &GlobalIndex) -> AssetAccount {
		let mut account = Accounts::<T>::get(asset).unwrap_or_else(|| AssetAccount::new(index));
		account.settle_to(index, &Self::accrue_to(asset, index), FinishedScales::<T>::get);
		account
	}

	/// Settles the asset and credits what it owes: `owner_share` to the owner, the rest in equal
	/// parts to its beneficiaries (the remainder of the division, and everything when there are
	/// none, to the owner). Returns the planck credited.
	pub(crate) fn settle_and_credit(
		asset: AssetId,
		account: &mut AssetAccount,
		index: &GlobalIndex,
	) -> u128 {
		account.settle_to(index, &Self::accrue_to(asset, index), FinishedScales::<T>::get);
		let Some(summary) = T::Registry::summary(asset) else { return 0 };
		let total = account.take_owed_planck();
		if total == 0 {
			return 0;
		}
		let params = Parameters::<T>::get();
		let beneficiaries = Beneficiaries::<T>::get(asset);
		let owner_part = fixed::part_of_planck_floor(params.owner_share, total);
		let verifiers_part = total.saturating_sub(owner_part);
		let each = u128::try_from(beneficiaries.len())
			.ok()
			.and_then(|n| verifiers_part.checked_div(n))
			.unwrap_or_default();
		let mut to_verifiers = 0u128;
		for who in beneficiaries.iter() {
			Credits::<T>::mutate(who, |c| *c = c.saturating_add(each));
			to_verifiers = to_verifiers.saturating_add(each);
		}
		Credits::<T>::mutate(&summary.owner, |c| {
			*c = c.saturating_add(total.saturating_sub(to_verifiers))
		});
		total
	}

	/// `claim_rewards`: settles, credits and pays the owner and the beneficiaries. Returns how
	/// many beneficiaries the asset has (what its weight depends on).
	pub(crate) fn do_claim(asset: AssetId) -> Result<u32, DispatchError> {
		let summary = T::Registry::summary(asset).ok_or(Error::<T>::UnknownAsset)?;
		let index = Index::<T>::get();
		if let Some(mut account) = Accounts::<T>::get(asset) {
			Self::settle_and_credit(asset, &mut account, &index);
			Accounts::<T>::insert(asset, account);
		}
		let mut payees: Vec<T::AccountId> = Beneficiaries::<T>::get(asset).into_inner();
		let verifiers = u32::try_from(payees.len()).unwrap_or(u32::MAX);
		payees.push(summary.owner);
		let mut paid = 0u32;
		for who in payees {
			if Self::pay_credit(&who, Some(asset))? > 0 {
				paid = paid.saturating_add(1);
			}
		}
		ensure!(paid > 0, Error::<T>::NothingToClaim);
		Ok(verifiers)
	}

	/// Pays `who`'s credit from the pot. An account that cannot receive it (it would stay below
	/// the existential deposit) keeps its credit. Returns the planck paid.
	pub(crate) fn pay_credit(
		who: &T::AccountId,
		asset: Option<AssetId>,
	) -> Result<u128, DispatchError> {
		let amount = Credits::<T>::get(who);
		if amount == 0 {
			return Ok(0);
		}
		let pot = Self::pot_account();
		let available =
			T::Currency::reducible_balance(&pot, Preservation::Preserve, Fortitude::Polite);
		ensure!(available >= amount, Error::<T>::PotExhausted);
		if T::Currency::transfer(&pot, who, amount, Preservation::Preserve).is_err() {
			return Ok(0);
		}
		Credits::<T>::remove(who);
		Self::deposit_event(Event::RewardPaid { asset, who: who.clone(), amount });
		Ok(amount)
	}
}
