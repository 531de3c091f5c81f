//! Rounds are requested and paid for, then drawn later: the fee, who pays it and who earns it,
//! and the delayed committee draw, as attacks and uses.

use super::mock::*;
use crate::{
	Assignments, DrawCursor, Draws, Error, Event, HeldFee, Request, Requests, RoundFees, Rounds,
};
use dsynapse_asset_types::{AssetId, AssetKind, AssetStatus, DisputeHook};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold, Mutate},
};
use sp_runtime::Perbill;

/// Accounts funded by the tests themselves (not at genesis).
const POOR: AccountId = 30;
const ENOUGH: AccountId = 31;

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn deposit_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Registry(pallet_registry::HoldReason::AssetDeposit),
		&who,
	)
}

/// This pallet's events since the last reset.
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Verification(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn fee_settlements() -> Vec<Event<Test>> {
	events().into_iter().filter(|e| matches!(e, Event::FeeSettled { .. })).collect()
}

fn rounds_opened(asset: AssetId) -> usize {
	events()
		.iter()
		.filter(|e| matches!(e, Event::RoundOpened { asset: a, .. } if *a == asset))
		.count()
}

/// Leaves `who` with `left` free, the rest sent to OTHER.
fn drain(who: AccountId, left: Balance) {
	assert_ok!(Balances::transfer_keep_alive(RuntimeOrigin::signed(who), OTHER, free(who) - left));
	assert_eq!(free(who), left);
}

/// a. Registering asks for a round and holds its fee; the committee is drawn `DRAW_DELAY`
/// blocks later, not at registration.
#[test]
fn registration_only_requests_a_round_drawn_later() {
	test(|| {
		three_verifiers();
		let now = System::block_number();
		let before = free(OWNER);
		let asset = register_undrawn(AssetKind::Model, b"weights");
		let draw_at = now + DRAW_DELAY;

		System::assert_last_event(
			Event::RoundRequested { asset, attempt: 0, draw_at, fee: ROUND_FEE }.into(),
		);
		// Nothing is drawn: no round, no seat, no view of it.
		assert!(Rounds::<Test>::get(asset).is_none());
		assert!(Assignments::<Test>::iter().next().is_none());
		assert!(Verification::round_view(asset).is_none());
		assert_eq!(Requests::<Test>::get(asset), Some(Request { attempt: 0, draw_at }));
		assert!(Draws::<Test>::contains_key(draw_at, asset));
		// The fee is held from the owner, with the deposit.
		assert_eq!(fee_held(OWNER), ROUND_FEE);
		assert_eq!(
			RoundFees::<Test>::get(asset),
			Some(HeldFee { payer: OWNER, amount: ROUND_FEE })
		);
		assert_eq!(free(OWNER), before - AssetDeposit::get() - ROUND_FEE);

		// Still nothing the block before the draw.
		run_to(draw_at - 1);
		assert!(Rounds::<Test>::get(asset).is_none());
		assert_eq!(rounds_opened(asset), 0);

		run_to(draw_at);
		let round = Rounds::<Test>::get(asset).unwrap();
		let p = default_params();
		let members = committee(asset);
		assert_eq!(members.len(), 3);
		System::assert_has_event(
			Event::RoundOpened {
				asset,
				round: round.id,
				attempt: 0,
				seed: round.seed,
				committee: members.clone(),
				commit_end: draw_at + p.commit_period,
				reveal_end: draw_at + p.commit_period + p.reveal_period,
			}
			.into(),
		);
		assert!(Requests::<Test>::get(asset).is_none());
		assert!(Draws::<Test>::iter().next().is_none());
		for m in members {
			assert_eq!(Assignments::<Test>::get(m, asset), Some(round.id));
		}
		// The fee stays held until the verification ends.
		assert_eq!(fee_held(OWNER), ROUND_FEE);
	});
}

/// What a registrant can see when its registration is included (the whole state's root and
/// the request) and the round drawn later, the randomness at the draw given by `salt_at_draw`
/// (`None`: unchanged since the registration).
fn register_then_draw(salt_at_draw: Option<u64>) -> (Vec<u8>, Request<u64>, [u8; 32], Vec<u64>) {
	let mut out = None;
	new_test_ext().execute_with(|| {
		for v in [V1, V2, V3, 14, 15, 16] {
			assert_ok!(Verification::register_verifier(
				RuntimeOrigin::signed(v),
				MIN_STAKE * (u128::from(v) - 10)
			));
		}
		let asset = register_undrawn(AssetKind::Model, b"weights");
		// All the registrant can read: a request without seed or committee.
		let request = Requests::<Test>::get(asset).unwrap();
		assert!(Rounds::<Test>::get(asset).is_none());
		assert!(Verification::round_view(asset).is_none());
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		if let Some(salt) = salt_at_draw {
			RANDOM_SALT.with(|s| *s.borrow_mut() = salt);
		}
		run_to_draw(asset);
		let round = Rounds::<Test>::get(asset).unwrap();
		check_invariants();
		out = Some((root, request, round.seed, round.committee.into_inner()));
	});
	out.unwrap()
}

/// b. The attack "time the registration to pick the committee": the seed comes from the
/// randomness of the draw block, which does not exist when the registration is included. Two
/// chains identical up to and including the registration draw different seeds and committees
/// when the randomness changes in between.
#[test]
fn the_committee_comes_from_the_draw_block_not_the_request() {
	let (root, request, seed, members) = register_then_draw(None);
	assert_eq!(request, Request { attempt: 0, draw_at: 1 + DRAW_DELAY });
	// The same randomness gives the same draw.
	assert_eq!(register_then_draw(None), (root.clone(), request, seed, members.clone()));
	let mut differing = 0;
	for salt in 1..=20 {
		let (other_root, other_request, other_seed, other_members) = register_then_draw(Some(salt));
		// Everything known at registration is identical ...
		assert_eq!((other_root, other_request), (root.clone(), request));
		// ... and does not fix the seed or the committee.
		assert_ne!(other_seed, seed);
		if other_members != members {
			differing += 1;
		}
	}
	assert!(differing > 10, "the draw's randomness barely changes the committee: {differing}");
}

/// c. An owner who can pay the deposit but not the fee cannot register: nothing is registered,
/// nothing held. One unit more and it can.
#[test]
fn an_owner_who_cannot_pay_the_fee_cannot_register() {
	test(|| {
		three_verifiers();
		let ed = <Balances as Inspect<_>>::minimum_balance();
		assert_eq!((AssetDeposit::get(), ed), (100, 1));
		// The deposit is held and the account kept alive; one unit short of the fee.
		assert_ok!(Balances::mint_into(&POOR, AssetDeposit::get() + ed + ROUND_FEE - 1));
		let next = pallet_registry::NextAssetId::<Test>::get();
		assert_noop!(register_for(POOR, AssetKind::Model, b"poor"), Error::<Test>::CannotPayFee);
		assert!(RoundFees::<Test>::get(next).is_none());
		assert_eq!((fee_held(POOR), deposit_held(POOR)), (0, 0));

		assert_ok!(Balances::mint_into(&ENOUGH, AssetDeposit::get() + ed + ROUND_FEE));
		let now = System::block_number();
		assert_ok!(register_for(ENOUGH, AssetKind::Model, b"enough"));
		System::assert_last_event(
			Event::RoundRequested {
				asset: next,
				attempt: 0,
				draw_at: now + DRAW_DELAY,
				fee: ROUND_FEE,
			}
			.into(),
		);
		assert_eq!(
			(fee_held(ENOUGH), deposit_held(ENOUGH), free(ENOUGH)),
			(ROUND_FEE, AssetDeposit::get(), ed)
		);
	});
}

/// d. The fee is paid to the members who did the work and are not punished.
#[test]
fn the_fee_is_shared_by_the_members_who_agree() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		let owner_free = free(OWNER);
		play_agreeing(asset);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: members.clone(), share: 10, burned: 0 }.into(),
		);
		for m in &members {
			assert_eq!(free(*m), FUNDS - MIN_STAKE + 10);
		}
		assert_eq!((fee_held(OWNER), free(OWNER)), (0, owner_free));
		assert!(RoundFees::<Test>::get(asset).is_none());
		assert_eq!(burned(), 0);
	});
}

