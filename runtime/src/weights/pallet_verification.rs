//! Weights for `pallet_verification` — PENDING GENERATION: conservative estimates
//! in the shape the benchmarks measure, replaced by `scripts/benchmark.sh` output.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weights of `pallet_verification` in this runtime.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_verification::WeightInfo for WeightInfo<T> {
	fn register_verifier() -> Weight {
		Weight::from_parts(50_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn top_up() -> Weight {
		Weight::from_parts(50_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn unbond() -> Weight {
		Weight::from_parts(40_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(40_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	fn commit() -> Weight {
		Weight::from_parts(25_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn reveal(k: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(Weight::from_parts(60_000_000, 8_000).saturating_mul(k.into()))
			.saturating_add(T::DbWeight::get().reads_writes(4, 2))
			.saturating_add(T::DbWeight::get().reads_writes(3, 6).saturating_mul(k.into()))
	}
	fn open_round(v: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(400_000, 50).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads_writes(5, 20))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
	fn conclude(k: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(Weight::from_parts(60_000_000, 8_000).saturating_mul(k.into()))
			.saturating_add(T::DbWeight::get().reads_writes(3, 6).saturating_mul(k.into()))
	}
	fn cancel(k: u32) -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(T::DbWeight::get().writes(3).saturating_mul(k.into()))
	}
	fn expire(v: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(400_000, 50).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads_writes(6, 22))
	}
}
