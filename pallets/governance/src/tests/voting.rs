//! Locking, voting, removing votes, unlocking and refreshing, with every error.

use super::mock::*;
use crate::{
	power::stake as stake_power, Electorate, ElectorateTotals, Error, Event, FreezeReason,
	VoteRecord, Voters, Votes,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectFreeze, Mutate},
};
use sp_runtime::TokenError;

fn frozen(who: AccountId) -> Balance {
	Balances::balance_frozen(&RuntimeFreezeReason::Governance(FreezeReason::GovernanceLock), &who)
}

fn remark_free_call() -> RuntimeCall {
	RuntimeCall::Governance(crate::Call::set_cancellers {
		cancellers: vec![CANCELLER].try_into().unwrap(),
	})
}

#[test]
fn lock_joins_the_electorate_with_linear_power() {
	test(|| {
		join(1, 10_000 * DSY, 40);
		join(2, 40_000 * DSY, 0);
		let v1 = Voters::<Test>::get(1).unwrap();
		assert_eq!(v1.stake_power, stake_power(10_000 * DSY));
		assert_eq!(v1.stake_power, 10_000 * DSY);
		assert_eq!(Voters::<Test>::get(2).unwrap().stake_power, 40_000 * DSY); // 4× stake, 4× power
		assert_eq!(
			ElectorateTotals::<Test>::get(),
			Electorate { stake: 50_000 * DSY, reputation: 40 }
		);
		assert_eq!(frozen(1), 10_000 * DSY);
		// Frozen stake cannot be transferred away.
		assert_noop!(
			<Balances as Mutate<_>>::transfer(
				&1,
				&3,
				START - 5_000 * DSY,
				frame_support::traits::tokens::Preservation::Expendable
			),
			TokenError::Frozen
		);
		assert!(events().contains(&Event::Locked {
			who: 1,
			locked: 10_000 * DSY,
			stake_power: 10_000 * DSY,
			reputation: 40
		}));
		// Raising the lock moves the totals by the difference.
		assert_ok!(Governance::lock(RuntimeOrigin::signed(1), 40_000 * DSY));
		assert_eq!(ElectorateTotals::<Test>::get().stake, 80_000 * DSY);
	});
}

#[test]
fn lock_errors() {
	test(|| {
		assert_noop!(
			Governance::lock(RuntimeOrigin::signed(1), DSY - 1),
			Error::<Test>::LockTooSmall
		);
		assert_noop!(
			Governance::lock(RuntimeOrigin::signed(1), START + 1),
			Error::<Test>::InsufficientBalance
		);
		join(1, 10 * DSY, 0);
		let index = propose(remark_free_call());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), index, true));
		assert_noop!(
			Governance::lock(RuntimeOrigin::signed(1), 20 * DSY),
			Error::<Test>::VotesNotRemoved
		);
	});
}

#[test]
fn vote_adds_the_voters_powers_to_the_tally() {
	test(|| {
		join(1, 10_000 * DSY, 100);
		join(2, 10_000 * DSY, 100);
		join(3, 1_000_000 * DSY - DSY, 1_000);
		let index = propose(remark_free_call());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), index, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(3), index, false));
		let r1 = Votes::<Test>::get(index, 1).unwrap();
		let r3 = Votes::<Test>::get(index, 3).unwrap();
		assert_eq!(r1, VoteRecord { aye: true, stake: 10_000 * DSY, reputation: 100 });
		// No cap: account 3 counts its whole lock and all its (backed) reputation.
		assert_eq!(r3.stake, 1_000_000 * DSY - DSY);
		assert_eq!(r3.reputation, 1_000);
		assert!(!r3.aye);
		let tally = tally_of(index).expect("ongoing");
		assert_eq!(tally.stake_ayes, r1.stake);
		assert_eq!(tally.stake_nays, r3.stake);
		assert_eq!(tally.reputation_ayes, 100);
		assert_eq!(tally.reputation_nays, r3.reputation);
		assert!(events().contains(&Event::Voted { who: 1, poll: index, vote: r1 }));
	});
}

#[test]
fn vote_errors() {
	test(|| {
		let index = propose(remark_free_call());
		// With no lock.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), index, true),
			Error::<Test>::NoLock
		);
		join(1, 10 * DSY, 5);
		// Twice.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), index, true));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), index, false),
			Error::<Test>::AlreadyVoted
		);
		// On a referendum that does not exist.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), 99, true),
			Error::<Test>::NotOngoing
		);
		// After the end: nobody else votes, the referendum times out of its decision period.
		advance(PREPARE + DECISION + 1);
		assert!(is_rejected(index));
		join(2, 10 * DSY, 5);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(2), index, true),
			Error::<Test>::NotOngoing
		);
		// Too many vote records.
		let polls: Vec<u32> = (0..4).map(|_| propose(remark_free_call())).collect();
		for p in &polls[..3] {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(1), *p, true));
		}
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), polls[3], true),
			Error::<Test>::TooManyVotes
		);
	});
}

