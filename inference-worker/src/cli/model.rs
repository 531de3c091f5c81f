//! `dsynapse-worker model …`: run models outside a round — make the seeded test models, answer
//! a challenge for a given seed, measure speed.

use anyhow::Context;
#[cfg(feature = "testing")]
use candle_core::quantized::GgmlDType;
use candle_core::Tensor;
use clap::Subcommand;
#[cfg(feature = "testing")]
use clap::ValueEnum;
use dsynapse_challenge::{model_challenge, Fingerprint, ModelSpec};
use dsynapse_inference::{
	challenge::{answer_model, check_model, generate},
	llama::Model,
	load,
	manifest::Format,
};
#[cfg(feature = "testing")]
use dsynapse_inference::{
	manifest::Architecture,
	tiny::{self, TinySpec},
};
use std::{path::PathBuf, process::ExitCode, time::Instant};

/// GGUF matrix types `make-tiny` writes.
#[cfg(feature = "testing")]
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Dtype {
	/// 32-bit floats.
	F32,
	/// 16-bit floats.
	F16,
	/// 8-bit blocks.
	Q8_0,
	/// 4-bit blocks.
	Q4_0,
	/// 4-bit blocks with a minimum.
	Q4_1,
}

#[cfg(feature = "testing")]
impl From<Dtype> for GgmlDType {
	fn from(d: Dtype) -> Self {
		match d {
			Dtype::F32 => GgmlDType::F32,
			Dtype::F16 => GgmlDType::F16,
			Dtype::Q8_0 => GgmlDType::Q8_0,
			Dtype::Q4_0 => GgmlDType::Q4_0,
			Dtype::Q4_1 => GgmlDType::Q4_1,
		}
	}
}

/// `model` subcommands.
#[derive(Subcommand, Debug)]
pub enum ModelCommand {
	/// Write a small seeded model (GGUF file or safetensors folder) and its manifest (built
	/// with the `testing` feature only: the end-to-end tests' models).
	#[cfg(feature = "testing")]
	MakeTiny {
		/// Seed of the weights.
		#[arg(long, default_value_t = 1)]
		seed: u64,
		/// llama or qwen2.
		#[arg(long, default_value = "llama")]
		arch: String,
		/// gguf or safetensors.
		#[arg(long, default_value = "gguf")]
		format: String,
		/// GGUF matrix type.
		#[arg(long, value_enum, default_value = "q8-0")]
		dtype: Dtype,
		/// Where to write the model (a file for gguf, a folder for safetensors).
		#[arg(long)]
		out: PathBuf,
		/// Where to write the manifest JSON.
		#[arg(long)]
		manifest: PathBuf,
	},
	/// Answer the challenge of `seed` with a GGUF model; prints the fingerprint as JSON.
	Fingerprint {
		/// The GGUF file.
		#[arg(long)]
		gguf: PathBuf,
		/// The round seed (64 hex digits).
		#[arg(long)]
		seed: String,
		/// The manifest CID bytes as hex (the challenge is bound to them).
		#[arg(long, default_value = "")]
		manifest_cid: String,
		/// Also check the answer by one teacher-forced pass and print both times.
		#[arg(long)]
		check: bool,
	},
	/// Print the manifest an owner registers for a GGUF model (architecture and vocabulary read
	/// from the file).
	Manifest {
		/// The GGUF file.
		#[arg(long)]
		gguf: PathBuf,
		/// The model's display name.
		#[arg(long)]
		name: String,
	},
	/// Decode and prefill speed of a GGUF model (batch of one, greedy).
	Bench {
		/// The GGUF file.
		#[arg(long)]
		gguf: PathBuf,
		/// Tokens to generate.
		#[arg(long, default_value_t = 128)]
		tokens: usize,
		/// Tokens in the prefill measurement.
		#[arg(long, default_value_t = 512)]
		prefill: usize,
		/// Repetitions (the best is reported).
		#[arg(long, default_value_t = 3)]
		runs: usize,
	},
}

fn load_gguf(path: &PathBuf) -> anyhow::Result<Model> {
	let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
	Ok(load::from_gguf(&bytes, &candle_core::Device::Cpu)?.0)
}

fn seed32(hex_seed: &str) -> anyhow::Result<[u8; 32]> {
	hex::decode(hex_seed.trim_start_matches("0x"))?
		.try_into()
		.map_err(|_| anyhow::anyhow!("--seed takes 32 bytes (64 hex digits)"))
}

