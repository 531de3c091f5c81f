//! Weights of the governance calls.
//!
//! `WeightInfo for ()` serves mock runtimes and tests: figures of the same shape as the benchmarks
//! measure, rounded up. The runtime uses the file `scripts/generate-weights.sh` generates from
//! `benchmarking.rs` (`runtime/src/weights/pallet_governance.rs`).

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the governance pallet.
pub trait WeightInfo {
	fn lock() -> Weight;
	fn unlock() -> Weight;
	fn vote() -> Weight;
	fn remove_vote() -> Weight;
	fn refresh() -> Weight;
	fn propose() -> Weight;
	fn spend() -> Weight;
	fn authorize_upgrade() -> Weight;
	fn set_params() -> Weight;
	fn set_cancellers() -> Weight;
	fn enact_as_root() -> Weight;
	fn emergency_cancel() -> Weight;
	fn cancel_enactment() -> Weight;
}

/// For mock runtimes and tests.
impl WeightInfo for () {
	fn lock() -> Weight {
		Weight::from_parts(80_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn unlock() -> Weight {
		Weight::from_parts(80_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(120_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn remove_vote() -> Weight {
		Weight::from_parts(100_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn refresh() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn propose() -> Weight {
		Weight::from_parts(150_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn spend() -> Weight {
		Weight::from_parts(80_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn authorize_upgrade() -> Weight {
		Weight::from_parts(20_000_000, 1_000).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(15_000_000, 1_500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_cancellers() -> Weight {
		Weight::from_parts(15_000_000, 1_500).saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn enact_as_root() -> Weight {
		Weight::from_parts(10_000_000, 0)
	}
	fn emergency_cancel() -> Weight {
		Weight::from_parts(20_000_000, 4_000).saturating_add(RocksDbWeight::get().reads(2_u64))
	}
	fn cancel_enactment() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
}
