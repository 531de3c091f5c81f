//! The attacks the whitepaper names: a 51% stake holder, a reputation clique, and stake split
//! over fresh accounts to escape the per-account cap. Each one, alone, fails.
//!
//! The community in every scenario: accounts 1..=10, 10,000 DSY locked and 100 reputation each.
//! `cargo test -p pallet-hybrid-governance attacks -- --nocapture` prints the numbers.

use super::mock::*;
use crate::{ElectorateTotals, GovernanceParams, Params};
use frame_support::{
	assert_ok,
	traits::{fungible::Mutate, VoteTally},
};
use sp_runtime::Perbill;

fn community() {
	for who in 1..=10 {
		join(who, 10_000 * DSY, 100);
	}
}

fn attack_call() -> RuntimeCall {
	RuntimeCall::Governance(crate::Call::set_params {
		params: GovernanceParams {
			stake_weight: Perbill::from_percent(80),
			max_account_share: Perbill::from_percent(15),
			min_lock: DSY,
		},
	})
}

/// Gives `who` a balance so that it holds `percent`% of all DSY afterwards.
fn endow_share(who: AccountId, percent: u128) -> Balance {
	let others = pallet_balances::TotalIssuance::<Test>::get();
	let amount = (others * percent).div_ceil(100 - percent);
	let _ = <Balances as Mutate<_>>::set_balance(&who, amount);
	let total = pallet_balances::TotalIssuance::<Test>::get();
	assert!(amount * 100 >= total * percent, "{who} holds {percent}% of all DSY");
	amount
}

const WHALE: AccountId = 100;

/// Runs the referendum to its end and says whether it passed.
fn outcome(index: u32) -> bool {
	advance(PREPARE + DECISION + CONFIRM + 1);
	assert!(is_approved(index) || is_rejected(index));
	is_approved(index)
}

#[test]
fn a_51_percent_holder_cannot_pass_a_proposal_alone() {
	for whale_reputation in [0, 100_000] {
		test(|| {
			community();
			let stake = endow_share(WHALE, 51);
			join(WHALE, stake, whale_reputation);
			let index = propose(attack_call());
			assert_ok!(Governance::vote(RuntimeOrigin::signed(WHALE), index, true));
			let tally = tally_of(index).unwrap();
			let e = ElectorateTotals::<Test>::get();
			println!(
				"51% holder, reputation {whale_reputation}: uncapped stake share {:.1}%, counted {:.1}%, \
				 support {:?}, approval {:?}",
				crate::Voters::<Test>::get(WHALE).unwrap().stake_power as f64 / e.stake as f64 * 100.0,
				tally.stake_ayes as f64 / e.stake as f64 * 100.0,
				tally.support(0u16),
				tally.approval(0u16),
			);
			// The cap holds it to 10% of each chamber: under the 20% quorum.
			assert!(tally.support(0u16) <= Perbill::from_percent(10));
			assert!(!outcome(index), "the whale passed alone");
			assert_eq!(Params::<Test>::get(), None);
		});
	}
}

#[test]
fn a_group_holding_only_reputation_cannot_pass() {
	test(|| {
		community();
		// Ten verifiers with ten times the community's reputation, and the minimum stake.
		for who in 20..30 {
			join(who, DSY, 1_000);
		}
		let index = propose(attack_call());
		for who in 20..30 {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(who), index, true));
		}
		let tally = tally_of(index).unwrap();
		let e = ElectorateTotals::<Test>::get();
		let rep_turnout = tally.reputation_ayes as f64 / e.reputation as f64;
		let stake_turnout = tally.stake_ayes as f64 / e.stake as f64;
		println!(
			"reputation clique: reputation turnout {:.1}%, stake turnout {:.2}%, support {:?}",
			rep_turnout * 100.0,
			stake_turnout * 100.0,
			tally.support(0u16)
		);
		assert!(rep_turnout > 0.5, "the clique holds most reputation");
		assert!(tally.support(0u16) < SUPPORT);
		assert!(!outcome(index), "reputation alone passed");
	});
}

/// What splitting the 51% stake over n fresh accounts (no reputation) does, against a
/// community that votes nay. Returns (counted stake share, approval, support, passed).
fn split_attack(n: u64, community_votes: bool) -> (f64, Perbill, Perbill, bool) {
	let mut result = (0.0, Perbill::zero(), Perbill::zero(), true);
	test(|| {
		community();
		let stake = endow_share(WHALE, 51);
		let _ = <Balances as Mutate<_>>::set_balance(&WHALE, 0);
		let piece = stake / u128::from(n);
		let accounts: Vec<AccountId> = (0..n).map(|i| 1_000 + i).collect();
		for who in &accounts {
			let _ = <Balances as Mutate<_>>::set_balance(who, piece);
			join(*who, piece, 0);
		}
		let index = propose(attack_call());
		for who in &accounts {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(*who), index, true));
		}
		if community_votes {
			for who in 1..=10 {
				assert_ok!(Governance::vote(RuntimeOrigin::signed(who), index, false));
			}
		}
		let tally = tally_of(index).unwrap();
		let e = ElectorateTotals::<Test>::get();
		let counted = tally.stake_ayes as f64 / e.stake as f64;
		result = (counted, tally.approval(0u16), tally.support(0u16), outcome(index));
	});
	result
}

#[test]
fn splitting_stake_across_fresh_accounts_does_not_pass() {
	let w = Perbill::from_percent(50);
	let (capped, ..) = split_attack(1, true);
	println!("n accounts | counted stake share | gain over the capped whale | approval | support | passed");
	for n in [1u64, 2, 4, 16, 64, 256] {
		let (counted, approval, support, passed) = split_attack(n, true);
		println!(
			"{n:>10} | {:>18.1}% | {:>25.1} pts | {:>7.1}% | {:>6.1}% | {passed}",
			counted * 100.0,
			(counted - capped) * 100.0,
			approval.deconstruct() as f64 / 1e7,
			support.deconstruct() as f64 / 1e7,
		);
		// The stake chamber alone carries at most w of the approval: with the reputation chamber
		// against it, no split reaches the 60% threshold.
		assert!(approval <= w, "n = {n}: approval {approval:?}");
		assert!(!passed, "n = {n}: the split stake passed");
	}
	// Unopposed, the split stake still has no reputation turnout: support stays 0.
	for n in [16u64, 256] {
		let (_, _, support, passed) = split_attack(n, false);
		assert_eq!(support, Perbill::zero());
		assert!(!passed);
	}
}
