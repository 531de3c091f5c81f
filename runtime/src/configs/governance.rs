//! Hybrid governance: pallet-referenda (with the scheduler and the preimage pallet) deciding with
//! the two-chamber tally of `pallet-hybrid-governance`.
//!
//! Three tracks, one per kind of allowed action, each enacted with its own origin:
//!
//! | track | id | enacts | origin accepted by |
//! |---|---|---|---|
//! | parameters | 0 | `Tokenomics::set_params`, `Verification::set_params`, `Governance::set_params`, `Governance::set_cancellers`; `Staking::set_min_commission`, `Staking::cancel_deferred_slash` | those calls' `ParamsOrigin`; staking's `AdminOrigin` (Root or this track) |
//! | treasury | 1 | `Governance::spend` (DAO vault) | `SpendOrigin` |
//! | runtime upgrade | 2 | `Governance::authorize_upgrade` | `UpgradeOrigin` |
//!
//! Proposals go through `Governance::propose`, which refuses calls outside that set;
//! `Referenda::submit` is filtered out (`system.rs`). Root is no longer accepted for any of
//! these calls: on the dev chains sudo can still cancel or kill a referendum, not enact one.
//!
//! Every track needs at least 20% turnout in both chambers (`tracks_keep_a_support_floor`), and
//! both chambers' approval (the tally takes the smaller), measured against the electorate when
//! the referendum was submitted.

use crate::{
	currency::DSY, AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Runtime,
	RuntimeCall, RuntimeHoldReason, Scheduler, System,
};
use alloc::borrow::Cow;
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstU32, EitherOfDiverse, EqualPrivilegeOnly, Imbalance,
		LinearStoragePrice, OnUnbalanced,
	},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_hybrid_governance::{Action, ClassifyCall, EnsureGovernance, GovernanceOrigin};
use pallet_referenda::{Curve, Track, TrackInfo, TracksInfo};
use sp_runtime::{str_array as s, Perbill};

#[cfg(not(feature = "fast-runtime"))]
use crate::time::{DAYS, HOURS};

