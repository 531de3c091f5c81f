//! The asset registry and verification: deposits, stakes, committees, deadlines.

use crate::{
	currency::DSY, time::EPOCH_DURATION_IN_BLOCKS, Balance, BlockNumber, Hash, Registry, Runtime,
	RuntimeHoldReason, Verification,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Randomness},
};
use sp_runtime::Perbill;

parameter_types! {
	/// Held for every registered asset, returned on withdrawal.
	pub const AssetDeposit: Balance = 10 * DSY;
}

impl pallet_asset_registry::Config for Runtime {
	type Currency = crate::Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetDeposit = AssetDeposit;
	type MaxLicenseLen = ConstU32<64>;
	type MaxRelated = ConstU32<16>;
	type Verification = Verification;
	/// The tokenomics pallet aggregates ΣV_k and pays the committees.
	type OnScoreChange = crate::Tokenomics;
	type WeightInfo = crate::weights::pallet_asset_registry::WeightInfo<Runtime>;
}

/// Round seeds: the VRF output of the parent block's BABE author, which nobody knows before that
/// block is built (its author could only withhold the block, losing the slot); before the first
/// VRF output exists, the randomness of one epoch ago.
pub struct RoundRandomness;
impl Randomness<Hash, BlockNumber> for RoundRandomness {
	fn random(subject: &[u8]) -> (Hash, BlockNumber) {
		match pallet_babe::ParentBlockRandomness::<Runtime>::random(subject) {
			(Some(hash), block) => (hash, block),
			(None, _) => pallet_babe::RandomnessFromOneEpochAgo::<Runtime>::random(subject),
		}
	}
}

/// Blocks unbonded verifier stake stays held: 7 days, or 200 blocks with `fast-runtime`. Always
/// longer than the longest commit + reveal phases governance can set.
#[cfg(not(feature = "fast-runtime"))]
pub const VERIFIER_UNBONDING: BlockNumber = 7 * crate::time::DAYS;
/// Blocks unbonded verifier stake stays held: 7 days, or 200 blocks with `fast-runtime`.
#[cfg(feature = "fast-runtime")]
pub const VERIFIER_UNBONDING: BlockNumber = 200;

parameter_types! {
	/// Verification parameters before any governance change.
	pub DefaultVerificationParams: pallet_verification::Params<Balance, BlockNumber> =
		pallet_verification::Params {
			committee_size: 3,
			// Two of three.
			quorum: Perbill::from_percent(66),
			commit_period: 50,
			reveal_period: 50,
			// A quarter of a logit (1/256 units).
			tolerance: 64,
			no_show_slash: Perbill::from_percent(5),
			outlier_slash: Perbill::from_percent(10),
			reputation_gain: 10,
			reputation_loss: 20,
			// 42 epochs: 7 days (7 minutes with `fast-runtime`).
			validity_epochs: 42,
			max_attempts: 3,
			min_stake: 100 * DSY,
		};
	pub const EpochLength: BlockNumber = EPOCH_DURATION_IN_BLOCKS;
	pub const VerifierUnbonding: BlockNumber = VERIFIER_UNBONDING;
}

impl pallet_verification::Config for Runtime {
	type Currency = crate::Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = Registry;
	type Randomness = RoundRandomness;
	/// A parameters-track referendum (hybrid governance).
	type ParamsOrigin = super::governance::ParamsOrigin;
	/// The supply ledger counts slashes.
	type OnSlashBurned = crate::Tokenomics;
	type DefaultParams = DefaultVerificationParams;
	type EpochLength = EpochLength;
	type UnbondingDelay = VerifierUnbonding;
	type MaxVerifiers = ConstU32<512>;
	type MaxCommittee = ConstU32<16>;
	type MaxDuePerBlock = ConstU32<32>;
	type MaxFinalizePerBlock = ConstU32<8>;
	type WeightInfo = crate::weights::pallet_verification::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AssetFactory;
}

/// Registers assets for the verification benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct AssetFactory;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_verification::BenchmarkHelper<crate::AccountId> for AssetFactory {
	fn create_asset(
		owner: &crate::AccountId,
		kind: dsynapse_asset_types::AssetKind,
		n: u32,
	) -> dsynapse_asset_types::AssetId {
		use frame_support::traits::fungible::Mutate;
		let _ = crate::Balances::mint_into(owner, 1_000 * DSY);
		let id = pallet_asset_registry::NextAssetId::<Runtime>::get();
		let mut digest = [0u8; 32];
		if let Some(prefix) = digest.get_mut(..4) {
			prefix.copy_from_slice(&n.to_le_bytes());
		}
		let cid = dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, digest).to_bytes();
		let manifest = dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, [9; 32]).to_bytes();
		let _ = Registry::register(
			crate::RuntimeOrigin::signed(owner.clone()),
			kind,
			cid,
			1 << 30,
			b"Apache-2.0".to_vec(),
			manifest,
			alloc::vec::Vec::new(),
		);
		id
	}
}
