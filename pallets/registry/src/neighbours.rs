//! What the other pallets call: the [`AssetRegistry`] implementation, through which verification
//! and tokenomics read assets and verification sets their status.

use crate::pallet::*;
use dsynapse_asset_types::{AssetId, AssetRegistry, AssetStatus, AssetSummary};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> AssetRegistry<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn summary(asset: AssetId) -> Option<AssetSummary<T::AccountId, BlockNumberFor<T>>> {
		Assets::<T>::get(asset).map(|r| AssetSummary {
			owner: r.owner,
			kind: r.kind,
			content: r.cid.to_bytes(),
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