parameter_types! {
	/// Scheduled calls (enactments, referendum alarms) may use 80% of a block.
	pub MaximumSchedulerWeight: Weight = {
		let max = crate::configs::RuntimeBlockWeights::get().max_block;
		let share = Perbill::from_percent(80);
		Weight::from_parts(share.mul_floor(max.ref_time()), share.mul_floor(max.proof_size()))
	};
	/// Hold for a preimage noted directly: 10 DSY + 0.01 DSY per byte.
	pub const PreimageBaseDeposit: Balance = 10 * DSY;
	pub const PreimageByteDeposit: Balance = DSY / 100;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = crate::RuntimeEvent;
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = crate::RuntimeEvent;
	type RuntimeOrigin = crate::RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// Track periods (blocks of 6 s).
#[cfg(not(feature = "fast-runtime"))]
mod periods {
	use super::*;
	pub const PREPARE: BlockNumber = HOURS;
	pub const DECISION: BlockNumber = 7 * DAYS;
	pub const CONFIRM_PARAMETERS: BlockNumber = 3 * HOURS;
	pub const CONFIRM_TREASURY: BlockNumber = 6 * HOURS;
	pub const CONFIRM_UPGRADE: BlockNumber = DAYS;
	pub const ENACT_PARAMETERS: BlockNumber = DAYS;
	pub const ENACT_TREASURY: BlockNumber = DAYS;
	pub const ENACT_UPGRADE: BlockNumber = 2 * DAYS;
	/// Votes stay locked 7 days after their referendum ends.
	pub const VOTE_LOCK: BlockNumber = 7 * DAYS;
	/// A referendum without a decision deposit may be cancelled by anyone after 14 days.
	pub const UNDECIDING_TIMEOUT: BlockNumber = 14 * DAYS;
	/// The curves start at each track's own ceilings.
	pub const APPROVAL_CEIL_MAX: u32 = 100;
	pub const SUPPORT_CEIL_MAX: u32 = 100;
}

/// Track periods with `fast-runtime`: a referendum passes in about a minute.
#[cfg(feature = "fast-runtime")]
mod periods {
	use super::*;
	pub const PREPARE: BlockNumber = 2;
	pub const DECISION: BlockNumber = 30;
	pub const CONFIRM_PARAMETERS: BlockNumber = 2;
	pub const CONFIRM_TREASURY: BlockNumber = 2;
	pub const CONFIRM_UPGRADE: BlockNumber = 2;
	pub const ENACT_PARAMETERS: BlockNumber = 2;
	pub const ENACT_TREASURY: BlockNumber = 2;
	pub const ENACT_UPGRADE: BlockNumber = 2;
	pub const VOTE_LOCK: BlockNumber = 10;
	pub const UNDECIDING_TIMEOUT: BlockNumber = 30;
	/// Flatter curves, so that a handful of test voters decide in a few blocks: approval from
	/// 80%, support from 30% (the floors are the normal ones).
	pub const APPROVAL_CEIL_MAX: u32 = 80;
	pub const SUPPORT_CEIL_MAX: u32 = 30;
}

pub use periods::*;

/// The smallest support any track accepts, in each chamber.
pub const SUPPORT_FLOOR: Perbill = Perbill::from_percent(20);

const fn min(a: u32, b: u32) -> u32 {
	if a < b {
		a
	} else {
		b
	}
}

const fn track(
	id: u16,
	name: &str,
	decision_deposit: Balance,
	confirm_period: BlockNumber,
	min_enactment_period: BlockNumber,
	approval_floor: u32,
	support_ceil: u32,
) -> Track<u16, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name: s(name),
			max_deciding: 10,
			decision_deposit,
			prepare_period: PREPARE,
			decision_period: DECISION,
			confirm_period,
			min_enactment_period,
			// Approval needed falls linearly from 100% (80% with fast-runtime) to the floor over the
			// decision period.
			min_approval: Curve::LinearDecreasing {
				length: Perbill::one(),
				floor: Perbill::from_percent(approval_floor),
				ceil: Perbill::from_percent(APPROVAL_CEIL_MAX),
			},
			// Turnout needed (in both chambers) falls from the ceiling (at most 30% with fast-runtime)
			// to 20%.
			min_support: Curve::LinearDecreasing {
				length: Perbill::one(),
				floor: SUPPORT_FLOOR,
				ceil: Perbill::from_percent(min(support_ceil, SUPPORT_CEIL_MAX)),
			},
		},
	}
}

const TRACKS: [Track<u16, Balance, BlockNumber>; 3] = [
	track(0, "parameters", 5_000 * DSY, CONFIRM_PARAMETERS, ENACT_PARAMETERS, 60, 50),
	track(1, "treasury", 2_000 * DSY, CONFIRM_TREASURY, ENACT_TREASURY, 60, 50),
	track(2, "runtime_upgrade", 20_000 * DSY, CONFIRM_UPGRADE, ENACT_UPGRADE, 66, 60),
];

/// The governance tracks.
pub struct Tracks;
impl TracksInfo<Balance, BlockNumber> for Tracks {
	type Id = u16;
	type RuntimeOrigin = OriginCaller;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<u16, Balance, BlockNumber>>> {
		TRACKS.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &OriginCaller) -> Result<u16, ()> {
		match origin {
			OriginCaller::Governance(GovernanceOrigin::Parameters) => Ok(0),
			OriginCaller::Governance(GovernanceOrigin::Treasury) => Ok(1),
			OriginCaller::Governance(GovernanceOrigin::RuntimeUpgrade) => Ok(2),
			// pallet-referenda's own benchmarks submit with Root; only benchmark builds map it.
			#[cfg(feature = "runtime-benchmarks")]
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(0),
			_ => Err(()),
		}
	}
}

parameter_types! {
	/// Taken from the proposer; returned when the referendum is approved or cancelled, kept
	/// (reserved) when it is rejected or times out.
	pub const SubmissionDeposit: Balance = 100 * DSY;
	pub const UndecidingTimeout: BlockNumber = UNDECIDING_TIMEOUT;
	pub const VoteLockingPeriod: BlockNumber = VOTE_LOCK;
	pub const ParametersTrack: GovernanceOrigin = GovernanceOrigin::Parameters;
	pub const TreasuryTrack: GovernanceOrigin = GovernanceOrigin::Treasury;
	pub const UpgradeTrack: GovernanceOrigin = GovernanceOrigin::RuntimeUpgrade;
	pub DaoVault: AccountId = crate::Tokenomics::vault_account();
}