/// Runs one `model` command.
pub fn run(command: ModelCommand) -> anyhow::Result<ExitCode> {
	match command {
		#[cfg(feature = "testing")]
		ModelCommand::MakeTiny { seed, arch, format, dtype, out, manifest } => {
			let architecture = Architecture::parse(&arch)
				.ok_or_else(|| anyhow::anyhow!("unknown architecture {arch:?} (llama, qwen2)"))?;
			let fmt = Format::parse(&format)
				.ok_or_else(|| anyhow::anyhow!("unknown format {format:?} (gguf, safetensors)"))?;
			let spec = TinySpec { architecture, ..TinySpec::llama(seed) };
			let weights = tiny::weights(&spec)?;
			match fmt {
				Format::Gguf => {
					std::fs::write(&out, tiny::gguf_bytes(&weights, &spec, dtype.into())?)?
				},
				Format::Safetensors => tiny::write_safetensors_folder(&weights, &spec, &out)?,
			}
			std::fs::write(&manifest, spec.manifest(fmt).to_json())?;
			println!("{}", out.display());
		},
		ModelCommand::Fingerprint { gguf, seed, manifest_cid, check } => {
			let model = load_gguf(&gguf)?;
			let spec = ModelSpec { vocab_size: model.config.vocab_size as u32 };
			let challenge = model_challenge(&seed32(&seed)?, &hex::decode(manifest_cid)?, &spec)
				.map_err(|e| anyhow::anyhow!("{e:?}"))?;
			let started = Instant::now();
			let answer = answer_model(&model, &challenge)?;
			let generate_s = started.elapsed().as_secs_f64();
			let Fingerprint::Model(fp) = &answer else { anyhow::bail!("no model answer") };
			let mut out = serde_json::json!({
				"tokens": fp.tokens,
				"top": fp.top.iter().map(|l| l.iter().map(|e| [e.token as i64, i64::from(e.logit)]).collect::<Vec<_>>()).collect::<Vec<_>>(),
				"scale": hex::encode(codec::Encode::encode(&answer)),
				"generate_seconds": generate_s,
			});
			if check {
				let started = Instant::now();
				let verdict = check_model(&model, &challenge, fp, 64)?;
				if let Some(o) = out.as_object_mut() {
					o.insert("check_seconds".into(), started.elapsed().as_secs_f64().into());
					o.insert("check_accepted".into(), verdict.accepted().into());
					o.insert("check_wrong_tokens".into(), verdict.wrong_tokens.clone().into());
					o.insert("check_logits_agree".into(), verdict.logits_agree.into());
					o.insert("check_max_logit_diff".into(), verdict.max_logit_diff.into());
					o.insert("check_max_token_gap".into(), verdict.max_token_gap.into());
				}
			}
			println!("{out}");
		},
		ModelCommand::Manifest { gguf, name } => {
			let bytes =
				std::fs::read(&gguf).with_context(|| format!("reading {}", gguf.display()))?;
			let (model, architecture) = load::from_gguf(&bytes, &candle_core::Device::Cpu)?;
			let manifest = dsynapse_inference::manifest::ModelManifest {
				name,
				architecture,
				format: Format::Gguf,
				vocab_size: model.config.vocab_size as u32,
				params: None,
			};
			println!("{}", manifest.to_json());
		},
		ModelCommand::Bench { gguf, tokens, prefill, runs } => {
			let started = Instant::now();
			let model = load_gguf(&gguf)?;
			let load_s = started.elapsed().as_secs_f64();
			let vocab = model.config.vocab_size as u32;
			let prompt: Vec<u32> = (0..16u32).map(|i| (i * 7919 + 13) % vocab).collect();
			let long: Vec<u32> = (0..prefill as u32).map(|i| (i * 104_729 + 7) % vocab).collect();
			let (mut decode, mut pre) = (f64::MAX, f64::MAX);
			for _ in 0..runs.max(1) {
				let t = Instant::now();
				generate(&model, std::slice::from_ref(&prompt), tokens, &[], 0)?;
				decode = decode.min(t.elapsed().as_secs_f64());
				let input = Tensor::from_vec(long.clone(), (1, long.len()), model.device())?;
				let t = Instant::now();
				model.forward(&input, &mut model.cache())?;
				pre = pre.min(t.elapsed().as_secs_f64());
			}
			println!(
				"{}",
				serde_json::json!({
					"threads": candle_core::utils::get_num_threads(),
					"load_seconds": load_s,
					"decode_tokens": tokens,
					"decode_tokens_per_second": tokens as f64 / decode,
					"prefill_tokens": prefill,
					"prefill_tokens_per_second": prefill as f64 / pre,
				})
			);
		},
	}
	Ok(ExitCode::SUCCESS)
}
