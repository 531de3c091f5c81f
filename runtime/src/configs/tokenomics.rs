//! Tokenomics: rating burns, epoch emission, the DAO vault, rewards and the supply ledger.
//!
//! This file also routes every change of total issuance that happens outside the tokenomics
//! pallet into its ledger, so that `issuance_start + minted − burned = total issuance` holds:
//!
//! | issuance change | where | recorded as |
//! |---|---|---|
//! | transaction fee burned | [`super::fees::BurnFeesTipAuthor`] | burned.fees |
//! | verifier slash | `pallet_verification` → `OnSlashBurned` | burned.slashes |
//! | validator/nominator slash | staking `Slash` = [`BurnStakingSlash`] | burned.slashes |
//! | deposits of a killed referendum | referenda `Slash` = [`super::governance::BurnReferendumSlash`] | burned.slashes |
//! | dust of a reaped account | balances `DustRemoval` = [`BurnDust`] | burned.dust |
//! | era payout to stakers | staking `Reward` = [`RecordStakingReward`] | minted.tail |
//! | epoch mint | the pallet itself | minted.contributions / vault |
//!
//! `Balances::burn` is filtered out (see `system.rs`): a burn outside these paths would not be
//! on the books. Root can still change balances directly (`force_set_balance`); the ledger then
//! disagrees until the next runtime upgrade fixes it, which is why Root is for dev chains only.

use crate::{
	time::EPOCH_DURATION_IN_BLOCKS, AccountId, Balance, Balances, BlockNumber, Runtime, Tokenomics,
};
use frame_support::{
	parameter_types,
	traits::{
		fungible::{Credit, Debt},
		ConstU32, Imbalance, OnUnbalanced,
	},
	PalletId,
};
use pallet_tokenomics::BurnKind;

parameter_types! {
	/// A tokenomics epoch is a BABE epoch: 4 hours (10 blocks with `fast-runtime`).
	pub const TokenomicsEpoch: BlockNumber = EPOCH_DURATION_IN_BLOCKS;
	/// The rewards pot: minted contributions wait here until claimed.
	pub const RewardsPotId: PalletId = PalletId(*b"dsy/rwds");
	/// The DAO vault: 3% of every epoch's mint.
	pub const DaoVaultId: PalletId = PalletId(*b"dsy/daov");
}

impl pallet_tokenomics::Config for Runtime {
	type Currency = Balances;
	type Registry = crate::Registry;
	type Dispute = crate::Verification;
	type EpochLength = TokenomicsEpoch;
	type PotId = RewardsPotId;
	type VaultId = DaoVaultId;
	/// 1,000 epochs: ~166 days of ledger (1,000 fast epochs: ~17 hours).
	type HistoryDepth = ConstU32<1_000>;
	/// The verification committee bound.
	type MaxVerifiers = ConstU32<16>;
	/// A parameters-track referendum (hybrid governance).
	type ParamsOrigin = super::governance::ParamsOrigin;
	type WeightInfo = crate::weights::pallet_tokenomics::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RateableAsset;
}

/// Registers assets for the tokenomics benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct RateableAsset;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_tokenomics::BenchmarkHelper<AccountId> for RateableAsset {
	fn create_asset(owner: &AccountId) -> dsynapse_asset_types::AssetId {
		use pallet_verification::BenchmarkHelper;
		let n = u32::try_from(pallet_registry::NextAssetId::<Runtime>::get()).unwrap_or(0);
		super::verification::AssetFactory::create_asset(
			owner,
			dsynapse_asset_types::AssetKind::Model,
			n,
		)
	}
}

/// Burns the dust of reaped accounts and records it.
pub struct BurnDust;
impl OnUnbalanced<Credit<AccountId, Balances>> for BurnDust {
	fn on_nonzero_unbalanced(dust: Credit<AccountId, Balances>) {
		Tokenomics::note_burned(BurnKind::Dust, dust.peek());
	}
}

/// Burns what staking slashes and records it.
pub struct BurnStakingSlash;
impl OnUnbalanced<Credit<AccountId, Balances>> for BurnStakingSlash {
	fn on_nonzero_unbalanced(slash: Credit<AccountId, Balances>) {
		Tokenomics::note_burned(BurnKind::Slash, slash.peek());
	}
}

/// Records the era rewards staking mints (the validators' share of I_tail).
pub struct RecordStakingReward;
impl OnUnbalanced<Debt<AccountId, Balances>> for RecordStakingReward {
	fn on_nonzero_unbalanced(reward: Debt<AccountId, Balances>) {
		Tokenomics::note_tail_paid(reward.peek());
	}
}

/// Staking's era payout: the validators' share of I_tail accrued over the era's epochs.
pub struct TailPayout;
impl pallet_staking::EraPayout<Balance> for TailPayout {
	fn era_payout(_staked: Balance, _issuance: Balance, _era_millis: u64) -> (Balance, Balance) {
		(Tokenomics::take_validator_payout(), 0)
	}
}
