#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use crate::{
	compare::largest_agreeing_group,
	derive::{model_layout, DeriveError},
	fingerprint::quantize_logit,
	*,
};
use alloc::{vec, vec::Vec};
use codec::Encode;
use proptest::prelude::*;

const MANIFEST: &[u8] = &[1, 0x55, 0x12, 0x20, 7, 7, 7];

fn seed(n: u8) -> Seed {
	[n; 32]
}

/// An honest-looking answer to the model challenge of `seed`.
fn answer(seed: &Seed, base: i32) -> ModelFingerprint {
	let layout = model_layout(seed, MANIFEST);
	let tokens = (0..layout.generated_tokens()).map(|t| t % 1000).collect();
	let top = layout
		.positions
		.iter()
		.map(|p| {
			(0..layout.k)
				.map(|r| TopEntry {
					token: p * 10 + u32::from(r),
					logit: base - 300 * i32::from(r),
				})
				.collect()
		})
		.collect();
	ModelFingerprint { tokens, top }
}

#[test]
fn model_challenge_is_deterministic_and_in_range() {
	let spec = ModelSpec { vocab_size: 32_000 };
	let a = model_challenge(&seed(1), MANIFEST, &spec).unwrap();
	let b = model_challenge(&seed(1), MANIFEST, &spec).unwrap();
	assert_eq!(a, b);
	let shape = Shape::STANDARD;
	assert_eq!(a.prompts.len(), usize::from(shape.prompts));
	assert!(a.prompts.iter().all(|p| p.len() == usize::from(shape.prompt_len)));
	assert!(a.prompts.iter().flatten().all(|t| *t < spec.vocab_size));
	assert!((shape.min_k..=shape.max_k).contains(&a.layout.k));
	assert_eq!(a.layout.positions.len(), usize::from(shape.positions));
	assert!(a.layout.positions.windows(2).all(|w| w[0] < w[1]));
	assert!(a.layout.positions.iter().all(|p| *p < shape.generated_tokens()));
}

#[test]
fn different_seeds_or_manifests_give_different_challenges() {
	let spec = ModelSpec { vocab_size: 50_000 };
	let a = model_challenge(&seed(1), MANIFEST, &spec).unwrap();
	let b = model_challenge(&seed(2), MANIFEST, &spec).unwrap();
	let c = model_challenge(&seed(1), b"another manifest", &spec).unwrap();
	assert_ne!(a.prompts, b.prompts);
	assert_ne!(a.prompts, c.prompts);
}

#[test]
fn layout_does_not_depend_on_the_vocabulary() {
	let small = model_challenge(&seed(3), MANIFEST, &ModelSpec { vocab_size: 100 }).unwrap();
	let large = model_challenge(&seed(3), MANIFEST, &ModelSpec { vocab_size: 150_000 }).unwrap();
	assert_eq!(small.layout, large.layout);
	assert_eq!(small.layout, model_layout(&seed(3), MANIFEST));
}

#[test]
fn tiny_vocabulary_and_empty_dataset_are_errors() {
	assert_eq!(
		model_challenge(&seed(1), MANIFEST, &ModelSpec { vocab_size: 1 }),
		Err(DeriveError::VocabularyTooSmall)
	);
	assert_eq!(dataset_challenge(&seed(1), 0), Err(DeriveError::EmptyDataset));
}

