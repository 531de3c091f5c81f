//! A runtime with balances, preimage, scheduler, referenda and this pallet, three tracks with
//! short periods, and a table of verifier standings the tests set.

use crate::{self as pallet_governance, Action, ClassifyCall, GovernanceOrigin};
use alloc::borrow::Cow;
use core::cell::RefCell;
use dsynapse_asset_types::{VerifierStanding, VerifierStandingOf};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, EqualPrivilegeOnly, Hooks, OriginTrait},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_referenda::{Curve, Track, TrackInfo, TracksInfo};
use sp_runtime::{str_array as s, BuildStorage, Perbill};
use std::collections::BTreeMap;

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

/// One DSY in planck.
pub const DSY: Balance = 1_000_000_000_000;
/// The DAO vault.
pub const VAULT: AccountId = 999;
/// The emergency canceller.
pub const CANCELLER: AccountId = 77;
/// Submission deposit.
pub const SUBMISSION_DEPOSIT: Balance = 100 * DSY;
/// Decision deposit of every track.
pub const DECISION_DEPOSIT: Balance = 1_000 * DSY;
/// Blocks from submission to the end of the decision period (prepare + decision).
pub const PREPARE: u64 = 2;
/// Decision period.
pub const DECISION: u64 = 20;
/// Confirmation period.
pub const CONFIRM: u64 = 2;
/// Minimum enactment delay.
pub const ENACTMENT: u64 = 3;
/// Vote lock after a referendum ends.
pub const LOCK_PERIOD: u64 = 10;
/// Flat approval threshold of every track.
pub const APPROVAL: Perbill = Perbill::from_percent(60);
/// Flat support (turnout) quorum of every track.
pub const SUPPORT: Perbill = Perbill::from_percent(20);

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Preimage: pallet_preimage,
		Scheduler: pallet_scheduler,
		Referenda: pallet_referenda,
		Governance: pallet_governance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<{ DSY / 100 }>;
	type AccountStore = System;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = ConstU32<4>;
}

impl pallet_preimage::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

parameter_types! {
	pub MaxWeight: Weight = Weight::from_parts(2_000_000_000_000, u64::MAX);
}

impl pallet_scheduler::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaxWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = ();
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

fn track(id: u16, name: &str) -> Track<u16, Balance, u64> {
	Track {
		id,
		info: TrackInfo {
			name: s(name),
			max_deciding: 5,
			decision_deposit: DECISION_DEPOSIT,
			prepare_period: PREPARE,
			decision_period: DECISION,
			confirm_period: CONFIRM,
			min_enactment_period: ENACTMENT,
			min_approval: Curve::LinearDecreasing {
				length: Perbill::one(),
				floor: APPROVAL,
				ceil: APPROVAL,
			},
			min_support: Curve::LinearDecreasing {
				length: Perbill::one(),
				floor: SUPPORT,
				ceil: SUPPORT,
			},
		},
	}
}

pub struct Tracks;
impl TracksInfo<Balance, u64> for Tracks {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<u16, Balance, u64>>> {
		[
			track(0, "parameters"),
			track(1, "treasury"),
			track(2, "runtime_upgrade"),
			track(3, "emergency"),
		]
		.into_iter()
		.map(Cow::Owned)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<u16, ()> {
		match origin {
			OriginCaller::Governance(GovernanceOrigin::Parameters) => Ok(0),
			OriginCaller::Governance(GovernanceOrigin::Treasury) => Ok(1),
			OriginCaller::Governance(GovernanceOrigin::RuntimeUpgrade) => Ok(2),
			OriginCaller::Governance(GovernanceOrigin::Emergency) => Ok(3),
			_ => Err(()),
		}
	}
}

parameter_types! {
	pub const SubmissionDeposit: Balance = SUBMISSION_DEPOSIT;
	pub const Vault: AccountId = VAULT;
	pub const ParametersTrack: GovernanceOrigin = GovernanceOrigin::Parameters;
	pub const TreasuryTrack: GovernanceOrigin = GovernanceOrigin::Treasury;
	pub const UpgradeTrack: GovernanceOrigin = GovernanceOrigin::RuntimeUpgrade;
	pub const EmergencyTrack: GovernanceOrigin = GovernanceOrigin::Emergency;
}

impl pallet_referenda::Config for Test {
	type WeightInfo = ();
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = frame_system::EnsureSigned<AccountId>;
	type CancelOrigin = frame_support::traits::EitherOfDiverse<
		EnsureRoot<AccountId>,
		crate::EnsureGovernance<EmergencyTrack>,
	>;
	type KillOrigin = frame_support::traits::EitherOfDiverse<
		EnsureRoot<AccountId>,
		crate::EnsureGovernance<EmergencyTrack>,
	>;
	type Slash = ();
	type Votes = u128;
	type Tally = crate::Tally<Test>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<10>;
	type UndecidingTimeout = frame_support::traits::ConstU64<50>;
	type AlarmInterval = frame_support::traits::ConstU64<1>;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

thread_local! {
	static STANDING: RefCell<BTreeMap<AccountId, VerifierStanding<Balance, u64>>> =
		const { RefCell::new(BTreeMap::new()) };
}

/// Sets an account's verifier standing: `points` changed now, and enough stake at risk
/// (1 DSY a point, the default price) to back them all.
pub fn set_reputation(who: AccountId, points: u32) {
	let at_risk = Balance::from(points) * DSY;
	set_standing(who, points, System::block_number(), at_risk);
}

/// Sets an account's verifier standing.
pub fn set_standing(who: AccountId, points: u32, changed_at: u64, at_risk: Balance) {
	STANDING.with(|r| r.borrow_mut().insert(who, VerifierStanding { points, changed_at, at_risk }));
}

pub struct MockStanding;
impl VerifierStandingOf<AccountId, Balance, u64> for MockStanding {
	fn standing(who: &AccountId) -> VerifierStanding<Balance, u64> {
		STANDING.with(|r| r.borrow().get(who).copied().unwrap_or_default())
	}
}

/// The allowed set: governance's own parameter, spend and upgrade calls.
pub struct Allowed;
impl ClassifyCall<RuntimeCall, Balance> for Allowed {
	fn classify(call: &RuntimeCall) -> Option<Action<Balance>> {
		use crate::Call as G;
		match call {
			RuntimeCall::Governance(G::set_params { .. }) => Some(Action::Parameters),
			RuntimeCall::Governance(G::set_cancellers { .. } | G::cancel_enactment { .. })
			| RuntimeCall::Referenda(
				pallet_referenda::Call::cancel { .. } | pallet_referenda::Call::kill { .. },
			) => Some(Action::Emergency),
			RuntimeCall::Governance(G::enact_as_root { call }) => {
				Self::root_track(call).map(Action::AsRoot)
			},
			RuntimeCall::Governance(G::spend { amount, .. }) => Some(Action::Spend(*amount)),
			RuntimeCall::Governance(G::authorize_upgrade { .. }) => Some(Action::RuntimeUpgrade),
			_ => None,
		}
	}

