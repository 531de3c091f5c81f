//! What the other pallets call: rounds for the registry's assets ([`VerificationLifecycle`]),
//! re-verification on a tokenomics dispute ([`DisputeHook`]) and a verifier's standing for
//! governance ([`VerifierStandingOf`]).

use crate::{pallet::*, WeightInfo};
use dsynapse_asset_types::{
	AssetId, AssetRegistry, AssetStatus, DisputeHook, OnVerdict, VerificationLifecycle,
	VerifierStanding, VerifierStandingOf,
};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::DispatchResult;

impl<T: Config> VerifierStandingOf<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn standing(who: &T::AccountId) -> VerifierStanding<BalanceOf<T>, BlockNumberFor<T>> {
		VerifierStanding {
			points: Reputation::<T>::get(who),
			changed_at: ReputationChangedAt::<T>::get(who).unwrap_or_default(),
			at_risk: Verifiers::<T>::get(who).map(|r| r.stake).unwrap_or_default(),
		}
	}
}

impl<T: Config> VerificationLifecycle for Pallet<T> {
	fn on_needs_verification(asset: AssetId) -> DispatchResult {
		let summary = T::Registry::summary(asset).ok_or(Error::<T>::UnknownAsset)?;
		// The owner pays the round; the registry refuses a manifest change while one runs or
		// waits for its draw, so there is none here.
		Self::request(asset, 0, Some(&summary.owner))?;
		// A new manifest ends the verification of the old one.
		if VerifiedUntil::<T>::contains_key(asset) {
			Self::end_verification(asset);
		}
		Ok(())
	}

	fn on_withdrawn(asset: AssetId) {
		Self::cancel(asset);
	}

	fn round_in_progress(asset: AssetId) -> bool {
		Rounds::<T>::contains_key(asset) || Requests::<T>::contains_key(asset)
	}

	fn on_needs_verification_weight() -> Weight {
		Self::request_weight().saturating_add(T::OnVerdict::on_verdict_weight())
	}

	fn on_withdrawn_weight() -> Weight {
		T::WeightInfo::cancel(T::MaxCommittee::get())
			.saturating_add(Self::fee_weight())
			.saturating_add(T::OnVerdict::on_verdict_weight())
	}
}

impl<T: Config> DisputeHook for Pallet<T> {
	fn request_reverification(asset: AssetId) -> DispatchResult {
		let summary = T::Registry::summary(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(matches!(summary.status, AssetStatus::Verified { .. }), Error::<T>::WrongStatus);
		// A dispute round is paid by nobody: the ratings that raised it already burned tokens.
		Self::request(asset, 0, None)
	}

	fn request_reverification_weight() -> Weight {
		Self::request_weight()
	}
}

impl<T: Config> Pallet<T> {
	/// Asking for a round (the `request_round` benchmark: the fee held, the draw scheduled).
	/// The draw itself is charged to the `on_initialize` that makes it.
	pub(crate) fn request_weight() -> Weight {
		T::WeightInfo::request_round()
	}
}
