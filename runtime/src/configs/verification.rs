//! Verification: round seeds, verifier stakes and unbonding, committees, deadlines.

use crate::{
	currency::DSY, time::EPOCH_DURATION_IN_BLOCKS, Balance, BlockNumber, Hash, Registry, Runtime,
	RuntimeHoldReason,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Randomness},
};
use sp_runtime::Perbill;

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
			// Never below the outlier slash: withholding a reveal must not be the cheaper answer
			// to an expected loss (`Params::check` refuses it).
			no_show_slash: Perbill::from_percent(10),
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
	/// A verification's fee: 3 DSY, 1 DSY a seat of the default 3-member committee.
	pub const RoundFee: Balance = 3 * DSY;
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
	/// Tokenomics takes every verdict (score, validity, attesters) and pays the attesters.
	type OnVerdict = crate::Tokenomics;
	type DefaultParams = DefaultVerificationParams;
	type EpochLength = EpochLength;
	type UnbondingDelay = VerifierUnbonding;
	/// The committee of a round asked for in block n is drawn in block n + 2, from the VRF
	/// output of block n + 1's author: unknown to whoever asked (unless it authors that block).
	type DrawDelay = ConstU32<2>;
	type RoundFee = RoundFee;
	/// Committee draws per block (each a stake-weighted pass over the active set per seat).
	type MaxDrawsPerBlock = ConstU32<8>;
	/// 512 seats; a full set is still open: a larger stake displaces the smallest member, so
	/// holding it against a newcomer with stake `s` costs 512·s locked.
	type MaxVerifiers = ConstU32<512>;
	type MaxCommittee = ConstU32<16>;
	/// Verdicts per block (each may slash a full committee and pay the fee out).
	type MaxFinalizePerBlock = ConstU32<8>;
	/// Expiries per block, a budget separate from verdicts (each asks for the next round).
	type MaxExpiriesPerBlock = ConstU32<8>;
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
		let id = pallet_registry::NextAssetId::<Runtime>::get();
		let mut digest = [0u8; 32];
		if let Some(prefix) = digest.get_mut(..4) {
			prefix.copy_from_slice(&n.to_le_bytes());
		}
		let cid = dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, digest).to_bytes();
		let manifest = dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, [9; 32]).to_bytes();
		// Benchmarks only: a registration that fails must stop them loudly.
		#[allow(clippy::expect_used)]
		Registry::register(
			crate::RuntimeOrigin::signed(owner.clone()),
			kind,
			cid.try_into().expect("a CID fits its argument"),
			1 << 30,
			b"Apache-2.0".to_vec().try_into().expect("a short license"),
			manifest.try_into().expect("a CID fits its argument"),
			Default::default(),
		)
		.expect("the benchmark asset registers");
		id
	}
}
