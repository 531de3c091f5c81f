//! Hybrid governance: pallet-referenda (with the scheduler and the preimage pallet) deciding with
//! the two-chamber tally of `pallet-governance`.
//!
//! Four tracks, one per kind of allowed action, each enacted with its own origin:
//!
//! | track | id | enacts | origin accepted by |
//! |---|---|---|---|
//! | parameters | 0 | `Tokenomics::set_params`, `Verification::set_params`, `Governance::set_params`, `EthBridge::set_target`, `EthBridge::set_limits`; `Staking::set_min_commission`, `Staking::cancel_deferred_slash`; as Root through `Governance::enact_as_root`: staking's validator count, invulnerables, staking configs (bonds, nominator limits, chill threshold) and forced eras | those calls' `ParamsOrigin`; staking's `AdminOrigin` (Root or this track); `enact_as_root` for [`AllowedCalls::root_track`] |
//! | treasury | 1 | `Governance::spend` (DAO vault) | `SpendOrigin` |
//! | runtime upgrade | 2 | `Governance::authorize_upgrade` | `UpgradeOrigin` |
//! | emergency | 3 | `Referenda::cancel`, `Referenda::kill`, `Governance::cancel_enactment`, `Governance::set_cancellers`, `EthBridge::set_paused`; as Root: `Grandpa::note_stalled`, `Babe::plan_config_change` | referenda's cancel and kill origins, governance's `EmergencyOrigin` |
//!
//! The emergency cancellers cancel a referendum with `Governance::emergency_cancel`, never one on
//! the emergency track: a referendum replacing them cannot be stopped by them.
//!
//! Proposals go through `Governance::propose`, which refuses calls outside that set;
//! `Referenda::submit` is filtered out (`system.rs`). Root is no longer accepted for any of
//! the parameter, treasury and upgrade calls: on the dev chains sudo can still cancel or kill a
//! referendum, not enact one.
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
use pallet_governance::{Action, ClassifyCall, EnsureGovernance, GovernanceOrigin};
use pallet_referenda::{Curve, Track, TrackInfo, TracksInfo};
use sp_runtime::{str_array as s, Perbill};

#[cfg(not(feature = "fast-runtime"))]
use crate::time::{DAYS, HOURS, MINUTES};

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
	/// The emergency track decides within the other tracks' one-day enactment delay: ten
	/// minutes to prepare, at most a day of decision, an hour of confirmation.
	pub const PREPARE_EMERGENCY: BlockNumber = 10 * MINUTES;
	pub const DECISION_EMERGENCY: BlockNumber = DAYS;
	pub const CONFIRM_EMERGENCY: BlockNumber = HOURS;
	pub const ENACT_EMERGENCY: BlockNumber = 10;
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
	pub const PREPARE_EMERGENCY: BlockNumber = 2;
	pub const DECISION_EMERGENCY: BlockNumber = 20;
	pub const CONFIRM_EMERGENCY: BlockNumber = 2;
	pub const ENACT_EMERGENCY: BlockNumber = 1;
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

