//! The determinism and detection study: do honest verifiers agree, and is every kind of wrong
//! model rejected, over many challenges?
//!
//! ```text
//! cargo bench -p dsynapse-inference --bench detection                      # the tiny seeded llama
//! DSYNAPSE_BENCH_GGUF=SmolLM2-135M-Instruct.Q4_1.gguf DSYNAPSE_STUDY_CHALLENGES=30 \
//!   cargo bench -p dsynapse-inference --bench detection                      # a real model
//! DSYNAPSE_STUDY_ALSO=other-build.jsonl cargo bench …  # honest answers of another build/device
//! ```
//!
//! For each challenge (seed `tamper::study_seed(i)`), the honest model answers in this process
//! (all cores) and in a child process limited to one thread (`CANDLE_NUM_THREADS=1`,
//! `RAYON_NUM_THREADS=1`). Then the wrong models answer: one weight moved by one quantization
//! step, one weight moved by half the range, a different model of the same architecture (tiny
//! model only: another seed), and the same weights in another quantization. An answer is
//! *rejected* when it does not agree with the honest one by the chain's rule (`agree`, tolerance
//! 64 = a quarter of a logit). Honest pairs that disagree are false positives.
//!
//! `DSYNAPSE_STUDY_WRITE=FILE` also writes the honest answers (one hex SCALE fingerprint per
//! line), so a build with other CPU flags, or a GPU build, can be compared with `DSYNAPSE_STUDY_ALSO`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use candle_core::{quantized::GgmlDType, Device};
use codec::Encode;
use dsynapse_challenge::{agree, model_challenge, Fingerprint, ModelSpec};
use dsynapse_inference::{
	challenge::answer_model,
	llama::Model,
	load,
	tamper::{perturb_one_weight, requantize, study_seed},
	tiny::{self, TinySpec},
};
use std::{process::Command, time::Instant};

const TOLERANCE: u32 = 64;

fn model(bytes: &[u8]) -> Model {
	load::from_gguf(bytes, &Device::Cpu).expect("the GGUF loads").0
}

fn answers(model: &Model, n: u64) -> Vec<Fingerprint> {
	let spec = ModelSpec { vocab_size: model.config.vocab_size as u32 };
	(0..n)
		.map(|i| {
			let c = model_challenge(&study_seed(i), b"detection-study", &spec).expect("challenge");
			answer_model(model, &c).expect("the model runs")
		})
		.collect()
}

fn read_lines(path: &str) -> Vec<Fingerprint> {
	std::fs::read_to_string(path)
		.expect("answers file")
		.lines()
		.map(|l| Fingerprint::decode_bounded(&hex::decode(l).expect("hex")).expect("fingerprint"))
		.collect()
}

fn write_lines(path: &str, answers: &[Fingerprint]) {
	let text: String = answers.iter().map(|a| hex::encode(a.encode()) + "\n").collect();
	std::fs::write(path, text).expect("writing answers");
}