#[test]
fn dataset_challenge_samples_distinct_chunks() {
	let chunk = Shape::STANDARD.chunk_size;
	// One byte: one chunk.
	assert_eq!(dataset_challenge(&seed(1), 1).unwrap().indices, vec![0]);
	// Exactly three chunks: all of them.
	assert_eq!(dataset_challenge(&seed(1), 3 * chunk).unwrap().indices, vec![0, 1, 2]);
	// Three chunks and one byte: four chunks.
	assert_eq!(dataset_challenge(&seed(1), 3 * chunk + 1).unwrap().indices, vec![0, 1, 2, 3]);
	// Many chunks: eight distinct, ascending, in range.
	let big = dataset_challenge(&seed(9), 1_000 * chunk).unwrap();
	assert_eq!(big.indices.len(), 8);
	assert!(big.indices.windows(2).all(|w| w[0] < w[1]));
	assert!(big.indices.iter().all(|i| *i < 1_000));
	// Nine chunks: eight of nine.
	let nine = dataset_challenge(&seed(4), 9 * chunk).unwrap();
	assert_eq!(nine.indices.len(), 8);
	assert!(nine.indices.iter().all(|i| *i < 9));
	// Huge sizes do not overflow.
	assert_eq!(dataset_challenge(&seed(5), u64::MAX).unwrap().indices.len(), 8);
}

#[test]
fn largest_standard_answer_fits_the_bound() {
	let shape = Shape::STANDARD;
	let fp = Fingerprint::Model(ModelFingerprint {
		tokens: vec![u32::MAX; shape.generated_tokens() as usize],
		top: vec![
			vec![TopEntry { token: u32::MAX, logit: i32::MIN }; usize::from(shape.max_k)];
			usize::from(shape.positions)
		],
	});
	let len = fp.encode().len();
	assert!(len <= MAX_FINGERPRINT_LEN as usize, "{len}");
	let ds = Fingerprint::Dataset(DatasetFingerprint {
		chunk_hashes: vec![[0xff; 32]; usize::from(shape.chunks)],
	});
	assert!(ds.encode().len() <= MAX_FINGERPRINT_LEN as usize);
}

#[test]
fn decoding_is_bounded_and_strict() {
	let fp = Fingerprint::Model(answer(&seed(1), 1000));
	let bytes = fp.encode();
	assert_eq!(Fingerprint::decode_bounded(&bytes), Ok(fp));
	let mut trailing = bytes.clone();
	trailing.push(0);
	assert_eq!(Fingerprint::decode_bounded(&trailing), Err(FingerprintError::Undecodable));
	assert_eq!(Fingerprint::decode_bounded(&[9]), Err(FingerprintError::Undecodable));
	assert_eq!(Fingerprint::decode_bounded(&[]), Err(FingerprintError::Undecodable));
	let long = vec![0u8; MAX_FINGERPRINT_LEN as usize + 1];
	assert_eq!(Fingerprint::decode_bounded(&long), Err(FingerprintError::TooLong));
}

#[test]
fn shape_checks_name_each_defect() {
	let s = seed(1);
	let layout = model_layout(&s, MANIFEST);
	let good = answer(&s, 0);
	assert_eq!(Fingerprint::Model(good.clone()).check_model(&layout), Ok(()));
	assert_eq!(Fingerprint::Unavailable.check_model(&layout), Ok(()));

	let mut short = good.clone();
	short.tokens.pop();
	assert_eq!(
		Fingerprint::Model(short).check_model(&layout),
		Err(FingerprintError::WrongTokenCount)
	);
	let mut fewer = good.clone();
	fewer.top.pop();
	assert_eq!(
		Fingerprint::Model(fewer).check_model(&layout),
		Err(FingerprintError::WrongPositionCount)
	);
	let mut wrong_k = good.clone();
	wrong_k.top[0].pop();
	assert_eq!(Fingerprint::Model(wrong_k).check_model(&layout), Err(FingerprintError::WrongK));
	let mut dup = good.clone();
	dup.top[1][1].token = dup.top[1][0].token;
	assert_eq!(
		Fingerprint::Model(dup).check_model(&layout),
		Err(FingerprintError::DuplicateTopToken)
	);
	let ds = Fingerprint::Dataset(DatasetFingerprint { chunk_hashes: vec![[1; 32]; 3] });
	assert_eq!(ds.check_model(&layout), Err(FingerprintError::KindMismatch));
	assert_eq!(ds.check_dataset(3), Ok(()));
	assert_eq!(ds.check_dataset(4), Err(FingerprintError::WrongChunkCount));
	assert_eq!(Fingerprint::Model(good).check_dataset(3), Err(FingerprintError::KindMismatch));
}

