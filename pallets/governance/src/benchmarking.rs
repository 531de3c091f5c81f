//! Benchmarks of the governance calls, each on its most expensive path.
// Benchmarks run only in benchmark builds, off-chain: a setup that fails must abort loudly.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::arithmetic_side_effects)]

use super::*;
use alloc::{boxed::Box, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::StorePreimage;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_referenda::{PalletsOriginOf, ReferendumCount};

const DSY: u128 = 1_000_000_000_000;
const RICH: u128 = 1_000_000_000 * DSY;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	let _ = <T as Config>::Currency::set_balance(&who, RICH);
	who
}

/// Gives the electorate non-zero totals so that referenda's own benchmarks can build passing and
/// failing tallies ([`Tally`]'s `setup`).
pub fn ensure_electorate<T: Config>() {
	ElectorateTotals::<T>::mutate(|e| {
		if e.stake == 0 {
			e.stake = 1_000_000_000;
		}
		if e.reputation == 0 {
			e.reputation = 1_000_000;
		}
	});
}

/// The largest allowed call a benchmark proposes: a full cancellers list, too big to travel
/// inline, so `propose` notes a preimage.
fn big_call<T: Config>() -> <T as frame_system::Config>::RuntimeCall
where
	<T as frame_system::Config>::RuntimeCall: From<Call<T>>,
{
	Call::<T>::set_cancellers { cancellers: full_cancellers::<T>() }.into()
}

/// The longest cancellers list.
fn full_cancellers<T: Config>() -> BoundedVec<T::AccountId, MaxCancellers> {
	let all: Vec<T::AccountId> = (0..8).map(|i| account("canceller", i, 0)).collect();
	all.try_into().expect("8 cancellers fit")
}

/// A referendum open for votes.
fn referendum<T: Config + pallet_referenda::Config>() -> PollIndex
where
	<T as frame_system::Config>::RuntimeCall: From<Call<T>>,
{
	let proposer = funded::<T>("proposer", 0);
	let index = ReferendumCount::<T>::get();
	Pallet::<T>::propose(
		RawOrigin::Signed(proposer).into(),
		Box::new(big_call::<T>()),
		10u32.into(),
	)
	.expect("allowed call");
	index
}

/// A referendum open for votes on the parameters track (which the cancellers may cancel).
fn params_referendum<T: Config + pallet_referenda::Config>() -> PollIndex
where
	<T as frame_system::Config>::RuntimeCall: From<Call<T>>,
{
	let proposer = funded::<T>("proposer", 1);
	let index = ReferendumCount::<T>::get();
	let call: <T as frame_system::Config>::RuntimeCall =
		Call::<T>::set_params { params: Pallet::<T>::default_params() }.into();
	Pallet::<T>::propose(RawOrigin::Signed(proposer).into(), Box::new(call), 10u32.into())
		.expect("allowed call");
	index
}

/// A voter with a lock (and the electorate it joins, with others in it).
fn voter<T: Config>(name: &'static str) -> T::AccountId {
	for i in 0..3 {
		let other = funded::<T>("other", i);
		Pallet::<T>::lock(RawOrigin::Signed(other).into(), 1_000 * DSY).unwrap();
	}
	let who = funded::<T>(name, 0);
	Pallet::<T>::lock(RawOrigin::Signed(who.clone()).into(), 10_000 * DSY).unwrap();
	who
}