/// d. An outlier is slashed and earns nothing: the two agreeing members share the fee.
#[test]
fn an_outlier_earns_no_part_of_the_fee() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		let (honest, lie) = (answer(asset, 0), answer(asset, 1));
		play(asset, &[(members[0], honest.clone()), (members[1], lie), (members[2], honest)]);
		let agreeing = vec![members[0], members[2]];
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: agreeing.clone(), share: 15, burned: 0 }.into(),
		);
		for m in &agreeing {
			assert_eq!(free(*m), FUNDS - MIN_STAKE + 15);
		}
		// The outlier's free balance is untouched; its stake is slashed.
		assert_eq!(free(members[1]), FUNDS - MIN_STAKE);
		assert_eq!(stake(members[1]), MIN_STAKE - MIN_STAKE / 5);
		// Only the slash was burned, none of the fee.
		assert_eq!(burned(), MIN_STAKE / 5);
		assert_eq!(fee_held(OWNER), 0);
	});
}

/// The fee is split exactly: with four earners the first takes the rounding remainder, and no
/// planck is minted or lost.
#[test]
fn the_first_earner_takes_the_rounding_remainder() {
	test(|| {
		crate::CurrentParams::<Test>::mutate(|p| p.committee_size = 4);
		three_verifiers();
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(14), MIN_STAKE));
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		assert_eq!(members.len(), 4);
		let issuance = Balances::total_issuance();
		play_agreeing(asset);
		let share = ROUND_FEE / 4;
		let remainder = ROUND_FEE - 4 * share;
		assert_eq!((share, remainder), (7, 2));
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: members.clone(), share, burned: 0 }.into(),
		);
		assert_eq!(free(members[0]), FUNDS - MIN_STAKE + share + remainder);
		for m in &members[1..] {
			assert_eq!(free(*m), FUNDS - MIN_STAKE + share);
		}
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(fee_held(OWNER), 0);
	});
}

