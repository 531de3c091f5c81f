//! Status changes, kept in step with the status index.

use crate::{pallet::*, types::*};
use dsynapse_asset_types::{AssetId, AssetStatus};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
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
}
