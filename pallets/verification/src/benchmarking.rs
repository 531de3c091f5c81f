//! Benchmarks of every call and hook, in their worst cases: a full active set for anything that
// Benchmarks run only in benchmark builds, off-chain: a setup that fails must abort loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]
//! draws a committee or searches the set, the largest committee and the longest answers for
//! verdicts.

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use dsynapse_asset_types::{AssetKind, AssetRegistry, AssetStatus};
use dsynapse_challenge::{derive::model_layout, Fingerprint, ModelFingerprint, TopEntry};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, One, Saturating};

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let who: T::AccountId = account(name, i, 0);
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

/// `n` registered verifiers with distinct stakes at or above the minimum.
fn verifiers<T: Config>(n: u32) -> Vec<T::AccountId>
where
	T::Currency: Mutate<T::AccountId>,
{
	let min = CurrentParams::<T>::get().min_stake;
	(0..n)
		.map(|i| {
			let who = funded::<T>("verifier", i);
			let stake = min.saturating_add(i.into());
			assert!(Pallet::<T>::register_verifier(RawOrigin::Signed(who.clone()).into(), stake)
				.is_ok());
			who
		})
		.collect()
}

fn set_committee_size<T: Config>(k: u32) {
	CurrentParams::<T>::mutate(|p| p.committee_size = k);
}

/// The largest valid model answer for the asset's running round.
fn answer<T: Config>(asset: AssetId) -> Fingerprint {
	let round = Rounds::<T>::get(asset).expect("round");
	let manifest = T::Registry::summary(asset).expect("asset").manifest;
	let layout = model_layout(&round.seed, &manifest);
	Fingerprint::Model(ModelFingerprint {
		tokens: (0..layout.generated_tokens()).map(|t| u32::MAX.saturating_sub(t)).collect(),
		top: layout
			.positions
			.iter()
			.map(|p| {
				(0..u32::from(layout.k))
					.map(|r| TopEntry {
						token: p.saturating_mul(64).saturating_add(r),
						logit: i32::MIN,
					})
					.collect()
			})
			.collect(),
	})
}

fn commit_answer<T: Config>(who: &T::AccountId, asset: AssetId, fp: &Fingerprint) {
	let c = dsynapse_challenge::commitment(&[7; 32], &who.encode(), &fp.encode());
	assert!(Pallet::<T>::commit(RawOrigin::Signed(who.clone()).into(), asset, c).is_ok());
}

