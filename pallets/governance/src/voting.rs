//! Voting: joining the electorate with a lock, casting and removing votes, refreshing a
//! voter's reputation snapshot. Votes reach a referendum's tally through
//! [`Config::Polls`](crate::Config::Polls).

use crate::{pallet::*, BalanceOf, FreezeReason, PollIndex, VoteRecord, Voter};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{Inspect, MutateFreeze},
		Get, PollStatus, Polling,
	},
};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// [`Pallet::lock`]: `amount` becomes `who`'s whole lock.
	pub(crate) fn do_lock(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(amount >= Self::params().min_lock, Error::<T>::LockTooSmall);
		ensure!(
			amount <= <T as Config>::Currency::total_balance(&who),
			Error::<T>::InsufficientBalance
		);
		let mut voter = Voters::<T>::get(&who).unwrap_or(Voter {
			locked: 0,
			stake_power: 0,
			reputation: 0,
			votes: 0,
			unlock_at: Zero::zero(),
		});
		ensure!(voter.votes == 0, Error::<T>::VotesNotRemoved);
		if amount < voter.locked {
			ensure!(
				frame_system::Pallet::<T>::block_number() >= voter.unlock_at,
				Error::<T>::StillLocked
			);
		}
		<T as Config>::Currency::set_freeze(&FreezeReason::GovernanceLock.into(), &who, amount)?;
		let reputation = Self::reputation_now(&who);
		Self::update_power(&mut voter, amount, reputation);
		Self::deposit_event(Event::Locked {
			who: who.clone(),
			locked: amount,
			stake_power: voter.stake_power,
			reputation,
		});
		Voters::<T>::insert(&who, voter);
		Ok(())
	}

	/// [`Pallet::unlock`]: releases `amount` of `who`'s lock.
	pub(crate) fn do_unlock(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
		ensure!(voter.votes == 0, Error::<T>::VotesNotRemoved);
		ensure!(
			frame_system::Pallet::<T>::block_number() >= voter.unlock_at,
			Error::<T>::StillLocked
		);
		let remaining = voter.locked.checked_sub(amount).ok_or(Error::<T>::UnlockExceedsLock)?;
		if remaining > 0 && remaining < Self::params().min_lock {
			return Err(Error::<T>::LockTooSmall.into());
		}
		let reason = FreezeReason::GovernanceLock.into();
		if remaining == 0 {
			<T as Config>::Currency::thaw(&reason, &who)?;
			Self::update_power(&mut voter, 0, 0);
			Voters::<T>::remove(&who);
		} else {
			<T as Config>::Currency::set_freeze(&reason, &who, remaining)?;
			let reputation = Self::reputation_now(&who);
			Self::update_power(&mut voter, remaining, reputation);
			Voters::<T>::insert(&who, voter);
		}
		Self::deposit_event(Event::Unlocked { who, locked: remaining });
		Ok(())
	}

	/// [`Pallet::vote`]: adds `who`'s powers now to the ongoing referendum `poll`.
	pub(crate) fn do_vote(who: T::AccountId, poll: PollIndex, aye: bool) -> DispatchResult {
		let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
		ensure!(!Votes::<T>::contains_key(poll, &who), Error::<T>::AlreadyVoted);
		let reputation = Self::reputation_now(&who);
		let locked = voter.locked;
		Self::update_power(&mut voter, locked, reputation);
		let record = VoteRecord { aye, stake: voter.stake_power, reputation: voter.reputation };
		ensure!(voter.votes < T::MaxVotes::get(), Error::<T>::TooManyVotes);
		voter.votes = voter.votes.saturating_add(1);
		T::Polls::try_access_poll(poll, |status| match status {
			PollStatus::Ongoing(tally, _) => {
				tally.add(&record);
				Ok(())
			},
			_ => Err(Error::<T>::NotOngoing.into()),
		})?;
		Votes::<T>::insert(poll, &who, record);
		Voters::<T>::insert(&who, voter);
		Self::deposit_event(Event::Voted { who, poll, vote: record });
		Ok(())
	}

	/// [`Pallet::remove_vote`]: takes `who`'s vote out of an ongoing tally, or clears the
	/// record of a finished referendum and starts its lock period.
	pub(crate) fn do_remove_vote(who: T::AccountId, poll: PollIndex) -> DispatchResult {
		let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
		let record = Votes::<T>::take(poll, &who).ok_or(Error::<T>::NotVoted)?;
		T::Polls::access_poll(poll, |status| match status {
			PollStatus::Ongoing(tally, _) => tally.remove(&record),
			PollStatus::Completed(end, _) => {
				let until = end.saturating_add(T::VoteLockingPeriod::get());
				voter.unlock_at = voter.unlock_at.max(until);
			},
			PollStatus::None => {},
		});
		voter.votes = voter.votes.saturating_sub(1);
		Voters::<T>::insert(&who, voter);
		Self::deposit_event(Event::VoteRemoved { who, poll });
		Ok(())
	}

	/// [`Pallet::refresh`]: `who`'s reputation snapshot brought up to date.
	pub(crate) fn do_refresh(who: T::AccountId) -> DispatchResult {
		let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
		let reputation = Self::reputation_now(&who);
		let locked = voter.locked;
		Self::update_power(&mut voter, locked, reputation);
		Voters::<T>::insert(&who, voter);
		Self::deposit_event(Event::ReputationRefreshed { who, reputation });
		Ok(())
	}
}
