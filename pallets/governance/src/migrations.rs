//! Storage migrations.

/// Version 1 → 2: linear stake power, reputation power from the verifier's standing, no
/// per-account cap, concurring chambers, and each referendum measured against the electorate
/// of its submission.
///
/// The plan for what already exists:
///
/// - the parameters keep `min_lock`; `stake_per_point` and `reputation_half_life` take their
///   defaults (the dropped `stake_weight` and `max_account_share` have no successor);
/// - every voter's powers are recomputed under the new rules (its lock, its reputation power
///   now), and the electorate totals with them;
/// - every vote record counts its voter's new powers (the vote itself, aye or nay, stays);
/// - every ongoing referendum is re-tallied from its vote records and measured against the new
///   electorate; finished referenda have no tally and are left alone.
///
/// Its cost is one pass over the voters, the vote records and the referenda, all bounded by
/// what a young network holds (each voter has at most `MaxVotes` records); the weight returned
/// counts every read and write.
pub mod v2 {
	use crate::{
		pallet::*, power, types::GovernanceParamsV1, BalanceOf, Electorate, GovernanceParams,
		Tally, VoteRecord,
	};
	use codec::{Decode, Encode};
	use core::marker::PhantomData;
	use frame_support::{
		traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
		weights::Weight,
	};
	use pallet_referenda::{
		BoundedCallOf, PalletsOriginOf, ReferendumInfo, ReferendumInfoFor, ReferendumStatus,
		ScheduleAddressOf, TrackIdOf,
	};
	use scale_info::TypeInfo;
	use sp_runtime::Saturating;

	/// A version-1 tally: ayes and nays, no electorate.
	#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
	pub struct TallyV1 {
		/// Stake power voting aye.
		pub stake_ayes: u128,
		/// Stake power voting nay.
		pub stake_nays: u128,
		/// Reputation voting aye.
		pub reputation_ayes: u128,
		/// Reputation voting nay.
		pub reputation_nays: u128,
	}

	type BlockOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

	/// A referendum as stored under version 1.
	pub type InfoV1<T> = ReferendumInfo<
		TrackIdOf<T, ()>,
		PalletsOriginOf<T>,
		BlockOf<T>,
		BoundedCallOf<T, ()>,
		pallet_referenda::BalanceOf<T, ()>,
		TallyV1,
		<T as frame_system::Config>::AccountId,
		ScheduleAddressOf<T, ()>,
	>;

	/// The migration (see the module docs).
	pub struct MigrateToV2<T>(PhantomData<T>);

	impl<T> OnRuntimeUpgrade for MigrateToV2<T>
	where
		T: Config
			+ pallet_referenda::Config<
				Votes = u128,
				Tally = Tally<T>,
				BlockNumberProvider = frame_system::Pallet<T>,
			>,
		pallet_referenda::BalanceOf<T, ()>: Clone,
	{
		fn on_runtime_upgrade() -> Weight {
			let db = T::DbWeight::get();
			if Pallet::<T>::on_chain_storage_version() != 1 {
				return db.reads(1);
			}
			let (mut reads, mut writes) = (1u64, 1u64);

			let _ = Params::<T>::translate::<GovernanceParamsV1<BalanceOf<T>>, _>(|old| {
				old.map(|old| GovernanceParams {
					min_lock: old.min_lock,
					..Pallet::<T>::default_params()
				})
			});
			reads.saturating_inc();
			writes.saturating_inc();

			// One pass: each voter's powers under the new rules (its lock; its reputation
			// power from the verifier's standing and the parameters just migrated).
			let mut totals = Electorate::default();
			Voters::<T>::translate::<crate::VoterOf<T>, _>(|who, mut voter| {
				voter.stake_power = power::stake(voter.locked);
				voter.reputation = Pallet::<T>::reputation_now(&who);
				totals.stake = totals.stake.saturating_add(voter.stake_power);
				totals.reputation = totals.reputation.saturating_add(voter.reputation);
				// The voter, its standing (points, since when, stake at risk), the block number.
				reads.saturating_accrue(4);
				writes.saturating_inc();
				Some(voter)
			});
			ElectorateTotals::<T>::put(totals);
			writes.saturating_inc();

			Votes::<T>::translate::<VoteRecord, _>(|_, who, old| {
				reads.saturating_accrue(2);
				writes.saturating_inc();
				Voters::<T>::get(&who).map(|voter| VoteRecord {
					aye: old.aye,
					stake: voter.stake_power,
					reputation: voter.reputation,
				})
			});

			ReferendumInfoFor::<T>::translate::<InfoV1<T>, _>(|index, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				Some(match old {
					ReferendumInfo::Ongoing(s) => {
						let mut tally = Tally::<T>::against(totals);
						for (_, record) in Votes::<T>::iter_prefix(index) {
							reads.saturating_inc();
							tally.add(&record);
						}
						ReferendumInfo::Ongoing(ReferendumStatus {
							track: s.track,
							origin: s.origin,
							proposal: s.proposal,
							enactment: s.enactment,
							submitted: s.submitted,
							submission_deposit: s.submission_deposit,
							decision_deposit: s.decision_deposit,
							deciding: s.deciding,
							tally,
							in_queue: s.in_queue,
							alarm: s.alarm,
						})
					},
					ReferendumInfo::Approved(a, b, c) => ReferendumInfo::Approved(a, b, c),
					ReferendumInfo::Rejected(a, b, c) => ReferendumInfo::Rejected(a, b, c),
					ReferendumInfo::Cancelled(a, b, c) => ReferendumInfo::Cancelled(a, b, c),
					ReferendumInfo::TimedOut(a, b, c) => ReferendumInfo::TimedOut(a, b, c),
					ReferendumInfo::Killed(a) => ReferendumInfo::Killed(a),
				})
			});

			StorageVersion::new(2).put::<Pallet<T>>();
			db.reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			frame_support::ensure!(
				Pallet::<T>::on_chain_storage_version() == 2,
				"governance storage not at version 2"
			);
			Pallet::<T>::do_try_state()
		}
	}
}
