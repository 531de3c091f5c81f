//! The traits this pallet implements for its neighbours, read views and invariants.

use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use dsynapse_asset_types::{
	AssetId, AssetRegistry, AssetStatus, DisputeHook, OnVerdict, VerificationLifecycle,
};
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::DispatchResult;

impl<T: Config> VerificationLifecycle for Pallet<T> {
	fn on_needs_verification(asset: AssetId) {
		// A new manifest ends the verification of the old one.
		if VerifiedUntil::<T>::contains_key(asset) {
			Self::end_verification(asset);
		}
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
			.saturating_add(T::OnVerdict::on_verdict_weight())
	}

	fn on_withdrawn_weight() -> Weight {
		T::WeightInfo::cancel(T::MaxCommittee::get())
			.saturating_add(T::OnVerdict::on_verdict_weight())
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
		use sp_runtime::traits::{One, Saturating, Zero};
		let due_cursor = DueCursor::<T>::get();
		let reason: T::RuntimeHoldReason = HoldReason::VerifierStake.into();
		let set = ActiveSet::<T>::get();
		for (who, record) in Verifiers::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&reason, &who)
					== record.stake.saturating_add(record.unbonding),
				"held stake differs from stake + unbonding"
			);
			// An eligible verifier outside the set is allowed (displaced, or left out before
			// members' stakes fell or seats freed; see the module docs): only the listed side
			// is a state invariant.
			if let Some((_, stake)) = set.iter().find(|(a, _)| *a == who) {
				ensure!(*stake == record.stake, "active set holds a stale stake");
			}
		}
		for (i, (who, stake)) in set.iter().enumerate() {
			ensure!(Verifiers::<T>::contains_key(who), "active set lists a non-verifier");
			ensure!(!stake.is_zero(), "active set lists a verifier without active stake");
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
				Due::<T>::get(round.due_at, asset) == Some(round.id),
				"running round not scheduled for its verdict"
			);
			ensure!(round.due_at >= due_cursor, "running round scheduled behind the cursor");
		}
		for (block, asset, id) in Due::<T>::iter() {
			ensure!(
				Rounds::<T>::get(asset).is_some_and(|r| r.id == id && r.due_at == block),
				"due entry of a round that is not running (stale)"
			);
		}
		let expiry_cursor = ExpiryCursor::<T>::get();
		for (block, asset, ()) in Expiries::<T>::iter() {
			ensure!(T::Registry::summary(asset).is_some(), "expiry queued for an unknown asset");
			ensure!(block >= expiry_cursor, "expiry queued behind the cursor");
		}
		// Every asset this pallet verified is listed with its `until`, which the registry
		// agrees with; its expiry is queued (none is ever dropped) unless already processed.
		for (asset, listed) in VerifiedUntil::<T>::iter() {
			let status = T::Registry::summary(asset).map(|s| s.status);
			let Some(AssetStatus::Verified { until, .. }) = status else {
				return Err("an asset listed as verified is not Verified in the registry".into());
			};
			ensure!(until == listed, "the registry and verification disagree on `until`");
			ensure!(
				Expiries::<T>::contains_key(until.saturating_add(One::one()), asset),
				"verified asset without its expiry queued"
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
