//! Deriving a round's challenge from its seed.
//!
//! Everything here is a pure function of its inputs. The runtime knows the seed and the manifest
//! CID, so it can derive the *layout* (how many tokens, which positions, which `k`) and check the
//! shape of every answer; the worker also reads the vocabulary size from the manifest and derives
//! the prompt tokens.

use crate::{stream::Stream, Seed, Shape};
use alloc::vec::Vec;
use sp_crypto_hashing::blake2_256;

const DOMAIN_MODEL: &[u8] = b"dsynapse/challenge/v1/model";
const DOMAIN_DATASET: &[u8] = b"dsynapse/challenge/v1/dataset";

/// What the challenge needs to know about a model, read from its manifest.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ModelSpec {
	/// Number of token ids the tokenizer defines; prompts use ids in `0..vocab_size`.
	pub vocab_size: u32,
}

/// Why a challenge cannot be derived.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeriveError {
	/// A model manifest declared a vocabulary of fewer than two tokens.
	VocabularyTooSmall,
	/// A dataset of zero bytes has nothing to sample.
	EmptyDataset,
}

/// The part of a model challenge the runtime can derive without the manifest's contents.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ModelLayout {
	/// Greedy tokens each prompt generates.
	pub gen_len: u16,
	/// Number of prompts.
	pub prompts: u8,
	/// Sampled positions, ascending, as indices into the concatenation of all generated tokens.
	pub positions: Vec<u32>,
	/// How many of the largest logits to report at each sampled position.
	pub k: u8,
}

impl ModelLayout {
	/// Generated tokens over all prompts.
	pub fn generated_tokens(&self) -> u32 {
		u32::from(self.prompts).saturating_mul(u32::from(self.gen_len))
	}
}

/// A model challenge: the layout plus the prompts.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ModelChallenge {
	/// Token ids of each prompt (`Shape::prompt_len` each).
	pub prompts: Vec<Vec<u32>>,
	/// Positions, `k` and lengths.
	pub layout: ModelLayout,
}

/// A dataset challenge: which chunks to hash.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DatasetChallenge {
	/// Chunk size in bytes; chunk `i` is the byte range `i·chunk_size .. min(size, (i+1)·chunk_size)`
	/// of the dataset's content.
	pub chunk_size: u64,
	/// Sampled chunk indices, ascending and distinct.
	pub indices: Vec<u64>,
}

/// Mixes the round seed with the manifest CID so a challenge is bound to one asset version.
fn model_seed(seed: &Seed, manifest_cid: &[u8]) -> Seed {
	let mut input = Vec::with_capacity(manifest_cid.len().saturating_add(32));
	input.extend_from_slice(seed);
	input.extend_from_slice(manifest_cid);
	blake2_256(&input)
}

/// The layout of a model challenge (what the runtime checks answers against).
pub fn model_layout(seed: &Seed, manifest_cid: &[u8]) -> ModelLayout {
	let shape = Shape::STANDARD;
	let mixed = model_seed(seed, manifest_cid);
	let mut stream = Stream::new(DOMAIN_MODEL, &mixed);
	let k_span = u64::from(shape.max_k.saturating_sub(shape.min_k)).saturating_add(1);
	let k = shape.min_k.saturating_add(u8::try_from(stream.below(k_span)).unwrap_or(0));
	let positions =
		sample_distinct(&mut stream, u64::from(shape.generated_tokens()), shape.positions)
			.into_iter()
			.filter_map(|p| u32::try_from(p).ok())
			.collect();
	ModelLayout { gen_len: shape.gen_len, prompts: shape.prompts, positions, k }
}

/// The whole model challenge, as the worker runs it.
pub fn model_challenge(
	seed: &Seed,
	manifest_cid: &[u8],
	spec: &ModelSpec,
) -> Result<ModelChallenge, DeriveError> {
	if spec.vocab_size < 2 {
		return Err(DeriveError::VocabularyTooSmall);
	}
	let shape = Shape::STANDARD;
	let layout = model_layout(seed, manifest_cid);
	let mixed = model_seed(seed, manifest_cid);
	// A second stream, so the layout never depends on the vocabulary size.
	let prompt_seed = blake2_256(&[&mixed[..], b"prompts"].concat());
	let mut stream = Stream::new(DOMAIN_MODEL, &prompt_seed);
	let prompts = (0..shape.prompts)
		.map(|_| {
			(0..shape.prompt_len)
				.map(|_| u32::try_from(stream.below(u64::from(spec.vocab_size))).unwrap_or(0))
				.collect()
		})
		.collect();
	Ok(ModelChallenge { prompts, layout })
}

/// The chunk indices of a dataset challenge for content of `size` bytes.
pub fn dataset_challenge(seed: &Seed, size: u64) -> Result<DatasetChallenge, DeriveError> {
	if size == 0 {
		return Err(DeriveError::EmptyDataset);
	}
	let shape = Shape::STANDARD;
	let chunks = size.div_ceil(shape.chunk_size);
	let mut stream = Stream::new(DOMAIN_DATASET, seed);
	let indices = sample_distinct(&mut stream, chunks, shape.chunks);
	Ok(DatasetChallenge { chunk_size: shape.chunk_size, indices })
}

/// `min(want, n)` distinct numbers in `0..n`, ascending. Rejection sampling with a bounded number
/// of draws; if the bound is ever hit, the smallest unused numbers complete the set, so the
/// function is total and deterministic.
fn sample_distinct(stream: &mut Stream, n: u64, want: u8) -> Vec<u64> {
	let want = usize::from(want).min(usize::try_from(n).unwrap_or(usize::MAX));
	let mut picked: Vec<u64> = Vec::with_capacity(want);
	let max_draws = want.saturating_mul(16);
	let mut draws = 0usize;
	while picked.len() < want && draws < max_draws {
		draws = draws.saturating_add(1);
		let candidate = stream.below(n);
		if let Err(at) = picked.binary_search(&candidate) {
			picked.insert(at, candidate);
		}
	}
	let mut next = 0u64;
	while picked.len() < want && next < n {
		if let Err(at) = picked.binary_search(&next) {
			picked.insert(at, next);
		}
		next = next.saturating_add(1);
	}
	picked
}
