//! # Asset types and the traits between dsynapse's pallets
//!
//! The registry owns assets, the verification pallet decides their status, the tokenomics pallet
//! pays for verified assets, and governance reads verifiers' standing. They never touch each other's storage; they
//! talk through the traits in this crate, and the runtime wires who implements what:
//!
//! | trait | implemented by | used by |
//! |---|---|---|
//! | [`AssetRegistry`] | registry | verification, rating |
//! | [`VerificationLifecycle`] | verification | registry |
//! | [`OnVerdict`] | tokenomics | verification (every verdict, expiry, withdrawal) |
//! | [`DisputeHook`] | verification | rating |
//! | [`VerifierStandingOf`] | verification | governance (its reputation chamber) |
//! | [`OnSlashBurned`] | tokenomics (supply ledger) | verification |
//!
//! A verdict flows one way: the registry asks verification for a round
//! ([`VerificationLifecycle`]), verification sets the registry's status and hands the verdict —
//! score, validity, attesters — to tokenomics ([`OnVerdict`]), which never asks back.
//!
//! Every trait has a no-op implementation for `()` so a pallet can be tested or deployed alone.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Perbill, Weight};

/// Assets are numbered from 0 in registration order.
pub type AssetId = u64;

/// What an asset is.
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
pub enum AssetKind {
	/// Model weights (GGUF or safetensors); verified by re-running a challenge.
	Model,
	/// A dataset; verified by hashing sampled chunks.
	Dataset,
}

/// Where an asset stands.
///
/// ```text
///             ┌──────────── round agrees ───────────┐
/// register ─► Pending ─► (round) ─► Verified{score, until} ─► until passes ─► Expired ─► (round)
///               │  └─ quorum says "unavailable", or retries exhausted ─► Rejected
///               └─ owner withdraws (from any state but Withdrawn) ─► Withdrawn
/// ```
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
pub enum AssetStatus<BlockNumber> {
	/// Registered, waiting for its first successful verification.
	Pending,
	/// A committee agreed; `score` (V_k) is the agreeing share, valid until block `until`.
	Verified {
		/// The agreeing share of the committee (V_k).
		score: Perbill,
		/// The last block at which the verification is valid.
		until: BlockNumber,
	},
	/// The committee agreed the content is unavailable or does not match its manifest, or no
	/// committee reached a quorum within the allowed attempts.
	Rejected,
	/// A verification ran out; a new round is open or will open.
	Expired,
	/// The owner withdrew the asset; its deposit was returned and nothing verifies it any more.
	Withdrawn,
}

impl<B> AssetStatus<B> {
	/// The status without its data, as used by the by-status index.
	pub fn tag(&self) -> StatusTag {
		match self {
			AssetStatus::Pending => StatusTag::Pending,
			AssetStatus::Verified { .. } => StatusTag::Verified,
			AssetStatus::Rejected => StatusTag::Rejected,
			AssetStatus::Expired => StatusTag::Expired,
			AssetStatus::Withdrawn => StatusTag::Withdrawn,
		}
	}
}

/// [`AssetStatus`] without its data.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum StatusTag {
	/// See [`AssetStatus::Pending`].
	Pending,
	/// See [`AssetStatus::Verified`].
	Verified,
	/// See [`AssetStatus::Rejected`].
	Rejected,
	/// See [`AssetStatus::Expired`].
	Expired,
	/// See [`AssetStatus::Withdrawn`].
	Withdrawn,
}

/// What the verification pallet needs to know about an asset.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AssetSummary<AccountId, BlockNumber> {
	/// Who registered it; never on its own committee.
	pub owner: AccountId,
	/// Model or dataset.
	pub kind: AssetKind,
	/// Binary CID of the content (the weights or the dataset).
	pub content: Vec<u8>,
	/// Content size in bytes (datasets: chunks are sampled from it).
	pub content_size: u64,
	/// Binary CID of the manifest (part of the model challenge's seed).
	pub manifest: Vec<u8>,
	/// Current status.
	pub status: AssetStatus<BlockNumber>,
}

/// Read and drive assets (implemented by the registry).
pub trait AssetRegistry<AccountId, BlockNumber> {
	/// The asset, if it exists.
	fn summary(asset: AssetId) -> Option<AssetSummary<AccountId, BlockNumber>>;
	/// Moves an asset to a new status. Refuses to move a withdrawn asset.
	fn set_status(asset: AssetId, status: AssetStatus<BlockNumber>) -> DispatchResult;
}

impl<A, B> AssetRegistry<A, B> for () {
	fn summary(_: AssetId) -> Option<AssetSummary<A, B>> {
		None
	}
	fn set_status(_: AssetId, _: AssetStatus<B>) -> DispatchResult {
		Err(DispatchError::Other("no registry"))
	}
}

