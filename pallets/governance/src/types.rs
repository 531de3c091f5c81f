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
}

impl<Balance> Action<Balance> {
	/// The origin the action is enacted with.
	pub fn origin(&self) -> GovernanceOrigin {
		match self {
			Action::Parameters => GovernanceOrigin::Parameters,
			Action::Spend(_) => GovernanceOrigin::Treasury,
			Action::RuntimeUpgrade => GovernanceOrigin::RuntimeUpgrade,
		}
	}
}

/// The allowed set: the runtime says which calls governance may enact, and what they are.
pub trait ClassifyCall<Call, Balance> {
	/// `None` for every call outside the allowed set.
	fn classify(call: &Call) -> Option<Action<Balance>>;
}

/// Verifier reputation, read from the verification pallet.
pub trait ReputationOf<AccountId> {
	/// The account's reputation points (0 for accounts that never verified).
	fn reputation(who: &AccountId) -> u32;
}

/// Governed parameters of the voting power formula.
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
	/// Weight `w` of the stake chamber in the approval; the reputation chamber has `1 − w`.
	pub stake_weight: Perbill,
	/// Largest share of either chamber's electorate that one account's vote counts for.
	pub max_account_share: Perbill,
	/// Smallest amount an account may lock to join the electorate.
	pub min_lock: Balance,
}

/// Bounds of [`GovernanceParams`]; each violation is its own error.
pub mod bounds {
	use sp_runtime::Perbill;

	/// `stake_weight` must lie in `[20%, 80%]`: neither chamber may be ignored.
	pub const STAKE_WEIGHT_MIN: Perbill = Perbill::from_percent(20);
	/// See [`STAKE_WEIGHT_MIN`].
	pub const STAKE_WEIGHT_MAX: Perbill = Perbill::from_percent(80);
	/// `max_account_share` must lie in `[1%, 15%]`: below every track's 20% support floor, so no
	/// account reaches quorum alone.
	pub const ACCOUNT_SHARE_MIN: Perbill = Perbill::from_percent(1);
	/// See [`ACCOUNT_SHARE_MIN`].
	pub const ACCOUNT_SHARE_MAX: Perbill = Perbill::from_percent(15);
}

/// A voter: the locked stake and the power it was last measured at.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Voter<Balance, BlockNumber> {
	/// Frozen balance backing the votes.
	pub locked: Balance,
	/// `⌊√locked⌋` (locked in planck): the stake power counted in the electorate.
	pub stake_power: u128,
	/// Reputation counted in the electorate (snapshot, refreshed by `vote`, `lock` and `refresh`).
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
	/// Stake power counted, after the cap.
	pub stake: u128,
	/// Reputation counted, after the cap.
	pub reputation: u128,
}

/// The two electorate totals every tally is measured against.
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
	/// Stake power a vote would count now (after the cap).
	pub stake: u128,
	/// Reputation a vote would count now (after the cap).
	pub reputation: u128,
	/// The account's share of the combined power: `w·stake/S + (1−w)·reputation/R`.
	pub share: Perbill,
}
