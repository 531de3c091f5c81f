//! The supply ledger's records and the read views.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dsynapse_tokenomics_math::Params;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Where minted tokens went during an epoch, in planck.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Minted {
	/// Σ I_k less the vault's share, into the rewards pot.
	pub contributions: u128,
	/// I_tail less the vault's share, as paid to validators and nominators by staking payouts
	/// made during the epoch.
	pub tail: u128,
	/// The DAO vault's share of the contributions and of the tail.
	pub vault: u128,
}

impl Minted {
	/// Everything minted.
	pub fn total(&self) -> u128 {
		self.contributions.saturating_add(self.tail).saturating_add(self.vault)
	}
}

/// Why tokens were burned, in planck.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Burned {
	/// β·actions of every `rate`.
	pub rating: u128,
	/// Transaction fees (and tips nobody could receive).
	pub fees: u128,
	/// Verifier and validator slashes.
	pub slashes: u128,
	/// Dust of accounts reaped below the existential deposit.
	pub dust: u128,
}

impl Burned {
	/// Everything burned: B.
	pub fn total(&self) -> u128 {
		self.rating.saturating_add(self.fees).saturating_add(self.slashes).saturating_add(self.dust)
	}
}

/// What burned tokens, for [`crate::Pallet::note_burned`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BurnKind {
	/// A rating.
	Rating,
	/// A transaction fee.
	Fees,
	/// A slash.
	Slash,
	/// Account dust.
	Dust,
}

/// One epoch of the supply ledger.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct EpochStats {
	/// The epoch (from 0).
	pub epoch: u32,
	/// Total issuance when it started.
	pub issuance_start: u128,
	/// What it minted.
	pub minted: Minted,
	/// What it burned.
	pub burned: Burned,
	/// Total issuance when it ended (= start + minted − burned); for the running epoch, now.
	pub issuance_end: u128,
	/// I(e): the epoch's emission (contributions, tail and vault), whether or not staking has
	/// paid the validators' part of the tail yet. Zero for the running epoch.
	pub emission: u128,
	/// The whitepaper's ultrasound condition: B > I (burned total above `emission`).
	pub ultrasound: bool,
	/// A = Σ V_k at the epoch's end, in parts per billion.
	pub score_sum: u64,
	/// G = Σ V_k·R_k at the epoch's end, in planck.
	pub weighted_endorsement: u128,
}

/// An asset's tokenomic state as the runtime API shows it (amounts in planck).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct AssetTokenomics<AccountId> {
	/// V_k as the emission sees it (zero when not verified).
	pub score: Perbill,
	/// R_j now.
	pub endorsement: u128,
	/// D_j now.
	pub dispute: u128,
	/// What `claim_rewards` would pay out for the asset now (owner and verifiers together).
	pub pending_reward: u128,
	/// The verifiers who share the verifiers' part.
	pub verifiers: alloc::vec::Vec<AccountId>,
}

/// The parameters and where the epochs stand (runtime API).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct TokenomicsState<BlockNumber> {
	/// The parameters in force.
	pub params: Params,
	/// The running epoch's number.
	pub epoch: u32,
	/// Blocks per epoch.
	pub epoch_length: BlockNumber,
	/// The running epoch's ledger so far.
	pub current: EpochStats,
	/// The validators' share of the tail accrued for the next staking era.
	pub pending_tail: u128,
	/// The rewards pot's balance.
	pub rewards_pot: u128,
	/// The DAO vault's balance.
	pub vault: u128,
}
