//! The attack "starve verdicts and expiries": due verdicts and expiries are queued without
//! limit, processed a bounded number per block with separate budgets, and never dropped.

use super::mock::*;
use crate::{Due, DueCursor, Event, Expiries, ExpiryCursor, Rounds};
use dsynapse_asset_types::{AssetKind, AssetRegistry, AssetStatus};
use dsynapse_challenge::Fingerprint;
use frame_support::{assert_ok, traits::Hooks};
use sp_runtime::Perbill;

/// V1..V3 with ten times the minimum, so no-show slashes leave them selectable.
fn three_rich_verifiers() {
	for v in [V1, V2, V3] {
		assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(v), 10 * MIN_STAKE));
	}
}

fn play(asset: u64, members: &[u64], fp: &Fingerprint) {
	for m in members {
		assert_ok!(commit(*m, asset, fp));
	}
	for m in members {
		assert_ok!(reveal(*m, asset, fp));
	}
}

fn due_at(block: u64) -> Vec<u64> {
	let mut assets: Vec<u64> = Due::<Test>::iter_key_prefix(block).collect();
	assets.sort();
	assets
}

#[test]
fn rounds_that_conclude_early_or_are_cancelled_remove_their_due_entry() {
	test(|| {
		three_rich_verifiers();
		// Requested in one block, drawn in one block (two draws fit the budget).
		let early = register_undrawn(AssetKind::Model, b"early");
		let withdrawn = register_undrawn(AssetKind::Model, b"withdrawn");
		run_to_draw(early);
		let due = Rounds::<Test>::get(early).unwrap().due_at;
		assert_eq!(due_at(due), vec![early, withdrawn]);
		play(early, &committee(early), &answer(early, 0));
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(OWNER), withdrawn));
		assert!(Due::<Test>::iter().next().is_none());
	});
}

/// Five rounds fall due in one block: all are queued for it (nothing moves to later blocks),
/// and two (`MaxFinalizePerBlock`) are decided per block.
#[test]
fn verdicts_are_processed_a_bounded_number_per_block() {
	test(|| {
		three_verifiers();
		// Five draws in one block, so that the five rounds open (and fall due) together.
		MaxDrawsPerBlock::set(&5);
		let assets: Vec<u64> = (0..5u8).map(|i| register_undrawn(AssetKind::Model, &[i])).collect();
		run_to_draw(assets[0]);
		let due = Rounds::<Test>::get(assets[0]).unwrap().due_at;
		assert_eq!(due_at(due).len(), 5);
		let open = |a: &Vec<u64>| {
			a.iter()
				.filter(|x| Rounds::<Test>::get(**x).map(|r| r.attempt == 0).unwrap_or(false))
				.count()
		};
		run_to(due);
		assert_eq!(open(&assets), 3);
		assert_eq!(DueCursor::<Test>::get(), due);
		run_to(due + 1);
		assert_eq!(open(&assets), 1);
		run_to(due + 2);
		assert_eq!(open(&assets), 0);
		assert_eq!(DueCursor::<Test>::get(), due + 3);
	});
}

/// The attack: fill a block's verdict budget with rounds that then conclude early or are
/// cancelled, and pile more live verdicts than the budget onto the block an expiry is due.
/// Early and cancelled rounds take their entries with them, so the live verdicts get the
/// budget; the expiry has a budget of its own and runs out on time.
#[test]
fn early_conclusions_cancellations_and_busy_blocks_do_not_starve_verdicts_or_expiries() {
	test(|| {
		three_rich_verifiers();
		// Verified when its round opens, until `start + 2 * EPOCH`: its expiry is due the block
		// after.
		let expiring = register_asset(AssetKind::Model, b"expiring");
		let start = System::block_number();
		play(expiring, &committee(expiring), &answer(expiring, 0));
		let expiry = start + 2 * EPOCH + 1;
		assert!(Expiries::<Test>::contains_key(expiry, expiring));

		// Seven rounds drawn in one block are due at the expiry's block.
		MaxDrawsPerBlock::set(&7);
		let p = default_params();
		let opened = expiry - (p.commit_period + p.reveal_period + 1);
		run_to(opened - DRAW_DELAY);
		let assets: Vec<u64> = (0..7u8).map(|i| register_undrawn(AssetKind::Model, &[i])).collect();
		run_to_draw(assets[0]);
		assert_eq!(System::block_number(), opened);
		assert_eq!(due_at(expiry).len(), 7);
		let (early, rest) = assets.split_at(3);
		let (cancelled, live) = rest.split_at(1);
		for a in early {
			play(*a, &committee(*a), &answer(*a, 0));
		}
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(OWNER), cancelled[0]));
		// The live rounds: everyone commits, two of three reveal, so they wait for block 22.
		for a in live {
			let members = committee(*a);
			let fp = answer(*a, 0);
			for m in &members {
				assert_ok!(commit(*m, *a, &fp));
			}
			for m in &members[..2] {
				assert_ok!(reveal(*m, *a, &fp));
			}
		}
		let mut expected = live.to_vec();
		expected.sort();
		assert_eq!(due_at(expiry), expected);

		run_to(expiry);
		// Two live verdicts (the budget) and the expiry, all in the same block.
		let decided = live.iter().filter(|a| Rounds::<Test>::get(**a).is_none()).count();
		assert_eq!(decided, 2);
		assert_eq!(status(expiring), AssetStatus::Expired);
		System::assert_has_event(Event::Expired { asset: expiring }.into());
		// The remaining live verdicts follow, two per block; none is lost.
		run_to(expiry + 1);
		assert_eq!(live.iter().filter(|a| Rounds::<Test>::get(**a).is_none()).count(), 3);
		for a in live {
			assert_eq!(
				status(*a),
				AssetStatus::Verified {
					score: Perbill::from_rational(2u32, 3),
					until: Expiries::<Test>::iter()
						.find(|(_, asset, _)| asset == a)
						.map(|(block, _, _)| block - 1)
						.unwrap(),
				}
			);
		}
	});
}

