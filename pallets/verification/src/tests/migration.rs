//! The storage migration to version 2 (bucketed lists → double maps).

use super::mock::*;
use crate::{
	migrations::v2, DrawCursor, Draws, Due, Expiries, HoldReason, Requests, RoundFees, Rounds,
	VerifiedUntil,
};
use dsynapse_asset_types::AssetKind;
use frame_support::{
	assert_ok,
	traits::{
		fungible::MutateHold, tokens::Precision, GetStorageVersion, OnRuntimeUpgrade,
		StorageVersion,
	},
};

#[test]
fn migration_v2_moves_live_entries_drops_stale_ones_and_restores_dropped_expiries() {
	test(|| {
		for v in [V1, V2, V3] {
			Verification::register_verifier(RuntimeOrigin::signed(v), 10 * MIN_STAKE).unwrap();
		}
		// Two verified assets (expiries due in one block) ...
		let verified = register_undrawn(AssetKind::Model, b"verified");
		let dropped = register_undrawn(AssetKind::Model, b"dropped");
		run_to_draw(verified);
		let until = System::block_number() + 2 * EPOCH;
		for a in [verified, dropped] {
			let fp = answer(a, 0);
			for m in committee(a) {
				commit(m, a, &fp).unwrap();
			}
			for m in committee(a) {
				reveal(m, a, &fp).unwrap();
			}
		}
		// A version-1 chain kept the attesters here (tokenomics keeps them now).
		for asset in [verified, dropped] {
			assert!(VerifiedUntil::<Test>::take(asset).is_some());
			v2::old::Attesters::<Test>::insert(asset, committee(asset));
		}
		// ... and two running rounds (verdicts due in one block).
		let a = register_undrawn(AssetKind::Model, b"a");
		let b = register_undrawn(AssetKind::Model, b"b");
		run_to_draw(a);
		let (ra, rb) = (Rounds::<Test>::get(a).unwrap(), Rounds::<Test>::get(b).unwrap());
		let due_block = ra.due_at;
		assert_eq!(rb.due_at, due_block);
		// A version-1 chain's rounds were opened unpaid and it had no draw queue.
		for asset in [a, b] {
			let fee = RoundFees::<Test>::take(asset).unwrap();
			assert_ok!(Balances::release(
				&RuntimeHoldReason::Verification(HoldReason::RoundFee),
				&fee.payer,
				fee.amount,
				Precision::Exact
			));
		}
		assert_eq!(fee_held(OWNER), 0);
		assert!(
			Requests::<Test>::iter().next().is_none() && Draws::<Test>::iter().next().is_none()
		);
		DrawCursor::<Test>::kill();

		// Rewrite the queues as a version-1 chain holds them: stale entries of finished rounds
		// in the buckets, a duplicate expiry, and the expiry of `dropped` lost to a full window.
		let _ = Due::<Test>::clear(u32::MAX, None);
		let _ = Expiries::<Test>::clear(u32::MAX, None);
		v2::old::Due::<Test>::insert(due_block, vec![(a, ra.id), (99, 3), (b, rb.id)]);
		let stale_block = due_block - 5;
		v2::old::Due::<Test>::insert(stale_block, vec![(a, 0)]);
		v2::old::Expiries::<Test>::insert(until + 1, vec![verified, verified]);
		StorageVersion::new(1).put::<Verification>();
		assert!(Verification::do_try_state().is_err());

		v2::Migrate::<Test>::on_runtime_upgrade();

		assert_eq!(Verification::on_chain_storage_version(), 2);
		let mut due: Vec<(u64, u64, u64)> = Due::<Test>::iter().collect();
		due.sort();
		assert_eq!(due, vec![(due_block, a, ra.id), (due_block, b, rb.id)]);
		let mut expiries: Vec<(u64, u64)> = Expiries::<Test>::iter_keys().collect();
		expiries.sort();
		assert_eq!(expiries, vec![(until + 1, verified), (until + 1, dropped)]);
		// The version-1 values are gone.
		assert!(
			!v2::old::Due::<Test>::contains_key(due_block)
				&& !v2::old::Due::<Test>::contains_key(stale_block)
		);
		assert!(!v2::old::Expiries::<Test>::contains_key(until + 1));
		assert!(v2::old::Attesters::<Test>::iter().next().is_none());
		assert_eq!(VerifiedUntil::<Test>::get(verified), Some(until));
		assert_eq!(VerifiedUntil::<Test>::get(dropped), Some(until));
		// The draw cursor starts at the upgrade's block, not at zero.
		assert_eq!(DrawCursor::<Test>::get(), System::block_number());
		check_invariants();

		// It runs once: a second upgrade leaves the new entries alone.
		Due::<Test>::remove(due_block, b);
		v2::Migrate::<Test>::on_runtime_upgrade();
		assert!(!Due::<Test>::contains_key(due_block, b));
		Due::<Test>::insert(due_block, b, rb.id);

		// The migrated queues are processed as usual; the unpaid rounds conclude without a fee
		// and their retries are drawn through the new queue.
		run_to(until + 1);
		assert!(System::events().iter().all(|r| !matches!(
			r.event,
			RuntimeEvent::Verification(crate::Event::FeeSettled { asset, .. })
				if asset == a || asset == b
		)));
		assert!(Rounds::<Test>::get(b).is_some_and(|r| r.id != rb.id && r.attempt == 1));
		assert!(Rounds::<Test>::get(a).is_none_or(|r| r.id != ra.id));
		assert_eq!(status(verified), dsynapse_asset_types::AssetStatus::Expired);
		assert_eq!(status(dropped), dsynapse_asset_types::AssetStatus::Expired);
	});
}

#[test]
fn migration_v2_schedules_a_running_round_left_behind_the_cursor() {
	test(|| {
		three_verifiers();
		let a = register_asset(AssetKind::Model, b"a");
		let round = Rounds::<Test>::get(a).unwrap();
		let _ = Due::<Test>::clear(u32::MAX, None);
		// Version 1 let a round's bucket fall behind the cursor (the round was skipped).
		crate::DueCursor::<Test>::put(round.due_at + 3);
		StorageVersion::new(1).put::<Verification>();

		v2::Migrate::<Test>::on_runtime_upgrade();

		let moved = Rounds::<Test>::get(a).unwrap();
		assert_eq!(moved.due_at, round.due_at + 3);
		assert_eq!(Due::<Test>::get(moved.due_at, a), Some(round.id));
		check_invariants();
	});
}
