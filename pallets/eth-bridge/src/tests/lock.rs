//! `lock`, its limits and refusals, the block's messages root and what the runtime API reads.

use super::mock::*;
use crate::{pallet::*, Error, Event as BridgeEvent};
use dsynapse_bridge_primitives::{merkle, Domain};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_core::{H160, H256};

const GATEWAY: H160 = H160([0x77; 20]);

fn open() {
	assert_ok!(Bridge::set_target(RuntimeOrigin::root(), CHAIN_ID, GATEWAY));
}

fn eth(n: u8) -> H160 {
	H160([n; 20])
}

fn lock(who: AccountId, amount: Balance, to: H160) -> sp_runtime::DispatchResult {
	Bridge::lock(RuntimeOrigin::signed(who), amount, to)
}

#[test]
fn lock_moves_the_amount_and_records_a_message_with_the_domain() {
	new_test_ext().execute_with(|| {
		open();
		let before = Balances::balance(&ALICE);
		assert_ok!(lock(ALICE, 5_000, eth(1)));
		assert_eq!(Balances::balance(&ALICE), before - 5_000);
		assert_eq!(Balances::balance(&Bridge::account_id()), 5_000);
		assert_eq!(TotalLocked::<Test>::get(), 5_000);
		assert_eq!(NextNonce::<Test>::get(), 2);
		let stored = Messages::<Test>::get(1).unwrap();
		assert_eq!(stored.sender, ALICE);
		assert_eq!((stored.block, stored.index), (1, 0));
		assert_eq!(
			stored.message.domain,
			Domain { genesis_hash: GENESIS, chain_id: CHAIN_ID, gateway: GATEWAY.0 }
		);
		assert_eq!((stored.message.nonce, stored.message.recipient), (1, eth(1).0));
		assert_eq!(stored.message.amount, 5_000);
		System::assert_last_event(
			BridgeEvent::Locked { nonce: 1, sender: ALICE, recipient: eth(1), amount: 5_000 }
				.into(),
		);
		Bridge::do_try_state().unwrap();
	});
}

#[test]
fn nonces_are_consecutive_across_blocks_and_never_reused() {
	new_test_ext().execute_with(|| {
		open();
		assert_ok!(lock(ALICE, MIN, eth(1)));
		assert_ok!(lock(BOB, MIN, eth(2)));
		next_block();
		assert_ok!(lock(ALICE, MIN, eth(3)));
		assert_eq!(Bridge::block_nonces(1), vec![1, 2]);
		assert_eq!(Bridge::block_nonces(2), vec![3]);
		assert_eq!(Messages::<Test>::get(3).unwrap().index, 0);
		Bridge::do_try_state().unwrap();
	});
}

#[test]
fn refused_before_a_target_is_named() {
	new_test_ext().execute_with(|| {
		assert_noop!(lock(ALICE, MIN, eth(1)), Error::<Test>::NoTarget);
	});
}

#[test]
fn refused_while_paused_and_accepted_once_resumed() {
	new_test_ext().execute_with(|| {
		open();
		assert_ok!(Bridge::set_paused(RuntimeOrigin::signed(PAUSER), true));
		assert_noop!(lock(ALICE, MIN, eth(1)), Error::<Test>::Paused);
		assert_ok!(Bridge::set_paused(RuntimeOrigin::root(), false));
		assert_ok!(lock(ALICE, MIN, eth(1)));
	});
}

#[test]
fn the_zero_address_is_refused() {
	new_test_ext().execute_with(|| {
		open();
		assert_noop!(lock(ALICE, MIN, H160::zero()), Error::<Test>::ZeroRecipient);
	});
}

#[test]
fn amounts_outside_the_limits_are_refused_at_the_edges() {
	new_test_ext().execute_with(|| {
		open();
		assert_noop!(lock(ALICE, MIN - 1, eth(1)), Error::<Test>::BelowMinimum);
		assert_noop!(lock(ALICE, MAX + 1, eth(1)), Error::<Test>::AboveMaximum);
		assert_noop!(lock(ALICE, 0, eth(1)), Error::<Test>::BelowMinimum);
		assert_ok!(lock(ALICE, MIN, eth(1)));
		assert_ok!(lock(ALICE, MAX, eth(1)));
	});
}

