//! Small seeded models for tests, the detection study and the end-to-end tests: nothing is
//! downloaded; the same seed always gives the same weights, written as a Hugging Face
//! safetensors folder or as a GGUF file in any quantization candle writes.
//!
//! The weights are scaled so that the logits spread over several units (a random model with the
//! usual initialisation has logits within a fraction of a unit of each other, where one
//! quantization step would already flip the greedy token).

use crate::manifest::{Architecture, Format, ModelManifest};
use candle_core::{
	quantized::{gguf_file, GgmlDType, QTensor},
	Device, Tensor,
};
use std::{collections::HashMap, io::Cursor, path::Path};

/// The shape and seed of a tiny model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TinySpec {
	/// Seed of the weights.
	pub seed: u64,
	/// llama or qwen2 (qwen2 adds query/key/value biases).
	pub architecture: Architecture,
	/// Vocabulary size.
	pub vocab: usize,
	/// Residual width.
	pub hidden: usize,
	/// Decoder blocks.
	pub layers: usize,
	/// Query heads.
	pub heads: usize,
	/// Key/value heads.
	pub kv_heads: usize,
	/// MLP width.
	pub ffn: usize,
}

impl TinySpec {
	/// A 2-block llama with a 512-token vocabulary (~0.2 M parameters).
	pub const fn llama(seed: u64) -> Self {
		TinySpec {
			seed,
			architecture: Architecture::Llama,
			vocab: 512,
			hidden: 64,
			layers: 2,
			heads: 4,
			kv_heads: 2,
			ffn: 192,
		}
	}

	/// The same shape as qwen2.
	pub const fn qwen2(seed: u64) -> Self {
		TinySpec { architecture: Architecture::Qwen2, ..Self::llama(seed) }
	}

	fn head_dim(&self) -> usize {
		self.hidden / self.heads
	}

	/// Parameter count.
	pub fn params(&self) -> u64 {
		let kv = self.kv_heads * self.head_dim();
		let attn = self.hidden * (2 * self.hidden + 2 * kv);
		let mlp = 3 * self.hidden * self.ffn;
		(2 * self.vocab * self.hidden + self.layers * (attn + mlp + 2 * self.hidden) + self.hidden)
			as u64
	}

	/// The manifest an owner would register for this model in `format`.
	pub fn manifest(&self, format: Format) -> ModelManifest {
		ModelManifest {
			name: format!("tiny-{}-{}", self.architecture.name(), self.seed),
			architecture: self.architecture,
			format,
			vocab_size: self.vocab as u32,
			params: Some(self.params()),
		}
	}
}

