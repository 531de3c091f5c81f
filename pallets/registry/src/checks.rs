//! Checks of call arguments: the license and the related assets.

use crate::pallet::*;
use dsynapse_asset_types::{AssetId, AssetStatus};
use frame_support::pallet_prelude::*;

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
}
