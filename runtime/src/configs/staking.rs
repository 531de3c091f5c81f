//! Nominated proof-of-stake.
//!
//! Anyone can become a validator: `staking.bond`, `session.setKeys`, `staking.validate` (which
//! the runtime refuses until the stash has session keys: [`crate::validator_keys`]); at the
//! start of the next era the on-chain sequential-Phragmén election picks up to `validatorCount`
//! validators from the bonded candidates and their nominators' backing. Block authors earn era
//! points (20 per block).
//!
//! Slashing: an equivocation (two GRANDPA votes in one round, two BABE blocks in one slot)
//! reported with a key-ownership proof becomes an offence (`configs::consensus`); its fraction is
//! min(1, (3k/n)²) for k offenders among n validators (one of four: 56.25%), taken from the
//! offender's and its nominators' exposure in the offence era e, when era
//! e + [`SLASH_DEFER_DURATION`] + 1 starts, and burned. Genesis validators listed as
//! invulnerables are never slashed.
//!
//! The voters the election reads are the largest first: a bags list ([`VoterList`], sorted by
//! stake into geometric bags) replaces the unsorted map, so dust nominators cannot crowd honest
//! ones out of the election's voter bound ([`ElectionBoundsOnChain`]: 5,000 voters), and a
//! nominator must bond at least [`MIN_NOMINATOR_BOND`] (governance changes it with
//! `staking.setStakingConfigs`, as it does the nominator count limit and the chill threshold).
//!
//! Era rewards: the validators' share of the tail emission `I_tail` (DESIGN §4), accrued by the
//! tokenomics pallet every epoch and handed to staking at each era's end through `EraPayout`;
//! payouts mint it and are recorded in the supply ledger, as are slashes (burned).

use crate::{
	currency::DSY, time::SESSIONS_PER_ERA, AccountId, Balance, Balances, EraIndex, Runtime,
	RuntimeEvent, RuntimeHoldReason, Session, Staking, Timestamp,
};
use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use super::constants::{BONDING_DURATION, MAX_AUTHORITIES};

/// Eras between an offence and its slash, during which `staking.cancelDeferredSlash` (admin
/// origin) can still cancel it: 7 days, or 1 era (2 minutes) with `fast-runtime` so that local
/// networks and tests see the slash land.
#[cfg(not(feature = "fast-runtime"))]
pub const SLASH_DEFER_DURATION: EraIndex = 7;
/// Eras between an offence and its slash (see above): 1 with `fast-runtime`.
#[cfg(feature = "fast-runtime")]
pub const SLASH_DEFER_DURATION: EraIndex = 1;

// A slash must land while the offender is still bonded.
const _: () = assert!(SLASH_DEFER_DURATION < BONDING_DURATION);

parameter_types! {
	/// Sessions per era.
	pub const SessionsPerEra: sp_staking::SessionIndex = SESSIONS_PER_ERA;
	/// Eras a stash stays bonded after `unbond` (28 days, or ~1 hour with `fast-runtime`).
	pub const BondingDuration: EraIndex = BONDING_DURATION;
	/// Slashes are applied this many eras after the offence, so they can still be cancelled.
	pub const SlashDeferDuration: EraIndex = SLASH_DEFER_DURATION;
	/// Eras of reward and exposure history kept.
	pub const HistoryDepth: u32 = 84;
	/// Nominators paid per exposure page.
	pub const MaxExposurePageSize: u32 = 256;
	/// Voters and targets the on-chain election reads at most: bounds its work per block.
	pub ElectionBoundsOnChain: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(5_000.into())
		.targets_count(1_000.into())
		.build();
	/// Backers counted per elected validator.
	pub const MaxBackersPerWinner: u32 = 512;
	/// Validators elected at most.
	pub const MaxWinners: u32 = MAX_AUTHORITIES;
	/// The smallest bond accepted for a validator: 10 DSY.
	pub const MinValidatorBond: Balance = 10 * DSY;
	/// The bag thresholds of the voter list.
	pub const BagThresholds: &'static [u64] = &VOTER_BAGS;
	/// Voters the bags list moves to their right bag on its own each block.
	pub const AutoRebagPerBlock: u32 = 10;
}

