//! The verification pallet's records, parameters and views.

use crate::{pallet::BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dsynapse_asset_types::{AssetId, AssetKind};
use dsynapse_challenge::{FingerprintError, MAX_FINGERPRINT_LEN};
use frame_support::{
	pallet_prelude::{BoundedVec, ConstU32},
	traits::Get,
	PalletError,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

/// Rounds are numbered from 0, across all assets.
pub type RoundId = u64;

/// A revealed fingerprint as stored.
pub type BoundedFingerprint = BoundedVec<u8, ConstU32<MAX_FINGERPRINT_LEN>>;

/// Longest commit or reveal phase governance may set (one day of 6-second blocks).
pub const MAX_PERIOD: u32 = 14_400;
/// Largest logit tolerance (16 logits, in 1/256 units).
pub const MAX_TOLERANCE: u32 = 4_096;
/// Largest share of stake one slash may take.
pub const MAX_SLASH: Perbill = Perbill::from_percent(50);
/// Largest reputation step.
pub const MAX_REPUTATION_STEP: u32 = 1_000;
/// Longest validity of a verification, in epochs.
pub const MAX_VALIDITY_EPOCHS: u32 = 1_000;
/// Most attempts per verification.
pub const MAX_ATTEMPTS: u8 = 10;

/// The governed parameters of verification.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Params<Balance, BlockNumber> {
	/// Committee size K (1 ..= `MaxCommittee`).
	pub committee_size: u32,
	/// Least share of the committee that must agree (a strict majority, up to 100%).
	pub quorum: Perbill,
	/// Blocks for commits after a round opens (1 ..= 14,400).
	pub commit_period: BlockNumber,
	/// Blocks for reveals after the commit phase (1 ..= 14,400; both periods together shorter
	/// than the unbonding delay, so a leaving verifier stays slashable).
	pub reveal_period: BlockNumber,
	/// Largest difference between two quantized logits that still agree (≤ 4,096 = 16 logits).
	pub tolerance: u32,
	/// Share of stake burned from a member who never reveals (≤ 50%, and at least
	/// `outlier_slash`: withholding a reveal must never cost less than revealing a losing answer).
	pub no_show_slash: Perbill,
	/// Share of stake burned from a member outvoted by a quorum (≤ 50%).
	pub outlier_slash: Perbill,
	/// Reputation gained per agreeing answer (≤ 1,000).
	pub reputation_gain: u32,
	/// Reputation lost per wrong or missing answer (≤ 1,000). One value serves outliers and
	/// no-shows, so a no-show never loses less reputation than an outlier.
	pub reputation_loss: u32,
	/// Epochs a verification stays valid (1 ..= 1,000).
	pub validity_epochs: u32,
	/// Rounds tried before an asset is rejected for lack of quorum (1 ..= 10).
	pub max_attempts: u8,
	/// Least active stake to be selected (above zero).
	pub min_stake: Balance,
}

/// The parameters of a runtime.
pub type ParamsOf<T> = Params<BalanceOf<T>, BlockNumberFor<T>>;

/// Which parameter is out of bounds.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	PalletError,
)]
pub enum ParamField {
	/// `committee_size`.
	CommitteeSize,
	/// `quorum`.
	Quorum,
	/// `commit_period`.
	CommitPeriod,
	/// `reveal_period` (or both periods together reach the unbonding delay).
	RevealPeriod,
	/// `tolerance`.
	Tolerance,
	/// `no_show_slash`: above 50%, or below `outlier_slash` (a no-show must never pay less than
	/// an outlier, or withholding a reveal would be the cheaper answer to an expected loss).
	NoShowSlash,
	/// `outlier_slash`.
	OutlierSlash,
	/// `reputation_gain` or `reputation_loss`.
	ReputationStep,
	/// `validity_epochs`.
	ValidityEpochs,
	/// `max_attempts`.
	MaxAttempts,
	/// `min_stake`.
	MinStake,
}

