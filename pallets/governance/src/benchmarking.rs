//! Benchmarks of the governance calls, each on its most expensive path.
// Benchmarks run only in benchmark builds, off-chain: a setup that fails must abort loudly.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::arithmetic_side_effects)]

use super::*;
use alloc::{boxed::Box, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_referenda::ReferendumCount;

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
fn referendum<T: Config>() -> PollIndex
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

#[benchmarks(where <T as frame_system::Config>::RuntimeCall: From<Call<T>>)]
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
			T::ParamsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cancellers = full_cancellers::<T>();

		#[extrinsic_call]
		set_cancellers(origin as T::RuntimeOrigin, cancellers);

		assert_eq!(Cancellers::<T>::get().len(), 8);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::tests::mock::new_test_ext(),
		crate::tests::mock::Test
	);
}