/// What the registry tells the verification side (implemented by verification).
pub trait VerificationLifecycle {
	/// A new asset, or one whose manifest changed, needs a verification round, paid for by the
	/// asset's owner. An error (for example: the owner cannot pay the round fee) must make the
	/// caller fail, so that nothing is registered or changed without its round.
	fn on_needs_verification(asset: AssetId) -> DispatchResult;
	/// The asset was withdrawn: stop verifying it, without penalising its committee.
	fn on_withdrawn(asset: AssetId);
	/// Whether a round for the asset is running or waiting for its committee draw (its manifest
	/// must not change meanwhile).
	fn round_in_progress(asset: AssetId) -> bool;
	/// Upper bound of the weight of [`Self::on_needs_verification`], added to the caller's.
	fn on_needs_verification_weight() -> Weight;
	/// Upper bound of the weight of [`Self::on_withdrawn`], added to the caller's.
	fn on_withdrawn_weight() -> Weight;
}

impl VerificationLifecycle for () {
	fn on_needs_verification(_: AssetId) -> DispatchResult {
		Ok(())
	}
	fn on_withdrawn(_: AssetId) {}
	fn round_in_progress(_: AssetId) -> bool {
		false
	}
	fn on_needs_verification_weight() -> Weight {
		Weight::zero()
	}
	fn on_withdrawn_weight() -> Weight {
		Weight::zero()
	}
}

/// Re-opens verification of an asset on a dispute (implemented by verification, called by rating).
pub trait DisputeHook {
	/// Asks for a new round (its committee drawn later) for a verified asset; an error if the
	/// asset cannot be re-verified now.
	fn request_reverification(asset: AssetId) -> DispatchResult;
	/// Upper bound of the weight of [`Self::request_reverification`], added to the caller's.
	fn request_reverification_weight() -> Weight;
}

impl DisputeHook for () {
	fn request_reverification(_: AssetId) -> DispatchResult {
		Ok(())
	}
	fn request_reverification_weight() -> Weight {
		Weight::zero()
	}
}

/// Told of every verdict that changes whether, how well and by whom an asset is verified
/// (implemented by tokenomics, called by verification). The verdict travels whole — score,
/// validity and attesters — so tokenomics never reads verification back: the flow is one way,
/// registry → verification → tokenomics.
pub trait OnVerdict<AccountId, BlockNumber> {
	/// A committee verified `asset` with `score` (V_k), valid up to block `until`; `attesters`
	/// are the members whose answers formed the verdict. Replaces any earlier verification.
	fn on_verified(asset: AssetId, score: Perbill, until: BlockNumber, attesters: &[AccountId]);
	/// `asset` is no longer verified (rejected, expired, withdrawn, or its manifest changed).
	/// Nothing happens when it was not verified.
	fn on_unverified(asset: AssetId);
	/// Upper bound of the weight of either call, with a full committee of attesters.
	fn on_verdict_weight() -> Weight;
}

impl<A, B> OnVerdict<A, B> for () {
	fn on_verified(_: AssetId, _: Perbill, _: B, _: &[A]) {}
	fn on_unverified(_: AssetId) {}
	fn on_verdict_weight() -> Weight {
		Weight::zero()
	}
}

/// Told of every amount burned by a slash (implemented by the supply ledger).
pub trait OnSlashBurned<Balance> {
	/// `amount` was removed from total issuance.
	fn on_slash_burned(amount: Balance);
}

impl<B> OnSlashBurned<B> for () {
	fn on_slash_burned(_: B) {}
}

/// What governance needs to know about a verifier to count its reputation (implemented by
/// verification, read by governance: governance never reads verification's storage).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct VerifierStanding<Balance, BlockNumber> {
	/// Reputation points: earned by answers that agreed with a verdict, lost by outliers and
	/// no-shows.
	pub points: u32,
	/// The block the points last changed (0 when they never did).
	pub changed_at: BlockNumber,
	/// Stake the verifier holds for verification now, and can be slashed (unbonding stake
	/// excluded).
	pub at_risk: Balance,
}

/// The source of [`VerifierStanding`]s.
pub trait VerifierStandingOf<AccountId, Balance, BlockNumber> {
	/// `who`'s standing; all zero for an account that never verified.
	fn standing(who: &AccountId) -> VerifierStanding<Balance, BlockNumber>;
}

impl<A, B: Default, N: Default> VerifierStandingOf<A, B, N> for () {
	fn standing(_: &A) -> VerifierStanding<B, N> {
		VerifierStanding::default()
	}
}
