//! Weights of the bridge's calls and hooks.
//!
//! `WeightInfo for ()` serves mock runtimes and tests: figures of the same shape as the benchmarks
//! measure, rounded up. The runtime uses the file `scripts/generate-weights.sh` generates from
//! `benchmarking.rs` (`runtime/src/weights/pallet_eth_bridge.rs`).

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the bridge.
pub trait WeightInfo {
	fn lock() -> Weight;
	fn set_target() -> Weight;
	fn set_paused() -> Weight;
	fn set_limits() -> Weight;
	/// Pruning `m` messages of an old block.
	fn on_initialize(m: u32) -> Weight;
	/// Hashing `m` messages of this block into its root.
	fn on_finalize(m: u32) -> Weight;
}

/// For mock runtimes and tests.
impl WeightInfo for () {
	fn lock() -> Weight {
		Weight::from_parts(80_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn set_target() -> Weight {
		Weight::from_parts(15_000_000, 1_500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_paused() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_limits() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_initialize(m: u32) -> Weight {
		Weight::from_parts(5_000_000, 2_500)
			.saturating_add(Weight::from_parts(3_000_000, 2_600).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(m.into())))
	}
	fn on_finalize(m: u32) -> Weight {
		Weight::from_parts(5_000_000, 2_500)
			.saturating_add(Weight::from_parts(2_000_000, 32).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
