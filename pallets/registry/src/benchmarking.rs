//! Benchmarks of the registry's calls (worst cases: the most related assets, the longest license).
// Benchmarks run only in benchmark builds, off-chain: a setup that fails must abort loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::*;
use crate::pallet::{Assets, BalanceOf};
use alloc::{vec, vec::Vec};
use dsynapse_asset_types::VerificationLifecycle;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::BoundedVec,
	traits::{fungible::Mutate, Get},
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Saturating};

/// A distinct valid CIDv1 (raw, sha2-256) per `n`.
fn cid_bytes(n: u64) -> Vec<u8> {
	let mut digest = [0u8; 32];
	digest[..8].copy_from_slice(&n.to_le_bytes());
	dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, digest).to_bytes()
}

/// [`cid_bytes`] as a call argument.
fn cid(n: u64) -> CidArg {
	cid_bytes(n).try_into().expect("a CID fits its argument")
}

fn funded<T: Config>(name: &'static str) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let who: T::AccountId = account(name, 0, 0);
	let amount = BalanceOf::<T>::max_value() / 4u32.into();
	let _ = T::Currency::set_balance(&who, amount);
	who
}

fn license<T: Config>() -> BoundedVec<u8, T::MaxLicenseLen> {
	vec![b'A'; T::MaxLicenseLen::get() as usize].try_into().expect("the longest license")
}

/// Registers `n` assets from a helper account and returns their ids.
fn existing<T: Config>(n: u32) -> Vec<AssetId>
where
	T::Currency: Mutate<T::AccountId>,
{
	let helper = funded::<T>("helper");
	(0..n)
		.map(|i| {
			let id = NextAssetId::<T>::get();
			let r = Pallet::<T>::register(
				RawOrigin::Signed(helper.clone()).into(),
				AssetKind::Dataset,
				cid(1_000_000u64.saturating_add(u64::from(i))),
				1,
				b"MIT".to_vec().try_into().expect("a short license"),
				cid(2_000_000),
				Default::default(),
			);
			assert!(r.is_ok());
			id
		})
		.collect()
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register(r: Linear<0, { T::MaxRelated::get() }>) {
		let related = existing::<T>(r);
		let owner = funded::<T>("owner");
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			AssetKind::Model,
			cid(1),
			u64::MAX,
			license::<T>(),
			cid(2),
			related.try_into().expect("at most MaxRelated"),
		);
		let id = NextAssetId::<T>::get().saturating_sub(1);
		assert_eq!(Assets::<T>::get(id).map(|a| a.owner), Some(owner));
	}

	#[benchmark]
	fn update_manifest() {
		let owner = funded::<T>("owner");
		let _ = Pallet::<T>::register(
			RawOrigin::Signed(owner.clone()).into(),
			AssetKind::Model,
			cid(1),
			1,
			license::<T>(),
			cid(2),
			Default::default(),
		);
		// Settle any round the registration opened, so the manifest may change, and wait out
		// the cooldown.
		T::Verification::on_withdrawn(0);
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::ManifestCooldown::get()));
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 0, cid(3));
		assert_eq!(Assets::<T>::get(0).map(|a| a.manifest.to_bytes()), Some(cid_bytes(3)));
	}

	#[benchmark]
	fn withdraw() {
		let owner = funded::<T>("owner");
		let _ = Pallet::<T>::register(
			RawOrigin::Signed(owner.clone()).into(),
			AssetKind::Model,
			cid(1),
			1,
			license::<T>(),
			cid(2),
			Default::default(),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 0);
		assert_eq!(Assets::<T>::get(0).map(|a| a.status), Some(AssetStatus::Withdrawn));
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::tests::mock::new_test_ext(),
		crate::tests::mock::Test
	);
}
