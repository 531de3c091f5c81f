//! Property test: any sequence of locks, blocks and refusals keeps the invariants, and every
//! message in state is provable against the root its next block's MMR leaf carries.

use super::mock::*;
use crate::pallet::*;
use dsynapse_bridge_primitives::merkle;
use frame_support::assert_ok;
use proptest::prelude::*;
use sp_core::H160;

#[derive(Clone, Debug)]
enum Step {
	Lock { who: AccountId, amount: Balance, to: u8 },
	Block,
	Pause(bool),
}

fn step() -> impl Strategy<Value = Step> {
	prop_oneof![
		6 => (prop_oneof![Just(ALICE), Just(BOB)], 0..2 * MAX, any::<u8>())
			.prop_map(|(who, amount, to)| Step::Lock { who, amount, to }),
		2 => Just(Step::Block),
		1 => any::<bool>().prop_map(Step::Pause),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]
	#[test]
	fn locks_keep_the_invariants_and_every_message_is_provable(steps in prop::collection::vec(step(), 1..80)) {
		new_test_ext().execute_with(|| {
			assert_ok!(Bridge::set_target(RuntimeOrigin::root(), CHAIN_ID, H160([7; 20])));
			let mut locked = 0u128;
			let mut roots = std::collections::BTreeMap::new();
			for s in steps {
				match s {
					Step::Lock { who, amount, to } => {
						if Bridge::lock(RuntimeOrigin::signed(who), amount, H160([to; 20])).is_ok() {
							locked += amount;
						}
					},
					Step::Block => {
						let now = System::block_number();
						next_block();
						roots.insert(now, Bridge::parent_messages_root());
					},
					Step::Pause(p) => {
						assert_ok!(Bridge::set_paused(RuntimeOrigin::root(), p));
					},
				}
				Bridge::do_try_state().unwrap();
			}
			assert_eq!(TotalLocked::<Test>::get(), locked);
			for (nonce, stored) in Messages::<Test>::iter() {
				let view = Bridge::message_view(nonce).unwrap();
				if let Some(root) = roots.get(&stored.block) {
					assert!(merkle::verify(&root.0, view.message.leaf_hash(), view.index.into(), view.count.into(), &view.proof));
				}
			}
		});
	}
}