/// e. A retry after a round without quorum is not charged again; after the last attempt the
/// fee goes to that round's revealers (a no-show gets nothing).
#[test]
fn retries_are_not_charged_again_and_the_last_revealers_are_paid() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let first = Rounds::<Test>::get(asset).unwrap();
		let members = committee(asset);
		let owner_free = free(OWNER);
		play_disagreeing(asset);
		let now = System::block_number();
		let third = Perbill::from_rational(1u32, 3);
		System::assert_has_event(
			Event::RoundFailed { asset, round: first.id, best_share: third, retrying: true }.into(),
		);
		System::assert_has_event(
			Event::RoundRequested { asset, attempt: 1, draw_at: now + DRAW_DELAY, fee: 0 }.into(),
		);
		// Nothing paid out, nothing charged again.
		assert!(fee_settlements().is_empty());
		assert_eq!((fee_held(OWNER), free(OWNER)), (ROUND_FEE, owner_free));
		assert!(members.iter().all(|m| free(*m) == FUNDS - MIN_STAKE));

		run_to_draw(asset);
		let round = Rounds::<Test>::get(asset).unwrap();
		assert_eq!(round.attempt, 1);
		let members = committee(asset);
		// Two reveal differing answers; the third never commits.
		let (revealers, absent) = (members[..2].to_vec(), members[2]);
		assert_ok!(commit(revealers[0], asset, &answer(asset, 0)));
		assert_ok!(commit(revealers[1], asset, &answer(asset, 1)));
		run_to(round.commit_end + 1);
		assert_ok!(reveal(revealers[0], asset, &answer(asset, 0)));
		assert_ok!(reveal(revealers[1], asset, &answer(asset, 1)));
		run_to(round.due_at);

		assert_eq!(status(asset), AssetStatus::Rejected);
		System::assert_has_event(
			Event::RoundFailed { asset, round: round.id, best_share: third, retrying: false }
				.into(),
		);
		assert_eq!(
			fee_settlements(),
			vec![Event::FeeSettled { asset, paid_to: revealers.clone(), share: 15, burned: 0 }]
		);
		for m in &revealers {
			assert_eq!(free(*m), FUNDS - MIN_STAKE + 15);
		}
		assert_eq!(free(absent), FUNDS - MIN_STAKE);
		assert_eq!(stake(absent), MIN_STAKE - MIN_STAKE / 5);
		assert_eq!(burned(), MIN_STAKE / 5);
		assert_eq!((fee_held(OWNER), free(OWNER)), (0, owner_free));
	});
}