#[allow(clippy::too_many_arguments)]
const fn track(
	id: u16,
	name: &str,
	decision_deposit: Balance,
	prepare_period: BlockNumber,
	decision_period: BlockNumber,
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
			prepare_period,
			decision_period,
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

const TRACKS: [Track<u16, Balance, BlockNumber>; 4] = [
	track(
		0,
		"parameters",
		5_000 * DSY,
		PREPARE,
		DECISION,
		CONFIRM_PARAMETERS,
		ENACT_PARAMETERS,
		60,
		50,
	),
	track(1, "treasury", 2_000 * DSY, PREPARE, DECISION, CONFIRM_TREASURY, ENACT_TREASURY, 60, 50),
	track(
		2,
		"runtime_upgrade",
		20_000 * DSY,
		PREPARE,
		DECISION,
		CONFIRM_UPGRADE,
		ENACT_UPGRADE,
		66,
		60,
	),
	track(
		3,
		"emergency",
		10_000 * DSY,
		PREPARE_EMERGENCY,
		DECISION_EMERGENCY,
		CONFIRM_EMERGENCY,
		ENACT_EMERGENCY,
		66,
		50,
	),
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
			OriginCaller::Governance(GovernanceOrigin::Emergency) => Ok(3),
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
	pub const EmergencyTrack: GovernanceOrigin = GovernanceOrigin::Emergency;
	pub DaoVault: AccountId = crate::Tokenomics::vault_account();
}

/// Origin of parameter changes (tokenomics, verification, governance).
pub type ParamsOrigin = EnsureGovernance<ParametersTrack>;
/// Origin of emergency actions: an emergency-track referendum, or Root where sudo exists.
pub type EmergencyOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureGovernance<EmergencyTrack>>;

impl pallet_referenda::Config for Runtime {
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = crate::RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = frame_system::EnsureSigned<AccountId>;
	/// An emergency-track referendum, or Root where sudo exists. The emergency cancellers go
	/// through `Governance::emergency_cancel`, which refuses the emergency track itself.
	type CancelOrigin = EmergencyOrigin;
	/// Killing (which also burns the deposits): an emergency-track referendum, or Root.
	type KillOrigin = EmergencyOrigin;
	type Slash = BurnReferendumSlash;
	type Votes = u128;
	type Tally = pallet_governance::Tally<Runtime>;
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
		use pallet_governance::Call as G;
		use pallet_staking::Call as S;
		match call {
			RuntimeCall::Tokenomics(pallet_tokenomics::Call::set_params { .. })
			| RuntimeCall::Verification(pallet_verification::Call::set_params { .. })
			| RuntimeCall::Governance(G::set_params { .. }) => Some(Action::Parameters),
			// Emergencies, on the track the cancellers cannot cancel.
			RuntimeCall::Governance(G::set_cancellers { .. } | G::cancel_enactment { .. })
			| RuntimeCall::Referenda(
				pallet_referenda::Call::cancel { .. } | pallet_referenda::Call::kill { .. },
			) => Some(Action::Emergency),
			// A Root-only call, wrapped: on the track `root_track` names.
			RuntimeCall::Governance(G::enact_as_root { call }) => {
				Self::root_track(call).map(Action::AsRoot)
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
			// The Ethereum bridge: its target and limits are parameters, its pause an emergency.
			RuntimeCall::EthBridge(
				pallet_eth_bridge::Call::set_target { .. }
				| pallet_eth_bridge::Call::set_limits { .. },
			) => Some(Action::Parameters),
			RuntimeCall::EthBridge(pallet_eth_bridge::Call::set_paused { .. }) => {
				Some(Action::Emergency)
			},
			RuntimeCall::Governance(G::spend { amount, .. }) => Some(Action::Spend(*amount)),
			RuntimeCall::Governance(G::authorize_upgrade { .. }) => Some(Action::RuntimeUpgrade),
			_ => None,
		}
	}

	fn root_track(call: &RuntimeCall) -> Option<GovernanceOrigin> {
		use pallet_staking::Call as S;
		match call {
			// Staking administration: the seats, the invulnerables (at most
			// `MAX_INVULNERABLES`), the bonds and limits, and forcing eras.
			RuntimeCall::Staking(
				S::set_validator_count { .. }
				| S::increase_validator_count { .. }
				| S::scale_validator_count { .. }
				| S::set_staking_configs { .. }
				| S::force_new_era {}
				| S::force_no_eras {}
				| S::force_new_era_always {},
			) => Some(GovernanceOrigin::Parameters),
			RuntimeCall::Staking(S::set_invulnerables { invulnerables })
				if invulnerables.len() <= MAX_INVULNERABLES as usize =>
			{
				Some(GovernanceOrigin::Parameters)
			},
			// Consensus recovery: restart GRANDPA after a stall, change BABE's slot
			// configuration.
			RuntimeCall::Grandpa(pallet_grandpa::Call::note_stalled { .. })
			| RuntimeCall::Babe(pallet_babe::Call::plan_config_change { .. }) => {
				Some(GovernanceOrigin::Emergency)
			},
			_ => None,
		}
	}
}

/// The most invulnerables one `staking.setInvulnerables` proposal may name.
pub const MAX_INVULNERABLES: u32 = 16;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_governance::BenchmarkHelper<RuntimeCall> for AllowedCalls {
	fn root_call() -> (RuntimeCall, GovernanceOrigin) {
		let call = pallet_staking::Call::set_validator_count { new: 3 };
		(RuntimeCall::Staking(call), GovernanceOrigin::Parameters)
	}
}

impl pallet_governance::Config for Runtime {
	type Currency = Balances;
	type RuntimeFreezeReason = crate::RuntimeFreezeReason;
	/// Reputation and stake at risk, from the verification pallet (through its trait).
	type Standing = crate::Verification;
	type AllowedCalls = AllowedCalls;
	/// Votes reach referenda's tallies through `Polling`; proposals and cancellations go
	/// through the pallet's adapter over the same referenda pallet.
	type Polls = crate::Referenda;
	type Referenda = pallet_governance::ReferendaPallet<Runtime>;
	type Vault = DaoVault;
	type SpendOrigin = EnsureGovernance<TreasuryTrack>;
	type UpgradeOrigin = EnsureGovernance<UpgradeTrack>;
	type ParamsOrigin = ParamsOrigin;
	type EmergencyOrigin = EnsureGovernance<EmergencyTrack>;
	type AnyTrackOrigin = pallet_governance::EnsureAnyGovernance;
	type VoteLockingPeriod = VoteLockingPeriod;
	type MaxVotes = ConstU32<32>;
	type WeightInfo = crate::weights::pallet_governance::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AllowedCalls;
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
