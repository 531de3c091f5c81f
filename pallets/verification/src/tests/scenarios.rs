//! Whole rounds, end to end inside the mock runtime.

use super::mock::*;
use crate::{Error, Event, Rounds, SlashReason, VerifiedUntil};
use dsynapse_asset_types::{AssetKind, AssetStatus, DisputeHook, VerificationLifecycle};
use dsynapse_challenge::Fingerprint;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

#[test]
fn happy_path_verifies_the_asset() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		// The block the committee was drawn (the round opened).
		let start = System::block_number();
		let members = committee(asset);
		assert_eq!(members.len(), 3);
		let fp = answer(asset, 0);
		play(asset, &members.iter().map(|m| (*m, fp.clone())).collect::<Vec<_>>());
		// The last reveal concludes the round at once.
		assert!(Rounds::<Test>::get(asset).is_none());
		let until = start + 2 * EPOCH;
		assert_eq!(status(asset), AssetStatus::Verified { score: Perbill::one(), until });
		assert_eq!(VerifiedUntil::<Test>::get(asset), Some(until));
		// The verdict went to tokenomics with its attesters (the only copy on the chain).
		let mut attesters = attested(asset).unwrap();
		attesters.sort();
		assert_eq!(attesters, vec![V1, V2, V3]);
		for v in [V1, V2, V3] {
			assert_eq!(reputation(v), 10);
			assert_eq!(stake(v), MIN_STAKE);
		}
		assert_eq!(burned(), 0);
		assert!(crate::Assignments::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_dataset_is_verified_by_chunk_hashes() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Dataset, b"corpus");
		let fp = answer(asset, 0);
		assert!(matches!(fp, Fingerprint::Dataset(ref d) if d.chunk_hashes.len() == 3));
		play(asset, &committee(asset).iter().map(|m| (*m, fp.clone())).collect::<Vec<_>>());
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
	});
}

#[test]
fn a_no_show_is_slashed_and_the_rest_still_verify() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		let fp = answer(asset, 0);
		let (absent, present) = (members[2], &members[..2]);
		let round = Rounds::<Test>::get(asset).unwrap();
		for m in present {
			assert_ok!(commit(*m, asset, &fp));
		}
		// Commit phase over: reveals open without the absent member's commit.
		run_to(round.commit_end + 1);
		for m in present {
			assert_ok!(reveal(*m, asset, &fp));
		}
		assert!(Rounds::<Test>::get(asset).is_some());
		// The verdict is processed the block after reveal_end.
		assert_eq!(round.due_at, round.reveal_end + 1);
		run_to(round.due_at);
		assert_eq!(
			status(asset),
			AssetStatus::Verified {
				score: Perbill::from_rational(2u32, 3),
				until: round.due_at + 2 * EPOCH
			}
		);
		assert_eq!(stake(absent), MIN_STAKE - MIN_STAKE / 5);
		assert_eq!(burned(), MIN_STAKE / 5);
		assert_eq!(reputation(absent), 0);
		for m in present {
			assert_eq!(reputation(*m), 10);
			assert_eq!(stake(*m), MIN_STAKE);
		}
		System::assert_has_event(
			Event::Slashed { who: absent, amount: MIN_STAKE / 5, reason: SlashReason::NoShow }
				.into(),
		);
		// Below the minimum stake now: no longer selectable until it tops up.
		assert!(!crate::ActiveSet::<Test>::get().iter().any(|(a, _)| *a == absent));
	});
}

#[test]
fn one_liar_among_three_is_outvoted_and_slashed() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let start = System::block_number();
		let members = committee(asset);
		let honest = answer(asset, 0);
		let lie = answer(asset, 1);
		play(asset, &[(members[0], honest.clone()), (members[1], lie), (members[2], honest)]);
		assert_eq!(
			status(asset),
			AssetStatus::Verified {
				score: Perbill::from_rational(2u32, 3),
				until: start + 2 * EPOCH
			}
		);
		assert_eq!(stake(members[1]), MIN_STAKE - MIN_STAKE / 5);
		assert_eq!(reputation(members[1]), 0);
		assert_eq!(reputation(members[0]), 10);
		assert_eq!(burned(), MIN_STAKE / 5);
		let mut attesters = attested(asset).unwrap();
		attesters.sort();
		let mut expected = vec![members[0], members[2]];
		expected.sort();
		assert_eq!(attesters, expected);
	});
}

