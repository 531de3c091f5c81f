//! Benchmarks of every call and hook, in their worst cases: a full active set for anything that
//! draws a committee or searches the set (registration and top-up displace its smallest member),
//! the largest committee and the longest answers for verdicts, full buckets for `on_initialize`.

// Benchmarks run only in benchmark builds, off-chain: a setup that fails must abort loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use dsynapse_asset_types::{AssetKind, AssetRegistry, AssetStatus};
use dsynapse_challenge::{derive::model_layout, Fingerprint, ModelFingerprint, TopEntry};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, CheckedDiv, One, Saturating};

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let who: T::AccountId = account(name, i, 0);
	let funds = BalanceOf::<T>::max_value().checked_div(&1_000_000u32.into()).unwrap_or_default();
	let _ = T::Currency::set_balance(&who, funds);
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

fn active<T: Config>(who: &T::AccountId) -> bool {
	ActiveSet::<T>::get().iter().any(|(a, _)| a == who)
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

/// An answer as the `reveal` argument.
fn bounded(fp: &Fingerprint) -> BoundedFingerprint {
	fp.encode().try_into().expect("an answer within the fingerprint bound")
}

fn commit_answer<T: Config>(who: &T::AccountId, asset: AssetId, fp: &Fingerprint) {
	let c = dsynapse_challenge::commitment(&[7; 32], &who.encode(), &fp.encode());
	assert!(Pallet::<T>::commit(RawOrigin::Signed(who.clone()).into(), asset, c).is_ok());
}

/// Makes the committee draw of the asset's requested round now (instead of at its `draw_at`).
fn draw_now<T: Config>(asset: AssetId) {
	if let Some(request) = Requests::<T>::get(asset) {
		Draws::<T>::remove(request.draw_at, asset);
		Pallet::<T>::draw(asset);
	}
}

/// An asset with a running round of `k` members drawn from `v` verifiers (its fee held).
fn running_round<T: Config>(k: u32, v: u32) -> (AssetId, Vec<T::AccountId>)
where
	T::Currency: Mutate<T::AccountId>,
{
	set_committee_size::<T>(k);
	verifiers::<T>(v);
	let owner = funded::<T>("owner", 0);
	let asset = T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, 0);
	draw_now::<T>(asset);
	let members = Rounds::<T>::get(asset).expect("round").committee.into_inner();
	(asset, members)
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	/// Registering into a full set: the newcomer's larger stake displaces the smallest member.
	#[benchmark]
	fn register_verifier() {
		let max = T::MaxVerifiers::get();
		let all = verifiers::<T>(max);
		let smallest = all.first().cloned().expect("verifiers");
		let who = funded::<T>("new", 0);
		let stake = CurrentParams::<T>::get().min_stake.saturating_add(max.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), stake);
		assert!(active::<T>(&who));
		assert!(!active::<T>(&smallest));
	}

	/// A displaced verifier tops up back into a full set, displacing the new smallest member.
	#[benchmark]
	fn top_up() {
		let max = T::MaxVerifiers::get();
		let all = verifiers::<T>(max);
		let (first, second) = (all.first().cloned().expect("v0"), all.get(1).cloned());
		let newcomer = funded::<T>("new", 0);
		let stake = CurrentParams::<T>::get().min_stake.saturating_add(max.into());
		assert!(Pallet::<T>::register_verifier(RawOrigin::Signed(newcomer).into(), stake).is_ok());
		assert!(!active::<T>(&first));
		#[extrinsic_call]
		_(RawOrigin::Signed(first.clone()), 2u32.into());
		assert!(active::<T>(&first));
		if let Some(second) = second {
			assert!(!active::<T>(&second));
		}
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
				bounded(&fp)
			)
			.is_ok());
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), asset, [7; 32], bounded(&fp));
		assert!(!Rounds::<T>::contains_key(asset));
		assert!(matches!(
			T::Registry::summary(asset).map(|s| s.status),
			Some(AssetStatus::Verified { .. })
		));
	}

	/// A committee draw (opening a requested round) with `v` verifiers active.
	#[benchmark]
	fn open_round(v: Linear<{ T::MaxCommittee::get() }, { T::MaxVerifiers::get() }>) {
		set_committee_size::<T>(T::MaxCommittee::get());
		let owner = funded::<T>("owner", 0);
		let asset = T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, 0);
		verifiers::<T>(v);
		let request = Requests::<T>::get(asset).expect("requested at registration");
		Draws::<T>::remove(request.draw_at, asset);
		#[block]
		{
			Pallet::<T>::draw(asset);
		}
		assert!(Rounds::<T>::contains_key(asset));
	}

	/// Asking for a round of an asset whose first round was deferred: the caller pays the fee
	/// (the owner's was already paid out here, so the fee is held again).
	#[benchmark]
	fn request_round() {
		let owner = funded::<T>("owner", 0);
		// Registered before any verifier: its draw is deferred.
		let asset = T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, 0);
		draw_now::<T>(asset);
		assert!(!Rounds::<T>::contains_key(asset));
		Pallet::<T>::settle_fee(asset, &[]);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), asset);
		assert!(Requests::<T>::contains_key(asset));
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

	/// `on_initialize` concluding `n` rounds of `k` members from one bucket, every member
	/// revealed and agreeing. At `n = MaxFinalizePerBlock` the bucket holds one round more than
	/// the budget (a full bucket: the cursor must stay).
	#[benchmark]
	fn conclude(
		k: Linear<1, { T::MaxCommittee::get() }>,
		n: Linear<1, { T::MaxFinalizePerBlock::get() }>,
	) {
		set_committee_size::<T>(k);
		verifiers::<T>(k);
		let owner = funded::<T>("owner", 0);
		let extra = u32::from(n == T::MaxFinalizePerBlock::get());
		let assets: Vec<AssetId> = (0..n.saturating_add(extra))
			.map(|i| T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, i))
			.collect();
		let mut due = BlockNumberFor::<T>::default();
		for asset in &assets {
			draw_now::<T>(*asset);
			let fp = answer::<T>(*asset);
			let round = Rounds::<T>::get(asset).expect("round");
			for m in &round.committee {
				commit_answer::<T>(m, *asset, &fp);
				Reveals::<T>::insert(asset, m, BoundedFingerprint::truncate_from(fp.encode()));
			}
			Rounds::<T>::mutate(asset, |r| {
				if let Some(r) = r {
					r.reveals = k;
				}
			});
			due = round.due_at;
		}
		frame_system::Pallet::<T>::set_block_number(due);
		DueCursor::<T>::put(due);
		ExpiryCursor::<T>::put(due.saturating_add(One::one()));
		#[block]
		{
			Pallet::<T>::on_initialize(due);
		}
		let running = assets.iter().filter(|a| Rounds::<T>::contains_key(a)).count() as u32;
		assert_eq!(running, extra);
		assert_eq!(
			DueCursor::<T>::get(),
			if extra == 1 { due } else { due.saturating_add(One::one()) }
		);
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

	/// `on_initialize` expiring `n` verifications from one bucket, each asking its owner for
	/// the next round (the fee held, the draw scheduled; the draw is weighed by `open_round`)
	/// with `v` verifiers active. At `n = MaxExpiriesPerBlock` the bucket holds one expiry more
	/// than the budget (a full bucket: the cursor must stay).
	#[benchmark]
	fn expire(
		v: Linear<{ T::MaxCommittee::get() }, { T::MaxVerifiers::get() }>,
		n: Linear<1, { T::MaxExpiriesPerBlock::get() }>,
	) {
		set_committee_size::<T>(T::MaxCommittee::get());
		let owner = funded::<T>("owner", 0);
		let extra = u32::from(n == T::MaxExpiriesPerBlock::get());
		// Registered before any verifier: their first rounds are deferred.
		let assets: Vec<AssetId> = (0..n.saturating_add(extra))
			.map(|i| T::BenchmarkHelper::create_asset(&owner, AssetKind::Model, i))
			.collect();
		verifiers::<T>(v);
		let now = frame_system::Pallet::<T>::block_number();
		let next: BlockNumberFor<T> = now.saturating_add(One::one());
		for asset in &assets {
			// Their first verification ended and its fee was settled: the renewal is charged.
			if let Some(request) = Requests::<T>::take(asset) {
				Draws::<T>::remove(request.draw_at, asset);
			}
			Pallet::<T>::settle_fee(*asset, &[]);
			assert!(T::Registry::set_status(
				*asset,
				AssetStatus::Verified { score: sp_runtime::Perbill::one(), until: now }
			)
			.is_ok());
			Pallet::<T>::queue_expiry(*asset, now);
		}
		ExpiryCursor::<T>::put(next);
		DueCursor::<T>::put(next.saturating_add(One::one()));
		DrawCursor::<T>::put(next.saturating_add(One::one()));
		frame_system::Pallet::<T>::set_block_number(next);
		#[block]
		{
			Pallet::<T>::on_initialize(next);
		}
		let requested = assets.iter().filter(|a| Requests::<T>::contains_key(a)).count() as u32;
		assert_eq!(requested, n);
		let charged = assets.iter().filter(|a| RoundFees::<T>::contains_key(a)).count() as u32;
		assert_eq!(charged, n);
		assert_eq!(
			ExpiryCursor::<T>::get(),
			if extra == 1 { next } else { next.saturating_add(One::one()) }
		);
	}

	/// Slashing the last member of a full active set (found after a pass over the set) below
	/// the minimum stake, so it also leaves the set: burn, record write, supply-ledger report.
	#[benchmark]
	fn slash() {
		let all = verifiers::<T>(T::MaxVerifiers::get());
		let who = all.last().cloned().expect("verifiers");
		let before = Verifiers::<T>::get(&who).expect("verifier").stake;
		#[block]
		{
			Pallet::<T>::slash(&who, types::MAX_SLASH, SlashReason::Outlier);
		}
		assert!(Verifiers::<T>::get(&who).expect("verifier").stake < before);
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::tests::mock::new_test_ext(),
		crate::tests::mock::Test
	);
}
