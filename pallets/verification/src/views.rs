//! The runtime API's read views: a verifier, an asset's running round and a verifier's jobs.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use dsynapse_asset_types::{AssetId, AssetRegistry};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// The runtime API's view of a verifier.
	pub fn verifier_view(
		who: &T::AccountId,
	) -> Option<VerifierView<BalanceOf<T>, BlockNumberFor<T>>> {
		Verifiers::<T>::get(who).map(|r| VerifierView {
			stake: r.stake,
			unbonding: r.unbonding,
			unlock_at: r.unlock_at,
			reputation: Reputation::<T>::get(who),
			active: ActiveSet::<T>::get().iter().any(|(a, _)| a == who),
		})
	}

	/// The runtime API's view of an asset's running round.
	pub fn round_view(asset: AssetId) -> Option<RoundView<T::AccountId, BlockNumberFor<T>>> {
		let round = Rounds::<T>::get(asset)?;
		let summary = T::Registry::summary(asset)?;
		let committed = round
			.committee
			.iter()
			.filter(|m| Commits::<T>::contains_key(asset, *m))
			.cloned()
			.collect();
		let revealed = round
			.committee
			.iter()
			.filter(|m| Reveals::<T>::contains_key(asset, *m))
			.cloned()
			.collect();
		Some(RoundView {
			asset,
			round: round.id,
			attempt: round.attempt,
			seed: round.seed,
			kind: round.kind,
			manifest: summary.manifest,
			content: summary.content,
			content_size: summary.content_size,
			committee: round.committee.into_inner(),
			committed,
			revealed,
			commit_end: round.commit_end,
			reveal_end: round.reveal_end,
		})
	}

	/// The rounds `who` sits on (its jobs), ascending by asset.
	pub fn jobs(who: &T::AccountId) -> Vec<RoundView<T::AccountId, BlockNumberFor<T>>> {
		let mut assets: Vec<AssetId> = Assignments::<T>::iter_key_prefix(who).collect();
		assets.sort_unstable();
		assets.into_iter().filter_map(Self::round_view).collect()
	}
}
