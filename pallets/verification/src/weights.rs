//! Weights of the verification pallet's calls and hooks.
//!
//! `WeightInfo for ()` serves mock runtimes and tests: figures of the same shape as the benchmarks
//! measure, rounded up. The runtime uses the file `scripts/benchmark.sh` generates from
//! `benchmarking.rs` (`runtime/src/weights/pallet_verification.rs`).

#![allow(unused_parens, unused_imports, missing_docs)]

use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the verification pallet.
pub trait WeightInfo {
	fn register_verifier() -> Weight;
	fn top_up() -> Weight;
	fn unbond() -> Weight;
	fn withdraw_unbonded() -> Weight;
	fn commit() -> Weight;
	/// A reveal that concludes a round of `k` members (the worst case).
	fn reveal(k: u32) -> Weight;
	/// Opening a round with `v` verifiers in the active set.
	fn open_round(v: u32) -> Weight;
	fn set_params() -> Weight;
	/// Concluding a round of `k` members from `on_initialize`.
	fn conclude(k: u32) -> Weight;
	/// Cancelling a round of `k` members.
	fn cancel(k: u32) -> Weight;
	/// Expiring a verification and opening its next round with `v` verifiers active.
	fn expire(v: u32) -> Weight;
}

impl WeightInfo for () {
	fn register_verifier() -> Weight {
		Weight::from_parts(50_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn top_up() -> Weight {
		Weight::from_parts(50_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn unbond() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 2))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3))
	}
	fn commit() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn reveal(k: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(Weight::from_parts(60_000_000, 8_000).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(4, 2))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 6).saturating_mul(k.into()))
	}
	fn open_round(v: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(400_000, 50).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(5, 20))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
	fn conclude(k: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(Weight::from_parts(60_000_000, 8_000).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 6).saturating_mul(k.into()))
	}
	fn cancel(k: u32) -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().writes(3).saturating_mul(k.into()))
	}
	fn expire(v: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(400_000, 50).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(6, 22))
	}
}