fn main() {
	let n: u64 =
		std::env::var("DSYNAPSE_STUDY_CHALLENGES").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
	let real = std::env::var("DSYNAPSE_BENCH_GGUF").ok();
	let (honest, name, perturbed_tensor) = match &real {
		Some(path) => {
			(std::fs::read(path).expect("reading the GGUF"), path.clone(), "blk.0.ffn_down.weight")
		},
		None => {
			let spec = TinySpec::llama(1);
			let w = tiny::weights(&spec).expect("weights");
			(
				tiny::gguf_bytes(&w, &spec, GgmlDType::Q8_0).expect("gguf"),
				"tiny llama seed 1 (Q8_0)".into(),
				"blk.0.ffn_down.weight",
			)
		},
	};

	// Child mode: answer with the honest model and write the answers.
	if let Ok(out) = std::env::var("DSYNAPSE_STUDY_CHILD_OUT") {
		write_lines(&out, &answers(&model(&honest), n));
		return;
	}

	let started = Instant::now();
	let reference = answers(&model(&honest), n);
	let per_challenge = started.elapsed().as_secs_f64() / n as f64;
	if let Ok(path) = std::env::var("DSYNAPSE_STUDY_WRITE") {
		write_lines(&path, &reference);
	}

	let dir = tempfile::tempdir().expect("temp dir");
	let child_out = dir.path().join("one-thread.txt");
	let status = Command::new(std::env::current_exe().expect("own path"))
		.env("DSYNAPSE_STUDY_CHILD_OUT", &child_out)
		.env("CANDLE_NUM_THREADS", "1")
		.env("RAYON_NUM_THREADS", "1")
		.arg("--bench")
		.status()
		.expect("child runs");
	assert!(status.success());
	let mut honest_sets = vec![(
		"1 thread vs all cores".to_string(),
		read_lines(child_out.to_str().unwrap_or_default()),
	)];
	if let Ok(path) = std::env::var("DSYNAPSE_STUDY_ALSO") {
		honest_sets.push((format!("{path} vs this build"), read_lines(&path)));
	}

	let q = {
		let content =
			candle_core::quantized::gguf_file::Content::read(&mut std::io::Cursor::new(&honest))
				.expect("gguf");
		content.tensor_infos.get(perturbed_tensor).map(|i| i.ggml_dtype).expect("tensor present")
	};
	let large = if q == GgmlDType::Q8_0 { 64 } else { 8 };
	let other_quant = if q == GgmlDType::Q8_0 { GgmlDType::Q4_0 } else { GgmlDType::Q8_0 };
	let mut wrong: Vec<(String, Vec<u8>)> = vec![
		(
			format!("one weight of {perturbed_tensor} +1 step ({q:?})"),
			perturb_one_weight(&honest, perturbed_tensor, 0, 1).expect("perturb"),
		),
		(
			format!("one weight of {perturbed_tensor} +{large} steps"),
			perturb_one_weight(&honest, perturbed_tensor, 0, large).expect("perturb"),
		),
		(
			format!("same weights re-quantized to {other_quant:?}"),
			requantize(&honest, other_quant).expect("requantize"),
		),
	];
	if real.is_none() {
		let spec = TinySpec::llama(2);
		let w = tiny::weights(&spec).expect("weights");
		wrong.push((
			"another model, same architecture (seed 2)".into(),
			tiny::gguf_bytes(&w, &spec, GgmlDType::Q8_0).expect("gguf"),
		));
	}

	println!("\n## Detection study: {name}, {n} challenges, tolerance {TOLERANCE}\n");
	println!(
		"{:.3} s per challenge ({} generated tokens each)\n",
		per_challenge,
		dsynapse_challenge::Shape::STANDARD.generated_tokens()
	);
	println!("| honest pair | agree | false positives | bit-identical (false positives at tolerance 0) |\n|---|---|---|---|");
	for (label, set) in &honest_sets {
		let bad = reference.iter().zip(set).filter(|(a, b)| !agree(a, b, TOLERANCE)).count();
		let identical = reference.iter().zip(set).filter(|(a, b)| a == b).count();
		println!(
			"| {label} | {}/{n} | {:.1}% | {identical}/{n} ({:.1}%) |",
			n as usize - bad,
			100.0 * bad as f64 / n as f64,
			100.0 * (n as usize - identical) as f64 / n as f64
		);
	}
	println!("\n| wrong model | rejected | detection rate | tokens differ | rejected at tolerance 0 |\n|---|---|---|---|---|");
	for (label, bytes) in &wrong {
		let theirs = answers(&model(bytes), n);
		let rejected =
			reference.iter().zip(&theirs).filter(|(a, b)| !agree(a, b, TOLERANCE)).count();
		let tokens = reference
			.iter()
			.zip(&theirs)
			.filter(|(a, b)| match (a, b) {
				(Fingerprint::Model(x), Fingerprint::Model(y)) => x.tokens != y.tokens,
				_ => true,
			})
			.count();
		let exact = reference.iter().zip(&theirs).filter(|(a, b)| !agree(a, b, 0)).count();
		println!(
			"| {label} | {rejected}/{n} | {:.1}% | {tokens}/{n} | {exact}/{n} ({:.1}%) |",
			100.0 * rejected as f64 / n as f64,
			100.0 * exact as f64 / n as f64
		);
	}
}
