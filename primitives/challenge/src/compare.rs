//! The agreement rule.
//!
//! Two answers agree when
//! - both are model answers with **identical** generated tokens and, at every sampled position,
//!   logits within `tolerance` (in 1/256 units) of each other for every token both listed; a token
//!   only one side listed must lie within `tolerance` of the other side's smallest listed logit
//!   (a near-tie at the k-th place may fall either way on different hardware);
//! - or both are dataset answers with identical chunk hashes;
//! - or both say the content is unavailable.
//!
//! Tolerance is not transitive, so a round is decided around one *reference* answer:
//! [`largest_agreeing_group`] picks the answer that agrees with the most others.

use crate::fingerprint::{Fingerprint, TopEntry};
use alloc::vec::Vec;

/// Whether two answers agree under `tolerance` (quantized logit units).
pub fn agree(a: &Fingerprint, b: &Fingerprint, tolerance: u32) -> bool {
	match (a, b) {
		(Fingerprint::Model(a), Fingerprint::Model(b)) => {
			a.tokens == b.tokens
				&& a.top.len() == b.top.len()
				&& a.top
					.iter()
					.zip(b.top.iter())
					.all(|(x, y)| covered(x, y, tolerance) && covered(y, x, tolerance))
		},
		(Fingerprint::Dataset(a), Fingerprint::Dataset(b)) => a.chunk_hashes == b.chunk_hashes,
		(Fingerprint::Unavailable, Fingerprint::Unavailable) => true,
		_ => false,
	}
}

/// Every entry of `x` is matched by `y`: the same token within tolerance, or — when `y` did not
/// list the token — a logit no more than `tolerance` above `y`'s smallest.
fn covered(x: &[TopEntry], y: &[TopEntry], tolerance: u32) -> bool {
	let Some(floor) = y.iter().map(|e| e.logit).min() else {
		return x.is_empty();
	};
	x.iter().all(|e| match y.iter().find(|f| f.token == e.token) {
		Some(f) => e.logit.abs_diff(f.logit) <= tolerance,
		None => e.logit <= floor || e.logit.abs_diff(floor) <= tolerance,
	})
}

/// Indices of the largest group of answers that agree with one reference answer, the reference
/// included. Ties go to the earliest reference. Cost: `n²` comparisons (`n` is the committee size,
/// bounded by the runtime).
pub fn largest_agreeing_group(answers: &[&Fingerprint], tolerance: u32) -> Vec<usize> {
	let mut best: Vec<usize> = Vec::new();
	for (i, reference) in answers.iter().enumerate() {
		let group: Vec<usize> = answers
			.iter()
			.enumerate()
			.filter(|(j, other)| *j == i || agree(reference, other, tolerance))
			.map(|(j, _)| j)
			.collect();
		if group.len() > best.len() {
			best = group;
		}
	}
	best
}
