//! Invariants checked by `try_state` and by the tests (listed in the pallet's module docs).

use crate::{pallet::*, types::*};
use dsynapse_asset_types::AssetStatus;
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};

impl<T: Config> Pallet<T> {
	/// The invariants listed in the module docs.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use sp_runtime::traits::{Saturating, Zero};
		let next = NextAssetId::<T>::get();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, record) in Assets::<T>::iter() {
			ensure!(id < next, "asset id at or above NextAssetId");
			ensure!(
				OwnerIndex::<T>::contains_key(&record.owner, id),
				"asset missing from its owner's index"
			);
			ensure!(
				StatusIndex::<T>::contains_key(record.status.tag(), id),
				"asset missing from its status index"
			);
			let live = record.status != AssetStatus::Withdrawn;
			let indexed = AssetByContent::<T>::get(ContentKey::of(&record.cid)) == Some(id);
			ensure!(live == indexed, "content index disagrees with the asset's status");
			if !live {
				ensure!(record.deposit.is_zero(), "withdrawn asset still records a deposit");
			}
			let entry = deposits.entry(record.owner.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(record.deposit);
		}
		for (owner, id, ()) in OwnerIndex::<T>::iter() {
			ensure!(
				Assets::<T>::get(id).is_some_and(|r| r.owner == owner),
				"owner index lists an asset of someone else"
			);
		}
		for (tag, id, ()) in StatusIndex::<T>::iter() {
			ensure!(
				Assets::<T>::get(id).is_some_and(|r| r.status.tag() == tag),
				"status index lists an asset under a stale status"
			);
		}
		for (_, id) in AssetByContent::<T>::iter() {
			ensure!(Assets::<T>::contains_key(id), "content index points at no asset");
		}
		let reason: T::RuntimeHoldReason = HoldReason::AssetDeposit.into();
		for (owner, total) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&reason, &owner) == total,
				"held deposit differs from the sum of recorded deposits"
			);
		}
		Ok(())
	}
}