	/// A Root-only call of the mock: the heap pages (parameters track), and killing a storage
	/// prefix (emergency track).
	fn root_track(call: &RuntimeCall) -> Option<GovernanceOrigin> {
		match call {
			RuntimeCall::System(frame_system::Call::set_heap_pages { .. }) => {
				Some(GovernanceOrigin::Parameters)
			},
			RuntimeCall::System(frame_system::Call::kill_prefix { .. }) => {
				Some(GovernanceOrigin::Emergency)
			},
			_ => None,
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<RuntimeCall> for Allowed {
	fn root_call() -> (RuntimeCall, GovernanceOrigin) {
		(
			RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 64 }),
			GovernanceOrigin::Parameters,
		)
	}
}

impl crate::Config for Test {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Standing = MockStanding;
	type AllowedCalls = Allowed;
	type Polls = Referenda;
	type Referenda = crate::ReferendaPallet<Test>;
	type Vault = Vault;
	type SpendOrigin = crate::EnsureGovernance<TreasuryTrack>;
	type UpgradeOrigin = crate::EnsureGovernance<UpgradeTrack>;
	type ParamsOrigin = crate::EnsureGovernance<ParametersTrack>;
	type EmergencyOrigin = crate::EnsureGovernance<EmergencyTrack>;
	type AnyTrackOrigin = crate::EnsureAnyGovernance;
	type VoteLockingPeriod = frame_support::traits::ConstU64<LOCK_PERIOD>;
	type MaxVotes = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Allowed;
}

/// Starting balance of accounts 1..=40.
pub const START: Balance = 1_000_000 * DSY;
/// The vault's starting balance.
pub const VAULT_START: Balance = 50_000 * DSY;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<(AccountId, Balance)> = (1..=40).map(|a| (a, START)).collect();
	balances.push((VAULT, VAULT_START));
	balances.push((CANCELLER, START));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut t)
		.unwrap();
	pallet_governance::GenesisConfig::<Test> { cancellers: vec![CANCELLER] }
		.assimilate_storage(&mut t)
		.unwrap();
	STANDING.with(|r| r.borrow_mut().clear());
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs a test and checks the invariants at its end.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Governance::do_try_state().unwrap();
	});
}

/// Advances to block `n`, running the scheduler (referenda alarms, enactments) in each block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
		Governance::do_try_state().unwrap();
	}
}

/// Runs `blocks` more blocks.
pub fn advance(blocks: u64) {
	run_to(System::block_number() + blocks);
}

/// Proposes `call` from account 1 and places the decision deposit from account 2; returns the
/// referendum index.
pub fn propose(call: RuntimeCall) -> u32 {
	let index = pallet_referenda::ReferendumCount::<Test>::get();
	assert_ok!(Governance::propose(RuntimeOrigin::signed(1), Box::new(call), ENACTMENT));
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(2), index));
	index
}

/// Accounts 1, 2, 3 lock 10,000 DSY each with 100 reputation points: the whole electorate.
pub fn electorate_of_three() {
	for who in 1..=3 {
		join(who, 10_000 * DSY, 100);
	}
}

/// Accounts 1, 2, 3 vote `aye` on `index`.
pub fn vote_all(index: u32, aye: bool) {
	for who in 1..=3 {
		assert_ok!(Governance::vote(RuntimeOrigin::signed(who), index, aye));
	}
}

/// Locks `amount` for `who` and sets its reputation.
pub fn join(who: AccountId, amount: Balance, reputation: u32) {
	set_reputation(who, reputation);
	assert_ok!(Governance::lock(RuntimeOrigin::signed(who), amount));
}

/// The governance events emitted so far.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Governance(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// A referendum's state.
pub fn info(index: u32) -> pallet_referenda::ReferendumInfoOf<Test, ()> {
	pallet_referenda::ReferendumInfoFor::<Test>::get(index).unwrap()
}

pub fn is_approved(index: u32) -> bool {
	matches!(info(index), pallet_referenda::ReferendumInfo::Approved(..))
}

pub fn is_rejected(index: u32) -> bool {
	matches!(info(index), pallet_referenda::ReferendumInfo::Rejected(..))
}

/// An ongoing referendum's tally.
pub fn tally_of(index: u32) -> Option<crate::Tally<Test>> {
	use frame_support::traits::Polling;
	Referenda::as_ongoing(index).map(|(tally, _)| tally)
}
