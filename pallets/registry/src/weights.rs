//! Weights of the registry's calls.
//!
//! `WeightInfo for ()` serves mock runtimes and tests: figures of the same shape as the benchmarks
//! measure, rounded up. The runtime uses the file `scripts/generate-weights.sh` generates from
//! `benchmarking.rs` (`runtime/src/weights/pallet_registry.rs`).

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the registry.
pub trait WeightInfo {
	fn register(r: u32) -> Weight;
	fn update_manifest() -> Weight;
	fn withdraw() -> Weight;
}

/// For mock runtimes and tests.
impl WeightInfo for () {
	fn register(r: u32) -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(Weight::from_parts(5_000_000, 2_600).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn update_manifest() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
}
