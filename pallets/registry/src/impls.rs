//! Checks, status changes, the [`AssetRegistry`] implementation, views and invariants.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use dsynapse_asset_types::{AssetId, AssetRegistry, AssetStatus, AssetSummary, StatusTag};
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};
use frame_system::pallet_prelude::BlockNumberFor;

/// The most items one paged view returns.
pub const MAX_PAGE: u32 = 100;

impl<T: Config> Pallet<T> {
	/// Validates an SPDX license identifier or expression.
	/// (Its length is bounded by the call's argument type: longer input does not decode.)
	pub(crate) fn check_license(
		license: BoundedVec<u8, T::MaxLicenseLen>,
	) -> Result<BoundedVec<u8, T::MaxLicenseLen>, DispatchError> {
		ensure!(!license.is_empty(), Error::<T>::EmptyLicense);
		ensure!(
			license.iter().all(|c| c.is_ascii_alphanumeric() || b".-+:() ".contains(c)),
			Error::<T>::InvalidLicense
		);
		Ok(license)
	}

	/// Validates the related assets: known, live, no repeats (at most `MaxRelated`: the call's
	/// argument type refuses more at decoding).
	pub(crate) fn check_related(
		bounded: BoundedVec<AssetId, T::MaxRelated>,
	) -> Result<BoundedVec<AssetId, T::MaxRelated>, DispatchError> {
		for (i, id) in bounded.iter().enumerate() {
			ensure!(
				!bounded.iter().skip(i.saturating_add(1)).any(|other| other == id),
				Error::<T>::DuplicateRelated
			);
			let live = Assets::<T>::get(id).is_some_and(|a| a.status != AssetStatus::Withdrawn);
			ensure!(live, Error::<T>::UnknownRelated);
		}
		Ok(bounded)
	}

	/// Moves `record` to `status`, keeping the status index and emitting `StatusChanged`. The
	/// caller writes `record` back.
	pub(crate) fn change_status(
		asset: AssetId,
		record: &mut AssetRecordOf<T>,
		status: AssetStatus<BlockNumberFor<T>>,
	) {
		let old_tag = record.status.tag();
		if old_tag != status.tag() {
			StatusIndex::<T>::remove(old_tag, asset);
			StatusIndex::<T>::insert(status.tag(), asset, ());
		}
		record.status = status;
		Self::deposit_event(Event::StatusChanged { asset, status });
	}

	/// The runtime API's view of one asset.
	pub fn asset_view(
		asset: AssetId,
	) -> Option<AssetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Assets::<T>::get(asset).map(|r| Self::view_of(asset, r))
	}

	fn view_of(
		id: AssetId,
		r: AssetRecordOf<T>,
	) -> AssetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> {
		AssetView {
			id,
			owner: r.owner,
			kind: r.kind,
			cid: r.cid.to_bytes(),
			content_size: r.content_size,
			license: r.license.into_inner(),
			manifest: r.manifest.to_bytes(),
			related: r.related.into_inner(),
			status: r.status,
			deposit: r.deposit,
			registered_at: r.registered_at,
		}
	}

	/// Up to `limit` (at most [`MAX_PAGE`]) of `owner`'s assets with ids ≥ `from`, ascending.
	pub fn assets_by_owner(
		owner: T::AccountId,
		from: AssetId,
		limit: u32,
	) -> Vec<AssetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let ids: Vec<AssetId> = OwnerIndex::<T>::iter_key_prefix(&owner).collect();
		Self::page(ids, from, limit)
	}

	/// Up to `limit` (at most [`MAX_PAGE`]) assets in `status` with ids ≥ `from`, ascending.
	pub fn assets_by_status(
		status: StatusTag,
		from: AssetId,
		limit: u32,
	) -> Vec<AssetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let ids: Vec<AssetId> = StatusIndex::<T>::iter_key_prefix(status).collect();
		Self::page(ids, from, limit)
	}

	/// Sorts ids (index iteration follows hashed keys) and returns one page of views. Runs only
	/// off-chain (runtime API), never in a block.
	fn page(
		mut ids: Vec<AssetId>,
		from: AssetId,
		limit: u32,
	) -> Vec<AssetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		ids.sort_unstable();
		ids.iter()
			.filter(|id| **id >= from)
			.take(limit.min(MAX_PAGE) as usize)
			.filter_map(|id| Self::asset_view(*id))
			.collect()
	}

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

impl<T: Config> AssetRegistry<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn summary(asset: AssetId) -> Option<AssetSummary<T::AccountId, BlockNumberFor<T>>> {
		Assets::<T>::get(asset).map(|r| AssetSummary {
			owner: r.owner,
			kind: r.kind,
			content_size: r.content_size,
			manifest: r.manifest.to_bytes(),
			status: r.status,
		})
	}

	fn set_status(asset: AssetId, status: AssetStatus<BlockNumberFor<T>>) -> DispatchResult {
		let mut record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(record.status != AssetStatus::Withdrawn, Error::<T>::AssetWithdrawn);
		ensure!(status != AssetStatus::Withdrawn, Error::<T>::AssetWithdrawn);
		Self::change_status(asset, &mut record, status);
		Assets::<T>::insert(asset, record);
		Ok(())
	}
}