/// f. The attack "register, look, withdraw before the draw": the fee is forfeited (burned, as
/// nobody was drawn to earn it); only the deposit comes back, and no round is ever drawn.
#[test]
fn withdrawing_before_the_draw_burns_the_fee() {
	test(|| {
		three_verifiers();
		let before = free(OWNER);
		let issuance = Balances::total_issuance();
		let asset = register_undrawn(AssetKind::Model, b"weights");
		let draw_at = Requests::<Test>::get(asset).unwrap().draw_at;
		assert_eq!(free(OWNER), before - AssetDeposit::get() - ROUND_FEE);

		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(OWNER), asset));
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: vec![], share: 0, burned: ROUND_FEE }.into(),
		);
		assert_eq!(burned(), ROUND_FEE);
		assert_eq!(Balances::total_issuance(), issuance - ROUND_FEE);
		assert_eq!(free(OWNER), before - ROUND_FEE);
		assert_eq!((fee_held(OWNER), deposit_held(OWNER)), (0, 0));
		assert!(RoundFees::<Test>::get(asset).is_none());
		assert!(Requests::<Test>::get(asset).is_none());
		assert!(Draws::<Test>::iter().next().is_none());

		run_to(draw_at + 1);
		assert!(Rounds::<Test>::get(asset).is_none());
		assert_eq!(rounds_opened(asset), 0);
		assert_eq!(status(asset), AssetStatus::Withdrawn);
	});
}

/// f. Withdrawing a drawn round pays the members who committed (the work started); with no
/// commit yet, the whole committee.
#[test]
fn withdrawing_after_the_draw_pays_the_committee() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let members = committee(asset);
		let fp = answer(asset, 0);
		assert_ok!(commit(members[0], asset, &fp));
		assert_ok!(commit(members[1], asset, &fp));
		let owner_free = free(OWNER);
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(OWNER), asset));
		System::assert_has_event(Event::RoundCancelled { asset, round: 0 }.into());
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: members[..2].to_vec(), share: 15, burned: 0 }
				.into(),
		);
		assert_eq!(free(members[0]), FUNDS - MIN_STAKE + 15);
		assert_eq!(free(members[1]), FUNDS - MIN_STAKE + 15);
		assert_eq!(free(members[2]), FUNDS - MIN_STAKE);
		// The deposit comes back, the fee does not.
		assert_eq!(free(OWNER), owner_free + AssetDeposit::get());
		assert_eq!((fee_held(OWNER), burned()), (0, 0));

		// Nobody committed: the whole committee shares it.
		let asset = register_asset(AssetKind::Model, b"other");
		let members = committee(asset);
		let before: Vec<Balance> = members.iter().map(|m| free(*m)).collect();
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(OWNER), asset));
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: members.clone(), share: 10, burned: 0 }.into(),
		);
		for (m, b) in members.iter().zip(before) {
			assert_eq!(free(*m), b + 10);
		}
		assert_eq!((fee_held(OWNER), burned()), (0, 0));
	});
}

