//! # dsynapse-inference
//!
//! Running models for dsynapse verifiers: what `dsynapse-worker` loads and runs to answer a
//! verification round, kept apart from the worker's networking so it can be built and
//! benchmarked alone.
//!
//! - [`manifest`]: the JSON an IP owner registers beside a model (architecture, format,
//!   vocabulary size);
//! - [`dataset`]: the JSON an IP owner registers beside a dataset (format, size, chunk-hash
//!   list) and the format checks run on each sampled chunk;
//! - [`load`]: GGUF (quantized llama and qwen2) and Hugging Face safetensors llama from their
//!   bytes, checked against the manifest;
//! - [`llama`]: the decoder itself, on candle, returning logits at every position;
//! - [`challenge`]: greedy generation into a fingerprint, and checking another verifier's
//!   fingerprint with one teacher-forced pass;
//! - `tiny`: small seeded models for tests and the detection study, and `tamper`: one weight
//!   changed, or a model re-quantized (what the study must catch) — both with the `testing`
//!   feature only.
//!
//! Devices: the CPU by default; `--features cuda` adds NVIDIA GPUs ([`device`]).

pub mod challenge;
pub mod dataset;
pub mod llama;
pub mod load;
pub mod manifest;
#[cfg(any(test, feature = "testing"))]
pub mod tamper;
#[cfg(any(test, feature = "testing"))]
pub mod tiny;

/// The device to run on: the first CUDA GPU when `gpu` is set (needs `--features cuda`), else
/// the CPU.
pub fn device(gpu: bool) -> anyhow::Result<candle_core::Device> {
	if gpu {
		if !candle_core::utils::cuda_is_available() {
			anyhow::bail!("--gpu needs a build with `--features cuda` and an NVIDIA GPU");
		}
		return Ok(candle_core::Device::new_cuda(0)?);
	}
	Ok(candle_core::Device::Cpu)
}