impl<
		Balance: Zero + PartialOrd,
		BlockNumber: Copy + Saturating + PartialOrd + From<u32> + Zero,
	> Params<Balance, BlockNumber>
{
	/// Checks every bound; the first violated one is returned.
	pub fn check<T: Config>(&self) -> Result<(), ParamField>
	where
		T::UnbondingDelay: Get<BlockNumber>,
	{
		let within = |x: BlockNumber| x > BlockNumber::zero() && x <= BlockNumber::from(MAX_PERIOD);
		if self.committee_size == 0 || self.committee_size > T::MaxCommittee::get() {
			return Err(ParamField::CommitteeSize);
		}
		if self.quorum <= Perbill::from_percent(50) {
			return Err(ParamField::Quorum);
		}
		if !within(self.commit_period) {
			return Err(ParamField::CommitPeriod);
		}
		if !within(self.reveal_period)
			|| self.commit_period.saturating_add(self.reveal_period) >= T::UnbondingDelay::get()
		{
			return Err(ParamField::RevealPeriod);
		}
		if self.tolerance > MAX_TOLERANCE {
			return Err(ParamField::Tolerance);
		}
		if self.no_show_slash > MAX_SLASH {
			return Err(ParamField::NoShowSlash);
		}
		if self.outlier_slash > MAX_SLASH {
			return Err(ParamField::OutlierSlash);
		}
		if self.no_show_slash < self.outlier_slash {
			return Err(ParamField::NoShowSlash);
		}
		if self.reputation_gain > MAX_REPUTATION_STEP || self.reputation_loss > MAX_REPUTATION_STEP
		{
			return Err(ParamField::ReputationStep);
		}
		if self.validity_epochs == 0 || self.validity_epochs > MAX_VALIDITY_EPOCHS {
			return Err(ParamField::ValidityEpochs);
		}
		if self.max_attempts == 0 || self.max_attempts > MAX_ATTEMPTS {
			return Err(ParamField::MaxAttempts);
		}
		if self.min_stake.is_zero() {
			return Err(ParamField::MinStake);
		}
		Ok(())
	}
}

/// A verifier's stake.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct VerifierRecord<Balance, BlockNumber> {
	/// Active stake: selectable (if ≥ `min_stake`) and slashable.
	pub stake: Balance,
	/// Stake on its way out: slashable until released.
	pub unbonding: Balance,
	/// The block from which `unbonding` can be withdrawn.
	pub unlock_at: BlockNumber,
}

/// The verifier record of a runtime.
pub type VerifierRecordOf<T> = VerifierRecord<BalanceOf<T>, BlockNumberFor<T>>;

/// A running round.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxCommittee))]
pub struct Round<AccountId, BlockNumber, MaxCommittee: Get<u32>> {
	/// The round's id.
	pub id: RoundId,
	/// 0 for the first attempt of this verification.
	pub attempt: u8,
	/// The challenge seed.
	pub seed: [u8; 32],
	/// Model or dataset (which challenge applies).
	pub kind: AssetKind,
	/// The committee, in draw order.
	pub committee: BoundedVec<AccountId, MaxCommittee>,
	/// Last block for commits.
	pub commit_end: BlockNumber,
	/// Last block for reveals.
	pub reveal_end: BlockNumber,
	/// The block the verdict is due (`reveal_end + 1`; later only for rounds moved by the
	/// version-2 migration behind the cursor). Its [`crate::Due`] entry is keyed by it.
	pub due_at: BlockNumber,
	/// Members who committed.
	pub commits: u32,
	/// Members who revealed.
	pub reveals: u32,
}

/// The round of a runtime.
pub type RoundOf<T> =
	Round<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxCommittee>;

/// A round asked for and waiting for its committee draw.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Request<BlockNumber> {
	/// 0 for the first attempt of this verification.
	pub attempt: u8,
	/// The block whose `on_initialize` draws the committee, from randomness that did not exist
	/// when the round was asked for. Its [`crate::Draws`] entry is keyed by it.
	pub draw_at: BlockNumber,
}