/// g. A round deferred for lack of verifiers keeps its fee; whoever asks for it again later
/// is not charged, and the committee is drawn `DRAW_DELAY` blocks after that request.
#[test]
fn a_deferred_round_keeps_its_fee_and_is_reopened_for_free() {
	test(|| {
		for v in [V1, V2] {
			assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(v), MIN_STAKE));
		}
		let asset = register_asset(AssetKind::Model, b"weights");
		System::assert_has_event(Event::RoundDeferred { asset, eligible: 2, needed: 3 }.into());
		assert!(Rounds::<Test>::get(asset).is_none());
		assert!(Requests::<Test>::get(asset).is_none());
		assert_eq!(fee_held(OWNER), ROUND_FEE);
		assert_eq!(
			RoundFees::<Test>::get(asset),
			Some(HeldFee { payer: OWNER, amount: ROUND_FEE })
		);

		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(V3), MIN_STAKE));
		let other_free = free(OTHER);
		let now = System::block_number();
		assert_ok!(Verification::request_round(RuntimeOrigin::signed(OTHER), asset));
		System::assert_last_event(
			Event::RoundRequested { asset, attempt: 0, draw_at: now + DRAW_DELAY, fee: 0 }.into(),
		);
		assert_eq!((free(OTHER), fee_held(OTHER)), (other_free, 0));
		assert_eq!(fee_held(OWNER), ROUND_FEE);

		run_to(now + DRAW_DELAY - 1);
		assert!(Rounds::<Test>::get(asset).is_none());
		assert_eq!(rounds_opened(asset), 0);
		run_to(now + DRAW_DELAY);
		assert_eq!(rounds_opened(asset), 1);
		let members = committee(asset);
		assert_eq!(members.len(), 3);

		// The owner's fee pays the committee; the caller paid nothing.
		play_agreeing(asset);
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: members, share: 10, burned: 0 }.into(),
		);
		assert_eq!((fee_held(OWNER), fee_held(OTHER), free(OTHER)), (0, 0, other_free));
	});
}

/// h. The owner pays the renewal round when a verification expires.
#[test]
fn expiry_charges_the_owner_for_the_renewal() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let start = System::block_number();
		play_agreeing(asset);
		let until = start + 2 * EPOCH;
		run_to(until);
		let owner_free = free(OWNER);
		assert_eq!(fee_held(OWNER), 0);

		run_to(until + 1);
		assert_eq!(status(asset), AssetStatus::Expired);
		System::assert_has_event(Event::Expired { asset }.into());
		System::assert_has_event(
			Event::RoundRequested {
				asset,
				attempt: 0,
				draw_at: until + 1 + DRAW_DELAY,
				fee: ROUND_FEE,
			}
			.into(),
		);
		assert_eq!((fee_held(OWNER), free(OWNER)), (ROUND_FEE, owner_free - ROUND_FEE));
		assert_eq!(
			RoundFees::<Test>::get(asset),
			Some(HeldFee { payer: OWNER, amount: ROUND_FEE })
		);

		run_to_draw(asset);
		let members = committee(asset);
		let before: Vec<Balance> = members.iter().map(|m| free(*m)).collect();
		play_agreeing(asset);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		for (m, b) in members.iter().zip(before) {
			assert_eq!(free(*m), b + 10);
		}
		assert_eq!(fee_held(OWNER), 0);
	});
}

