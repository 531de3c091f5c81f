//! Loading a model from its bytes: one GGUF file, or a Hugging Face `config.json` with one
//! `model.safetensors`, then checking it against the manifest.
//!
//! Every way the bytes can fail to be the model the manifest describes is a [`LoadError`] with a
//! sentence for the user; a verifier answers `Unavailable` for any of them. (Reading the bytes
//! from the content layer by CID is the worker's part.)

use crate::{
	llama::{Block, Config, Model, RopeStyle},
	manifest::{Architecture, ManifestError, ModelManifest},
};
use candle_core::{
	quantized::{gguf_file, QMatMul, QTensor},
	DType, Device, Tensor,
};
use std::{collections::HashMap, io::Cursor, sync::Arc};

/// The longest sequence any model is set up for (rotary tables); challenges use 48 tokens, the
/// benchmarks up to 528.
pub const MAX_SEQ: usize = 4096;

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
	/// The manifest is unusable.
	#[error("manifest: {0}")]
	Manifest(#[from] ManifestError),
	/// The bytes are not a valid file of the declared format.
	#[error("the content is not a valid {format} model: {reason}")]
	Format {
		/// `gguf` or `safetensors`.
		format: &'static str,
		/// What is wrong.
		reason: String,
	},
	/// The file is valid but is not what the manifest says.
	#[error("the content does not match its manifest: {0}")]
	Mismatch(String),
}

fn gguf_error(reason: impl ToString) -> LoadError {
	LoadError::Format { format: "gguf", reason: reason.to_string() }
}

fn st_error(reason: impl ToString) -> LoadError {
	LoadError::Format { format: "safetensors", reason: reason.to_string() }
}

/// Checks that loaded weights are what the manifest declares.
pub fn check_against(
	(model, arch): &(Model, Architecture),
	manifest: &ModelManifest,
) -> Result<(), LoadError> {
	if *arch != manifest.architecture {
		return Err(LoadError::Mismatch(format!(
			"the weights are a {} model, the manifest says {}",
			arch.name(),
			manifest.architecture.name()
		)));
	}
	if model.config.vocab_size != manifest.vocab_size as usize {
		return Err(LoadError::Mismatch(format!(
			"the weights have a vocabulary of {}, the manifest says {}",
			model.config.vocab_size, manifest.vocab_size
		)));
	}
	Ok(())
}

/// Tensors of a GGUF file in memory.
struct GgufTensors<'a> {
	content: gguf_file::Content,
	reader: Cursor<&'a [u8]>,
	device: &'a Device,
}

impl GgufTensors<'_> {
	fn q(&mut self, name: &str) -> Result<QTensor, LoadError> {
		self.content.tensor(&mut self.reader, name, self.device).map_err(gguf_error)
	}

	fn vector(&mut self, name: &str) -> Result<Tensor, LoadError> {
		let device = self.device;
		self.q(name)?.dequantize(device).map_err(gguf_error)
	}

	fn mat(&mut self, name: &str) -> Result<QMatMul, LoadError> {
		QMatMul::from_qtensor(self.q(name)?).map_err(gguf_error)
	}

	fn has(&self, name: &str) -> bool {
		self.content.tensor_infos.contains_key(name)
	}
}

/// Loads a GGUF file (llama or qwen2, any quantization candle reads).
pub fn from_gguf(bytes: &[u8], device: &Device) -> Result<(Model, Architecture), LoadError> {
	let mut reader = Cursor::new(bytes);
	let content = gguf_file::Content::read(&mut reader).map_err(gguf_error)?;
	let md = |key: &str| content.metadata.get(key);
	let arch_name = md("general.architecture")
		.and_then(|v| v.to_string().ok())
		.cloned()
		.ok_or_else(|| gguf_error("no general.architecture"))?;
	let arch = Architecture::parse(&arch_name).ok_or_else(|| {
		LoadError::Mismatch(format!(
			"unsupported architecture {arch_name:?} in the GGUF file (supported: llama, qwen2)"
		))
	})?;
	let get_u32 = |key: &str| -> Result<usize, LoadError> {
		md(&format!("{arch_name}.{key}"))
			.and_then(|v| v.to_u32().ok())
			.map(|v| v as usize)
			.ok_or_else(|| gguf_error(format!("missing {arch_name}.{key}")))
	};
	let get_f32 = |key: &str| md(&format!("{arch_name}.{key}")).and_then(|v| v.to_f32().ok());
	let heads = get_u32("attention.head_count")?;
	let layers = get_u32("block_count")?;
	let kv_heads = get_u32("attention.head_count_kv").unwrap_or(heads);
	let rms_eps = f64::from(get_f32("attention.layer_norm_rms_epsilon").unwrap_or(1e-5));
	let rope_theta = get_f32("rope.freq_base").unwrap_or(10_000.0);
	let max_seq = get_u32("context_length").unwrap_or(MAX_SEQ).min(MAX_SEQ);
	if layers > crate::llama::MAX_LAYERS {
		return Err(gguf_error(format!(
			"{layers} blocks declared (at most {})",
			crate::llama::MAX_LAYERS
		)));
	}
	let mut t = GgufTensors { content, reader, device };
	let embed_q = Arc::new(t.q("token_embd.weight")?);
	let embed = embed_q.dequantize(device).map_err(gguf_error)?;
	let (vocab_size, hidden) = embed.dims2().map_err(gguf_error)?;
	let config = Config {
		vocab_size,
		hidden,
		layers,
		heads,
		kv_heads,
		rms_eps,
		rope_theta,
		rope: match arch {
			Architecture::Llama => RopeStyle::Interleaved,
			Architecture::Qwen2 => RopeStyle::Halves,
		},
		max_seq,
	};
	let mut blocks = Vec::with_capacity(layers);
	for i in 0..layers {
		let p = format!("blk.{i}");
		let qkv_bias = if arch == Architecture::Qwen2 {
			Some((
				t.vector(&format!("{p}.attn_q.bias"))?,
				t.vector(&format!("{p}.attn_k.bias"))?,
				t.vector(&format!("{p}.attn_v.bias"))?,
			))
		} else {
			None
		};
		blocks.push(Block {
			attn_norm: t.vector(&format!("{p}.attn_norm.weight"))?,
			q: t.mat(&format!("{p}.attn_q.weight"))?,
			k: t.mat(&format!("{p}.attn_k.weight"))?,
			v: t.mat(&format!("{p}.attn_v.weight"))?,
			o: t.mat(&format!("{p}.attn_output.weight"))?,
			qkv_bias,
			ffn_norm: t.vector(&format!("{p}.ffn_norm.weight"))?,
			gate: t.mat(&format!("{p}.ffn_gate.weight"))?,
			up: t.mat(&format!("{p}.ffn_up.weight"))?,
			down: t.mat(&format!("{p}.ffn_down.weight"))?,
		});
	}
	let norm = t.vector("output_norm.weight")?;
	let output = if t.has("output.weight") {
		t.mat("output.weight")?
	} else {
		QMatMul::from_arc(embed_q).map_err(gguf_error)?
	};
	let model = Model::new(config, embed, blocks, norm, output).map_err(gguf_error)?;
	Ok((model, arch))
}