#[test]
fn remove_vote_while_ongoing_takes_it_out_of_the_tally() {
	test(|| {
		join(1, 10 * DSY, 5);
		let index = propose(remark_free_call());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), index, true));
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(1), index));
		let tally = tally_of(index).expect("ongoing");
		assert!(tally.same_votes(&crate::Tally::default()));
		assert_eq!(Voters::<Test>::get(1).unwrap().votes, 0);
		// No lock period for a withdrawn vote.
		assert_ok!(Governance::unlock(RuntimeOrigin::signed(1), 10 * DSY));
		assert_eq!(frozen(1), 0);
		assert!(Voters::<Test>::get(1).is_none());
		assert_eq!(ElectorateTotals::<Test>::get(), Electorate::default());
		// And it may vote again after locking again.
		join(1, 10 * DSY, 5);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), index, false));
	});
}

#[test]
fn votes_stay_locked_until_the_lock_period_ends() {
	test(|| {
		// Account 1 is a tenth of the electorate: alone, under the 20% quorum.
		for who in 1..=10 {
			join(who, 10 * DSY, 5);
		}
		let index = propose(remark_free_call());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), index, true));
		// While the record exists, the lock cannot move.
		assert_noop!(
			Governance::unlock(RuntimeOrigin::signed(1), DSY),
			Error::<Test>::VotesNotRemoved
		);
		advance(PREPARE + DECISION + 1);
		assert!(is_rejected(index));
		let pallet_referenda::ReferendumInfo::Rejected(end, ..) = info(index) else { panic!() };
		assert_ok!(Governance::remove_vote(RuntimeOrigin::signed(1), index));
		assert_eq!(Voters::<Test>::get(1).unwrap().unlock_at, end + LOCK_PERIOD);
		assert_noop!(Governance::unlock(RuntimeOrigin::signed(1), DSY), Error::<Test>::StillLocked);
		assert_noop!(
			Governance::lock(RuntimeOrigin::signed(1), 5 * DSY),
			Error::<Test>::StillLocked
		);
		run_to(end + LOCK_PERIOD);
		assert_ok!(Governance::unlock(RuntimeOrigin::signed(1), 4 * DSY));
		assert_eq!(frozen(1), 6 * DSY);
		assert_eq!(
			ElectorateTotals::<Test>::get().stake,
			stake_power(6 * DSY) + 9 * stake_power(10 * DSY),
			"the electorate follows the smaller lock"
		);
	});
}

#[test]
fn unlock_and_remove_vote_errors() {
	test(|| {
		assert_noop!(Governance::unlock(RuntimeOrigin::signed(1), DSY), Error::<Test>::NoLock);
		assert_noop!(Governance::remove_vote(RuntimeOrigin::signed(1), 0), Error::<Test>::NoLock);
		join(1, 10 * DSY, 0);
		assert_noop!(Governance::remove_vote(RuntimeOrigin::signed(1), 0), Error::<Test>::NotVoted);
		assert_noop!(
			Governance::unlock(RuntimeOrigin::signed(1), 11 * DSY),
			Error::<Test>::UnlockExceedsLock
		);
		// What stays locked must still reach the minimum.
		assert_noop!(
			Governance::unlock(RuntimeOrigin::signed(1), 10 * DSY - 1),
			Error::<Test>::LockTooSmall
		);
	});
}

#[test]
fn refresh_updates_the_reputation_snapshot() {
	test(|| {
		join(1, 10 * DSY, 50);
		set_reputation(1, 20);
		assert_noop!(Governance::refresh(RuntimeOrigin::signed(2), 3), Error::<Test>::NoLock);
		assert_ok!(Governance::refresh(RuntimeOrigin::signed(2), 1));
		assert_eq!(ElectorateTotals::<Test>::get().reputation, 20);
		assert!(events().contains(&Event::ReputationRefreshed { who: 1, reputation: 20 }));
		// Voting refreshes it too.
		set_reputation(1, 70);
		let index = propose(remark_free_call());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(1), index, true));
		assert_eq!(ElectorateTotals::<Test>::get().reputation, 70);
	});
}

#[test]
fn voting_power_view() {
	test(|| {
		assert_eq!(Governance::voting_power(&1), Default::default());
		join(1, 10_000 * DSY, 100);
		join(2, 10_000 * DSY, 300);
		for who in 3..=12 {
			join(who, 10_000 * DSY, 100);
		}
		let p1 = Governance::voting_power(&1);
		// 12 equal stakers: 1/12 of S; reputation 100 of 1,400.
		assert_eq!(p1.stake, 10_000 * DSY);
		assert_eq!(p1.reputation, 100);
		assert_eq!(p1.stake_share, sp_runtime::Perbill::from_rational(1u32, 12u32));
		assert_eq!(p1.reputation_share, sp_runtime::Perbill::from_rational(100u32, 1_400u32));
		// Account 2's points, once its stake at risk shrinks to 50 DSY, count 50.
		set_standing(2, 300, System::block_number(), 50 * DSY);
		assert_eq!(Governance::voting_power(&2).reputation, 50);
		assert_eq!(<Balances as Inspect<_>>::balance(&1), START);
	});
}
