//! # The dsynapse verification challenge
//!
//! Verifiers prove they re-ran an asset by answering a *challenge* that nobody could know before
//! the round opened. This crate is the single definition of that challenge, used by the runtime
//! (to check the answers) and by the inference worker (to produce them), so both sides cannot
//! drift apart.
//!
//! ## The pieces
//!
//! - [`derive`]: from the round seed (BABE randomness mixed with the asset and the attempt) and the
//!   asset's manifest, derive the prompts (token ids), the sampled positions and `k` for a model,
//!   or the chunk indices for a dataset. Pure functions of their inputs: every verifier of a round
//!   derives the same challenge.
//! - [`fingerprint`]: what a verifier answers. For a model, the greedy token ids it generated for
//!   every prompt and the top-`k` logits (quantized to 1/256) at the sampled positions — a compact
//!   TOPLOC-like proof that the exact weights were run. For a dataset, the sha2-256 of each sampled
//!   chunk. Or `Unavailable` when the content could not be fetched or does not match its manifest.
//!   SCALE-encoded, never longer than [`fingerprint::MAX_FINGERPRINT_LEN`] bytes.
//! - [`compare`]: the agreement rule. Token ids must be identical; logits may differ by at most a
//!   governed tolerance, because CPUs and GPUs round floats differently; dataset hashes must be
//!   identical.
//! - [`commit`]: the commitment `blake2_256(domain ‖ salt ‖ account ‖ fingerprint)` published
//!   before the reveal. Binding the account stops a lazy verifier from copying another's commit.
//!
//! The shape of a challenge ([`Shape::STANDARD`]) is part of the protocol version: changing it
//! is a runtime upgrade together with a worker release.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod commit;
pub mod compare;
pub mod derive;
pub mod fingerprint;
mod stream;

#[cfg(test)]
mod tests;

pub use commit::commitment;
pub use compare::agree;
pub use derive::{dataset_challenge, model_challenge, DatasetChallenge, ModelChallenge, ModelSpec};
pub use fingerprint::{
	DatasetFingerprint, Fingerprint, FingerprintError, ModelFingerprint, TopEntry,
	MAX_FINGERPRINT_LEN,
};

/// The size of everything a challenge asks for. Fixed per protocol version.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Shape {
	/// Number of prompts.
	pub prompts: u8,
	/// Tokens in each prompt.
	pub prompt_len: u16,
	/// Greedy tokens generated after each prompt.
	pub gen_len: u16,
	/// Generated positions (over all prompts) at which the top-k logits are reported.
	pub positions: u8,
	/// Smallest `k` a seed can ask for.
	pub min_k: u8,
	/// Largest `k` a seed can ask for.
	pub max_k: u8,
	/// Dataset chunk size in bytes.
	pub chunk_size: u64,
	/// Dataset chunks sampled (fewer when the dataset has fewer chunks).
	pub chunks: u8,
}

impl Shape {
	/// Protocol version 1.
	pub const STANDARD: Shape = Shape {
		prompts: 4,
		prompt_len: 16,
		gen_len: 32,
		positions: 8,
		min_k: 4,
		max_k: 8,
		chunk_size: 256 * 1024,
		chunks: 8,
	};

	/// Generated tokens over all prompts.
	pub const fn generated_tokens(&self) -> u32 {
		(self.prompts as u32).saturating_mul(self.gen_len as u32)
	}
}

/// A 32-byte round seed.
pub type Seed = [u8; 32];
