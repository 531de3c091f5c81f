//! Invariants checked by `try_state` and by the tests (listed in the pallet's module docs).

use crate::pallet::*;
use alloc::vec::Vec;
use dsynapse_asset_types::{AssetRegistry, AssetStatus};
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};

impl<T: Config> Pallet<T> {
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