/// The attack: queue more expiries for one block than version 1 could place anywhere (it probed
/// 256 blocks of `MaxDuePerBlock` entries: 256 × 32 = 8,192 in the runtime, 256 × 4 in this mock,
/// and silently dropped the rest). Every one is queued and, two per block, every asset expires.
#[test]
fn expiries_beyond_the_old_probe_window_are_all_processed() {
	test(|| {
		const COUNT: u64 = 256 * 32 + 1;
		let until = 5u64;
		// The owner pays a deposit and a round fee for every asset.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
			&OWNER,
			u128::from(COUNT) * (AssetDeposit::get() + ROUND_FEE)
		));
		let assets: Vec<u64> = (0..COUNT)
			.map(|i| {
				// No verifiers yet: every first round will be deferred at its draw.
				let a = register_undrawn(AssetKind::Model, &i.to_le_bytes());
				assert_ok!(<Registry as AssetRegistry<_, _>>::set_status(
					a,
					AssetStatus::Verified { score: Perbill::one(), until }
				));
				Verification::queue_expiry(a, until);
				a
			})
			.collect();
		assert_eq!(Expiries::<Test>::iter_key_prefix(until + 1).count() as u64, COUNT);
		check_invariants();
		// Two per block (`MaxExpiriesPerBlock`); invariants are checked at the end.
		let blocks = COUNT.div_ceil(2);
		for n in 2..=until + blocks {
			System::set_block_number(n);
			Verification::on_initialize(n);
			if n % 512 == 0 {
				System::reset_events();
			}
		}
		assert!(Expiries::<Test>::iter().next().is_none());
		assert!(ExpiryCursor::<Test>::get() > until + 1);
		assert!(assets.iter().all(|a| status(*a) == AssetStatus::Expired));
	});
}

#[test]
fn verdicts_do_not_use_the_expiry_budget() {
	test(|| {
		three_rich_verifiers();
		// Two assets verified in one block (expiries due together) and four rounds due at that
		// same block.
		MaxDrawsPerBlock::set(&4);
		let verified: Vec<u64> =
			(10..12u8).map(|i| register_undrawn(AssetKind::Model, &[i])).collect();
		run_to_draw(verified[0]);
		let start = System::block_number();
		for a in &verified {
			play(*a, &committee(*a), &answer(*a, 0));
		}
		let expiry = start + 2 * EPOCH + 1;
		assert!(verified.iter().all(|a| Expiries::<Test>::contains_key(expiry, *a)));
		let p = default_params();
		run_to(expiry - (p.commit_period + p.reveal_period + 1) - DRAW_DELAY);
		let due: Vec<u64> = (0..4u8).map(|i| register_undrawn(AssetKind::Model, &[i])).collect();
		run_to_draw(due[0]);
		let mut expected = due.clone();
		expected.sort();
		assert_eq!(due_at(expiry), expected);
		run_to(expiry);
		assert!(verified.iter().all(|a| status(*a) == AssetStatus::Expired));
		// Nobody answered: the decided rounds were retried (attempt 1); two first attempts wait.
		let first_attempts =
			due.iter().filter(|a| Rounds::<Test>::get(**a).is_some_and(|r| r.attempt == 0));
		assert_eq!(first_attempts.count(), 2);
	});
}

#[test]
fn try_state_catches_a_stale_due_entry_and_a_missing_expiry() {
	new_test_ext().execute_with(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Model, b"weights");
		check_invariants();
		Due::<Test>::insert(30, 99, 7);
		assert!(Verification::do_try_state().is_err());
		Due::<Test>::remove(30, 99);
		play(asset, &committee(asset), &answer(asset, 0));
		check_invariants();
		let until = crate::VerifiedUntil::<Test>::get(asset).unwrap();
		Expiries::<Test>::remove(until + 1, asset);
		assert!(Verification::do_try_state().is_err());
	});
}
