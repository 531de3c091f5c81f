//! The traits this pallet implements for its neighbours, read views and invariants.

use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use dsynapse_asset_types::{
	AssetId, AssetRegistry, AssetStatus, DisputeHook, VerificationLifecycle, VerificationScores,
};
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{DispatchResult, Perbill};

impl<T: Config> VerificationLifecycle for Pallet<T> {
	fn on_needs_verification(asset: AssetId) {
		if Rounds::<T>::contains_key(asset) {
			return;
		}
		if let Some(summary) = T::Registry::summary(asset) {
			Self::open_or_defer(asset, &summary, 0);
		}
	}

	fn on_withdrawn(asset: AssetId) {
		Self::cancel(asset);
	}

	fn round_in_progress(asset: AssetId) -> bool {
		Rounds::<T>::contains_key(asset)
	}

	fn on_needs_verification_weight() -> Weight {
		T::WeightInfo::open_round(T::MaxVerifiers::get())
	}

	fn on_withdrawn_weight() -> Weight {
		T::WeightInfo::cancel(T::MaxCommittee::get())
	}
}

impl<T: Config> VerificationScores<T::AccountId> for Pallet<T> {
	fn score(asset: AssetId) -> Option<Perbill> {
		match T::Registry::summary(asset)?.status {
			AssetStatus::Verified { score, until }
				if until >= frame_system::Pallet::<T>::block_number() =>
			{
				Some(score)
			},
			_ => None,
		}
	}

	fn agreeing_verifiers(asset: AssetId) -> Vec<T::AccountId> {
		Attesters::<T>::get(asset).map(|a| a.into_inner()).unwrap_or_default()
	}
}

impl<T: Config> DisputeHook for Pallet<T> {
	fn request_reverification(asset: AssetId) -> DispatchResult {
		let summary = T::Registry::summary(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(matches!(summary.status, AssetStatus::Verified { .. }), Error::<T>::WrongStatus);
		ensure!(!Rounds::<T>::contains_key(asset), Error::<T>::RoundInProgress);
		Self::open_round(asset, &summary, 0)
	}

	fn request_reverification_weight() -> Weight {
		T::WeightInfo::open_round(T::MaxVerifiers::get())
	}
}

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

	/// The invariants listed in the module docs.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::traits::Saturating;
		let params = CurrentParams::<T>::get();
		let reason: T::RuntimeHoldReason = HoldReason::VerifierStake.into();
		let set = ActiveSet::<T>::get();
		for (who, record) in Verifiers::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&reason, &who)
					== record.stake.saturating_add(record.unbonding),
				"held stake differs from stake + unbonding"
			);
			let listed = set.iter().find(|(a, _)| *a == who).map(|(_, s)| *s);
			let eligible = record.stake >= params.min_stake && record.stake > Default::default();
			match listed {
				Some(stake) => ensure!(stake == record.stake, "active set holds a stale stake"),
				None => ensure!(!eligible, "an eligible verifier is missing from the active set"),
			}
		}
		for (i, (who, _)) in set.iter().enumerate() {
			ensure!(Verifiers::<T>::contains_key(who), "active set lists a non-verifier");
			ensure!(
				!set.iter().skip(i.saturating_add(1)).any(|(other, _)| other == who),
				"active set lists a verifier twice"
			);
		}
		for (asset, round) in Rounds::<T>::iter() {
			let summary = T::Registry::summary(asset).ok_or("round for an unknown asset")?;
			ensure!(summary.status != AssetStatus::Withdrawn, "round for a withdrawn asset");
			ensure!(!round.committee.contains(&summary.owner), "owner sits on its own committee");
			for (i, member) in round.committee.iter().enumerate() {
				ensure!(
					!round.committee.iter().skip(i.saturating_add(1)).any(|m| m == member),
					"committee member listed twice"
				);
				ensure!(
					Assignments::<T>::get(member, asset) == Some(round.id),
					"committee member without its assignment"
				);
			}
			let commits = Commits::<T>::iter_prefix(asset).count();
			let reveals = Reveals::<T>::iter_prefix(asset).count();
			ensure!(commits == round.commits as usize, "commit counter differs from commits");
			ensure!(reveals == round.reveals as usize, "reveal counter differs from reveals");
			for (member, _) in Commits::<T>::iter_prefix(asset) {
				ensure!(round.committee.contains(&member), "commit from outside the committee");
			}
			for (member, _) in Reveals::<T>::iter_prefix(asset) {
				ensure!(Commits::<T>::contains_key(asset, &member), "reveal without a commit");
			}
			ensure!(round.due_at > round.reveal_end, "verdict scheduled before the reveal end");
			ensure!(
				Due::<T>::get(round.due_at).contains(&(asset, round.id))
					|| round.due_at < DueCursor::<T>::get(),
				"running round not scheduled for its verdict"
			);
		}
		for (who, asset, id) in Assignments::<T>::iter() {
			ensure!(
				Rounds::<T>::get(asset).is_some_and(|r| r.id == id && r.committee.contains(&who)),
				"assignment to a round that is not running"
			);
		}
		for (asset, _, _) in Commits::<T>::iter() {
			ensure!(Rounds::<T>::contains_key(asset), "commit left over from a closed round");
		}
		Ok(())
	}
}