/// Two colluders agree on a wrong answer and outvote the honest member. This is the documented
/// limit of a 3-seat committee (see the module docs, "Collusion"): the quorum decides, so the
/// honest member is slashed. The test pins the behaviour so a change to it is deliberate.
#[test]
fn two_colluders_among_three_win_the_round() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		let honest = answer(asset, 0);
		let forged = answer(asset, 9);
		play(asset, &[(members[0], forged.clone()), (members[1], honest), (members[2], forged)]);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		assert_eq!(stake(members[1]), MIN_STAKE - MIN_STAKE / 5);
		assert_eq!(reputation(members[0]), 10);
		// The honest member fell below the minimum stake and left the active set: a dispute is
		// accepted, but its draw cannot find three verifiers and is deferred until someone
		// else joins (the colluders' verdict stands meanwhile).
		assert_ok!(Verification::request_reverification(asset));
		run_to_draw(asset);
		System::assert_has_event(Event::RoundDeferred { asset, eligible: 2, needed: 3 }.into());
		assert!(Rounds::<Test>::get(asset).is_none());
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		// With a fourth verifier, a dispute draws a fresh committee; the colluders must win the
		// draw again to keep their verdict.
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(14), MIN_STAKE));
		assert_ok!(Verification::request_reverification(asset));
		run_to_draw(asset);
		assert_eq!(committee(asset).len(), 3);
	});
}

#[test]
fn without_quorum_the_round_retries_then_rejects() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		play_disagreeing(asset);
		// No quorum, nobody slashed for disagreeing, a second attempt opens (at its draw).
		assert_eq!(burned(), 0);
		run_to_draw(asset);
		let round = Rounds::<Test>::get(asset).unwrap();
		assert_eq!(round.attempt, 1);
		assert_eq!(status(asset), AssetStatus::Pending);
		// Second attempt: everyone stays silent → no-shows slashed, max_attempts (2) reached.
		run_to(round.due_at);
		assert_eq!(status(asset), AssetStatus::Rejected);
		// The three no-show slashes, and the round fee: nobody revealed, so nobody earned it.
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: vec![], share: 0, burned: ROUND_FEE }.into(),
		);
		assert_eq!(burned(), 3 * (MIN_STAKE / 5) + ROUND_FEE);
		assert!(Rounds::<Test>::get(asset).is_none());
	});
}

/// The attack on honest work: when `Unavailable` wins, the member who held the data and
/// answered with it used to be slashed as an outlier. It now keeps its stake and reputation and
/// is listed in none of the verdict's groups.
#[test]
fn when_unavailable_wins_members_who_answered_with_data_are_not_punished() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"missing");
		let members = committee(asset);
		play(
			asset,
			&[
				(members[0], Fingerprint::Unavailable),
				(members[1], Fingerprint::Unavailable),
				(members[2], answer(asset, 0)),
			],
		);
		assert_eq!(status(asset), AssetStatus::Rejected);
		assert_eq!(stake(members[2]), MIN_STAKE);
		assert_eq!(reputation(members[2]), 0);
		assert_eq!(burned(), 0);
		// It is paid its share of the fee, like the members who agreed.
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: members.clone(), share: ROUND_FEE / 3, burned: 0 }
				.into(),
		);
		for m in &members {
			assert_eq!(Balances::free_balance(m), FUNDS - MIN_STAKE + ROUND_FEE / 3);
		}
		assert!(attested(asset).is_none());
		assert!(VerifiedUntil::<Test>::get(asset).is_none());
		System::assert_has_event(
			Event::RoundConcluded {
				asset,
				round: 0,
				status: AssetStatus::Rejected,
				agreeing: vec![members[0], members[1]],
				outliers: vec![],
				no_shows: vec![],
			}
			.into(),
		);
	});
}

/// The other way round, answering `Unavailable` without doing the work is punished when the
/// data turns out to be available to a quorum.
#[test]
fn answering_unavailable_against_a_data_quorum_is_punished() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		let fp = answer(asset, 0);
		play(
			asset,
			&[(members[0], fp.clone()), (members[1], Fingerprint::Unavailable), (members[2], fp)],
		);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		assert_eq!(stake(members[1]), MIN_STAKE - MIN_STAKE / 5);
		System::assert_has_event(
			Event::Slashed { who: members[1], amount: MIN_STAKE / 5, reason: SlashReason::Outlier }
				.into(),
		);
	});
}

