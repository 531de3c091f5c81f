//! The storage migration to version 2 (bucketed lists → double maps).

use super::mock::*;
use crate::{migrations::v2, Due, Expiries, Rounds, VerifiedUntil};
use dsynapse_asset_types::AssetKind;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn migration_v2_moves_live_entries_drops_stale_ones_and_restores_dropped_expiries() {
	test(|| {
		for v in [V1, V2, V3] {
			Verification::register_verifier(RuntimeOrigin::signed(v), 10 * MIN_STAKE).unwrap();
		}
		// Two verified assets (expiries due at block 22) ...
		let verified = register_asset(AssetKind::Model, b"verified");
		let dropped = register_asset(AssetKind::Model, b"dropped");
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
		// ... and two running rounds (verdicts due at block 12).
		let a = register_asset(AssetKind::Model, b"a");
		let b = register_asset(AssetKind::Model, b"b");
		let (ra, rb) = (Rounds::<Test>::get(a).unwrap(), Rounds::<Test>::get(b).unwrap());
		assert_eq!((ra.due_at, rb.due_at), (12, 12));

		// Rewrite the queues as a version-1 chain holds them: stale entries of finished rounds
		// in the buckets, a duplicate expiry, and the expiry of `dropped` lost to a full window.
		let _ = Due::<Test>::clear(u32::MAX, None);
		let _ = Expiries::<Test>::clear(u32::MAX, None);
		v2::old::Due::<Test>::insert(12, vec![(a, ra.id), (99, 3), (b, rb.id)]);
		v2::old::Due::<Test>::insert(7, vec![(a, 0)]);
		v2::old::Expiries::<Test>::insert(22, vec![verified, verified]);
		StorageVersion::new(1).put::<Verification>();
		assert!(Verification::do_try_state().is_err());

		v2::Migrate::<Test>::on_runtime_upgrade();

		assert_eq!(Verification::on_chain_storage_version(), 2);
		let mut due: Vec<(u64, u64, u64)> = Due::<Test>::iter().collect();
		due.sort();
		assert_eq!(due, vec![(12, a, ra.id), (12, b, rb.id)]);
		let mut expiries: Vec<(u64, u64)> = Expiries::<Test>::iter_keys().collect();
		expiries.sort();
		assert_eq!(expiries, vec![(22, verified), (22, dropped)]);
		// The version-1 values are gone.
		assert!(!v2::old::Due::<Test>::contains_key(12) && !v2::old::Due::<Test>::contains_key(7));
		assert!(!v2::old::Expiries::<Test>::contains_key(22));
		assert!(v2::old::Attesters::<Test>::iter().next().is_none());
		assert_eq!(VerifiedUntil::<Test>::get(verified), Some(21));
		assert_eq!(VerifiedUntil::<Test>::get(dropped), Some(21));
		check_invariants();

		// It runs once: a second upgrade leaves the new entries alone.
		Due::<Test>::remove(12, b);
		v2::Migrate::<Test>::on_runtime_upgrade();
		assert!(!Due::<Test>::contains_key(12, b));
		Due::<Test>::insert(12, b, rb.id);

		// The migrated queues are processed as usual.
		run_to(22);
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
