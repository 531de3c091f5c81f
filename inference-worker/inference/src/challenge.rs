//! Running a round's challenge, and checking someone else's answer.
//!
//! - [`answer_model`] / [`generate`]: greedy generation for every prompt (the prompts run as one
//!   batch, one token per step with a key/value cache), recording the generated tokens and the
//!   top-`k` logits at the sampled positions: the fingerprint a verifier commits to.
//! - [`check`]: *teacher forcing* — feed every prompt followed by the claimed tokens in **one**
//!   forward pass and read the logits at every position at once. The claimed tokens must each
//!   be the greedy choice (within the tolerance, for near-ties) and the claimed top-`k` logits
//!   must agree with ours by the chain's rule. One pass over `n` tokens instead of `n` passes
//!   over one token each is why checking is much cheaper than generating (measured in
//!   `benches/challenge.rs`).

use crate::llama::{argmax, last_position, rows, Model};
use candle_core::{DType, Tensor, D};
use dsynapse_challenge::{
	agree, fingerprint::quantize_logit, Fingerprint, ModelChallenge, ModelFingerprint, TopEntry,
};
use std::collections::BTreeMap;

/// The `k` largest logits of a row, largest first (ties: smaller token id first), quantized.
pub fn top_k(row: &[f32], k: usize) -> Vec<TopEntry> {
	let mut best: Vec<(f32, u32)> = Vec::with_capacity(k.saturating_add(1));
	for (i, &v) in row.iter().enumerate() {
		let beats = |b: &(f32, u32)| v > b.0;
		if best.len() < k || best.last().is_some_and(beats) {
			let at = best.iter().position(beats).unwrap_or(best.len());
			best.insert(at, (v, i as u32));
			best.truncate(k);
		}
	}
	best.into_iter().map(|(v, token)| TopEntry { token, logit: quantize_logit(v) }).collect()
}

fn prompt_batch(
	model: &Model,
	prompts: &[Vec<u32>],
	extra: &[&[u32]],
) -> candle_core::Result<Tensor> {
	let len = prompts.first().map_or(0, Vec::len);
	if len == 0 || prompts.iter().any(|p| p.len() != len) {
		candle_core::bail!("prompts must be non-empty and of equal length")
	}
	let width = len.saturating_add(extra.first().map_or(0, |e| e.len()));
	let mut flat = Vec::with_capacity(width.saturating_mul(prompts.len()));
	for (i, p) in prompts.iter().enumerate() {
		flat.extend_from_slice(p);
		if let Some(e) = extra.get(i) {
			flat.extend_from_slice(e);
		}
	}
	if flat.len() != width.saturating_mul(prompts.len()) {
		candle_core::bail!("claimed continuations of unequal length")
	}
	Tensor::from_vec(flat, (prompts.len(), width), model.device())
}

/// Greedy generation of `gen_len` tokens after each prompt; top-`k` logits at `positions`
/// (indices into the generated tokens of all prompts, prompt 0 first).
pub fn generate(
	model: &Model,
	prompts: &[Vec<u32>],
	gen_len: usize,
	positions: &[u32],
	k: usize,
) -> candle_core::Result<ModelFingerprint> {
	let input = prompt_batch(model, prompts, &[])?;
	let mut cache = model.cache();
	let mut logits = last_position(&model.forward(&input, &mut cache)?)?;
	let mut tokens: Vec<Vec<u32>> = prompts.iter().map(|_| Vec::with_capacity(gen_len)).collect();
	let mut top: BTreeMap<usize, Vec<TopEntry>> = BTreeMap::new();
	for step in 0..gen_len {
		let mut next = Vec::with_capacity(prompts.len());
		for (p, (row, out)) in rows(&logits)?.iter().zip(tokens.iter_mut()).enumerate() {
			let token = argmax(row);
			out.push(token);
			next.push(token);
			let index = p.saturating_mul(gen_len).saturating_add(step);
			if positions.iter().any(|&x| x as usize == index) {
				top.insert(index, top_k(row, k));
			}
		}
		if step.saturating_add(1) < gen_len {
			let input = Tensor::from_vec(next, (prompts.len(), 1), model.device())?;
			logits = last_position(&model.forward(&input, &mut cache)?)?;
		}
	}
	Ok(ModelFingerprint {
		tokens: tokens.concat(),
		top: positions.iter().map(|p| top.remove(&(*p as usize)).unwrap_or_default()).collect(),
	})
}

/// The fingerprint answering a round's model challenge.
pub fn answer_model(model: &Model, challenge: &ModelChallenge) -> candle_core::Result<Fingerprint> {
	let l = &challenge.layout;
	generate(model, &challenge.prompts, usize::from(l.gen_len), &l.positions, usize::from(l.k))
		.map(Fingerprint::Model)
}

