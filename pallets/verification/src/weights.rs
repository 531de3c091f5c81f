//! Weights of the verification pallet's calls and hooks.
//!
//! `WeightInfo for ()` serves mock runtimes and tests: figures of the same shape as the benchmarks
//! measure, rounded up. The runtime uses the file `scripts/generate-weights.sh` generates from
//! `benchmarking.rs` (`runtime/src/weights/pallet_verification.rs`).

#![allow(unused_parens, unused_imports, missing_docs)]

use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the verification pallet.
pub trait WeightInfo {
	/// Registering into a full active set, displacing its smallest member (the worst case).
	fn register_verifier() -> Weight;
	/// A top-up that brings an outside verifier back into a full set, displacing its smallest
	/// member (the worst case).
	fn top_up() -> Weight;
	fn unbond() -> Weight;
	fn withdraw_unbonded() -> Weight;
	fn commit() -> Weight;
	/// A reveal that concludes a round of `k` members (the worst case).
	fn reveal(k: u32) -> Weight;
	/// A committee draw (opening a requested round) with `v` verifiers in the active set.
	fn open_round(v: u32) -> Weight;
	/// Asking for a round: holding the fee and scheduling the draw.
	fn request_round() -> Weight;
	fn set_params() -> Weight;
	/// `on_initialize` concluding `n` rounds of `k` members each, taken from one bucket of due
	/// verdicts (`n` = `MaxFinalizePerBlock`: a full bucket).
	fn conclude(k: u32, n: u32) -> Weight;
	/// Cancelling a round of `k` members.
	fn cancel(k: u32) -> Weight;
	/// `on_initialize` expiring `n` verifications from one bucket of expiries, each asking its
	/// owner for the next round, with `v` verifiers active (`n` = `MaxExpiriesPerBlock`: a full
	/// bucket).
	fn expire(v: u32, n: u32) -> Weight;
	/// Slashing a verifier at its worst: a pass over a full active set, the held-balance burn,
	/// the record write and the supply-ledger report.
	fn slash() -> Weight;
}

impl WeightInfo for () {
	fn register_verifier() -> Weight {
		Weight::from_parts(60_000_000, 20_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn top_up() -> Weight {
		Weight::from_parts(60_000_000, 20_000)
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
			.saturating_add(RocksDbWeight::get().reads_writes(5, 3))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 6).saturating_mul(k.into()))
	}
	fn open_round(v: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(400_000, 50).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(5, 20))
	}
	fn request_round() -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 6))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
	fn conclude(k: u32, n: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(Weight::from_parts(60_000_000, 8_000).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(4, 7).saturating_mul(k.into()))
			.saturating_mul(n.into())
	}
	fn cancel(k: u32) -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
			.saturating_add(RocksDbWeight::get().writes(3).saturating_mul(k.into()))
	}
	fn expire(v: u32, n: u32) -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(Weight::from_parts(400_000, 50).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(7, 23))
			.saturating_mul(n.into())
	}
	fn slash() -> Weight {
		Weight::from_parts(60_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 5))
	}
}
