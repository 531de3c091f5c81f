//! The traits this pallet implements for its neighbours, read views and invariants.

use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use dsynapse_asset_types::{
	AssetId, AssetRegistry, AssetStatus, DisputeHook, OnVerdict, VerificationLifecycle,
	VerifierStanding, VerifierStandingOf,
};
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};
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
		let draw_cursor = DrawCursor::<T>::get();
		for (asset, request) in Requests::<T>::iter() {
			ensure!(!Rounds::<T>::contains_key(asset), "an asset with a round and a request");
			ensure!(
				T::Registry::summary(asset).is_some_and(|s| s.status != AssetStatus::Withdrawn),
				"request for an unknown or withdrawn asset"
			);
			ensure!(
				Draws::<T>::contains_key(request.draw_at, asset),
				"request without its draw scheduled"
			);
			ensure!(request.draw_at >= draw_cursor, "draw scheduled behind the cursor");
		}
		for (asset, _) in Deferred::<T>::iter() {
			ensure!(
				!Rounds::<T>::contains_key(asset) && !Requests::<T>::contains_key(asset),
				"a deferred attempt beside a round or request"
			);
		}
		for (block, asset, ()) in Draws::<T>::iter() {
			ensure!(
				Requests::<T>::get(asset).is_some_and(|r| r.draw_at == block),
				"draw entry without its request (stale)"
			);
		}
		// Every fee held is recorded once, for a live asset.
		let fee_reason: T::RuntimeHoldReason = HoldReason::RoundFee.into();
		let mut payers: Vec<T::AccountId> = Vec::new();
		for (asset, fee) in RoundFees::<T>::iter() {
			ensure!(
				T::Registry::summary(asset).is_some_and(|s| s.status != AssetStatus::Withdrawn),
				"fee held for an unknown or withdrawn asset"
			);
			if !payers.contains(&fee.payer) {
				payers.push(fee.payer);
			}
		}
		for payer in payers {
			let recorded = RoundFees::<T>::iter_values()
				.filter(|f| f.payer == payer)
				.fold(BalanceOf::<T>::zero(), |sum, f| sum.saturating_add(f.amount));
			ensure!(
				T::Currency::balance_on_hold(&fee_reason, &payer) == recorded,
				"held round fees differ from the recorded ones"
			);
		}
		Ok(())
	}
}