/// The outcome of checking a claimed answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
	/// Generated tokens (over all prompts) that are not our greedy choice even allowing for the
	/// tolerance; empty when every claimed token is one.
	pub wrong_tokens: Vec<usize>,
	/// Whether the claimed top-`k` logits agree with ours under the tolerance.
	pub logits_agree: bool,
	/// Largest distance (fingerprint units) between a claimed logit and ours for the same token
	/// at a sampled position: how far apart the two runs are, tolerance aside.
	pub max_logit_diff: u32,
	/// Largest distance (fingerprint units) by which a claimed token fell short of our best
	/// logit at its position (0 when every claimed token is our greedy choice).
	pub max_token_gap: u32,
}

impl Check {
	fn refused() -> Self {
		Check {
			wrong_tokens: vec![0],
			logits_agree: false,
			max_logit_diff: u32::MAX,
			max_token_gap: u32::MAX,
		}
	}

	/// Whether the claim is accepted.
	pub fn accepted(&self) -> bool {
		self.wrong_tokens.is_empty() && self.logits_agree
	}
}

/// Checks `claimed` (an answer to `prompts` with `gen_len` tokens each, top-`k` at `positions`)
/// by one teacher-forced forward pass.
pub fn check(
	model: &Model,
	prompts: &[Vec<u32>],
	gen_len: usize,
	positions: &[u32],
	k: usize,
	claimed: &ModelFingerprint,
	tolerance: u32,
) -> candle_core::Result<Check> {
	if gen_len == 0 || claimed.tokens.len() != prompts.len().saturating_mul(gen_len) {
		return Ok(Check::refused());
	}
	let forced: Vec<&[u32]> = claimed
		.tokens
		.chunks(gen_len)
		.map(|c| c.get(..gen_len.saturating_sub(1)).unwrap_or_default())
		.collect();
	if claimed.tokens.iter().any(|&t| t as usize >= model.config.vocab_size) {
		return Ok(Check::refused());
	}
	let input = prompt_batch(model, prompts, &forced)?;
	let plen = prompts.first().map_or(0, Vec::len);
	let mut cache = model.cache();
	// Logits that predicted each generated token: positions plen-1 .. plen-1+gen_len.
	let logits = model
		.forward(&input, &mut cache)?
		.narrow(1, plen.saturating_sub(1), gen_len)?
		.contiguous()?;
	let claimed_ids =
		Tensor::from_vec(claimed.tokens.clone(), (prompts.len(), gen_len, 1), model.device())?;
	let claimed_logit = logits.gather(&claimed_ids, D::Minus1)?.squeeze(D::Minus1)?;
	let best = logits.max(D::Minus1)?;
	// How far below the best logit each claimed token is, in fingerprint units.
	let gap = ((best - claimed_logit)? * f64::from(dsynapse_challenge::fingerprint::LOGIT_SCALE))?
		.to_dtype(DType::F32)?
		.flatten_all()?
		.to_vec1::<f32>()?;
	let wrong_tokens =
		gap.iter().enumerate().filter(|(_, g)| **g > tolerance as f32).map(|(i, _)| i).collect();
	let max_token_gap = gap.iter().fold(0f32, |m, g| m.max(*g)).ceil() as u32;
	let mut top = Vec::with_capacity(positions.len());
	for &index in positions {
		let index = index as usize;
		let (p, step) =
			(index.checked_div(gen_len).unwrap_or(0), index.checked_rem(gen_len).unwrap_or(0));
		let row = logits.get(p)?.get(step)?.to_dtype(DType::F32)?.to_vec1::<f32>()?;
		top.push(top_k(&row, k));
	}
	let max_logit_diff = top
		.iter()
		.zip(&claimed.top)
		.flat_map(|(ours, theirs)| {
			ours.iter().filter_map(|o| {
				theirs.iter().find(|t| t.token == o.token).map(|t| t.logit.abs_diff(o.logit))
			})
		})
		.max()
		.unwrap_or(0);
	let ours = Fingerprint::Model(ModelFingerprint { tokens: claimed.tokens.clone(), top });
	let logits_agree = agree(&ours, &Fingerprint::Model(claimed.clone()), tolerance);
	Ok(Check { wrong_tokens, logits_agree, max_logit_diff, max_token_gap })
}

/// Checks an answer to a round's model challenge.
pub fn check_model(
	model: &Model,
	challenge: &ModelChallenge,
	claimed: &ModelFingerprint,
	tolerance: u32,
) -> candle_core::Result<Check> {
	let l = &challenge.layout;
	check(
		model,
		&challenge.prompts,
		usize::from(l.gen_len),
		&l.positions,
		usize::from(l.k),
		claimed,
		tolerance,
	)
}