/// A round fee held until the verification it paid for ends.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct HeldFee<AccountId, Balance> {
	/// Who paid it (held on this account under [`crate::HoldReason::RoundFee`]).
	pub payer: AccountId,
	/// The amount.
	pub amount: Balance,
}

/// The held fee of a runtime.
pub type HeldFeeOf<T> = HeldFee<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// Why an answer does not fit its round (carried by `MalformedFingerprint`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	PalletError,
)]
pub enum FingerprintDefect {
	/// Not a SCALE-encoded fingerprint, or bytes left over.
	Undecodable,
	/// A model answer for a dataset or the other way round.
	KindMismatch,
	/// Not the challenge's number of generated tokens.
	WrongTokenCount,
	/// Not one logit list per sampled position.
	WrongPositionCount,
	/// A logit list whose length is not the round's `k`.
	WrongK,
	/// A token listed twice at one position.
	DuplicateTopToken,
	/// Not one hash per sampled chunk.
	WrongChunkCount,
	/// The asset cannot have a challenge (a dataset of size zero).
	NoChallenge,
}

impl From<FingerprintError> for FingerprintDefect {
	fn from(e: FingerprintError) -> Self {
		match e {
			FingerprintError::TooLong | FingerprintError::Undecodable => {
				FingerprintDefect::Undecodable
			},
			FingerprintError::KindMismatch => FingerprintDefect::KindMismatch,
			FingerprintError::WrongTokenCount => FingerprintDefect::WrongTokenCount,
			FingerprintError::WrongPositionCount => FingerprintDefect::WrongPositionCount,
			FingerprintError::WrongK => FingerprintDefect::WrongK,
			FingerprintError::DuplicateTopToken => FingerprintDefect::DuplicateTopToken,
			FingerprintError::WrongChunkCount => FingerprintDefect::WrongChunkCount,
		}
	}
}

/// Why a verifier was slashed.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum SlashReason {
	/// Sat on a committee and never revealed.
	NoShow,
	/// Answered differently from the quorum.
	Outlier,
}

/// A verifier as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct VerifierView<Balance, BlockNumber> {
	/// Active stake.
	pub stake: Balance,
	/// Stake unbonding.
	pub unbonding: Balance,
	/// When the unbonding stake can be withdrawn.
	pub unlock_at: BlockNumber,
	/// Reputation points.
	pub reputation: u32,
	/// Whether the verifier can be selected.
	pub active: bool,
}

/// A round as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct RoundView<AccountId, BlockNumber> {
	/// The asset.
	pub asset: AssetId,
	/// The round's id.
	pub round: RoundId,
	/// Attempt number.
	pub attempt: u8,
	/// Challenge seed.
	pub seed: [u8; 32],
	/// Model or dataset.
	pub kind: AssetKind,
	/// Binary CID of the manifest the challenge is bound to.
	pub manifest: alloc::vec::Vec<u8>,
	/// Binary CID of the content to fetch and run (so a verifier needs no second call).
	pub content: alloc::vec::Vec<u8>,
	/// Content size in bytes.
	pub content_size: u64,
	/// The committee.
	pub committee: alloc::vec::Vec<AccountId>,
	/// Members who committed.
	pub committed: alloc::vec::Vec<AccountId>,
	/// Members who revealed.
	pub revealed: alloc::vec::Vec<AccountId>,
	/// Last block for commits.
	pub commit_end: BlockNumber,
	/// Last block for reveals.
	pub reveal_end: BlockNumber,
}

/// Creates what the benchmarks need in the runtime's other pallets.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers a fresh `Pending` asset of `kind` owned by `owner` (funding it as needed).
	fn create_asset(owner: &AccountId, kind: AssetKind, n: u32) -> AssetId;
}