/// h. An owner who cannot pay the renewal leaves the asset `Expired` with no round; anyone may
/// then pay for one (and only someone who can pay).
#[test]
fn an_unpaid_renewal_waits_for_someone_to_pay() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		let start = System::block_number();
		play_agreeing(asset);
		let until = start + 2 * EPOCH;
		drain(OWNER, ROUND_FEE / 3);
		run_to(until);
		System::reset_events();

		run_to(until + 1);
		assert_eq!(status(asset), AssetStatus::Expired);
		System::assert_has_event(Event::Expired { asset }.into());
		System::assert_has_event(
			Event::RenewalUnpaid { asset, owner: OWNER, fee: ROUND_FEE }.into(),
		);
		assert!(!events().iter().any(|e| matches!(e, Event::RoundRequested { .. })));
		assert!(Requests::<Test>::get(asset).is_none());
		assert!(RoundFees::<Test>::get(asset).is_none());
		assert_eq!((fee_held(OWNER), free(OWNER)), (0, ROUND_FEE / 3));

		// Nothing is drawn later either.
		run_to(until + 1 + DRAW_DELAY);
		assert!(Rounds::<Test>::get(asset).is_none());
		assert_eq!(status(asset), AssetStatus::Expired);

		// A caller who cannot pay cannot ask either.
		assert_ok!(Balances::mint_into(&POOR, ROUND_FEE));
		assert_noop!(
			Verification::request_round(RuntimeOrigin::signed(POOR), asset),
			Error::<Test>::CannotPayFee
		);

		let other_free = free(OTHER);
		let now = System::block_number();
		assert_ok!(Verification::request_round(RuntimeOrigin::signed(OTHER), asset));
		System::assert_last_event(
			Event::RoundRequested { asset, attempt: 0, draw_at: now + DRAW_DELAY, fee: ROUND_FEE }
				.into(),
		);
		assert_eq!((fee_held(OTHER), free(OTHER)), (ROUND_FEE, other_free - ROUND_FEE));
		assert_eq!(
			RoundFees::<Test>::get(asset),
			Some(HeldFee { payer: OTHER, amount: ROUND_FEE })
		);

		run_to_draw(asset);
		let members = committee(asset);
		play_agreeing(asset);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));
		System::assert_has_event(
			Event::FeeSettled { asset, paid_to: members, share: 10, burned: 0 }.into(),
		);
		assert_eq!((fee_held(OTHER), free(OTHER)), (0, other_free - ROUND_FEE));
		assert_eq!(free(OWNER), ROUND_FEE / 3);
	});
}

/// i. A dispute round is charged to nobody and pays nobody.
#[test]
fn a_dispute_charges_nobody() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		play_agreeing(asset);
		let accounts = [OWNER, OTHER, V1, V2, V3];
		let before: Vec<Balance> = accounts.iter().map(|a| free(*a)).collect();
		System::reset_events();

		let now = System::block_number();
		assert_ok!(Verification::request_reverification(asset));
		System::assert_last_event(
			Event::RoundRequested { asset, attempt: 0, draw_at: now + DRAW_DELAY, fee: 0 }.into(),
		);
		assert!(RoundFees::<Test>::get(asset).is_none());
		run_to_draw(asset);
		assert_eq!(rounds_opened(asset), 1);
		play_agreeing(asset);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));

		assert!(fee_settlements().is_empty());
		assert_eq!(accounts.iter().map(|a| free(*a)).collect::<Vec<_>>(), before);
		assert!(accounts.iter().all(|a| fee_held(*a) == 0));
	});
}

