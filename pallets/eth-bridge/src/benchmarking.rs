//! Benchmarks of the bridge's calls and hooks (worst cases: a block one message short of full,
//! a full block pruned, a full block hashed).
// Benchmarks run only in benchmark builds, off-chain: a setup that fails must abort loudly.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::arithmetic_side_effects)]

use super::*;

use dsynapse_bridge_primitives::{Domain, Message};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::BoundedVec,
	traits::{fungible::Mutate, EnsureOrigin, Get, Hooks},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H160;
use sp_runtime::traits::Saturating;

fn domain() -> Domain {
	Domain { genesis_hash: [1; 32], chain_id: 1, gateway: [2; 20] }
}

/// Fills `block` with `m` messages (and their records) as `lock` would.
fn fill<T: Config>(block: BlockNumberFor<T>, m: u32) {
	let sender: T::AccountId = account("sender", 0, 0);
	let first_nonce = NextNonce::<T>::get();
	let mut leaves = BoundedVec::new();
	for i in 0..m {
		let nonce = first_nonce + u64::from(i);
		let message = Message { domain: domain(), nonce, recipient: [3; 20], amount: 1 };
		leaves.try_push(message.leaf_hash()).expect("m is at most the block's bound");
		Messages::<T>::insert(
			nonce,
			LockedMessage { sender: sender.clone(), message, block, index: i },
		);
	}
	NextNonce::<T>::put(first_nonce + u64::from(m));
	if m > 0 {
		BlockMessages::<T>::insert(block, BlockLeaves { first_nonce, leaves });
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn lock() {
		let caller: T::AccountId = whitelisted_caller();
		let limits = TransferLimits::<T>::get();
		T::Currency::set_balance(&caller, limits.max.saturating_mul(4));
		Target::<T>::put(domain());
		// Not block 0: the benchmark runner moves a block-0 benchmark to block 1.
		let now: BlockNumberFor<T> = 10u32.into();
		frame_system::Pallet::<T>::set_block_number(now);
		fill::<T>(now, T::MaxMessagesPerBlock::get().saturating_sub(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), limits.max, H160::repeat_byte(7));

		assert_eq!(
			BlockMessages::<T>::get(now).unwrap().leaves.len() as u32,
			T::MaxMessagesPerBlock::get()
		);
	}

	#[benchmark]
	fn set_target() {
		let origin = T::AdminOrigin::try_successful_origin().expect("an admin origin exists");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, H160::repeat_byte(9));
		assert!(Target::<T>::get().is_some());
	}

	#[benchmark]
	fn set_paused() {
		let origin = T::PauseOrigin::try_successful_origin().expect("a pause origin exists");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, true);
		assert!(Paused::<T>::get());
	}

	#[benchmark]
	fn set_limits() {
		let origin = T::AdminOrigin::try_successful_origin().expect("an admin origin exists");
		let limits = Limits { min: 5, max: 10 };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, limits);
		assert_eq!(TransferLimits::<T>::get(), limits);
	}

	#[benchmark]
	fn on_initialize(m: Linear<0, { T::MaxMessagesPerBlock::get() }>) {
		let retention = T::MessageRetention::get();
		let old: BlockNumberFor<T> = 1u32.into();
		fill::<T>(old, m);
		let now = old.saturating_add(retention);
		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}
		assert!(BlockMessages::<T>::get(old).is_none());
		assert!(Messages::<T>::get(1).is_none());
	}

	#[benchmark]
	fn on_finalize(m: Linear<0, { T::MaxMessagesPerBlock::get() }>) {
		let now: BlockNumberFor<T> = 10u32.into();
		fill::<T>(now, m);
		#[block]
		{
			Pallet::<T>::on_finalize(now);
		}
		assert_eq!(LastRoot::<T>::get().is_some(), m > 0);
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::tests::mock::new_test_ext(),
		crate::tests::mock::Test
	);
}
