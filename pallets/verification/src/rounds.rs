//! Rounds: opening (seed and committee), commits, reveals, verdicts, cancellation, and the
//! cursors that process due verdicts and expiries a bounded amount per block.

use crate::{committee, pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use dsynapse_asset_types::{
	AssetId, AssetKind, AssetRegistry, AssetStatus, AssetSummary, OnVerdict,
};
use dsynapse_challenge::{
	compare::largest_agreeing_group, dataset_challenge, derive::model_layout, Fingerprint,
};
use frame_support::{pallet_prelude::*, traits::Randomness};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{One, SaturatedConversion, Saturating},
	Perbill,
};

/// Most (possibly empty) blocks a cursor moves over in one `on_initialize`.
pub const MAX_CURSOR_STEPS: u32 = 64;

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The seed of round `round` for `asset`: the randomness source mixed with both.
	fn round_seed(asset: AssetId, round: RoundId) -> [u8; 32] {
		let subject = (b"dsynapse/round", asset, round).encode();
		let (random, _) = T::Randomness::random(&subject);
		sp_crypto_hashing::blake2_256(&(b"dsynapse/seed", random, asset, round).encode())
	}

	/// Opens a round for `asset` (attempt number `attempt`): seed, committee, deadlines.
	pub(crate) fn open_round(
		asset: AssetId,
		summary: &AssetSummary<T::AccountId, BlockNumberFor<T>>,
		attempt: u8,
	) -> DispatchResult {
		let params = CurrentParams::<T>::get();
		let now = Self::now();
		let round = NextRoundId::<T>::get();
		let seed = Self::round_seed(asset, round);
		let set = ActiveSet::<T>::get();
		let candidates: Vec<&(T::AccountId, BalanceOf<T>)> =
			set.iter().filter(|(who, _)| *who != summary.owner).collect();
		let stakes: Vec<u128> =
			candidates.iter().map(|(_, stake)| (*stake).saturated_into::<u128>()).collect();
		let picks = committee::select(&seed, &stakes, params.committee_size as usize)
			.ok_or(Error::<T>::NotEnoughVerifiers)?;
		let members: Vec<T::AccountId> =
			picks.iter().filter_map(|i| candidates.get(*i).map(|(who, _)| who.clone())).collect();
		let committee: BoundedVec<T::AccountId, T::MaxCommittee> =
			members.clone().try_into().map_err(|_| Error::<T>::NotEnoughVerifiers)?;

		let commit_end = now.saturating_add(params.commit_period);
		let reveal_end = commit_end.saturating_add(params.reveal_period);
		// Scheduling cannot fail: one entry per running round, keyed by block and asset.
		let due_at = reveal_end.saturating_add(One::one());
		Due::<T>::insert(due_at, asset, round);

		for member in &committee {
			Assignments::<T>::insert(member, asset, round);
		}
		Rounds::<T>::insert(
			asset,
			Round {
				id: round,
				attempt,
				seed,
				kind: summary.kind,
				committee,
				commit_end,
				reveal_end,
				due_at,
				commits: 0,
				reveals: 0,
			},
		);
		NextRoundId::<T>::put(round.saturating_add(1));
		Self::deposit_event(Event::RoundOpened {
			asset,
			round,
			attempt,
			seed,
			committee: members,
			commit_end,
			reveal_end,
		});
		Ok(())
	}

	/// Opens a round, or announces that it is deferred when it cannot open now.
	pub(crate) fn open_or_defer(
		asset: AssetId,
		summary: &AssetSummary<T::AccountId, BlockNumberFor<T>>,
		attempt: u8,
	) -> bool {
		match Self::open_round(asset, summary, attempt) {
			Ok(()) => true,
			Err(_) => {
				let eligible =
					ActiveSet::<T>::get().iter().filter(|(who, _)| *who != summary.owner).count()
						as u32;
				Self::deposit_event(Event::RoundDeferred {
					asset,
					eligible,
					needed: CurrentParams::<T>::get().committee_size,
				});
				false
			},
		}
	}

	pub(crate) fn do_commit(
		who: T::AccountId,
		asset: AssetId,
		commitment: [u8; 32],
	) -> DispatchResult {
		let mut round = Rounds::<T>::get(asset).ok_or(Error::<T>::NoRound)?;
		ensure!(round.committee.contains(&who), Error::<T>::NotInCommittee);
		ensure!(!Commits::<T>::contains_key(asset, &who), Error::<T>::AlreadyCommitted);
		ensure!(Self::now() <= round.commit_end, Error::<T>::CommitPhaseOver);
		ensure!(round.reveals == 0, Error::<T>::CommitPhaseOver);
		Commits::<T>::insert(asset, &who, commitment);
		round.commits = round.commits.saturating_add(1);
		Rounds::<T>::insert(asset, round);
		Self::deposit_event(Event::Committed { asset, who });
		Ok(())
	}

	pub(crate) fn do_reveal(
		who: T::AccountId,
		asset: AssetId,
		salt: [u8; 32],
		fingerprint: Vec<u8>,
	) -> DispatchResult {
		let mut round = Rounds::<T>::get(asset).ok_or(Error::<T>::NoRound)?;
		ensure!(round.committee.contains(&who), Error::<T>::NotInCommittee);
		let now = Self::now();
		ensure!(now <= round.reveal_end, Error::<T>::RevealPhaseOver);
		let all_committed = round.commits as usize >= round.committee.len();
		ensure!(all_committed || now > round.commit_end, Error::<T>::RevealNotOpen);
		let commitment = Commits::<T>::get(asset, &who).ok_or(Error::<T>::NotCommitted)?;
		ensure!(!Reveals::<T>::contains_key(asset, &who), Error::<T>::AlreadyRevealed);
		let bounded: BoundedFingerprint =
			fingerprint.try_into().map_err(|_| Error::<T>::FingerprintTooLong)?;
		ensure!(
			dsynapse_challenge::commitment(&salt, &who.encode(), &bounded) == commitment,
			Error::<T>::CommitmentMismatch
		);
		let answer = Fingerprint::decode_bounded(&bounded)
			.map_err(|e| Error::<T>::MalformedFingerprint(e.into()))?;
		let summary = T::Registry::summary(asset).ok_or(Error::<T>::UnknownAsset)?;
		Self::check_shape(&round, &summary, &answer)?;

		Reveals::<T>::insert(asset, &who, bounded);
		round.reveals = round.reveals.saturating_add(1);
		Self::deposit_event(Event::Revealed { asset, who });
		if round.reveals as usize >= round.committee.len() {
			Self::conclude(asset, round, &summary);
		} else {
			Rounds::<T>::insert(asset, round);
		}
		Ok(())
	}

	/// Whether an answer fits the round's challenge.
	fn check_shape(
		round: &RoundOf<T>,
		summary: &AssetSummary<T::AccountId, BlockNumberFor<T>>,
		answer: &Fingerprint,
	) -> DispatchResult {
		let checked = match round.kind {
			AssetKind::Model => answer.check_model(&model_layout(&round.seed, &summary.manifest)),
			AssetKind::Dataset => {
				let challenge =
					dataset_challenge(&round.seed, summary.content_size).map_err(|_| {
						Error::<T>::MalformedFingerprint(FingerprintDefect::NoChallenge)
					})?;
				answer.check_dataset(challenge.indices.len())
			},
		};
		checked.map_err(|e| Error::<T>::MalformedFingerprint(e.into()).into())
	}

	/// Removes a round's storage: the round, its commits, reveals, assignments and its entry in
	/// [`Due`] (so a round that concludes early or is cancelled leaves nothing to process).
	fn clear_round(asset: AssetId, round: &RoundOf<T>) {
		if Due::<T>::get(round.due_at, asset) == Some(round.id) {
			Due::<T>::remove(round.due_at, asset);
		}
		for member in &round.committee {
			Commits::<T>::remove(asset, member);
			Reveals::<T>::remove(asset, member);
			Assignments::<T>::remove(member, asset);
		}
		Rounds::<T>::remove(asset);
	}

	/// Decides a round (all revealed, or its reveal phase is over).
	pub(crate) fn conclude(
		asset: AssetId,
		round: RoundOf<T>,
		summary: &AssetSummary<T::AccountId, BlockNumberFor<T>>,
	) {
		let params = CurrentParams::<T>::get();
		let now = Self::now();
		let mut answers: Vec<(T::AccountId, Fingerprint)> = Vec::new();
		let mut no_shows: Vec<T::AccountId> = Vec::new();
		for member in &round.committee {
			match Reveals::<T>::get(asset, member)
				.and_then(|b| Fingerprint::decode_bounded(&b).ok())
			{
				Some(answer) => answers.push((member.clone(), answer)),
				None => no_shows.push(member.clone()),
			}
		}
		Self::clear_round(asset, &round);

		let refs: Vec<&Fingerprint> = answers.iter().map(|(_, a)| a).collect();
		let group = largest_agreeing_group(&refs, params.tolerance);
		let size = round.committee.len() as u32;
		let share = Perbill::from_rational(group.len() as u32, size.max(1));

		for who in &no_shows {
			Self::adjust_reputation(who, params.reputation_loss, false);
			Self::slash(who, params.no_show_slash, SlashReason::NoShow);
		}

		let verdict = group.first().and_then(|i| answers.get(*i)).map(|(_, a)| a.clone());
		match verdict {
			Some(winner) if share >= params.quorum => {
				let unavailable = winner == Fingerprint::Unavailable;
				let mut agreeing = Vec::new();
				let mut outliers = Vec::new();
				for (i, (who, answer)) in answers.iter().enumerate() {
					if group.contains(&i) {
						Self::adjust_reputation(who, params.reputation_gain, true);
						agreeing.push(who.clone());
					} else if unavailable && *answer != Fingerprint::Unavailable {
						// It held the data and did the work; the data may be unavailable only
						// to the others. Neither rewarded nor punished.
					} else {
						Self::adjust_reputation(who, params.reputation_loss, false);
						Self::slash(who, params.outlier_slash, SlashReason::Outlier);
						outliers.push(who.clone());
					}
				}
				let status = if unavailable {
					AssetStatus::Rejected
				} else {
					let validity = T::EpochLength::get()
						.saturating_mul(BlockNumberFor::<T>::from(params.validity_epochs));
					let until = now.saturating_add(validity);
					// The queue moves the status on and opens the next round; queuing never
					// fails. Tokenomics stops the reward at `until` even if the expiry is late.
					Self::queue_expiry(asset, until);
					AssetStatus::Verified { score: share, until }
				};
				Self::apply_status(asset, status, &agreeing);
				Self::deposit_event(Event::RoundConcluded {
					asset,
					round: round.id,
					status,
					agreeing,
					outliers,
					no_shows,
				});
			},
			_ => {
				let next = round.attempt.saturating_add(1);
				let retrying =
					next < params.max_attempts && Self::open_or_defer(asset, summary, next);
				if next >= params.max_attempts {
					Self::apply_status(asset, AssetStatus::Rejected, &[]);
				}
				Self::deposit_event(Event::RoundFailed {
					asset,
					round: round.id,
					best_share: share,
					retrying,
				});
			},
		}
	}

	/// Sets the asset's status in the registry and hands the verdict to [`Config::OnVerdict`]:
	/// `Verified` with its score, validity and `attesters`, anything else as the end of the
	/// verification. Rounds run only for live assets, so the registry cannot refuse; if it ever
	/// did, nothing is handed on and the refusal is logged (and fails debug builds).
	pub(crate) fn apply_status(
		asset: AssetId,
		status: AssetStatus<BlockNumberFor<T>>,
		attesters: &[T::AccountId],
	) {
		if let Err(e) = T::Registry::set_status(asset, status) {
			frame_support::defensive!("the registry refused a verdict's status", e);
			return;
		}
		match status {
			AssetStatus::Verified { score, until } => {
				VerifiedUntil::<T>::insert(asset, until);
				T::OnVerdict::on_verified(asset, score, until, attesters);
			},
			_ => Self::end_verification(asset),
		}
	}

	/// The asset's verification (if any) no longer stands: forget it and tell tokenomics.
	pub(crate) fn end_verification(asset: AssetId) {
		VerifiedUntil::<T>::remove(asset);
		T::OnVerdict::on_unverified(asset);
	}

	/// Queues the expiry of a verification granted until `until`, at `until + 1`.
	pub(crate) fn queue_expiry(asset: AssetId, until: BlockNumberFor<T>) {
		Expiries::<T>::insert(until.saturating_add(One::one()), asset, ());
	}

	/// Stops verifying a withdrawn asset: its round is dropped without penalties (and its
	/// [`Due`] entry removed).
	pub(crate) fn cancel(asset: AssetId) {
		if let Some(round) = Rounds::<T>::get(asset) {
			Self::clear_round(asset, &round);
			Self::deposit_event(Event::RoundCancelled { asset, round: round.id });
		}
		Self::end_verification(asset);
	}

	/// Expires `asset` if its verification ran out, and opens its next round.
	fn expire(asset: AssetId, now: BlockNumberFor<T>) {
		let Some(summary) = T::Registry::summary(asset) else { return };
		let AssetStatus::Verified { until, .. } = summary.status else { return };
		if until >= now {
			// Re-verified since this expiry was scheduled.
			return;
		}
		if T::Registry::set_status(asset, AssetStatus::Expired).is_err() {
			return;
		}
		Self::end_verification(asset);
		Self::deposit_event(Event::Expired { asset });
		if !Rounds::<T>::contains_key(asset) {
			let summary = AssetSummary { status: AssetStatus::Expired, ..summary };
			Self::open_or_defer(asset, &summary, 0);
		}
	}

	/// What a verdict may cost beyond the `conclude`/`reveal` benchmarks, which measure rounds
	/// where every member agrees: slashing each member (the `slash` benchmark: a held-balance
	/// burn, the record write, the supply-ledger report and an active-set update over a full
	/// set), opening the retry round, and handing the verdict to [`Config::OnVerdict`] (the
	/// tokenomics settlement) at its worst.
	pub(crate) fn verdict_extras_weight() -> Weight {
		T::WeightInfo::slash()
			.saturating_mul(u64::from(T::MaxCommittee::get()))
			.saturating_add(T::WeightInfo::open_round(T::MaxVerifiers::get()))
			.saturating_add(T::OnVerdict::on_verdict_weight())
	}

	/// `on_initialize`: verdicts of rounds whose reveal phase ended (at most
	/// `MaxFinalizePerBlock`), then expiries (at most `MaxExpiriesPerBlock`, a separate budget);
	/// each cursor moves over at most [`MAX_CURSOR_STEPS`] blocks. Work left over continues in
	/// the next block; nothing is dropped.
	pub(crate) fn process_due(now: BlockNumberFor<T>) -> Weight {
		let db = T::DbWeight::get();
		// The two cursors.
		let mut weight = db.reads_writes(2, 2);

		let mut budget = T::MaxFinalizePerBlock::get();
		let mut verdicts = 0u32;
		let mut cursor = DueCursor::<T>::get();
		let mut steps = 0u32;
		while cursor <= now && budget > 0 && steps < MAX_CURSOR_STEPS {
			steps = steps.saturating_add(1);
			// Read before acting: concluding may schedule new rounds (always after `now`).
			let batch: Vec<(AssetId, RoundId)> =
				Due::<T>::iter_prefix(cursor).take(budget as usize).collect();
			// One key read per entry, one more to find the bucket's end.
			weight =
				weight.saturating_add(db.reads(batch.len() as u64).saturating_add(db.reads(1)));
			for (asset, id) in batch {
				budget = budget.saturating_sub(1);
				Due::<T>::remove(cursor, asset);
				weight = weight.saturating_add(db.reads_writes(1, 1));
				let Some(round) = Rounds::<T>::get(asset).filter(|r| r.id == id) else { continue };
				verdicts = verdicts.saturating_add(1);
				match T::Registry::summary(asset) {
					Some(summary) => Self::conclude(asset, round, &summary),
					None => Self::cancel(asset),
				}
			}
			if Due::<T>::iter_key_prefix(cursor).next().is_some() {
				break;
			}
			cursor = cursor.saturating_add(One::one());
		}
		DueCursor::<T>::put(cursor);
		if verdicts > 0 {
			weight = weight.saturating_add(
				T::WeightInfo::conclude(T::MaxCommittee::get(), verdicts).saturating_add(
					Self::verdict_extras_weight().saturating_mul(u64::from(verdicts)),
				),
			);
		}

		let mut budget = T::MaxExpiriesPerBlock::get();
		let mut expired = 0u32;
		let mut cursor = ExpiryCursor::<T>::get();
		let mut steps = 0u32;
		while cursor <= now && budget > 0 && steps < MAX_CURSOR_STEPS {
			steps = steps.saturating_add(1);
			let batch: Vec<AssetId> =
				Expiries::<T>::iter_key_prefix(cursor).take(budget as usize).collect();
			weight =
				weight.saturating_add(db.reads(batch.len() as u64).saturating_add(db.reads(1)));
			for asset in batch {
				budget = budget.saturating_sub(1);
				expired = expired.saturating_add(1);
				Expiries::<T>::remove(cursor, asset);
				Self::expire(asset, now);
			}
			if Expiries::<T>::iter_key_prefix(cursor).next().is_some() {
				break;
			}
			cursor = cursor.saturating_add(One::one());
		}
		ExpiryCursor::<T>::put(cursor);
		if expired > 0 {
			weight = weight.saturating_add(
				T::WeightInfo::expire(T::MaxVerifiers::get(), expired).saturating_add(
					T::OnVerdict::on_verdict_weight().saturating_mul(u64::from(expired)),
				),
			);
		}
		weight
	}
}
