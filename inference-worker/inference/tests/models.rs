//! Model loading and challenge answers on the seeded tiny models: the same model in every
//! format gives the same answer, answers check out in one pass, tampering is caught.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use candle_core::{quantized::GgmlDType, Device};
use dsynapse_challenge::{agree, model_challenge, Fingerprint, ModelSpec};
use dsynapse_inference::{
	challenge::{answer_model, check_model},
	load,
	tiny::{self, TinySpec},
};

const TOLERANCE: u32 = 64;

fn challenge(seed: u8, vocab: u32) -> dsynapse_challenge::ModelChallenge {
	model_challenge(&[seed; 32], b"manifest", &ModelSpec { vocab_size: vocab }).unwrap()
}

fn answer(model: &dsynapse_inference::llama::Model, seed: u8) -> Fingerprint {
	answer_model(model, &challenge(seed, model.config.vocab_size as u32)).unwrap()
}

#[test]
fn safetensors_and_gguf_of_one_model_give_the_same_answer() {
	for spec in [TinySpec::llama(1), TinySpec::qwen2(1)] {
		let w = tiny::weights(&spec).unwrap();
		let dir = tempfile::tempdir().unwrap();
		tiny::write_safetensors_folder(&w, &spec, dir.path()).unwrap();
		let (st, arch) = load::from_safetensors(
			&std::fs::read(dir.path().join("config.json")).unwrap(),
			&std::fs::read(dir.path().join("model.safetensors")).unwrap(),
			&Device::Cpu,
		)
		.unwrap();
		assert_eq!(arch, spec.architecture);
		let gguf = tiny::gguf_bytes(&w, &spec, GgmlDType::F32).unwrap();
		let (gg, arch) = load::from_gguf(&gguf, &Device::Cpu).unwrap();
		assert_eq!(arch, spec.architecture);
		for seed in 0..4 {
			let (a, b) = (answer(&st, seed), answer(&gg, seed));
			// f32 weights in both: the rotary layouts differ (llama GGUF rows are permuted),
			// everything else is the same arithmetic.
			assert!(agree(&a, &b, 1), "{spec:?} seed {seed}: {a:?} vs {b:?}");
		}
		// Q8_0 stays within the tolerance of f32 on this model; Q4_0 does not.
		let q8 =
			load::from_gguf(&tiny::gguf_bytes(&w, &spec, GgmlDType::Q8_0).unwrap(), &Device::Cpu)
				.unwrap()
				.0;
		let q4 =
			load::from_gguf(&tiny::gguf_bytes(&w, &spec, GgmlDType::Q4_0).unwrap(), &Device::Cpu)
				.unwrap()
				.0;
		let q4_differs = (0..4).any(|s| !agree(&answer(&gg, s), &answer(&q4, s), TOLERANCE));
		assert!(q4_differs, "{spec:?}: Q4_0 should be told apart from f32");
		let q8_answer = answer(&q8, 0);
		let q41 = tiny::gguf_bytes(&w, &spec, GgmlDType::Q4_1).unwrap();
		assert!(matches!(
			answer(&load::from_gguf(&q41, &Device::Cpu).unwrap().0, 0),
			Fingerprint::Model(_)
		));
		assert!(matches!(&q8_answer, Fingerprint::Model(f) if f.tokens.len() == 128));
	}
}

#[test]
fn an_answer_checks_out_in_one_pass_and_tampering_is_caught() {
	let spec = TinySpec::llama(7);
	let w = tiny::weights(&spec).unwrap();
	let model =
		load::from_gguf(&tiny::gguf_bytes(&w, &spec, GgmlDType::Q8_0).unwrap(), &Device::Cpu)
			.unwrap()
			.0;
	let c = challenge(3, 512);
	let Fingerprint::Model(honest) = answer_model(&model, &c).unwrap() else { panic!() };
	let verdict = check_model(&model, &c, &honest, TOLERANCE).unwrap();
	assert!(verdict.accepted(), "{verdict:?}");
	// Bit for bit: the one-pass check reproduces token-by-token generation exactly.
	assert_eq!((verdict.max_logit_diff, verdict.max_token_gap), (0, 0), "{verdict:?}");

	// A wrong token anywhere is found at its index.
	let mut wrong = honest.clone();
	wrong.tokens[37] = (wrong.tokens[37] + 1) % 512;
	let verdict = check_model(&model, &c, &wrong, TOLERANCE).unwrap();
	assert!(!verdict.accepted());
	assert_eq!(verdict.wrong_tokens.first(), Some(&37));

	// A logit off by more than the tolerance.
	let mut off = honest.clone();
	off.top[2][0].logit += 2 * TOLERANCE as i32;
	let verdict = check_model(&model, &c, &off, TOLERANCE).unwrap();
	assert!(verdict.wrong_tokens.is_empty() && !verdict.logits_agree);

	// Out-of-vocabulary tokens and a short answer are refused, not a panic.
	let mut oov = honest.clone();
	oov.tokens[0] = 10_000;
	assert!(!check_model(&model, &c, &oov, TOLERANCE).unwrap().accepted());
	for last in [127usize, 31] {
		// The last token of a prompt is never fed back, but it is still checked.
		let mut oov = honest.clone();
		oov.tokens[last] = u32::MAX;
		assert!(!check_model(&model, &c, &oov, TOLERANCE).unwrap().accepted());
	}
	let mut short = honest;
	short.tokens.pop();
	assert!(!check_model(&model, &c, &short, TOLERANCE).unwrap().accepted());

	// Another model of the same shape fails the check.
	let other = load::from_gguf(
		&tiny::gguf_bytes(&tiny::weights(&TinySpec::llama(8)).unwrap(), &spec, GgmlDType::Q8_0)
			.unwrap(),
		&Device::Cpu,
	)
	.unwrap()
	.0;
	let Fingerprint::Model(theirs) = answer_model(&other, &c).unwrap() else { panic!() };
	assert!(!check_model(&model, &c, &theirs, TOLERANCE).unwrap().accepted());
}
