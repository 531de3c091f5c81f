//! What a verifier answers, and how it is checked for shape.

use crate::derive::ModelLayout;
use alloc::vec::Vec;
use codec::{Decode, DecodeAll, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

/// The longest SCALE-encoded fingerprint accepted. The standard shape needs at most
/// `4 + 4·128` bytes of tokens and `1 + 8·(1 + 8·8)` bytes of logits (≈ 1.1 KiB); a dataset answer
/// `1 + 8·32` bytes. The bound leaves room for a larger shape in a later protocol version.
pub const MAX_FINGERPRINT_LEN: u32 = 4096;

/// Logits are reported as `round(logit · 256)` (fixed point, 8 fractional bits).
pub const LOGIT_SCALE: f32 = 256.0;

/// One of the `k` largest logits at a sampled position.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct TopEntry {
	/// Token id.
	pub token: u32,
	/// Quantized logit, see [`quantize_logit`].
	pub logit: i32,
}

/// A model's answer.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ModelFingerprint {
	/// The greedy tokens generated for every prompt, concatenated (prompt 0 first).
	pub tokens: Vec<u32>,
	/// For every sampled position (ascending), its `k` largest logits, largest first.
	pub top: Vec<Vec<TopEntry>>,
}

/// A dataset's answer.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct DatasetFingerprint {
	/// sha2-256 of every sampled chunk, in the challenge's order.
	pub chunk_hashes: Vec<[u8; 32]>,
}

/// A verifier's answer to a challenge.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Fingerprint {
	/// The model ran.
	Model(ModelFingerprint),
	/// The dataset's chunks were read.
	Dataset(DatasetFingerprint),
	/// The content could not be fetched, does not hash to its CID, or does not match its manifest.
	Unavailable,
}

/// Why an answer is not acceptable for a round.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FingerprintError {
	/// Longer than [`MAX_FINGERPRINT_LEN`].
	TooLong,
	/// Not a SCALE-encoded [`Fingerprint`] (or bytes left over).
	Undecodable,
	/// A model answer for a dataset or the other way round.
	KindMismatch,
	/// Not `prompts · gen_len` generated tokens.
	WrongTokenCount,
	/// Not one logit list per sampled position.
	WrongPositionCount,
	/// A logit list whose length is not the round's `k`.
	WrongK,
	/// A token listed twice at one position.
	DuplicateTopToken,
	/// Not one hash per sampled chunk.
	WrongChunkCount,
}

/// Quantizes a logit for a fingerprint: `round(logit · 256)`, saturating, NaN as 0.
pub fn quantize_logit(logit: f32) -> i32 {
	#[allow(clippy::arithmetic_side_effects)]
	let scaled = logit * LOGIT_SCALE;
	// `as` saturates at the i32 bounds and maps NaN to 0.
	round_half_away(scaled) as i32
}

fn round_half_away(x: f32) -> f32 {
	// `f32::round` needs std; this is the same rounding for the magnitudes logits have.
	#[allow(clippy::arithmetic_side_effects)]
	let shifted = if x >= 0.0 { x + 0.5 } else { x - 0.5 };
	shifted as i64 as f32
}

impl Fingerprint {
	/// Decodes an answer, refusing anything over the size bound or with trailing bytes.
	pub fn decode_bounded(bytes: &[u8]) -> Result<Self, FingerprintError> {
		if bytes.len() > MAX_FINGERPRINT_LEN as usize {
			return Err(FingerprintError::TooLong);
		}
		Fingerprint::decode_all(&mut &bytes[..]).map_err(|_| FingerprintError::Undecodable)
	}

	/// Checks a model answer against the round's layout. `Unavailable` always passes.
	pub fn check_model(&self, layout: &ModelLayout) -> Result<(), FingerprintError> {
		let fp = match self {
			Fingerprint::Unavailable => return Ok(()),
			Fingerprint::Dataset(_) => return Err(FingerprintError::KindMismatch),
			Fingerprint::Model(fp) => fp,
		};
		if fp.tokens.len() != layout.generated_tokens() as usize {
			return Err(FingerprintError::WrongTokenCount);
		}
		if fp.top.len() != layout.positions.len() {
			return Err(FingerprintError::WrongPositionCount);
		}
		for list in &fp.top {
			if list.len() != usize::from(layout.k) {
				return Err(FingerprintError::WrongK);
			}
			for (i, entry) in list.iter().enumerate() {
				if list.iter().skip(i.saturating_add(1)).any(|e| e.token == entry.token) {
					return Err(FingerprintError::DuplicateTopToken);
				}
			}
		}
		Ok(())
	}

	/// Checks a dataset answer against the number of sampled chunks. `Unavailable` always passes.
	pub fn check_dataset(&self, chunks: usize) -> Result<(), FingerprintError> {
		match self {
			Fingerprint::Unavailable => Ok(()),
			Fingerprint::Model(_) => Err(FingerprintError::KindMismatch),
			Fingerprint::Dataset(fp) if fp.chunk_hashes.len() != chunks => {
				Err(FingerprintError::WrongChunkCount)
			},
			Fingerprint::Dataset(_) => Ok(()),
		}
	}
}
