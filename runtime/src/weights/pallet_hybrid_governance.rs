// Replaced by scripts/benchmark.sh.
use core::marker::PhantomData;
use frame_support::weights::Weight;
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_hybrid_governance::WeightInfo for WeightInfo<T> {
	fn lock() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::lock()
	}
	fn unlock() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::unlock()
	}
	fn vote() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::vote()
	}
	fn remove_vote() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::remove_vote()
	}
	fn refresh() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::refresh()
	}
	fn propose() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::propose()
	}
	fn spend() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::spend()
	}
	fn authorize_upgrade() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::authorize_upgrade()
	}
	fn set_params() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::set_params()
	}
	fn set_cancellers() -> Weight {
		<() as pallet_hybrid_governance::WeightInfo>::set_cancellers()
	}
}
