//! The runtime API's read views: one asset, or a page of an owner's assets or of the assets in
//! a status.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use dsynapse_asset_types::{AssetId, StatusTag};
use frame_system::pallet_prelude::BlockNumberFor;

/// The most items one paged view returns.
pub const MAX_PAGE: u32 = 100;

impl<T: Config> Pallet<T> {
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
}