/// The smallest bond accepted for a nominator: 10 DSY, so that filling the election's 5,000
/// voter slots with dust costs 50,000 DSY bonded (and, with the sorted voter list, still puts
/// every larger nominator first).
pub const MIN_NOMINATOR_BOND: Balance = 10 * DSY;
/// The most nominators at genesis (governance may change it).
pub const MAX_NOMINATORS: u32 = 20_000;

/// Number of bags in the voter list.
pub const VOTER_BAG_COUNT: usize = 200;

/// Geometric bag thresholds (vote weight, i.e. bonded planck while the issuance fits in 64 bits):
/// from the existential deposit, each bag 1/8 above the last, the last one `u64::MAX`.
pub const VOTER_BAGS: [u64; VOTER_BAG_COUNT] = voter_bags();

// Evaluated at compile time only (it initializes a `const`): an index out of bounds or an
// overflow would fail the build, never a block.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn voter_bags() -> [u64; VOTER_BAG_COUNT] {
	let mut bags = [0u64; VOTER_BAG_COUNT];
	let mut threshold = crate::currency::EXISTENTIAL_DEPOSIT as u64;
	let mut i = 0;
	while i < VOTER_BAG_COUNT {
		bags[i] = threshold;
		threshold = match threshold.checked_add(threshold / 8) {
			Some(next) => next,
			None => u64::MAX,
		};
		i += 1;
	}
	bags[VOTER_BAG_COUNT - 1] = u64::MAX;
	bags
}

impl pallet_bags_list::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_bags_list::weights::SubstrateWeight<Runtime>;
	type ScoreProvider = Staking;
	type BagThresholds = BagThresholds;
	type MaxAutoRebagPerBlock = AutoRebagPerBlock;
	type Score = frame_election_provider_support::VoteWeight;
}

/// The on-chain election: sequential Phragmén over all bonded candidates and nominators, within
/// [`ElectionBoundsOnChain`].
pub struct OnChainSeqPhragmen;
impl onchain::Config for OnChainSeqPhragmen {
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type DataProvider = Staking;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type MaxBackersPerWinner = MaxBackersPerWinner;
	type MaxWinnersPerPage = MaxWinners;
	type Bounds = ElectionBoundsOnChain;
	type Sort = sp_core::ConstBool<true>;
}

/// Sizes the staking benchmarks run at.
pub struct StakingBenchmarkingConfig;
impl pallet_staking::BenchmarkingConfig for StakingBenchmarkingConfig {
	type MaxNominators = ConstU32<1000>;
	type MaxValidators = ConstU32<1000>;
}

impl pallet_staking::Config for Runtime {
	type OldCurrency = Balances;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CurrencyBalance = Balance;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type ElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type GenesisElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type NominationsQuota = pallet_staking::FixedNominationsQuota<16>;
	type HistoryDepth = HistoryDepth;
	/// Unpaid remainders are burned.
	type RewardRemainder = ();
	type RuntimeEvent = RuntimeEvent;
	/// Slashed funds are burned (and recorded in the supply ledger).
	type Slash = super::tokenomics::BurnStakingSlash;
	/// Reward payouts are recorded in the supply ledger as the minted tail.
	type Reward = super::tokenomics::RecordStakingReward;
	type SessionsPerEra = SessionsPerEra;
	type BondingDuration = BondingDuration;
	type SlashDeferDuration = SlashDeferDuration;
	/// The minimum commission and deferred slashes: a parameters referendum, or Root on the
	/// chains that have sudo. (Staking's other admin calls, such as the validator count, demand
	/// Root itself: sudo on dev/local, a referendum's `Governance::enact_as_root` elsewhere.)
	type AdminOrigin = EitherOfDiverse<EnsureRoot<AccountId>, super::governance::ParamsOrigin>;
	type SessionInterface = Self;
	type EraPayout = super::tokenomics::TailPayout;
	type NextNewSession = Session;
	type MaxExposurePageSize = MaxExposurePageSize;
	type MaxValidatorSet = MaxWinners;
	/// Voters by stake, largest first.
	type VoterList = crate::VoterList;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	type MaxUnlockingChunks = ConstU32<32>;
	type MaxControllersInDeprecationBatch = ConstU32<64>;
	type EventListeners = ();
	type Filter = frame_support::traits::Nothing;
	type BenchmarkingConfig = StakingBenchmarkingConfig;
	type WeightInfo = pallet_staking::weights::SubstrateWeight<Runtime>;
}
