//! Block production (BABE), finality (GRANDPA), authorship, sessions and offences.
//!
//! Sessions rotate on BABE epoch changes; at each session end `pallet_staking` (through
//! `pallet_session::historical`) hands the next validator set to BABE and GRANDPA. Equivocations
//! (two blocks in one slot, two GRANDPA votes in one round) are reported as unsigned extrinsics
//! with a key-ownership proof from `Historical`, become offences, and staking slashes them.

use super::constants::{BONDING_DURATION, MAX_AUTHORITIES};
use crate::{
	time::{EPOCH_DURATION_IN_SLOTS, MILLISECS_PER_BLOCK, SESSIONS_PER_ERA},
	AccountId, Babe, Historical, Offences, Runtime, RuntimeCall, RuntimeEvent, Session,
	SessionKeys, Staking, UncheckedExtrinsic,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, KeyOwnerProofSystem},
};
use sp_core::crypto::KeyTypeId;
use sp_runtime::traits::OpaqueKeys;

/// The bonding period in blocks: how long an equivocation report stays valid.
const REPORT_LONGEVITY: u64 = (BONDING_DURATION as u64)
	.saturating_mul(SESSIONS_PER_ERA as u64)
	.saturating_mul(EPOCH_DURATION_IN_SLOTS);

parameter_types! {
	/// BABE epoch length in slots.
	pub const EpochDuration: u64 = EPOCH_DURATION_IN_SLOTS;
	/// Expected time between blocks.
	pub const ExpectedBlockTime: u64 = MILLISECS_PER_BLOCK;
	/// Equivocation reports stay valid for the whole bonding period (in blocks).
	pub const ReportLongevity: u64 = REPORT_LONGEVITY;
}

/// The largest number of nominators backing one validator that an equivocation proof weighs in.
pub const MAX_NOMINATORS: u32 = 512;

impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	/// Epochs change when the session pallet says so.
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = Session;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<MAX_NOMINATORS>;
	type KeyOwnerProof =
		<Historical as KeyOwnerProofSystem<(KeyTypeId, pallet_babe::AuthorityId)>>::Proof;
	type EquivocationReportSystem =
		pallet_babe::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<MAX_NOMINATORS>;
	/// Keep set-id → session mappings for the bonding period, so old equivocations can be proven.
	type MaxSetIdSessionEntries = ConstU64<{ BONDING_DURATION as u64 * SESSIONS_PER_ERA as u64 }>;
	type KeyOwnerProof =
		<Historical as KeyOwnerProofSystem<(KeyTypeId, sp_consensus_grandpa::AuthorityId)>>::Proof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Babe>;
	/// Block authors earn era points in staking.
	type EventHandler = Staking;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	/// A validator is identified by its stash account.
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, Staking>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// A validator that misbehaves is disabled for the rest of the era, up to a third of the set.
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = crate::Balances;
	/// Setting keys holds no deposit (validators already bond stake).
	type KeyDeposit = ();
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Staking;
}

// Unsigned extrinsics built inside the runtime (equivocation reports).
impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}