#[test]
fn agreement_rule() {
	let s = seed(1);
	let base = answer(&s, 2560);
	let a = Fingerprint::Model(base.clone());
	// Identical answers agree; tolerance edges are inclusive.
	assert!(agree(&a, &a, 0));
	let mut shifted = base.clone();
	shifted.top[0][0].logit += 64;
	let b = Fingerprint::Model(shifted);
	assert!(agree(&a, &b, 64));
	assert!(!agree(&a, &b, 63));
	// One different greedy token: never agree, whatever the tolerance.
	let mut other_token = base.clone();
	other_token.tokens[5] += 1;
	assert!(!agree(&a, &Fingerprint::Model(other_token), u32::MAX));
	// A swap at the k-th place between near-equal logits agrees within tolerance.
	let mut swapped = base.clone();
	let last = swapped.top[2].len() - 1;
	let floor = swapped.top[2][last].logit;
	swapped.top[2][last] = TopEntry { token: 999_999, logit: floor + 10 };
	assert!(agree(&a, &Fingerprint::Model(swapped.clone()), 10));
	assert!(!agree(&a, &Fingerprint::Model(swapped), 9));
	// Kinds never agree with each other; unavailable agrees with unavailable.
	let ds = Fingerprint::Dataset(DatasetFingerprint { chunk_hashes: vec![[1; 32]] });
	assert!(!agree(&a, &ds, u32::MAX));
	assert!(!agree(&a, &Fingerprint::Unavailable, u32::MAX));
	assert!(agree(&Fingerprint::Unavailable, &Fingerprint::Unavailable, 0));
	assert!(agree(&ds, &ds.clone(), 0));
	let ds2 = Fingerprint::Dataset(DatasetFingerprint { chunk_hashes: vec![[2; 32]] });
	assert!(!agree(&ds, &ds2, u32::MAX));
}

#[test]
fn group_is_built_around_the_best_reference() {
	let s = seed(2);
	let honest = Fingerprint::Model(answer(&s, 0));
	let mut near = answer(&s, 0);
	near.top[0][0].logit += 5;
	let near = Fingerprint::Model(near);
	let mut liar = answer(&s, 0);
	liar.tokens[0] += 1;
	let liar = Fingerprint::Model(liar);
	assert_eq!(largest_agreeing_group(&[&honest, &liar, &near], 8), vec![0, 2]);
	assert_eq!(largest_agreeing_group(&[&liar, &honest, &near], 8), vec![1, 2]);
	// Everyone different: the first answer alone.
	assert_eq!(largest_agreeing_group(&[&liar, &honest], 0), vec![0]);
	assert!(largest_agreeing_group(&[], 0).is_empty());
}

#[test]
fn commitment_binds_salt_account_and_answer() {
	let fp = Fingerprint::Model(answer(&seed(1), 0)).encode();
	let c = commitment(&[1; 32], b"alice", &fp);
	assert_eq!(c, commitment(&[1; 32], b"alice", &fp));
	assert_ne!(c, commitment(&[2; 32], b"alice", &fp));
	assert_ne!(c, commitment(&[1; 32], b"bob", &fp));
	assert_ne!(c, commitment(&[1; 32], b"alice", &fp[1..]));
}

#[test]
fn logits_quantize_to_eighths_of_a_bit() {
	assert_eq!(quantize_logit(0.0), 0);
	assert_eq!(quantize_logit(1.0), 256);
	assert_eq!(quantize_logit(-1.5), -384);
	assert_eq!(quantize_logit(0.001), 0);
	assert_eq!(quantize_logit(0.002), 1);
	assert_eq!(quantize_logit(f32::NAN), 0);
	assert_eq!(quantize_logit(f32::INFINITY), i32::MAX);
	assert_eq!(quantize_logit(f32::NEG_INFINITY), i32::MIN);
}