/// splitmix64: a small, well-mixed deterministic generator.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}

	fn uniform(&mut self) -> f64 {
		((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
	}

	/// A standard normal sample (Box–Muller).
	fn normal(&mut self) -> f32 {
		let (u, v) = (self.uniform(), self.uniform());
		((-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()) as f32
	}
}

/// The weights under their Hugging Face names, f32.
pub fn weights(spec: &TinySpec) -> candle_core::Result<HashMap<String, Tensor>> {
	let dev = Device::Cpu;
	let mut rng = Rng(spec.seed ^ 0x6473_796e_6170_7365);
	let mut normal = |shape: (usize, usize), std: f32| -> candle_core::Result<Tensor> {
		let v: Vec<f32> = (0..shape.0 * shape.1).map(|_| rng.normal() * std).collect();
		Tensor::from_vec(v, shape, &dev)
	};
	let (h, kv) = (spec.hidden, spec.kv_heads * spec.head_dim());
	let lin = |fan_in: usize| 1.0 / (fan_in as f32).sqrt();
	let mut w = HashMap::new();
	w.insert("model.embed_tokens.weight".to_string(), normal((spec.vocab, h), 1.0)?);
	for i in 0..spec.layers {
		let p = format!("model.layers.{i}");
		let shapes = [
			("self_attn.q_proj", (h, h), lin(h) * 2.0),
			("self_attn.k_proj", (kv, h), lin(h) * 2.0),
			("self_attn.v_proj", (kv, h), lin(h)),
			("self_attn.o_proj", (h, h), lin(h)),
			("mlp.gate_proj", (spec.ffn, h), lin(h)),
			("mlp.up_proj", (spec.ffn, h), lin(h)),
			("mlp.down_proj", (h, spec.ffn), lin(spec.ffn)),
		];
		for (name, shape, std) in shapes {
			w.insert(format!("{p}.{name}.weight"), normal(shape, std)?);
		}
		if spec.architecture == Architecture::Qwen2 {
			for (name, n) in [("q_proj", h), ("k_proj", kv), ("v_proj", kv)] {
				w.insert(format!("{p}.self_attn.{name}.bias"), normal((1, n), 0.1)?.squeeze(0)?);
			}
		}
		for name in ["input_layernorm", "post_attention_layernorm"] {
			let t = (normal((1, h), 0.1)? + 1.0)?.squeeze(0)?;
			w.insert(format!("{p}.{name}.weight"), t);
		}
	}
	w.insert("model.norm.weight".to_string(), (normal((1, h), 0.1)? + 1.0)?.squeeze(0)?);
	// Logits with a standard deviation of about 3: greedy choices are clear-cut, like a
	// trained model's.
	w.insert("lm_head.weight".to_string(), normal((spec.vocab, h), 3.0 / (h as f32).sqrt())?);
	Ok(w)
}

/// `config.json` for the safetensors folder.
pub fn hf_config(spec: &TinySpec) -> String {
	serde_json::json!({
		"model_type": spec.architecture.name(),
		"hidden_size": spec.hidden,
		"intermediate_size": spec.ffn,
		"num_attention_heads": spec.heads,
		"num_key_value_heads": spec.kv_heads,
		"num_hidden_layers": spec.layers,
		"rms_norm_eps": 1e-5,
		"rope_theta": 10000.0,
		"vocab_size": spec.vocab,
		"max_position_embeddings": 1024,
		"tie_word_embeddings": false,
	})
	.to_string()
}

/// Writes `config.json` and `model.safetensors` into `dir` (created if missing).
pub fn write_safetensors_folder(
	weights: &HashMap<String, Tensor>,
	spec: &TinySpec,
	dir: &Path,
) -> anyhow::Result<()> {
	std::fs::create_dir_all(dir)?;
	std::fs::write(dir.join("config.json"), hf_config(spec))?;
	candle_core::safetensors::save(weights, dir.join("model.safetensors"))?;
	Ok(())
}

/// llama.cpp's row order for llama query/key weights: within each head, the two halves that
/// the Hugging Face rotary pairs are interleaved, so GGUF llama can rotate adjacent pairs.
fn interleave_heads(w: &Tensor, heads: usize) -> candle_core::Result<Tensor> {
	let (rows, cols) = w.dims2()?;
	w.reshape((heads, 2, rows / heads / 2, cols))?.transpose(1, 2)?.reshape((rows, cols))
}

/// The model as a GGUF file; matrices in `dtype` (F32, F16, Q8_0, Q4_0, Q4_1, …: the row
/// length must be a multiple of the type's block size), vectors in F32.
pub fn gguf_bytes(
	weights: &HashMap<String, Tensor>,
	spec: &TinySpec,
	dtype: GgmlDType,
) -> anyhow::Result<Vec<u8>> {
	let arch = spec.architecture.name();
	let hf =
		|n: &str| weights.get(n).cloned().ok_or_else(|| anyhow::anyhow!("tiny model lacks {n}"));
	let mut tensors: Vec<(String, QTensor)> = Vec::new();
	let mut matrix = |name: String, t: Tensor| -> anyhow::Result<()> {
		tensors.push((name, QTensor::quantize(&t, dtype)?));
		Ok(())
	};
	matrix("token_embd.weight".into(), hf("model.embed_tokens.weight")?)?;
	matrix("output.weight".into(), hf("lm_head.weight")?)?;
	let mut vectors: Vec<(String, Tensor)> =
		vec![("output_norm.weight".into(), hf("model.norm.weight")?)];
	for i in 0..spec.layers {
		let (p, b) = (format!("model.layers.{i}"), format!("blk.{i}"));
		let (mut q, mut k) = (
			hf(&format!("{p}.self_attn.q_proj.weight"))?,
			hf(&format!("{p}.self_attn.k_proj.weight"))?,
		);
		if spec.architecture == Architecture::Llama {
			q = interleave_heads(&q, spec.heads)?;
			k = interleave_heads(&k, spec.kv_heads)?;
		}
		matrix(format!("{b}.attn_q.weight"), q)?;
		matrix(format!("{b}.attn_k.weight"), k)?;
		for (g, h) in [
			("attn_v", "self_attn.v_proj"),
			("attn_output", "self_attn.o_proj"),
			("ffn_gate", "mlp.gate_proj"),
			("ffn_up", "mlp.up_proj"),
			("ffn_down", "mlp.down_proj"),
		] {
			matrix(format!("{b}.{g}.weight"), hf(&format!("{p}.{h}.weight"))?)?;
		}
		vectors
			.push((format!("{b}.attn_norm.weight"), hf(&format!("{p}.input_layernorm.weight"))?));
		vectors.push((
			format!("{b}.ffn_norm.weight"),
			hf(&format!("{p}.post_attention_layernorm.weight"))?,
		));
		if spec.architecture == Architecture::Qwen2 {
			for (g, h) in [("attn_q", "q_proj"), ("attn_k", "k_proj"), ("attn_v", "v_proj")] {
				vectors.push((format!("{b}.{g}.bias"), hf(&format!("{p}.self_attn.{h}.bias"))?));
			}
		}
	}
	for (name, t) in vectors {
		tensors.push((name, QTensor::quantize(&t, GgmlDType::F32)?));
	}
	use gguf_file::Value;
	let u = |v: usize| Value::U32(v as u32);
	let metadata: Vec<(String, Value)> = vec![
		("general.architecture".into(), Value::String(arch.into())),
		("general.name".into(), Value::String(format!("tiny-{arch}-{}", spec.seed))),
		(format!("{arch}.block_count"), u(spec.layers)),
		(format!("{arch}.embedding_length"), u(spec.hidden)),
		(format!("{arch}.feed_forward_length"), u(spec.ffn)),
		(format!("{arch}.attention.head_count"), u(spec.heads)),
		(format!("{arch}.attention.head_count_kv"), u(spec.kv_heads)),
		(format!("{arch}.attention.layer_norm_rms_epsilon"), Value::F32(1e-5)),
		(format!("{arch}.rope.freq_base"), Value::F32(10_000.0)),
		(format!("{arch}.rope.dimension_count"), u(spec.head_dim())),
		(format!("{arch}.context_length"), u(1024)),
	];
	let md: Vec<(&str, &Value)> = metadata.iter().map(|(k, v)| (k.as_str(), v)).collect();
	let ts: Vec<(&str, &QTensor)> = tensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
	let mut out = Cursor::new(Vec::new());
	gguf_file::write(&mut out, &md, &ts)?;
	Ok(out.into_inner())
}

/// A copy of `weights` with one element of `name` changed by `delta` (the detection study's
/// "single perturbed weight").
pub fn perturb(
	weights: &HashMap<String, Tensor>,
	name: &str,
	index: usize,
	delta: f32,
) -> anyhow::Result<HashMap<String, Tensor>> {
	let mut out = weights.clone();
	let t = weights.get(name).ok_or_else(|| anyhow::anyhow!("no tensor {name}"))?;
	let shape = t.shape().clone();
	let mut v = t.flatten_all()?.to_vec1::<f32>()?;
	let slot = v.get_mut(index).ok_or_else(|| anyhow::anyhow!("{name} has no element {index}"))?;
	*slot += delta;
	out.insert(name.to_string(), Tensor::from_vec(v, shape, &Device::Cpu)?);
	Ok(out)
}
