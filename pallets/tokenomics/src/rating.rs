//! `rate`: the burn, the endorsement and dispute signals, and the dispute trigger.

use crate::{pallet::*, BurnKind};
use dsynapse_asset_types::{AssetId, AssetRegistry, AssetStatus, DisputeHook};
use dsynapse_tokenomics_math::{fixed, rating, RatingError};
use frame_support::{
	ensure,
	traits::{
		fungible::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::{traits::Zero, DispatchResult, FixedU128};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_rate(
		who: T::AccountId,
		asset: AssetId,
		score: u8,
		actions: u32,
	) -> DispatchResult {
		let params = Parameters::<T>::get();
		let rating = rating(&params, score, actions).map_err(|e| match e {
			RatingError::ZeroActions => Error::<T>::ZeroActions,
			RatingError::ScoreOutOfRange => Error::<T>::ScoreOutOfRange,
			RatingError::Overflow => Error::<T>::Overflow,
		})?;
		let summary = T::Registry::summary(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(
			!matches!(summary.status, AssetStatus::Rejected | AssetStatus::Withdrawn),
			Error::<T>::NotRateable
		);
		T::Currency::burn_from(
			&who,
			rating.burn,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalance)?;
		Self::note_burned(BurnKind::Rating, rating.burn);

		let index = Index::<T>::get();
		let mut account = Self::settled(asset, &index);
		account.add_rating(&rating);
		Totals::<T>::mutate(|t| t.add_endorsement(account.score, rating.endorsement));

		if matches!(summary.status, AssetStatus::Verified { .. })
			&& account.dispute_exceeded(&params)
			&& T::Dispute::request_reverification(asset).is_ok()
		{
			Self::deposit_event(Event::Disputed {
				asset,
				dispute: fixed::to_planck_floor(account.dispute),
				endorsement: fixed::to_planck_floor(account.endorsement),
			});
			account.dispute = FixedU128::zero();
		}
		Accounts::<T>::insert(asset, account);
		Self::deposit_event(Event::Rated {
			who,
			asset,
			score,
			actions,
			burned: rating.burn,
			endorsement: fixed::to_planck_floor(account.endorsement),
			dispute: fixed::to_planck_floor(account.dispute),
		});
		Ok(())
	}
}
