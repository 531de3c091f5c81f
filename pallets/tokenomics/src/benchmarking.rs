//! Benchmarks of the tokenomics calls and the epoch hook.
//!
//! `rate` and `close_epoch` run against `a` ∈ [10, 100,000] existing asset accounts: their
//! regression's slope in `a` is the evidence that neither visits assets.
// Benchmarks run only in benchmark builds, off-chain: a setup that fails must abort loudly.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::arithmetic_side_effects)]

use super::*;
use alloc::vec::Vec;
use dsynapse_asset_types::AssetId;
use dsynapse_tokenomics_math::{
	fixed::PLANCK_PER_TOKEN, index::RESCALE_BITS, AssetAccount, GlobalIndex, Wide,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::{FixedU128, Perbill};

const RICH: u128 = 1_000_000_000 * PLANCK_PER_TOKEN;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	let _ = T::Currency::set_balance(&who, RICH);
	who
}

/// `a` asset accounts that the measured code must not visit.
fn populate<T: Config>(a: u32) {
	let index = Index::<T>::get();
	for i in 0..a {
		let mut account = AssetAccount::new(&index);
		account.score = Perbill::from_percent(80);
		account.endorsement = FixedU128::from_u32(100);
		Accounts::<T>::insert(10_000_000 + AssetId::from(i), account);
	}
	Totals::<T>::mutate(|t| {
		t.score_sum = u64::from(a) * 800_000_000;
		t.weighted_endorsement = FixedU128::from_u32(80u32.saturating_mul(a));
	});
}

/// An index two scales on, with the ended scales recorded, and an account for `asset`
/// checkpointed in the first whose verification ran out an epoch ago (its expiry not yet
/// processed): settling it reads the clamp's index position and both ended scales (the longest
/// path).
fn old_account<T: Config>(asset: AssetId) {
	let start = GlobalIndex::default();
	let mut account = AssetAccount::new(&start);
	account.score = Perbill::from_percent(90);
	account.endorsement = FixedU128::from_u32(1_000);
	account.dispute = FixedU128::from_u32(10);
	Accounts::<T>::insert(asset, account);
	FinishedScales::<T>::insert(0, Wide::one());
	FinishedScales::<T>::insert(1, Wide::one());
	Index::<T>::put(GlobalIndex { epoch: 400, scale: 2, ..GlobalIndex::default() });
	Expiring::<T>::insert(asset, 399);
	IndexHistory::<T>::insert(399, GlobalIndex { epoch: 399, scale: 2, ..GlobalIndex::default() });
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn rate(a: Linear<10, 100_000>) {
		populate::<T>(a);
		let owner = funded::<T>("owner", 0);
		let asset = T::BenchmarkHelper::create_asset(&owner);
		old_account::<T>(asset);
		let rater = funded::<T>("rater", 0);

		#[extrinsic_call]
		rate(RawOrigin::Signed(rater), asset, 4, 1_000);

		assert!(Accounts::<T>::get(asset).is_some_and(|acc| acc.at.scale == 2));
	}

	#[benchmark]
	fn claim_rewards(v: Linear<0, { T::MaxVerifiers::get() }>) {
		let owner = funded::<T>("owner", 0);
		let asset = T::BenchmarkHelper::create_asset(&owner);
		old_account::<T>(asset);
		let verifiers: Vec<T::AccountId> = (0..v).map(|i| funded::<T>("verifier", i)).collect();
		for who in &verifiers {
			Credits::<T>::insert(who, PLANCK_PER_TOKEN);
		}
		Beneficiaries::<T>::insert(asset, BoundedVec::truncate_from(verifiers));
		let _ = T::Currency::set_balance(&Pallet::<T>::pot_account(), RICH);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		claim_rewards(RawOrigin::Signed(caller), asset);

		assert_eq!(Credits::<T>::get(&owner), 0);
	}

	#[benchmark]
	fn payout() {
		let who = funded::<T>("verifier", 0);
		Credits::<T>::insert(&who, PLANCK_PER_TOKEN);
		let _ = T::Currency::set_balance(&Pallet::<T>::pot_account(), RICH);

		#[extrinsic_call]
		payout(RawOrigin::Signed(who.clone()));

		assert_eq!(Credits::<T>::get(&who), 0);
	}

	#[benchmark]
	fn set_params() {
		let params = Params { gamma: FixedU128::from_rational(2, 100), ..Parameters::<T>::get() };

		#[extrinsic_call]
		set_params(RawOrigin::Root, params);

		assert_eq!(Parameters::<T>::get().gamma, FixedU128::from_rational(2, 100));
	}

	#[benchmark]
	fn close_epoch(a: Linear<10, 100_000>) {
		populate::<T>(a);
		// Worst case: the decay index rescales (an ended scale is stored), and the oldest epoch
		// of a full history is pruned.
		let depth = T::HistoryDepth::get();
		Index::<T>::put(GlobalIndex {
			epoch: depth,
			decay: Wide::pow2_neg(RESCALE_BITS),
			..GlobalIndex::default()
		});
		Current::<T>::mutate(|c| c.epoch = depth);
		History::<T>::insert(0, EpochStats::default());

		#[block]
		{
			Pallet::<T>::close_epoch();
		}

		assert_eq!(Index::<T>::get().scale, 1);
		assert!(History::<T>::get(0).is_none());
	}

	/// A control for `rate` and `close_epoch`: the same number of storage reads (9) and writes
	/// (4) as `rate`, of keys in the asset-account map, and no tokenomics logic. Whatever cost it
	/// gains from `a` is the state's size (the trie's depth), not work per asset. Not used for
	/// weights (`extra`).
	#[benchmark(extra)]
	fn storage_baseline(a: Linear<10, 100_000>) {
		populate::<T>(a);
		let keys: Vec<AssetId> = (0..9).map(|i| 10_000_000 + AssetId::from(i % a)).collect();

		#[block]
		{
			let mut total = 0u64;
			for key in &keys {
				total += Accounts::<T>::get(key).map_or(0, |acc| u64::from(acc.at.scale));
			}
			for key in keys.iter().take(4) {
				Accounts::<T>::mutate(key, |acc| {
					if let Some(acc) = acc {
						acc.at.scale = acc.at.scale.wrapping_add(total as u32);
					}
				});
			}
		}
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::tests::mock::new_test_ext(),
		crate::tests::mock::Test
	);
}
