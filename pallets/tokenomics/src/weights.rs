//! Weights of the tokenomics calls and the epoch hook.
//!
//! `WeightInfo for ()` serves mock runtimes and tests: figures of the same shape as the benchmarks
//! measure, rounded up. The runtime uses the file `scripts/generate-weights.sh` generates from
//! `benchmarking.rs` (`runtime/src/weights/pallet_tokenomics.rs`).
//!
//! `rate` and `close_epoch` are benchmarked against `a`, the number of assets with an account
//! (10 ..= 100,000), to show that their cost does not grow with it; the pallet charges them at
//! `a = 100,000`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the tokenomics pallet.
pub trait WeightInfo {
	fn rate(a: u32) -> Weight;
	fn claim_rewards(v: u32) -> Weight;
	fn payout() -> Weight;
	fn set_params() -> Weight;
	fn close_epoch(a: u32) -> Weight;
}

/// For mock runtimes and tests.
impl WeightInfo for () {
	fn rate(a: u32) -> Weight {
		Weight::from_parts(160_000_000, 6_100)
			.saturating_add(Weight::from_parts(1_100, 0).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn claim_rewards(v: u32) -> Weight {
		Weight::from_parts(105_000_000, 6_200)
			.saturating_add(Weight::from_parts(47_000_000, 2_600).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(v.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(v.into())))
	}
	fn payout() -> Weight {
		Weight::from_parts(57_000_000, 6_200)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 1_700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn close_epoch(a: u32) -> Weight {
		Weight::from_parts(137_000_000, 6_200)
			.saturating_add(Weight::from_parts(700, 0).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
}
