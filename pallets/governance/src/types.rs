//! Records and parameters of hybrid governance.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::ConstU32;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Which governance track a proposal runs on, and with which origin it is enacted.
///
/// Each kind of allowed action has its own track (periods, deposits, thresholds) and its own
/// origin, so a call enacted on the parameters track cannot spend the vault.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum GovernanceOrigin {
	/// Tokenomics, verification and governance parameters.
	Parameters,
	/// Spends from the DAO vault.
	Treasury,
	/// Runtime upgrades.
	RuntimeUpgrade,
	/// Emergencies: cancelling or killing a referendum, cancelling an approved enactment,
	/// replacing the emergency cancellers, and the consensus recovery calls. The cancellers cannot
	/// cancel a referendum on this track.
	Emergency,
}

/// What an allowed call does, as far as the proposal checks need to know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Action<Balance> {
	/// A parameter change (tokenomics, verification or governance).
	Parameters,
	/// A DAO-vault spend of this amount.
	Spend(Balance),
	/// A runtime upgrade.
	RuntimeUpgrade,
	/// An emergency action (see [`GovernanceOrigin::Emergency`]).
	Emergency,
	/// A call only Root may make, enacted through
	/// [`enact_as_root`](crate::Pallet::enact_as_root) by a referendum on this track.
	AsRoot(GovernanceOrigin),
}

impl<Balance> Action<Balance> {
	/// The origin the action is enacted with.
	pub fn origin(&self) -> GovernanceOrigin {
		match self {
			Action::Parameters => GovernanceOrigin::Parameters,
			Action::Spend(_) => GovernanceOrigin::Treasury,
			Action::RuntimeUpgrade => GovernanceOrigin::RuntimeUpgrade,
			Action::Emergency => GovernanceOrigin::Emergency,
			Action::AsRoot(track) => *track,
		}
	}
}

/// The allowed set: the runtime says which calls governance may enact, and what they are.
pub trait ClassifyCall<Call, Balance> {
	/// `None` for every call outside the allowed set. A call wrapped in `enact_as_root` is
	/// classified [`Action::AsRoot`] with the track [`ClassifyCall::root_track`] gives it.
	fn classify(call: &Call) -> Option<Action<Balance>>;
	/// The track that may enact `call` with Root's authority (staking administration, consensus
	/// recovery), or `None` for every call governance may not make as Root.
	fn root_track(call: &Call) -> Option<GovernanceOrigin>;
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<Call> {
	/// The runtime's cheapest call that a track may enact as Root, and that track.
	fn root_call() -> (Call, GovernanceOrigin);
}

/// Governed parameters of the voting power rules.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct GovernanceParams<Balance> {
	/// Smallest amount an account may lock to join the electorate.
	pub min_lock: Balance,
	/// Verification stake that backs one reputation point: an account's reputation counts for
	/// at most `stake at risk / stake_per_point` points.
	pub stake_per_point: Balance,
	/// Blocks in which reputation that has not changed loses half its weight.
	pub reputation_half_life: u32,
}

/// Bounds of [`GovernanceParams`]; each violation is its own error. A referendum cannot set
/// parameters under which no later referendum could pass (a reputation chamber decayed or
/// priced to nothing would block governance for ever on a chain without sudo).
pub mod bounds {
	/// `stake_per_point` at least 0.001 DSY (planck, 12 decimals).
	pub const STAKE_PER_POINT_MIN: u128 = 1_000_000_000;
	/// `stake_per_point` at most 100 DSY: the smallest verifier stake (100 DSY) still backs one
	/// point.
	pub const STAKE_PER_POINT_MAX: u128 = 100_000_000_000_000;
	/// `reputation_half_life` at least 7 days of 6-second blocks: longer than a decision period.
	pub const HALF_LIFE_MIN: u32 = 100_800;
	/// `reputation_half_life` at most 365 days of 6-second blocks.
	pub const HALF_LIFE_MAX: u32 = 5_256_000;
}

/// The parameters before storage version 2 (square-rooted stake, a per-account cap, a weighted
/// approval); read only by the migration.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub struct GovernanceParamsV1<Balance> {
	/// Weight of the stake chamber in the approval.
	pub stake_weight: Perbill,
	/// Per-account cap.
	pub max_account_share: Perbill,
	/// Smallest lock.
	pub min_lock: Balance,
}

/// A voter: the locked stake and the power it was last measured at.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Voter<Balance, BlockNumber> {
	/// Frozen balance backing the votes.
	pub locked: Balance,
	/// Stake power counted in the electorate: the lock itself (planck), so splitting a lock
	/// over many accounts neither gains nor loses power.
	pub stake_power: u128,
	/// Reputation power counted in the electorate: a snapshot of [`crate::power::reputation`],
	/// taken by `lock`, `vote` and `refresh`.
	pub reputation: u128,
	/// Referenda this account has a vote record on (ongoing, or finished and not yet removed).
	pub votes: u32,
	/// The lock may not be reduced before this block (end of the last vote's lock period).
	pub unlock_at: BlockNumber,
}

/// The maximum number of cancellers.
pub type MaxCancellers = ConstU32<8>;

/// One recorded vote: the power it added to the tally.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct VoteRecord {
	/// Aye (true) or nay.
	pub aye: bool,
	/// Stake power counted.
	pub stake: u128,
	/// Reputation power counted.
	pub reputation: u128,
}

/// The two electorate totals; each referendum's support is measured against the totals of the
/// moment it was submitted.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct Electorate {
	/// Σ stake power of all voters.
	pub stake: u128,
	/// Σ reputation of all voters.
	pub reputation: u128,
}

/// An account's voting power now, for user interfaces (runtime API).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Default)]
pub struct VotingPower<Balance> {
	/// Locked balance.
	pub locked: Balance,
	/// Stake power a vote would count now.
	pub stake: u128,
	/// Reputation power a vote would count now.
	pub reputation: u128,
	/// Its share of the stake chamber's electorate (counting its refreshed snapshot).
	pub stake_share: Perbill,
	/// Its share of the reputation chamber's electorate (counting its refreshed snapshot).
	pub reputation_share: Perbill,
}