/// What a member who committed a losing answer keeps, and the asset's outcome, if it reveals
/// (`withhold == false`) or withholds its reveal; same committee and seed either way.
fn expected_outlier(withhold: bool, quorum: Perbill) -> (Balance, u32, AssetStatus<u64>) {
	let mut out = (0, 0, AssetStatus::Pending);
	new_test_ext().execute_with(|| {
		let mut p = default_params();
		p.quorum = quorum;
		assert_ok!(Verification::set_params(RuntimeOrigin::root(), p));
		for v in [V1, V2, V3] {
			assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(v), 10 * MIN_STAKE));
		}
		crate::Reputation::<Test>::insert(V2, 100);
		let asset = register_asset(AssetKind::Model, b"weights");
		let round = Rounds::<Test>::get(asset).unwrap();
		let members = committee(asset);
		// V2 is the one whose answer differs.
		let honest = answer(asset, 0);
		let losing = answer(asset, 1);
		for m in &members {
			assert_ok!(commit(*m, asset, if *m == V2 { &losing } else { &honest }));
		}
		for m in members.iter().filter(|m| **m != V2) {
			assert_ok!(reveal(*m, asset, &honest));
		}
		if withhold {
			// The verdict waits for the reveal phase to end.
			run_to(round.due_at);
		} else {
			// The last reveal decides at once.
			assert_ok!(reveal(V2, asset, &losing));
		}
		check_invariants();
		out = (stake(V2), reputation(V2), status(asset));
	});
	out
}

/// The attack "withhold the reveal when you expect to lose": with a quorum against it, a
/// would-be outlier loses at least as much stake and reputation by withholding as by revealing
/// (`no_show_slash ≥ outlier_slash`, one `reputation_loss`), and the outcome is the same.
#[test]
fn withholding_a_reveal_costs_an_expected_outlier_at_least_as_much_as_revealing() {
	let quorum = default_params().quorum;
	let (revealed_stake, revealed_rep, revealed_status) = expected_outlier(false, quorum);
	let (withheld_stake, withheld_rep, withheld_status) = expected_outlier(true, quorum);
	assert_eq!(revealed_stake, 10 * MIN_STAKE - 2 * MIN_STAKE);
	assert!(withheld_stake <= revealed_stake);
	assert!(withheld_rep <= revealed_rep);
	let two_thirds = Perbill::from_rational(2u32, 3);
	assert!(matches!(revealed_status, AssetStatus::Verified { score, .. } if score == two_thirds));
	assert!(matches!(withheld_status, AssetStatus::Verified { score, .. } if score == two_thirds));
}

/// Without a quorum (here unanimity is required), revealing a differing answer costs nothing
/// while withholding is slashed: withholding never buys a cheaper re-run, and the outcome (a
/// new round) is the same.
#[test]
fn without_quorum_only_the_withholder_pays() {
	let unanimity = Perbill::one();
	let (revealed_stake, revealed_rep, revealed_status) = expected_outlier(false, unanimity);
	let (withheld_stake, withheld_rep, withheld_status) = expected_outlier(true, unanimity);
	assert_eq!((revealed_stake, revealed_rep), (10 * MIN_STAKE, 100));
	assert_eq!(withheld_stake, 10 * MIN_STAKE - 2 * MIN_STAKE);
	assert_eq!(withheld_rep, 80);
	assert_eq!(revealed_status, AssetStatus::Pending);
	assert_eq!(withheld_status, AssetStatus::Pending);
}

#[test]
fn the_owner_is_never_selected() {
	test(|| {
		// The owner is also a verifier, with by far the largest stake.
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(OWNER), 100 * MIN_STAKE));
		three_verifiers();
		for i in 0..30u8 {
			RANDOM_SALT.with(|s| *s.borrow_mut() = u64::from(i));
			let asset = register_asset(AssetKind::Model, &[i]);
			let members = committee(asset);
			assert_eq!(members.len(), 3);
			assert!(!members.contains(&OWNER));
			// Draws now come one after another: withdraw each asset (no penalty) so that no
			// earlier round runs out and slashes its silent committee out of the set.
			assert_ok!(Registry::withdraw(RuntimeOrigin::signed(OWNER), asset));
		}
	});
}