/// Origin of parameter changes (tokenomics, verification, governance).
pub type ParamsOrigin = EnsureGovernance<ParametersTrack>;

impl pallet_referenda::Config for Runtime {
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = crate::RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = frame_system::EnsureSigned<AccountId>;
	/// An emergency canceller (genesis: the bootstrap validators), or Root where sudo exists.
	type CancelOrigin =
		EitherOfDiverse<EnsureRoot<AccountId>, pallet_hybrid_governance::EnsureCanceller<Runtime>>;
	/// Killing (which also slashes the deposits) is Root's only: no one on the testnet.
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = BurnReferendumSlash;
	type Votes = u128;
	type Tally = pallet_hybrid_governance::Tally<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<50>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = ConstU32<1>;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// Burns the deposits of a killed referendum and records the burn in the supply ledger.
pub struct BurnReferendumSlash;
impl OnUnbalanced<pallet_balances::NegativeImbalance<Runtime>> for BurnReferendumSlash {
	fn on_nonzero_unbalanced(slash: pallet_balances::NegativeImbalance<Runtime>) {
		crate::Tokenomics::note_burned(pallet_tokenomics::BurnKind::Slash, slash.peek());
	}
}

/// The calls governance may enact.
pub struct AllowedCalls;

/// The most slashes one `staking.cancelDeferredSlash` proposal may cancel (keeps the call small).
pub const MAX_SLASHES_CANCELLED: u32 = 64;
impl ClassifyCall<RuntimeCall, Balance> for AllowedCalls {
	fn classify(call: &RuntimeCall) -> Option<Action<Balance>> {
		use pallet_hybrid_governance::Call as G;
		use pallet_staking::Call as S;
		match call {
			RuntimeCall::Tokenomics(pallet_tokenomics::Call::set_params { .. })
			| RuntimeCall::Verification(pallet_verification::Call::set_params { .. })
			| RuntimeCall::Governance(G::set_params { .. } | G::set_cancellers { .. }) => {
				Some(Action::Parameters)
			},
			// Staking's calls for its `AdminOrigin`: the minimum commission, and cancelling a
			// deferred slash (at most `MAX_SLASHES_CANCELLED` at once). Its other admin calls
			// (validator count, staking limits) demand Root, which no track enacts with.
			RuntimeCall::Staking(S::set_min_commission { .. }) => Some(Action::Parameters),
			RuntimeCall::Staking(S::cancel_deferred_slash { slash_indices, .. })
				if slash_indices.len() <= MAX_SLASHES_CANCELLED as usize =>
			{
				Some(Action::Parameters)
			},
			RuntimeCall::Governance(G::spend { amount, .. }) => Some(Action::Spend(*amount)),
			RuntimeCall::Governance(G::authorize_upgrade { .. }) => Some(Action::RuntimeUpgrade),
			_ => None,
		}
	}
}

impl pallet_hybrid_governance::Config for Runtime {
	type Currency = Balances;
	type RuntimeFreezeReason = crate::RuntimeFreezeReason;
	/// Reputation and stake at risk, from the verification pallet (through its trait).
	type Standing = crate::Verification;
	type AllowedCalls = AllowedCalls;
	type GovernancePalletsOrigin = OriginCaller;
	type Vault = DaoVault;
	type SpendOrigin = EnsureGovernance<TreasuryTrack>;
	type UpgradeOrigin = EnsureGovernance<UpgradeTrack>;
	type ParamsOrigin = ParamsOrigin;
	type VoteLockingPeriod = VoteLockingPeriod;
	type MaxVotes = ConstU32<32>;
	type WeightInfo = crate::weights::pallet_hybrid_governance::WeightInfo<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tracks_keep_a_support_floor() {
		assert!(Tracks::check_integrity().is_ok());
		for t in Tracks::tracks() {
			let Curve::LinearDecreasing { floor, .. } = t.info.min_support else {
				panic!("linear support curves")
			};
			assert!(floor >= SUPPORT_FLOOR);
		}
	}
}
