//! The attacks on governance, each written as an attacker would try it: a 51% stake holder, a
//! reputation clique, a lock split over fresh accounts, a sybil swarm of verifiers, and locking
//! silent accounts to push honest turnout under the quorum. Each one fails.
//!
//! The community in every scenario: accounts 1..=10, 10,000 DSY locked and 100 reputation
//! points (backed by 100 DSY of verification stake) each.
//! `cargo test -p pallet-governance attacks -- --nocapture` prints the numbers.

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

fn community_votes(index: u32, aye: bool) {
	for who in 1..=10 {
		assert_ok!(Governance::vote(RuntimeOrigin::signed(who), index, aye));
	}
}

fn attack_call() -> RuntimeCall {
	RuntimeCall::Governance(crate::Call::set_params {
		params: GovernanceParams {
			min_lock: DSY,
			stake_per_point: crate::bounds::STAKE_PER_POINT_MIN,
			reputation_half_life: crate::bounds::HALF_LIFE_MAX,
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

fn pct(p: Perbill) -> f64 {
	p.deconstruct() as f64 / 1e7
}

#[test]
fn a_51_percent_holder_cannot_pass_a_proposal_against_the_reputation_chamber() {
	// The whale also bought 100,000 reputation points' worth of standing — but only 100 DSY at
	// risk in verification backs them: one community member's weight.
	for (points, at_risk) in [(0, 0), (100_000, 100 * DSY)] {
		test(|| {
			community();
			let stake = endow_share(WHALE, 51);
			set_standing(WHALE, points, System::block_number(), at_risk);
			assert_ok!(Governance::lock(RuntimeOrigin::signed(WHALE), stake));
			let index = propose(attack_call());
			assert_ok!(Governance::vote(RuntimeOrigin::signed(WHALE), index, true));
			community_votes(index, false);
			let tally = tally_of(index).unwrap();
			let e = ElectorateTotals::<Test>::get();
			println!(
				"51% holder, {points} points on {} DSY at risk: stake share {:.1}%, reputation \
				 counted {}, approval {:.1}%, support {:.1}%",
				at_risk / DSY,
				tally.stake_ayes as f64 / e.stake as f64 * 100.0,
				tally.reputation_ayes,
				pct(tally.approval(0u16)),
				pct(tally.support(0u16)),
			);
			assert!(tally.reputation_ayes <= 100, "points count only as far as stake backs them");
			assert!(tally.approval(0u16) < APPROVAL);
			assert!(!outcome(index), "the whale passed against the reputation chamber");
			assert_eq!(Params::<Test>::get(), None);
		});
	}
}

#[test]
fn a_group_holding_only_reputation_cannot_pass() {
	test(|| {
		community();
		// Ten verifiers with ten times the community's reputation (and the stake at risk to back
		// it), and the minimum lock.
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
			"reputation clique: reputation turnout {:.1}%, stake turnout {:.2}%, support {:.2}%",
			rep_turnout * 100.0,
			stake_turnout * 100.0,
			pct(tally.support(0u16))
		);
		assert!(rep_turnout > 0.5, "the clique holds most reputation");
		assert!(tally.support(0u16) < SUPPORT);
		assert!(!outcome(index), "reputation alone passed");
	});
}

/// The 51% stake split over `n` fresh accounts (no reputation) votes aye; the community votes
/// nay (or not at all). Returns (stake ayes, approval, support, passed).
fn split_attack(n: u64, community_votes_nay: bool) -> (u128, Perbill, Perbill, bool) {
	let mut result = (0, Perbill::zero(), Perbill::zero(), true);
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
		if community_votes_nay {
			community_votes(index, false);
		}
		let tally = tally_of(index).unwrap();
		result = (tally.stake_ayes, tally.approval(0u16), tally.support(0u16), outcome(index));
	});
	result
}

#[test]
fn splitting_a_lock_across_fresh_accounts_gains_nothing() {
	println!("n accounts | stake ayes (DSY) | approval | support | passed");
	let (whole, ..) = split_attack(1, true);
	for n in [1u64, 2, 4, 16, 64, 256] {
		let (ayes, approval, support, passed) = split_attack(n, true);
		println!(
			"{n:>10} | {:>16} | {:>7.1}% | {:>6.1}% | {passed}",
			ayes / DSY,
			pct(approval),
			pct(support)
		);
		// Linear power: the split counts what the whole counts, up to the planck lost when the
		// stake does not divide by n.
		assert!(ayes <= whole && whole - ayes < u128::from(n), "n = {n}: {ayes} vs {whole}");
		// The reputation chamber votes nay: approval is its aye ratio, 0.
		assert_eq!(approval, Perbill::zero(), "n = {n}");
		assert!(!passed, "n = {n}: the split stake passed");
	}
	// Unopposed, the split stake still has no reputation turnout: no support.
	for n in [16u64, 256] {
		let (_, _, support, passed) = split_attack(n, false);
		assert_eq!(support, Perbill::zero());
		assert!(!passed);
	}
}

#[test]
fn a_sybil_swarm_of_verifiers_counts_no_more_than_one() {
	// An attacker with 5,000 reputation points and 2,000 DSY at risk in verification, as one
	// verifier or spread over k: points beyond what the stake backs never count, and splitting
	// cannot make them count.
	let counted = |k: u64| {
		let mut counted = 0;
		test(|| {
			community();
			for i in 0..k {
				let who = 500 + i;
				let points = 5_000 / k as u32;
				let at_risk = 2_000 * DSY / u128::from(k);
				set_standing(who, points, System::block_number(), at_risk);
				let _ = <Balances as Mutate<_>>::set_balance(&who, 10 * DSY);
				assert_ok!(Governance::lock(RuntimeOrigin::signed(who), DSY));
			}
			let index = propose(attack_call());
			for i in 0..k {
				assert_ok!(Governance::vote(RuntimeOrigin::signed(500 + i), index, true));
			}
			counted = tally_of(index).unwrap().reputation_ayes;
		});
		counted
	};
	let one = counted(1);
	assert_eq!(one, 2_000, "2,000 DSY at risk backs 2,000 of the 5,000 points");
	for k in [2u64, 5, 10, 50, 100] {
		let swarm = counted(k);
		println!("sybil swarm of {k:>3}: reputation counted {swarm} (one verifier: {one})");
		assert!(swarm <= one, "k = {k}: {swarm} > {one}");
	}
}

#[test]
fn locking_silent_accounts_after_submission_does_not_move_support() {
	test(|| {
		community();
		let index = propose(attack_call());
		// Three community members (30% of each chamber) vote aye.
		for who in 1..=3 {
			assert_ok!(Governance::vote(RuntimeOrigin::signed(who), index, true));
		}
		let before = tally_of(index).unwrap().support(0u16);
		// The attacker locks ten times the electorate's stake on 20 silent accounts, with
		// reputation, after the submission.
		for who in 200..220 {
			let _ = <Balances as Mutate<_>>::set_balance(&who, 60_000 * DSY);
			join(who, 50_000 * DSY, 1_000);
		}
		let after = tally_of(index).unwrap().support(0u16);
		let now = ElectorateTotals::<Test>::get();
		println!(
			"electorate inflation: support {:.1}% before, {:.1}% after locking {} DSY silently \
			 (against today's electorate it would be {:.1}%)",
			pct(before),
			pct(after),
			20 * 50_000,
			pct(crate::tally::support(
				tally_of(index).unwrap().stake_turnout(),
				tally_of(index).unwrap().reputation_turnout(),
				&now
			)),
		);
		assert_eq!(before, Perbill::from_percent(30));
		assert_eq!(after, before, "the referendum keeps its submission's electorate");
		assert!(outcome(index), "the honest 30% carries it");
	});
}

#[test]
fn idle_reputation_fades() {
	test(|| {
		community();
		let half_life = u64::from(Governance::params().reputation_half_life);
		// Verifier 30 earned 1,000 points a half-life ago; verifier 31 earned them now.
		System::set_block_number(half_life + 1);
		set_standing(30, 1_000, 1, 1_000 * DSY);
		set_standing(31, 1_000, half_life + 1, 1_000 * DSY);
		assert_ok!(Governance::lock(RuntimeOrigin::signed(30), DSY));
		assert_ok!(Governance::lock(RuntimeOrigin::signed(31), DSY));
		assert_eq!(crate::Voters::<Test>::get(30).unwrap().reputation, 500);
		assert_eq!(crate::Voters::<Test>::get(31).unwrap().reputation, 1_000);
	});
}