#[test]
fn too_few_verifiers_defers_the_round_until_requested() {
	test(|| {
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(OWNER), MIN_STAKE));
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V1), MIN_STAKE));
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V2), MIN_STAKE));
		// Three verifiers, but one is the owner.
		let asset = register_asset(AssetKind::Model, b"w");
		assert!(Rounds::<Test>::get(asset).is_none());
		System::assert_has_event(Event::RoundDeferred { asset, eligible: 2, needed: 3 }.into());
		// Still too few: the request is accepted (nothing is charged again), and its draw is
		// deferred again.
		System::reset_events();
		assert_ok!(Verification::request_round(RuntimeOrigin::signed(OTHER), asset));
		run_to_draw(asset);
		assert!(Rounds::<Test>::get(asset).is_none());
		System::assert_has_event(Event::RoundDeferred { asset, eligible: 2, needed: 3 }.into());
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V3), MIN_STAKE));
		assert_ok!(Verification::request_round(RuntimeOrigin::signed(OTHER), asset));
		run_to_draw(asset);
		assert_eq!(committee(asset).len(), 3);
	});
}

#[test]
fn a_dispute_reopens_verification_of_a_verified_asset() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		assert_noop!(Verification::request_reverification(asset), Error::<Test>::WrongStatus);
		let fp = answer(asset, 0);
		play(asset, &committee(asset).iter().map(|m| (*m, fp.clone())).collect::<Vec<_>>());
		let disputed_at = System::block_number() + 4;
		run_to(disputed_at);
		RANDOM_SALT.with(|s| *s.borrow_mut() = 77);
		assert_ok!(Verification::request_reverification(asset));
		// A second dispute is refused while the first waits for its draw, and while it runs.
		assert_noop!(Verification::request_reverification(asset), Error::<Test>::RoundInProgress);
		run_to_draw(asset);
		let drawn_at = System::block_number();
		assert_eq!(drawn_at, disputed_at + DRAW_DELAY);
		assert_noop!(Verification::request_reverification(asset), Error::<Test>::RoundInProgress);
		let round = Rounds::<Test>::get(asset).unwrap();
		assert_eq!(round.commit_end, drawn_at + default_params().commit_period);
		// Still verified while the new round runs.
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		let fp = answer(asset, 0);
		play(asset, &committee(asset).iter().map(|m| (*m, fp.clone())).collect::<Vec<_>>());
		assert_eq!(
			status(asset),
			AssetStatus::Verified { score: Perbill::one(), until: drawn_at + 2 * EPOCH }
		);
		for v in [V1, V2, V3] {
			assert_eq!(reputation(v), 20);
		}
		assert_noop!(Verification::request_reverification(99), Error::<Test>::UnknownAsset);
		let pending = register_asset(AssetKind::Model, b"other");
		Verification::on_withdrawn(pending);
		assert_noop!(Verification::request_reverification(pending), Error::<Test>::WrongStatus);
	});
}

#[test]
fn expiry_reopens_verification() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let start = System::block_number();
		let fp = answer(asset, 0);
		play(asset, &committee(asset).iter().map(|m| (*m, fp.clone())).collect::<Vec<_>>());
		let until = start + 2 * EPOCH;
		run_to(until);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		assert!(attested(asset).is_some());
		run_to(until + 1);
		assert_eq!(status(asset), AssetStatus::Expired);
		// Tokenomics was told the verification ended.
		assert!(attested(asset).is_none());
		System::assert_has_event(Event::Expired { asset }.into());
		// A new round is requested and drawn DRAW_DELAY blocks later; answering it verifies the
		// asset again.
		assert!(Rounds::<Test>::get(asset).is_none());
		run_to_draw(asset);
		let drawn_at = System::block_number();
		assert_eq!(drawn_at, until + 1 + DRAW_DELAY);
		let fp = answer(asset, 0);
		play(asset, &committee(asset).iter().map(|m| (*m, fp.clone())).collect::<Vec<_>>());
		assert_eq!(
			status(asset),
			AssetStatus::Verified { score: Perbill::one(), until: drawn_at + 2 * EPOCH }
		);
	});
}

#[test]
fn withdrawing_mid_round_cancels_it_without_penalties() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		let fp = answer(asset, 0);
		assert_ok!(commit(members[0], asset, &fp));
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(OWNER), asset));
		assert!(Rounds::<Test>::get(asset).is_none());
		assert!(crate::Commits::<Test>::iter().next().is_none());
		assert!(crate::Assignments::<Test>::iter().next().is_none());
		assert_eq!(status(asset), AssetStatus::Withdrawn);
		assert_noop!(reveal(members[0], asset, &fp), Error::<Test>::NoRound);
		run_to(20);
		assert_eq!(burned(), 0);
		for v in [V1, V2, V3] {
			assert_eq!((stake(v), reputation(v)), (MIN_STAKE, 0));
		}
	});
}