/// j. A manifest cannot change while its round waits for the draw (nor while it runs); after
/// the verdict it can, and the new round is paid for again (refused if the owner cannot pay).
#[test]
fn the_manifest_cannot_change_while_a_draw_is_pending() {
	test(|| {
		three_verifiers();
		let asset = register_undrawn(AssetKind::Model, b"weights");
		let update = || {
			Registry::update_manifest(
				RuntimeOrigin::signed(OWNER),
				asset,
				content_cid(b"v2").try_into().unwrap(),
			)
		};
		assert_noop!(update(), pallet_registry::Error::<Test>::RoundInProgress);
		run_to_draw(asset);
		assert_noop!(update(), pallet_registry::Error::<Test>::RoundInProgress);
		play_agreeing(asset);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));

		let spare = free(OWNER);
		drain(OWNER, ROUND_FEE);
		assert_noop!(update(), Error::<Test>::CannotPayFee);
		assert!(matches!(status(asset), AssetStatus::Verified { .. }));

		assert_ok!(Balances::mint_into(&OWNER, spare));
		let owner_free = free(OWNER);
		let now = System::block_number();
		assert_ok!(update());
		System::assert_last_event(
			Event::RoundRequested { asset, attempt: 0, draw_at: now + DRAW_DELAY, fee: ROUND_FEE }
				.into(),
		);
		assert_eq!((fee_held(OWNER), free(OWNER)), (ROUND_FEE, owner_free - ROUND_FEE));
		assert_eq!(status(asset), AssetStatus::Pending);
		// The old manifest's verification ended.
		assert!(attested(asset).is_none());
		assert!(crate::VerifiedUntil::<Test>::get(asset).is_none());
		assert_noop!(update(), pallet_registry::Error::<Test>::RoundInProgress);
	});
}

/// Draws due in one block beyond `MaxDrawsPerBlock` wait for the next blocks; none is dropped.
#[test]
fn draws_are_made_a_bounded_number_per_block() {
	test(|| {
		three_verifiers();
		let assets: Vec<AssetId> =
			(0..5u8).map(|i| register_undrawn(AssetKind::Model, &[i])).collect();
		let draw_at = System::block_number() + DRAW_DELAY;
		let drawn = |a: &[AssetId]| a.iter().filter(|x| Rounds::<Test>::contains_key(**x)).count();
		run_to(draw_at);
		assert_eq!(drawn(&assets), 2);
		assert_eq!(DrawCursor::<Test>::get(), draw_at);
		run_to(draw_at + 1);
		assert_eq!(drawn(&assets), 4);
		run_to(draw_at + 2);
		assert_eq!(drawn(&assets), 5);
		assert!(Requests::<Test>::iter().next().is_none());
		// The cursor moved past the emptied block, up to the current one.
		assert_eq!(DrawCursor::<Test>::get(), System::block_number() + 1);
	});
}

/// A retry that cannot be drawn (verifiers left) keeps its attempt number: asking again with
/// `request_round` continues the count, so deferrals never buy more than `max_attempts` draws
/// (each draw is another chance to capture a committee).
#[test]
fn a_deferred_retry_keeps_its_attempt_number() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		play_disagreeing(asset);
		// No quorum: attempt 1 is asked for; two verifiers leave before its draw.
		assert_eq!(Requests::<Test>::get(asset).map(|r| r.attempt), Some(1));
		for v in [V1, V2] {
			assert_ok!(Verification::unbond(RuntimeOrigin::signed(v), MIN_STAKE));
		}
		run_to_draw(asset);
		System::assert_has_event(Event::RoundDeferred { asset, eligible: 1, needed: 3 }.into());
		assert_eq!(crate::Deferred::<Test>::get(asset), Some(1));

		// Verifiers come back; anyone asks again: the round resumes at attempt 1, the last one.
		for v in [14, 15] {
			assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(v), MIN_STAKE));
		}
		assert_ok!(Verification::request_round(RuntimeOrigin::signed(OTHER), asset));
		assert_eq!(crate::Deferred::<Test>::get(asset), None);
		run_to_draw(asset);
		assert_eq!(Rounds::<Test>::get(asset).map(|r| r.attempt), Some(1));
		play_disagreeing(asset);
		// The second failure is the last: rejected, no third draw.
		assert_eq!(status(asset), AssetStatus::Rejected);
		assert!(Requests::<Test>::get(asset).is_none() && Rounds::<Test>::get(asset).is_none());
	});
}