/// An asset with a running round of `k` members drawn from `v` verifiers.
fn running_round<T: Config>(k: u32, v: u32) -> (AssetId, Vec<T::AccountId>)
where
	T::Currency: Mutate<T::AccountId>,
{
	set_committee_size::<T>(k);
	verifiers::<T>(v);
	let owner = funded::<T>("owner", 0);
	let asset = T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, 0);
	if !Rounds::<T>::contains_key(asset) {
		let summary = T::Registry::summary(asset).expect("asset");
		assert!(Pallet::<T>::open_round(asset, &summary, 0).is_ok());
	}
	let members = Rounds::<T>::get(asset).expect("round").committee.into_inner();
	(asset, members)
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_verifier() {
		verifiers::<T>(T::MaxVerifiers::get().saturating_sub(1));
		let who = funded::<T>("new", 0);
		let stake = CurrentParams::<T>::get().min_stake;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), stake);
		assert!(Verifiers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn top_up() {
		let all = verifiers::<T>(T::MaxVerifiers::get());
		let who = all.last().cloned().expect("verifiers");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), 1u32.into());
	}

	#[benchmark]
	fn unbond() {
		let all = verifiers::<T>(T::MaxVerifiers::get());
		let who = all.last().cloned().expect("verifiers");
		let stake = Verifiers::<T>::get(&who).expect("verifier").stake;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), stake);
		assert!(!ActiveSet::<T>::get().iter().any(|(a, _)| *a == who));
	}

	#[benchmark]
	fn withdraw_unbonded() {
		let who = verifiers::<T>(1).pop().expect("verifier");
		let stake = Verifiers::<T>::get(&who).expect("verifier").stake;
		assert!(Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into(), stake).is_ok());
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingDelay::get()),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Verifiers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn commit() {
		let (asset, members) = running_round::<T>(T::MaxCommittee::get(), T::MaxCommittee::get());
		let who = members.first().cloned().expect("member");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), asset, [1; 32]);
		assert!(Commits::<T>::contains_key(asset, &who));
	}

	/// The last reveal of a `k`-member round: verifies the answer and concludes the round.
	#[benchmark]
	fn reveal(k: Linear<1, { T::MaxCommittee::get() }>) {
		let (asset, members) = running_round::<T>(k, k);
		let fp = answer::<T>(asset);
		for m in &members {
			commit_answer::<T>(m, asset, &fp);
		}
		let (last, others) = members.split_last().expect("members");
		for m in others {
			assert!(Pallet::<T>::reveal(
				RawOrigin::Signed(m.clone()).into(),
				asset,
				[7; 32],
				fp.encode()
			)
			.is_ok());
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), asset, [7; 32], fp.encode());
		assert!(!Rounds::<T>::contains_key(asset));
		assert!(matches!(
			T::Registry::summary(asset).map(|s| s.status),
			Some(AssetStatus::Verified { .. })
		));
	}

	/// Opening a round (committee draw) with `v` verifiers active.
	#[benchmark]
	fn open_round(v: Linear<{ T::MaxCommittee::get() }, { T::MaxVerifiers::get() }>) {
		set_committee_size::<T>(T::MaxCommittee::get());
		let owner = funded::<T>("owner", 0);
		// Registered before any verifier: the round is deferred.
		let asset = T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, 0);
		verifiers::<T>(v);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		request_round(RawOrigin::Signed(caller), asset);
		assert!(Rounds::<T>::contains_key(asset));
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let mut params = CurrentParams::<T>::get();
		params.tolerance = params.tolerance.saturating_add(1).min(types::MAX_TOLERANCE);
		let origin =
			T::ParamsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(CurrentParams::<T>::get(), params);
		Ok(())
	}

	/// A verdict from `on_initialize`: `k` members, all revealed, every answer agreeing.
	#[benchmark]
	fn conclude(k: Linear<1, { T::MaxCommittee::get() }>) {
		let (asset, members) = running_round::<T>(k, k);
		let fp = answer::<T>(asset);
		for m in &members {
			commit_answer::<T>(m, asset, &fp);
		}
		let round = Rounds::<T>::get(asset).expect("round");
		frame_system::Pallet::<T>::set_block_number(round.commit_end.saturating_add(One::one()));
		for m in &members {
			Reveals::<T>::insert(asset, m, BoundedFingerprint::truncate_from(fp.encode()));
		}
		Rounds::<T>::mutate(asset, |r| {
			if let Some(r) = r {
				r.reveals = k;
			}
		});
		let round = Rounds::<T>::get(asset).expect("round");
		let summary = T::Registry::summary(asset).expect("asset");
		#[block]
		{
			Pallet::<T>::conclude(asset, round, &summary);
		}
		assert!(!Rounds::<T>::contains_key(asset));
	}

	/// Cancelling a `k`-member round (the asset was withdrawn).
	#[benchmark]
	fn cancel(k: Linear<1, { T::MaxCommittee::get() }>) {
		let (asset, members) = running_round::<T>(k, k);
		let fp = answer::<T>(asset);
		for m in &members {
			commit_answer::<T>(m, asset, &fp);
		}
		#[block]
		{
			Pallet::<T>::cancel(asset);
		}
		assert!(!Rounds::<T>::contains_key(asset));
	}

	/// An expiry processed by `on_initialize`, opening the next round with `v` verifiers active.
	#[benchmark]
	fn expire(v: Linear<{ T::MaxCommittee::get() }, { T::MaxVerifiers::get() }>) {
		set_committee_size::<T>(T::MaxCommittee::get());
		let owner = funded::<T>("owner", 0);
		let asset = T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, 0);
		verifiers::<T>(v);
		let now = frame_system::Pallet::<T>::block_number();
		assert!(T::Registry::set_status(
			asset,
			AssetStatus::Verified { score: sp_runtime::Perbill::one(), until: now }
		)
		.is_ok());
		let next: BlockNumberFor<T> = now.saturating_add(One::one());
		Expiries::<T>::mutate(next, |b| {
			let _ = b.try_push(asset);
		});
		ExpiryCursor::<T>::put(next);
		DueCursor::<T>::put(next.saturating_add(One::one()));
		frame_system::Pallet::<T>::set_block_number(next);
		#[block]
		{
			Pallet::<T>::on_initialize(next);
		}
		assert!(Rounds::<T>::contains_key(asset));
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::tests::mock::new_test_ext(),
		crate::tests::mock::Test
	);
}