/// The parts of a Hugging Face `config.json` the worker needs.
#[derive(serde::Deserialize)]
struct HfConfig {
	model_type: String,
	hidden_size: usize,
	num_attention_heads: usize,
	num_key_value_heads: Option<usize>,
	num_hidden_layers: usize,
	rms_norm_eps: f64,
	rope_theta: Option<f32>,
	vocab_size: usize,
	tie_word_embeddings: Option<bool>,
	max_position_embeddings: Option<usize>,
}

/// Loads a Hugging Face llama (or qwen2) checkpoint: `config.json` and one `model.safetensors`.
pub fn from_safetensors(
	config_json: &[u8],
	weights: &[u8],
	device: &Device,
) -> Result<(Model, Architecture), LoadError> {
	let hf: HfConfig =
		serde_json::from_slice(config_json).map_err(|e| st_error(format!("config.json: {e}")))?;
	let arch = Architecture::parse(&hf.model_type).ok_or_else(|| {
		LoadError::Mismatch(format!(
			"unsupported model_type {:?} in config.json (supported: llama, qwen2)",
			hf.model_type
		))
	})?;
	let mut tensors: HashMap<String, Tensor> =
		candle_core::safetensors::load_buffer(weights, device).map_err(st_error)?;
	let mut take = |name: &str| -> Result<Tensor, LoadError> {
		tensors
			.remove(name)
			.ok_or_else(|| st_error(format!("no tensor {name}")))?
			.to_dtype(DType::F32)
			.map_err(st_error)
	};
	let config = Config {
		vocab_size: hf.vocab_size,
		hidden: hf.hidden_size,
		layers: hf.num_hidden_layers,
		heads: hf.num_attention_heads,
		kv_heads: hf.num_key_value_heads.unwrap_or(hf.num_attention_heads),
		rms_eps: hf.rms_norm_eps,
		rope_theta: hf.rope_theta.unwrap_or(10_000.0),
		rope: RopeStyle::Halves,
		max_seq: hf.max_position_embeddings.unwrap_or(MAX_SEQ).min(MAX_SEQ),
	};
	config.check().map_err(st_error)?;
	let embed = take("model.embed_tokens.weight")?;
	let mut blocks = Vec::with_capacity(config.layers);
	for i in 0..config.layers {
		let p = format!("model.layers.{i}");
		let mut mat = |n: &str| -> Result<QMatMul, LoadError> {
			Ok(QMatMul::Tensor(take(&format!("{p}.{n}.weight"))?))
		};
		let q = mat("self_attn.q_proj")?;
		let k = mat("self_attn.k_proj")?;
		let v = mat("self_attn.v_proj")?;
		let o = mat("self_attn.o_proj")?;
		let gate = mat("mlp.gate_proj")?;
		let up = mat("mlp.up_proj")?;
		let down = mat("mlp.down_proj")?;
		let qkv_bias = if arch == Architecture::Qwen2 {
			Some((
				take(&format!("{p}.self_attn.q_proj.bias"))?,
				take(&format!("{p}.self_attn.k_proj.bias"))?,
				take(&format!("{p}.self_attn.v_proj.bias"))?,
			))
		} else {
			None
		};
		blocks.push(Block {
			attn_norm: take(&format!("{p}.input_layernorm.weight"))?,
			q,
			k,
			v,
			o,
			qkv_bias,
			ffn_norm: take(&format!("{p}.post_attention_layernorm.weight"))?,
			gate,
			up,
			down,
		});
	}
	let norm = take("model.norm.weight")?;
	let output = match take("lm_head.weight") {
		Ok(w) => QMatMul::Tensor(w),
		Err(_) if hf.tie_word_embeddings.unwrap_or(false) => QMatMul::Tensor(embed.clone()),
		Err(e) => return Err(e),
	};
	let model = Model::new(config, embed, blocks, norm, output).map_err(st_error)?;
	Ok((model, arch))
}
