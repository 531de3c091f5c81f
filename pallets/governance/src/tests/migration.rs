//! Storage version 1 → 2 on a state written the old way: square-rooted powers, capped votes, a
//! tally without its electorate.

use super::mock::*;
use crate::{
	migrations::v2::{InfoV1, MigrateToV2, TallyV1},
	types::GovernanceParamsV1,
	Electorate, ElectorateTotals, Params, VoteRecord, Voters, Votes,
};
use frame_support::{
	assert_ok,
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};
use pallet_referenda::{ReferendumInfo, ReferendumInfoFor};
use sp_runtime::{traits::IntegerSquareRoot, Perbill};

#[test]
fn version_1_state_is_recounted_under_the_new_rules() {
	test(|| {
		// Three voters and a referendum they voted on, then rewritten as version 1 held them.
		for (who, points) in [(1, 100), (2, 300), (3, 0)] {
			join(who, (who as u128) * 10_000 * DSY, points);
		}
		let index = propose(RuntimeCall::Governance(crate::Call::set_cancellers {
			cancellers: vec![CANCELLER].try_into().unwrap(),
		}));
		for (who, aye) in [(1, true), (2, false), (3, true)] {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(who), index, aye));
		}
		StorageVersion::new(1).put::<Governance>();
		let old_params = GovernanceParamsV1 {
			stake_weight: Perbill::from_percent(60),
			max_account_share: Perbill::from_percent(12),
			min_lock: 5 * DSY,
		};
		unhashed::put(&Params::<Test>::hashed_key(), &old_params);
		let mut old_totals = Electorate::default();
		for who in 1..=3u64 {
			Voters::<Test>::mutate(who, |v| {
				let v = v.as_mut().unwrap();
				v.stake_power = v.locked.integer_sqrt();
				v.reputation = 7; // a stale snapshot
				old_totals.stake += v.stake_power;
				old_totals.reputation += v.reputation;
			});
			Votes::<Test>::mutate(index, who, |r| {
				let r = r.as_mut().unwrap();
				r.stake = 1; // capped, square-rooted: whatever it was
				r.reputation = 1;
			});
		}
		ElectorateTotals::<Test>::put(old_totals);
		let ReferendumInfo::Ongoing(s) = info(index) else { panic!("ongoing") };
		let old: InfoV1<Test> = ReferendumInfo::Ongoing(pallet_referenda::ReferendumStatus {
			track: s.track,
			origin: s.origin,
			proposal: s.proposal,
			enactment: s.enactment,
			submitted: s.submitted,
			submission_deposit: s.submission_deposit,
			decision_deposit: s.decision_deposit,
			deciding: s.deciding,
			tally: TallyV1 { stake_ayes: 2, stake_nays: 1, reputation_ayes: 2, reputation_nays: 1 },
			in_queue: s.in_queue,
			alarm: s.alarm,
		});
		unhashed::put(&ReferendumInfoFor::<Test>::hashed_key_for(index), &old);

		let _ = MigrateToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Governance::on_chain_storage_version(), 2);

		// Parameters: the lock minimum kept, the new fields at their defaults.
		let params = Params::<Test>::get().unwrap();
		assert_eq!(params.min_lock, 5 * DSY);
		assert_eq!(params.stake_per_point, Governance::default_params().stake_per_point);
		// Powers: linear locks, reputation now.
		for (who, points) in [(1u64, 100u128), (2, 300), (3, 0)] {
			let v = Voters::<Test>::get(who).unwrap();
			assert_eq!(v.stake_power, v.locked);
			assert_eq!(v.reputation, points);
		}
		let totals = Electorate { stake: 60_000 * DSY, reputation: 400 };
		assert_eq!(ElectorateTotals::<Test>::get(), totals);
		assert_eq!(
			Votes::<Test>::get(index, 2).unwrap(),
			VoteRecord { aye: false, stake: 20_000 * DSY, reputation: 300 }
		);
		// The ongoing tally: re-counted from the records, against the new electorate.
		let tally = tally_of(index).unwrap();
		assert_eq!(
			(tally.stake_ayes, tally.stake_nays, tally.reputation_ayes, tally.reputation_nays),
			(40_000 * DSY, 20_000 * DSY, 100, 300)
		);
		assert_eq!(tally.electorate, totals);
		Governance::do_try_state().unwrap();

		// Running it again changes nothing.
		let _ = MigrateToV2::<Test>::on_runtime_upgrade();
		assert_eq!(tally_of(index).unwrap(), tally);
	});
}