// The benchmarks build their worst cases in `pallet-referenda`'s own storage (an approved
// referendum with its enactment scheduled), so they name it; the pallet itself does not.
#[benchmarks(where
	<T as frame_system::Config>::RuntimeCall: From<Call<T>>,
	T: pallet_referenda::Config<BlockNumberProvider = frame_system::Pallet<T>>,
	PalletsOriginOf<T>: From<GovernanceOrigin>,
)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn lock() {
		let who = voter::<T>("voter");

		#[extrinsic_call]
		lock(RawOrigin::Signed(who.clone()), 20_000 * DSY);

		assert_eq!(Voters::<T>::get(&who).unwrap().locked, 20_000 * DSY);
	}

	#[benchmark]
	fn unlock() {
		let who = voter::<T>("voter");

		#[extrinsic_call]
		unlock(RawOrigin::Signed(who.clone()), 10_000 * DSY);

		assert!(Voters::<T>::get(&who).is_none());
	}

	#[benchmark]
	fn vote() {
		let who = voter::<T>("voter");
		let poll = referendum::<T>();

		#[extrinsic_call]
		vote(RawOrigin::Signed(who.clone()), poll, true);

		assert!(Votes::<T>::contains_key(poll, &who));
	}

	#[benchmark]
	fn remove_vote() {
		let who = voter::<T>("voter");
		let poll = referendum::<T>();
		Pallet::<T>::vote(RawOrigin::Signed(who.clone()).into(), poll, true).unwrap();

		#[extrinsic_call]
		remove_vote(RawOrigin::Signed(who.clone()), poll);

		assert!(!Votes::<T>::contains_key(poll, &who));
	}

	#[benchmark]
	fn refresh() {
		let who = voter::<T>("voter");
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		refresh(RawOrigin::Signed(caller), who.clone());

		assert!(Voters::<T>::contains_key(&who));
	}

	#[benchmark]
	fn propose() {
		let proposer = funded::<T>("proposer", 0);
		let index = ReferendumCount::<T>::get();

		#[extrinsic_call]
		propose(RawOrigin::Signed(proposer), Box::new(big_call::<T>()), 10u32.into());

		assert_eq!(ReferendumCount::<T>::get(), index + 1);
	}

	#[benchmark]
	fn spend() -> Result<(), BenchmarkError> {
		let origin =
			T::SpendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let _ = <T as Config>::Currency::set_balance(&T::Vault::get(), RICH);
		// A new account: the transfer creates it.
		let beneficiary: T::AccountId = account("beneficiary", 0, 0);

		#[extrinsic_call]
		spend(origin as T::RuntimeOrigin, beneficiary.clone(), 1_000 * DSY);

		assert_eq!(<T as Config>::Currency::balance(&beneficiary), 1_000 * DSY);
		Ok(())
	}

	#[benchmark]
	fn authorize_upgrade() -> Result<(), BenchmarkError> {
		let origin =
			T::UpgradeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		authorize_upgrade(origin as T::RuntimeOrigin, T::Hash::default());

		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::ParamsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut params = Pallet::<T>::default_params();
		params.min_lock = 2 * DSY;

		#[extrinsic_call]
		set_params(origin as T::RuntimeOrigin, params);

		assert_eq!(Params::<T>::get(), Some(params));
		Ok(())
	}

	#[benchmark]
	fn set_cancellers() -> Result<(), BenchmarkError> {
		let origin =
			T::EmergencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cancellers = full_cancellers::<T>();

		#[extrinsic_call]
		set_cancellers(origin as T::RuntimeOrigin, cancellers);

		assert_eq!(Cancellers::<T>::get().len(), 8);
		Ok(())
	}

	/// The wrapper's own cost: the origin, the classification and the dispatch of the runtime's
	/// cheapest Root call (its own weight is added to the wrapper's when charged).
	#[benchmark]
	fn enact_as_root() {
		let (call, track) = T::BenchmarkHelper::root_call();
		let origin = PalletsOriginOf::<T>::from(track);

		#[extrinsic_call]
		enact_as_root(origin.into() as T::RuntimeOrigin, Box::new(call));
	}

	#[benchmark]
	fn emergency_cancel() {
		let canceller: T::AccountId = account("canceller", 0, 0);
		Cancellers::<T>::put(BoundedVec::truncate_from(alloc::vec![canceller.clone()]));
		let poll = params_referendum::<T>();

		#[extrinsic_call]
		emergency_cancel(RawOrigin::Signed(canceller), poll);

		assert!(matches!(
			pallet_referenda::ReferendumInfoFor::<T>::get(poll),
			Some(pallet_referenda::ReferendumInfo::Cancelled(..))
		));
	}

	/// An approved referendum whose enactment waits in the scheduler.
	#[benchmark]
	fn cancel_enactment() -> Result<(), BenchmarkError> {
		use frame_support::traits::schedule::{v3::Named, DispatchTime};
		let origin =
			T::EmergencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let poll = referendum::<T>();
		let now = frame_system::Pallet::<T>::block_number();
		pallet_referenda::ReferendumInfoFor::<T>::insert(
			poll,
			pallet_referenda::ReferendumInfo::Approved(now, None, None),
		);
		let call: <T as pallet_referenda::Config>::RuntimeCall =
			<T as frame_system::Config>::RuntimeCall::from(Call::<T>::set_cancellers {
				cancellers: full_cancellers::<T>(),
			})
			.into();
		let bounded = <T as pallet_referenda::Config>::Preimages::bound(call).unwrap();
		let by = PalletsOriginOf::<T>::from(GovernanceOrigin::Parameters);
		<T as pallet_referenda::Config>::Scheduler::schedule_named(
			enactment_task(poll),
			DispatchTime::At(now + 100u32.into()),
			None,
			63,
			by,
			bounded,
		)
		.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		cancel_enactment(origin as T::RuntimeOrigin, poll);

		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::tests::mock::new_test_ext(),
		crate::tests::mock::Test
	);
}
