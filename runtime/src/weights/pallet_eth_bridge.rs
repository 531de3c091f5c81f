//! Weights of `pallet_eth_bridge` — to be replaced by `scripts/generate-weights.sh pallet_eth_bridge`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weights for `pallet_eth_bridge`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_eth_bridge::WeightInfo for WeightInfo<T> {
	fn lock() -> Weight {
		<() as pallet_eth_bridge::WeightInfo>::lock()
	}
	fn set_target() -> Weight {
		<() as pallet_eth_bridge::WeightInfo>::set_target()
	}
	fn set_paused() -> Weight {
		<() as pallet_eth_bridge::WeightInfo>::set_paused()
	}
	fn set_limits() -> Weight {
		<() as pallet_eth_bridge::WeightInfo>::set_limits()
	}
	fn on_initialize(m: u32) -> Weight {
		<() as pallet_eth_bridge::WeightInfo>::on_initialize(m)
	}
	fn on_finalize(m: u32) -> Weight {
		<() as pallet_eth_bridge::WeightInfo>::on_finalize(m)
	}
}
