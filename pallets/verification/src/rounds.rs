//! Rounds: requests (the fee) and committee draws, commits, reveals, verdicts, cancellation,
//! and the cursors that process due draws, verdicts and expiries a bounded amount per block.

use crate::{
	committee,
	pallet::*,
	tally::{tally, Outcome, Tally},
	types::*,
	WeightInfo,
};
use alloc::vec::Vec;
use codec::Encode;
use dsynapse_asset_types::{
	AssetId, AssetKind, AssetRegistry, AssetStatus, AssetSummary, OnSlashBurned, OnVerdict,
};
use dsynapse_challenge::{dataset_challenge, derive::model_layout, Fingerprint};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Randomness,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{One, SaturatedConversion, Saturating, Zero};

/// Most (possibly empty) blocks a cursor moves over in one `on_initialize`.
pub const MAX_CURSOR_STEPS: u32 = 64;

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The seed of round `round` for `asset`: the randomness source mixed with both.
	fn round_seed(asset: AssetId, round: RoundId) -> [u8; 32] {
		let subject = (b"dsynapse/round", asset, round).encode();
		let (random, _) = T::Randomness::random(&subject);
		sp_crypto_hashing::blake2_256(&(b"dsynapse/seed", random, asset, round).encode())
	}

	/// Asks for a round of `asset` (attempt `attempt`): holds the round fee from `payer` (unless
	/// a fee for this verification is already held: retries and deferred rounds are not charged
	/// again) and schedules the committee draw [`Config::DrawDelay`] blocks later, so that the
	/// committee comes from randomness that did not exist when the round was asked for.
	pub(crate) fn request(
		asset: AssetId,
		attempt: u8,
		payer: Option<&T::AccountId>,
	) -> DispatchResult {
		ensure!(
			!Rounds::<T>::contains_key(asset) && !Requests::<T>::contains_key(asset),
			Error::<T>::RoundInProgress
		);
		let mut fee = BalanceOf::<T>::zero();
		if let Some(payer) = payer {
			let amount = T::RoundFee::get();
			if !RoundFees::<T>::contains_key(asset) && !amount.is_zero() {
				T::Currency::hold(&HoldReason::RoundFee.into(), payer, amount)
					.map_err(|_| Error::<T>::CannotPayFee)?;
				RoundFees::<T>::insert(asset, HeldFee { payer: payer.clone(), amount });
				fee = amount;
			}
		}
		let draw_at = Self::now().saturating_add(T::DrawDelay::get().max(One::one()));
		Deferred::<T>::remove(asset);
		Requests::<T>::insert(asset, Request { attempt, draw_at });
		Draws::<T>::insert(draw_at, asset, ());
		Self::deposit_event(Event::RoundRequested { asset, attempt, draw_at, fee });
		Ok(())
	}

	/// Draws the committee of a requested round (its draw is due): opens the round, or defers
	/// it when too few verifiers are eligible (the fee stays held; `request_round` reopens it
	/// without charging again).
	pub(crate) fn draw(asset: AssetId) {
		let Some(request) = Requests::<T>::take(asset) else { return };
		let Some(summary) = T::Registry::summary(asset) else { return };
		if !Self::open_or_defer(asset, &summary, request.attempt) && request.attempt > 0 {
			Deferred::<T>::insert(asset, request.attempt);
		}
	}

	/// Pays the verification's held fee to `earners` in equal shares (the first takes the
	/// rounding remainder); with nobody to pay, it is burned (and reported to
	/// [`Config::OnSlashBurned`], which counts every burn of this pallet). Never refunded.
	pub(crate) fn settle_fee(asset: AssetId, earners: &[T::AccountId]) {
		let Some(HeldFee { payer, amount }) = RoundFees::<T>::take(asset) else { return };
		let reason: T::RuntimeHoldReason = HoldReason::RoundFee.into();
		let total: u128 = amount.saturated_into();
		let count = u128::try_from(earners.len()).unwrap_or(u128::MAX);
		let Some(share) = total.checked_div(count) else {
			let burned = T::Currency::burn_held(
				&reason,
				&payer,
				amount,
				Precision::BestEffort,
				Fortitude::Force,
			)
			.unwrap_or_else(|_| Zero::zero());
			T::OnSlashBurned::on_slash_burned(burned);
			Self::deposit_event(Event::FeeSettled {
				asset,
				paid_to: Vec::new(),
				share: Zero::zero(),
				burned,
			});
			return;
		};
		let remainder = total.saturating_sub(share.saturating_mul(count));
		for (i, earner) in earners.iter().enumerate() {
			let part = if i == 0 { share.saturating_add(remainder) } else { share };
			let part: BalanceOf<T> = part.saturated_into();
			let moved = if *earner == payer {
				T::Currency::release(&reason, &payer, part, Precision::BestEffort)
			} else {
				T::Currency::transfer_on_hold(
					&reason,
					&payer,
					earner,
					part,
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				)
			};
			if let Err(e) = moved {
				// Earners are verifiers: their accounts exist and can receive. Should a
				// transfer fail anyway, the part goes back to the payer rather than staying
				// held without a record.
				frame_support::defensive!("a round fee could not be paid", e);
				let _ = T::Currency::release(&reason, &payer, part, Precision::BestEffort);
			}
		}
		Self::deposit_event(Event::FeeSettled {
			asset,
			paid_to: earners.to_vec(),
			share: share.saturated_into(),
			burned: Zero::zero(),
		});
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
		bounded: BoundedFingerprint,
	) -> DispatchResult {
		let mut round = Rounds::<T>::get(asset).ok_or(Error::<T>::NoRound)?;
		ensure!(round.committee.contains(&who), Error::<T>::NotInCommittee);
		let now = Self::now();
		ensure!(now <= round.reveal_end, Error::<T>::RevealPhaseOver);
		let all_committed = round.commits as usize >= round.committee.len();
		ensure!(all_committed || now > round.commit_end, Error::<T>::RevealNotOpen);
		let commitment = Commits::<T>::get(asset, &who).ok_or(Error::<T>::NotCommitted)?;
		ensure!(!Reveals::<T>::contains_key(asset, &who), Error::<T>::AlreadyRevealed);
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
			Self::conclude(asset, round);
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

	/// Decides a round (all revealed, or its reveal phase is over): [`tally`] the answers, then
	/// apply the tally.
	pub(crate) fn conclude(asset: AssetId, round: RoundOf<T>) {
		let params = CurrentParams::<T>::get();
		let answers: Vec<(T::AccountId, Option<Fingerprint>)> = round
			.committee
			.iter()
			.map(|member| {
				let answer = Reveals::<T>::get(asset, member)
					.and_then(|b| Fingerprint::decode_bounded(&b).ok());
				(member.clone(), answer)
			})
			.collect();
		Self::clear_round(asset, &round);
		let result = tally(&answers, params.quorum, params.tolerance);
		Self::apply(asset, &round, result, &params);
	}

	/// Applies a tally: reputation and slashes, the asset's status, the fee, the next attempt.
	fn apply(
		asset: AssetId,
		round: &RoundOf<T>,
		result: Tally<T::AccountId>,
		params: &ParamsOf<T>,
	) {
		for who in &result.no_shows {
			Self::adjust_reputation(who, params.reputation_loss, false);
			Self::slash(who, params.no_show_slash, SlashReason::NoShow);
		}
		let status = match result.outcome {
			Outcome::NoQuorum => {
				let next = round.attempt.saturating_add(1);
				let retrying =
					next < params.max_attempts && Self::request(asset, next, None).is_ok();
				if !retrying {
					Self::apply_status(asset, AssetStatus::Rejected, &[]);
					Self::settle_fee(asset, &result.earners());
				}
				Self::deposit_event(Event::RoundFailed {
					asset,
					round: round.id,
					best_share: result.share,
					retrying,
				});
				return;
			},
			Outcome::Unavailable => AssetStatus::Rejected,
			Outcome::Verified => {
				let validity = T::EpochLength::get()
					.saturating_mul(BlockNumberFor::<T>::from(params.validity_epochs));
				let until = Self::now().saturating_add(validity);
				// The queue moves the status on and opens the next round; queuing never fails.
				// Tokenomics stops the reward at `until` even if the expiry is late.
				Self::queue_expiry(asset, until);
				AssetStatus::Verified { score: result.share, until }
			},
		};
		for who in &result.agreeing {
			Self::adjust_reputation(who, params.reputation_gain, true);
		}
		for who in &result.outliers {
			Self::adjust_reputation(who, params.reputation_loss, false);
			Self::slash(who, params.outlier_slash, SlashReason::Outlier);
		}
		Self::apply_status(asset, status, &result.agreeing);
		Self::settle_fee(asset, &result.earners());
		Self::deposit_event(Event::RoundConcluded {
			asset,
			round: round.id,
			status,
			agreeing: result.agreeing,
			outliers: result.outliers,
			no_shows: result.no_shows,
		});
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
	/// [`Due`] entry removed), a requested draw is dropped, and the fee is forfeited: paid to the
	/// committee members who committed (to the whole committee if none had), burned when no
	/// committee was drawn.
	pub(crate) fn cancel(asset: AssetId) {
		let mut earners = Vec::new();
		if let Some(round) = Rounds::<T>::get(asset) {
			earners = round
				.committee
				.iter()
				.filter(|m| Commits::<T>::contains_key(asset, *m))
				.cloned()
				.collect();
			if earners.is_empty() {
				earners = round.committee.clone().into_inner();
			}
			Self::clear_round(asset, &round);
			Self::deposit_event(Event::RoundCancelled { asset, round: round.id });
		}
		if let Some(request) = Requests::<T>::take(asset) {
			Draws::<T>::remove(request.draw_at, asset);
		}
		Deferred::<T>::remove(asset);
		Self::settle_fee(asset, &earners);
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
		// The owner pays the renewal round; one who cannot leaves the asset `Expired` until
		// anyone pays for a round with `request_round`.
		if !Rounds::<T>::contains_key(asset)
			&& !Requests::<T>::contains_key(asset)
			&& Self::request(asset, 0, Some(&summary.owner)).is_err()
		{
			Self::deposit_event(Event::RenewalUnpaid {
				asset,
				owner: summary.owner,
				fee: T::RoundFee::get(),
			});
		}
	}

	/// What a verdict may cost beyond the `conclude`/`reveal` benchmarks, which measure rounds
	/// where every member agrees: slashing each member (the `slash` benchmark: a held-balance
	/// burn, the record write, the supply-ledger report and an active-set update over a full
	/// set), paying the fee out (or requesting the retry, which is cheaper), and handing the
	/// verdict to [`Config::OnVerdict`] (the tokenomics settlement) at its worst.
	pub(crate) fn verdict_extras_weight() -> Weight {
		T::WeightInfo::slash()
			.saturating_mul(u64::from(T::MaxCommittee::get()))
			.saturating_add(Self::fee_weight())
			.saturating_add(T::OnVerdict::on_verdict_weight())
	}

	/// Moves `cursor` over the blocks up to `now` (at most [`MAX_CURSOR_STEPS`] of them), taking
	/// at most `budget` entries of each block's bucket from `bucket` and handing each to `handle`
	/// (which removes it). Stops at a block whose bucket is not empty after its share of the
	/// budget; that block is processed on. Returns the entries handled and the keys read.
	fn drain<K>(
		cursor: &mut BlockNumberFor<T>,
		now: BlockNumberFor<T>,
		mut budget: u32,
		bucket: impl Fn(BlockNumberFor<T>, usize) -> Vec<K>,
		left: impl Fn(BlockNumberFor<T>) -> bool,
		mut handle: impl FnMut(BlockNumberFor<T>, K),
	) -> (u32, u64) {
		let (mut handled, mut reads, mut steps) = (0u32, 0u64, 0u32);
		while *cursor <= now && budget > 0 && steps < MAX_CURSOR_STEPS {
			steps = steps.saturating_add(1);
			// Read before acting: handling may schedule new entries (always after `now`).
			let batch = bucket(*cursor, budget as usize);
			// One key read per entry, one more to find the bucket's end.
			reads = reads.saturating_add(batch.len() as u64).saturating_add(1);
			for entry in batch {
				budget = budget.saturating_sub(1);
				handled = handled.saturating_add(1);
				handle(*cursor, entry);
			}
			if left(*cursor) {
				break;
			}
			*cursor = cursor.saturating_add(One::one());
		}
		(handled, reads)
	}

	/// `on_initialize`: committee draws that are due (at most `MaxDrawsPerBlock`), verdicts of
	/// rounds whose reveal phase ended (at most `MaxFinalizePerBlock`), then expiries (at most
	/// `MaxExpiriesPerBlock`): three budgets, so none starves another. Work left over continues
	/// in the next block; nothing is dropped.
	pub(crate) fn process_due(now: BlockNumberFor<T>) -> Weight {
		let db = T::DbWeight::get();
		// The three cursors.
		let mut weight = db.reads_writes(3, 3);

		let mut cursor = DrawCursor::<T>::get();
		let (draws, reads) = Self::drain(
			&mut cursor,
			now,
			T::MaxDrawsPerBlock::get(),
			|at, n| Draws::<T>::iter_key_prefix(at).take(n).collect::<Vec<AssetId>>(),
			|at| Draws::<T>::iter_key_prefix(at).next().is_some(),
			|at, asset| {
				Draws::<T>::remove(at, asset);
				Self::draw(asset);
			},
		);
		DrawCursor::<T>::put(cursor);
		weight = weight.saturating_add(db.reads(reads)).saturating_add(
			T::WeightInfo::open_round(T::MaxVerifiers::get())
				.saturating_add(db.reads_writes(2, 2))
				.saturating_mul(u64::from(draws)),
		);

		let mut cursor = DueCursor::<T>::get();
		let mut verdicts = 0u32;
		let (entries, reads) = Self::drain(
			&mut cursor,
			now,
			T::MaxFinalizePerBlock::get(),
			|at, n| Due::<T>::iter_prefix(at).take(n).collect::<Vec<(AssetId, RoundId)>>(),
			|at| Due::<T>::iter_key_prefix(at).next().is_some(),
			|at, (asset, id)| {
				Due::<T>::remove(at, asset);
				let Some(round) = Rounds::<T>::get(asset).filter(|r| r.id == id) else { return };
				verdicts = verdicts.saturating_add(1);
				match T::Registry::summary(asset) {
					Some(_) => Self::conclude(asset, round),
					None => Self::cancel(asset),
				}
			},
		);
		DueCursor::<T>::put(cursor);
		weight = weight
			.saturating_add(db.reads(reads))
			.saturating_add(db.reads_writes(1, 1).saturating_mul(u64::from(entries)));
		if verdicts > 0 {
			weight = weight.saturating_add(
				T::WeightInfo::conclude(T::MaxCommittee::get(), verdicts).saturating_add(
					Self::verdict_extras_weight().saturating_mul(u64::from(verdicts)),
				),
			);
		}

		let mut cursor = ExpiryCursor::<T>::get();
		let (expired, reads) = Self::drain(
			&mut cursor,
			now,
			T::MaxExpiriesPerBlock::get(),
			|at, n| Expiries::<T>::iter_key_prefix(at).take(n).collect::<Vec<AssetId>>(),
			|at| Expiries::<T>::iter_key_prefix(at).next().is_some(),
			|at, asset| {
				Expiries::<T>::remove(at, asset);
				Self::expire(asset, now);
			},
		);
		ExpiryCursor::<T>::put(cursor);
		weight = weight.saturating_add(db.reads(reads));
		if expired > 0 {
			weight = weight.saturating_add(
				T::WeightInfo::expire(T::MaxVerifiers::get(), expired).saturating_add(
					T::OnVerdict::on_verdict_weight()
						.saturating_add(Self::fee_weight())
						.saturating_mul(u64::from(expired)),
				),
			);
		}
		weight
	}

	/// Holding a round fee, or paying it out to a full committee (a transfer from hold per
	/// member: the payer's and the earner's accounts and holds), with the fee record.
	pub(crate) fn fee_weight() -> Weight {
		T::DbWeight::get()
			.reads_writes(4, 4)
			.saturating_mul(u64::from(T::MaxCommittee::get()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}