fn arb_top(k: usize) -> impl Strategy<Value = Vec<TopEntry>> {
	proptest::collection::vec((0u32..50, -5000i32..5000), k).prop_map(|v| {
		let mut seen = Vec::new();
		v.into_iter()
			.enumerate()
			.map(|(i, (t, l))| {
				let token = if seen.contains(&t) { 1000 + i as u32 } else { t };
				seen.push(token);
				TopEntry { token, logit: l }
			})
			.collect()
	})
}

proptest! {
	#[test]
	fn agreement_is_symmetric_and_reflexive(
		tokens in proptest::collection::vec(0u32..10, 4),
		a in arb_top(4), b in arb_top(4), tol in 0u32..20_000,
	) {
		let x = Fingerprint::Model(ModelFingerprint { tokens: tokens.clone(), top: vec![a] });
		let y = Fingerprint::Model(ModelFingerprint { tokens, top: vec![b] });
		prop_assert_eq!(agree(&x, &y, tol), agree(&y, &x, tol));
		prop_assert!(agree(&x, &x, 0));
	}

	#[test]
	fn perturbation_within_tolerance_agrees_and_beyond_does_not(
		top in arb_top(6), noise in proptest::collection::vec(-40i32..=40, 6), at in 0usize..6,
	) {
		let x = ModelFingerprint { tokens: vec![1, 2, 3], top: vec![top.clone()] };
		let mut y = x.clone();
		for (e, n) in y.top[0].iter_mut().zip(&noise) {
			e.logit += n;
		}
		prop_assert!(agree(&Fingerprint::Model(x.clone()), &Fingerprint::Model(y), 40));
		let mut z = x.clone();
		z.top[0][at].logit += 41;
		prop_assert!(!agree(&Fingerprint::Model(x), &Fingerprint::Model(z), 40));
	}

	#[test]
	fn dataset_samples_are_distinct_sorted_and_in_range(s in any::<[u8; 32]>(), size in 1u64..u64::MAX) {
		let c = dataset_challenge(&s, size).unwrap();
		let chunks = size.div_ceil(c.chunk_size);
		prop_assert_eq!(c.indices.len() as u64, chunks.min(8));
		prop_assert!(c.indices.windows(2).all(|w| w[0] < w[1]));
		prop_assert!(c.indices.iter().all(|i| *i < chunks));
	}

	#[test]
	fn layouts_are_valid_for_any_seed(s in any::<[u8; 32]>(), manifest in proptest::collection::vec(any::<u8>(), 0..40)) {
		let l = model_layout(&s, &manifest);
		prop_assert!((4..=8).contains(&l.k));
		prop_assert_eq!(l.positions.len(), 8);
		prop_assert!(l.positions.windows(2).all(|w| w[0] < w[1]));
		prop_assert!(l.positions.iter().all(|p| *p < l.generated_tokens()));
	}

	#[test]
	fn any_bytes_decode_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
		let _ = Fingerprint::decode_bounded(&bytes);
	}
}

#[test]
fn positions_cover_the_range_evenly() {
	// Over many seeds every generated position is sampled about equally often.
	let n = Shape::STANDARD.generated_tokens() as usize;
	let mut counts = vec![0u32; n];
	let rounds = 4000u32;
	for i in 0..rounds {
		let mut s = [0u8; 32];
		s[..4].copy_from_slice(&i.to_le_bytes());
		for p in model_layout(&s, MANIFEST).positions {
			counts[p as usize] += 1;
		}
	}
	let expected = f64::from(rounds) * 8.0 / n as f64;
	for c in counts {
		assert!((f64::from(c) - expected).abs() < expected * 0.35, "{c} vs {expected}");
	}
}
