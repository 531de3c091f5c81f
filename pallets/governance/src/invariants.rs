//! Invariants checked by `try_state` (and by the tests after every step).

use crate::{pallet::*, power, types::Electorate, FreezeReason, Referenda, Tally};
use frame_support::{
	ensure,
	traits::{fungible::InspectFreeze, Polling},
};

impl<T: Config> Pallet<T> {
	/// Checks the invariants: every lock is the freeze it claims, the electorate totals are
	/// the sums of the voters' powers, each voter's vote list matches the vote records,
	/// each ongoing referendum's tally is the sum of its votes, and every referendum
	/// deposit not yet refunded is still reserved from its depositor.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;

		let reason = FreezeReason::GovernanceLock.into();
		let mut totals = Electorate::default();
		let mut records = 0usize;
		for (who, voter) in Voters::<T>::iter() {
			ensure!(voter.locked > 0, "a voter with nothing locked");
			ensure!(
				<T as Config>::Currency::balance_frozen(&reason, &who) == voter.locked,
				"a governance freeze differs from the voter's lock"
			);
			ensure!(voter.stake_power == power::stake(voter.locked), "stake power is not the lock");
			totals.stake = totals.stake.saturating_add(voter.stake_power);
			totals.reputation = totals.reputation.saturating_add(voter.reputation);
			records = records.saturating_add(voter.votes as usize);
		}
		ensure!(totals == ElectorateTotals::<T>::get(), "electorate totals differ from voters");
		let mut counted: BTreeMap<T::AccountId, usize> = BTreeMap::new();
		for (_, who, _) in Votes::<T>::iter() {
			ensure!(Voters::<T>::contains_key(&who), "a vote record without a voter");
			let entry = counted.entry(who).or_insert(0);
			*entry = entry.saturating_add(1);
		}
		ensure!(
			counted.values().sum::<usize>() == records,
			"vote records differ from the voters' counts"
		);
		for (who, count) in counted {
			let listed = Voters::<T>::get(&who).map(|v| v.votes as usize);
			ensure!(listed == Some(count), "a voter's vote count differs from its records");
		}

		for index in T::Referenda::ongoing() {
			let (tally, _) =
				T::Polls::as_ongoing(index).ok_or("an ongoing referendum not polled")?;
			let mut sum = Tally::<T>::default();
			for (_, record) in Votes::<T>::iter_prefix(index) {
				sum.add(&record);
			}
			ensure!(sum.same_votes(&tally), "a tally differs from its vote records");
		}
		T::Referenda::check_deposits()?;
		Ok(())
	}
}