#[test]
fn a_block_holds_at_most_its_bound_then_the_next_block_takes_more() {
	new_test_ext().execute_with(|| {
		open();
		for i in 0..PER_BLOCK {
			assert_ok!(lock(ALICE, MIN, eth(i as u8 + 1)));
		}
		assert_noop!(lock(BOB, MIN, eth(9)), Error::<Test>::BlockFull);
		next_block();
		assert_ok!(lock(BOB, MIN, eth(9)));
	});
}

#[test]
fn the_sender_cannot_lock_the_funds_that_keep_its_account_alive() {
	new_test_ext().execute_with(|| {
		open();
		assert_ok!(Bridge::set_limits(
			RuntimeOrigin::root(),
			crate::Limits { min: 1, max: u128::MAX }
		));
		let all = Balances::balance(&ALICE);
		assert!(lock(ALICE, all, eth(1)).is_err());
		assert_eq!(NextNonce::<Test>::get(), 1);
		assert_ok!(lock(ALICE, all - ED, eth(1)));
		Bridge::do_try_state().unwrap();
	});
}

#[test]
fn the_next_blocks_leaf_extra_is_the_root_of_this_blocks_messages() {
	new_test_ext().execute_with(|| {
		open();
		assert_eq!(Bridge::parent_messages_root(), H256::zero());
		assert_ok!(lock(ALICE, MIN, eth(1)));
		assert_ok!(lock(BOB, 2 * MIN, eth(2)));
		assert_ok!(lock(ALICE, 3 * MIN, eth(3)));
		let leaves: Vec<[u8; 32]> =
			(1..=3).map(|n| Messages::<Test>::get(n).unwrap().message.leaf_hash()).collect();
		next_block();
		let root = Bridge::parent_messages_root();
		assert_eq!(root.0, merkle::root(&leaves));
		// Each message's view proves it against that root.
		for nonce in 1..=3u64 {
			let view = Bridge::message_view(nonce).unwrap();
			assert_eq!((view.block, view.count), (1, 3));
			assert_eq!(view.root, root.0);
			assert!(merkle::verify(
				&root.0,
				view.message.leaf_hash(),
				view.index.into(),
				view.count.into(),
				&view.proof
			));
		}
		// A block without messages: its successor's leaf extra is zero again.
		next_block();
		assert_eq!(Bridge::parent_messages_root(), H256::zero());
	});
}

#[test]
fn messages_leave_state_after_the_retention_window_and_nothing_else_does() {
	new_test_ext().execute_with(|| {
		open();
		assert_ok!(lock(ALICE, MIN, eth(1)));
		next_block();
		assert_ok!(lock(ALICE, MIN, eth(2)));
		while System::block_number() < 1 + RETENTION {
			next_block();
		}
		assert!(Messages::<Test>::get(1).is_none());
		assert!(Bridge::message_view(1).is_none());
		assert!(Messages::<Test>::get(2).is_some());
		assert_eq!(TotalLocked::<Test>::get(), 2 * MIN);
		next_block();
		assert!(Messages::<Test>::get(2).is_none());
		assert_eq!(NextNonce::<Test>::get(), 3);
		Bridge::do_try_state().unwrap();
	});
}

#[test]
fn a_new_target_changes_the_domain_of_new_messages_only() {
	new_test_ext().execute_with(|| {
		open();
		assert_ok!(lock(ALICE, MIN, eth(1)));
		assert_ok!(Bridge::set_target(RuntimeOrigin::root(), 1, eth(0x55)));
		assert_ok!(lock(ALICE, MIN, eth(1)));
		assert_eq!(Messages::<Test>::get(1).unwrap().message.domain.gateway, GATEWAY.0);
		let second = Messages::<Test>::get(2).unwrap().message.domain;
		assert_eq!((second.chain_id, second.gateway), (1, [0x55; 20]));
	});
}

#[test]
fn donations_to_the_bridge_account_keep_the_invariant() {
	new_test_ext().execute_with(|| {
		open();
		assert_ok!(lock(ALICE, MIN, eth(1)));
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(BOB),
			Bridge::account_id(),
			1_000
		));
		Bridge::do_try_state().unwrap();
		assert_eq!(TotalLocked::<Test>::get(), MIN);
	});
}
