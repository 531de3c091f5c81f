//! How much cheaper checking an answer is than producing it: greedy generation of `n` tokens
//! after each of the challenge's 4 prompts (token by token, key/value cache) against one
//! teacher-forced pass over the same tokens, for n = 32, 128 and 512.
//!
//! ```text
//! cargo bench -p dsynapse-inference --bench verify_speed                     # tiny seeded llama
//! DSYNAPSE_BENCH_GGUF=SmolLM2-135M-Instruct.Q4_1.gguf cargo bench -p dsynapse-inference --bench verify_speed
//! ```
//!
//! Both are timed in the same process, best of `DSYNAPSE_BENCH_RUNS` (default 3; 1 for 512
//! tokens on a real model). The check must accept the answer bit for bit (asserted).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use candle_core::{quantized::GgmlDType, Device};
use dsynapse_challenge::{derive::model_layout, model_challenge, ModelSpec};
use dsynapse_inference::{
	challenge::{check, generate},
	load,
	tamper::study_seed,
	tiny::{self, TinySpec},
};
use std::time::Instant;

fn main() {
	let (bytes, name) = match std::env::var("DSYNAPSE_BENCH_GGUF") {
		Ok(path) => (std::fs::read(&path).expect("reading the GGUF"), path),
		Err(_) => {
			let spec = TinySpec::llama(1);
			let w = tiny::weights(&spec).expect("weights");
			(
				tiny::gguf_bytes(&w, &spec, GgmlDType::Q8_0).expect("gguf"),
				"tiny llama seed 1 (Q8_0)".into(),
			)
		},
	};
	let runs: usize =
		std::env::var("DSYNAPSE_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
	let model = load::from_gguf(&bytes, &Device::Cpu).expect("loads").0;
	let spec = ModelSpec { vocab_size: model.config.vocab_size as u32 };
	let challenge = model_challenge(&study_seed(0), b"verify-speed", &spec).expect("challenge");
	let layout = model_layout(&study_seed(0), b"verify-speed");
	println!(
		"\n## Generate vs check: {name}, {} prompts of {} tokens, threads {}\n",
		challenge.prompts.len(),
		challenge.prompts.first().map_or(0, Vec::len),
		candle_core::utils::get_num_threads()
	);
	println!("| tokens per prompt | generate (s) | check (s) | check / generate | generated tok/s |\n|---|---|---|---|---|");
	for gen_len in [32usize, 128, 512] {
		// Sampled positions: the layout's, spread over the longer run.
		let total = (challenge.prompts.len() * gen_len) as u32;
		let positions: Vec<u32> =
			layout.positions.iter().map(|p| p * total / layout.generated_tokens()).collect();
		let k = usize::from(layout.k);
		let reps =
			if gen_len == 512 && std::env::var("DSYNAPSE_BENCH_GGUF").is_ok() { 1 } else { runs };
		let (mut gen_s, mut check_s) = (f64::MAX, f64::MAX);
		for _ in 0..reps.max(1) {
			let t = Instant::now();
			let answer =
				generate(&model, &challenge.prompts, gen_len, &positions, k).expect("generates");
			gen_s = gen_s.min(t.elapsed().as_secs_f64());
			let t = Instant::now();
			let verdict = check(&model, &challenge.prompts, gen_len, &positions, k, &answer, 64)
				.expect("checks");
			check_s = check_s.min(t.elapsed().as_secs_f64());
			assert!(verdict.accepted() && verdict.max_logit_diff == 0, "{verdict:?}");
		}
		println!(
			"| {gen_len} | {gen_s:.3} | {check_s:.3} | {:.3} | {:.1} |",
			check_s / gen_s,
			(challenge.prompts.len() * gen_len) as f64 / gen_s
		);
	}
}
