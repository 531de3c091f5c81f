//! Governance's calls: target, pause, limits; who may call them.

use super::mock::*;
use crate::{pallet::*, Error, Event as BridgeEvent, Limits};
use frame_support::{assert_noop, assert_ok};
use sp_core::H160;
use sp_runtime::DispatchError;

#[test]
fn only_the_admin_names_the_target_and_zero_values_are_refused() {
	new_test_ext().execute_with(|| {
		let gw = H160([9; 20]);
		assert_noop!(
			Bridge::set_target(RuntimeOrigin::signed(ALICE), 1, gw),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::set_target(RuntimeOrigin::signed(PAUSER), 1, gw),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::set_target(RuntimeOrigin::root(), 0, gw),
			Error::<Test>::InvalidTarget
		);
		assert_noop!(
			Bridge::set_target(RuntimeOrigin::root(), 1, H160::zero()),
			Error::<Test>::InvalidTarget
		);
		assert_ok!(Bridge::set_target(RuntimeOrigin::root(), 5, gw));
		let domain = Target::<Test>::get().unwrap();
		assert_eq!((domain.genesis_hash, domain.chain_id, domain.gateway), (GENESIS, 5, gw.0));
		System::assert_last_event(BridgeEvent::TargetSet { chain_id: 5, gateway: gw }.into());
	});
}

#[test]
fn pause_needs_the_pause_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Bridge::set_paused(RuntimeOrigin::signed(ALICE), true),
			DispatchError::BadOrigin
		);
		assert_ok!(Bridge::set_paused(RuntimeOrigin::signed(PAUSER), true));
		assert!(Paused::<Test>::get());
		System::assert_last_event(BridgeEvent::PausedSet { paused: true }.into());
		assert_ok!(Bridge::set_paused(RuntimeOrigin::root(), false));
		assert!(!Paused::<Test>::get());
	});
}

#[test]
fn limits_need_the_admin_and_zero_below_max() {
	new_test_ext().execute_with(|| {
		let ok = Limits { min: 1, max: 1 };
		assert_noop!(
			Bridge::set_limits(RuntimeOrigin::signed(PAUSER), ok),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::set_limits(RuntimeOrigin::root(), Limits { min: 0, max: 5 }),
			Error::<Test>::InvalidLimits
		);
		assert_noop!(
			Bridge::set_limits(RuntimeOrigin::root(), Limits { min: 6, max: 5 }),
			Error::<Test>::InvalidLimits
		);
		assert_eq!(TransferLimits::<Test>::get(), Limits { min: MIN, max: MAX });
		assert_ok!(Bridge::set_limits(RuntimeOrigin::root(), ok));
		assert_eq!(TransferLimits::<Test>::get(), ok);
		System::assert_last_event(BridgeEvent::LimitsSet { limits: ok }.into());
	});
}

#[test]
fn status_reports_the_state() {
	new_test_ext().execute_with(|| {
		let s = Bridge::status();
		assert_eq!((s.target, s.paused, s.next_nonce, s.total_locked), (None, false, 1, 0));
		assert_eq!(s.max_messages_per_block, PER_BLOCK);
	});
}
