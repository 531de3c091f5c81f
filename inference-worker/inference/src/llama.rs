//! A llama-family decoder (llama, qwen2) on candle that returns the logits at **every** position
//! of its input, which is what checking someone else's answer in one pass needs (candle's own
//! quantized models return the last position only).
//!
//! Weights are [`QMatMul`]s: quantized GGUF tensors stay quantized (candle's CPU kernels
//! quantize the activations to 8 bits and take integer dot products), f32/f16 tensors from GGUF
//! or safetensors are dequantized to f32 and use a plain matrix product. The same code runs both.
//!
//! Rotary embeddings come in two layouts: llama.cpp's converter permutes the query/key rows of
//! llama models so that GGUF llama uses *interleaved* pairs, while Hugging Face checkpoints and
//! qwen2 GGUF rotate the two *halves* of each head. [`RopeStyle`] records which one the weights
//! expect; a model converted from one layout to the other gives the same logits (tested).

use candle_core::{quantized::QMatMul, DType, Device, Module, Tensor};

/// The most decoder blocks a model may declare (the largest open models have about 130).
pub const MAX_LAYERS: usize = 1024;

/// How the rotary embedding pairs a head's dimensions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RopeStyle {
	/// Pairs `(2i, 2i+1)` (GGUF llama).
	Interleaved,
	/// Pairs `(i, i + d/2)` (Hugging Face, GGUF qwen2).
	Halves,
}

/// Hyper-parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
	/// Vocabulary size (rows of the embedding).
	pub vocab_size: usize,
	/// Width of the residual stream.
	pub hidden: usize,
	/// Decoder blocks.
	pub layers: usize,
	/// Query heads.
	pub heads: usize,
	/// Key/value heads (grouped-query attention when fewer than `heads`).
	pub kv_heads: usize,
	/// RMS-norm epsilon.
	pub rms_eps: f64,
	/// Rotary base frequency.
	pub rope_theta: f32,
	/// Rotary layout.
	pub rope: RopeStyle,
	/// Longest sequence (prompt + generated) the rotary tables cover.
	pub max_seq: usize,
}

impl Config {
	/// Dimensions per head.
	pub fn head_dim(&self) -> usize {
		self.hidden.checked_div(self.heads).unwrap_or(0)
	}

	/// Checks the shape relations the forward pass relies on.
	pub fn check(&self) -> candle_core::Result<()> {
		let ok = self.hidden > 0
			&& self.heads > 0
			&& self.kv_heads > 0
			&& self.layers <= MAX_LAYERS
			&& self.max_seq > 0
			&& self.hidden.is_multiple_of(self.heads)
			&& self.heads.is_multiple_of(self.kv_heads)
			&& self.head_dim().is_multiple_of(2)
			&& self.vocab_size > 1
			&& self.layers > 0;
		if ok {
			Ok(())
		} else {
			candle_core::bail!("inconsistent model shape {self:?}")
		}
	}
}

/// One decoder block's weights.
pub struct Block {
	/// Pre-attention RMS-norm weight.
	pub attn_norm: Tensor,
	/// Query, key, value and output projections.
	pub q: QMatMul,
	/// Key projection.
	pub k: QMatMul,
	/// Value projection.
	pub v: QMatMul,
	/// Attention output projection.
	pub o: QMatMul,
	/// Query/key/value biases (qwen2).
	pub qkv_bias: Option<(Tensor, Tensor, Tensor)>,
	/// Pre-MLP RMS-norm weight.
	pub ffn_norm: Tensor,
	/// SwiGLU gate, up and down projections.
	pub gate: QMatMul,
	/// Up projection.
	pub up: QMatMul,
	/// Down projection.
	pub down: QMatMul,
}

/// A loaded model.
pub struct Model {
	/// Hyper-parameters.
	pub config: Config,
	embed: Tensor,
	blocks: Vec<Block>,
	norm: Tensor,
	output: QMatMul,
	cos: Tensor,
	sin: Tensor,
}

/// The keys and values of everything fed so far, per block.
pub struct Cache {
	kv: Vec<Option<(Tensor, Tensor)>>,
	len: usize,
}

impl Cache {
	/// Tokens fed so far.
	pub fn len(&self) -> usize {
		self.len
	}

	/// Whether nothing was fed yet.
	pub fn is_empty(&self) -> bool {
		self.len == 0
	}
}

impl Model {
	/// Assembles a model; `embed` is `(vocab, hidden)` f32, `output` the LM head (the embedding
	/// again when tied).
	pub fn new(
		config: Config,
		embed: Tensor,
		blocks: Vec<Block>,
		norm: Tensor,
		output: QMatMul,
	) -> candle_core::Result<Self> {
		config.check()?;
		let (rows, cols) = embed.dims2()?;
		if rows != config.vocab_size || cols != config.hidden || blocks.len() != config.layers {
			candle_core::bail!(
				"weights do not fit the configuration: embedding {rows}x{cols}, {} blocks, config {config:?}",
				blocks.len()
			)
		}
		let device = embed.device().clone();
		let (cos, sin) = rope_tables(&config, &device)?;
		Ok(Model { config, embed, blocks, norm, output, cos, sin })
	}

	/// The device the weights live on.
	pub fn device(&self) -> &Device {
		self.embed.device()
	}

	/// An empty cache.
	pub fn cache(&self) -> Cache {
		Cache { kv: (0..self.blocks.len()).map(|_| None).collect(), len: 0 }
	}

	/// Feeds `tokens` (`(batch, seq)` u32) after what `cache` holds; returns the logits at every
	/// fed position, `(batch, seq, vocab)` f32.
	pub fn forward(&self, tokens: &Tensor, cache: &mut Cache) -> candle_core::Result<Tensor> {
		let (batch, seq) = tokens.dims2()?;
		let pos = cache.len;
		let end = pos.saturating_add(seq);
		if end > self.config.max_seq {
			candle_core::bail!(
				"sequence of {end} tokens exceeds the model's {}",
				self.config.max_seq
			)
		}
		let hidden = self.config.hidden;
		let mut x = self.embed.embedding(&tokens.flatten_all()?)?.reshape((batch, seq, hidden))?;
		let mask = if seq > 1 {
			Some(candle_transformers::utils::build_additive_causal_mask(
				seq,
				pos,
				None,
				x.device(),
				DType::F32,
			)?)
		} else {
			None
		};
		let cos = self.cos.narrow(0, pos, seq)?;
		let sin = self.sin.narrow(0, pos, seq)?;
		let eps = self.config.rms_eps as f32;
		for (block, slot) in self.blocks.iter().zip(cache.kv.iter_mut()) {
			let h = candle_nn::ops::rms_norm(&x, &block.attn_norm, eps)?;
			let att = self.attention(block, &h, &cos, &sin, mask.as_ref(), slot)?;
			x = (x + block.o.forward(&att)?)?;
			let h = candle_nn::ops::rms_norm(&x, &block.ffn_norm, eps)?;
			let gated =
				(candle_nn::ops::silu(&block.gate.forward(&h)?)? * block.up.forward(&h)?)?;
			x = (x + block.down.forward(&gated)?)?;
		}
		cache.len = end;
		let x = candle_nn::ops::rms_norm(&x, &self.norm, eps)?;
		self.output.forward(&x)
	}

	fn attention(
		&self,
		block: &Block,
		h: &Tensor,
		cos: &Tensor,
		sin: &Tensor,
		mask: Option<&Tensor>,
		slot: &mut Option<(Tensor, Tensor)>,
	) -> candle_core::Result<Tensor> {
		let (batch, seq, _) = h.dims3()?;
		let c = &self.config;
		let hd = c.head_dim();
		let mut q = block.q.forward(h)?;
		let mut k = block.k.forward(h)?;
		let mut v = block.v.forward(h)?;
		if let Some((bq, bk, bv)) = &block.qkv_bias {
			q = q.broadcast_add(bq)?;
			k = k.broadcast_add(bk)?;
			v = v.broadcast_add(bv)?;
		}
		let heads = |t: Tensor, n: usize| -> candle_core::Result<Tensor> {
			t.reshape((batch, seq, n, hd))?.transpose(1, 2)?.contiguous()
		};
		let rotate = |t: &Tensor| match c.rope {
			RopeStyle::Interleaved => candle_nn::rotary_emb::rope_i(t, cos, sin),
			RopeStyle::Halves => candle_nn::rotary_emb::rope(t, cos, sin),
		};
		let q = rotate(&heads(q, c.heads)?)?;
		let k = rotate(&heads(k, c.kv_heads)?)?;
		let v = heads(v, c.kv_heads)?;
		let (k, v) = match slot.take() {
			Some((pk, pv)) => (Tensor::cat(&[&pk, &k], 2)?, Tensor::cat(&[&pv, &v], 2)?),
			None => (k, v),
		};
		*slot = Some((k.clone(), v.clone()));
		if q.device().is_cpu() {
			return exact_attention(&q, &k, &v, c)?.reshape((batch, seq, c.hidden));
		}
		let group = c.heads.checked_div(c.kv_heads).unwrap_or(1);
		let k = candle_transformers::utils::repeat_kv(k, group)?.contiguous()?;
		let v = candle_transformers::utils::repeat_kv(v, group)?.contiguous()?;
		let scale = 1.0 / (hd as f64).sqrt();
		let mut scores = (q.matmul(&k.t()?)? * scale)?;
		if let Some(mask) = mask {
			scores = scores.broadcast_add(mask)?;
		}
		let weights = candle_nn::ops::softmax_last_dim(&scores)?;
		weights.matmul(&v)?.transpose(1, 2)?.reshape((batch, seq, c.hidden))
	}
}

/// Causal attention on the CPU, one query row at a time with every sum in a fixed order, so a
/// row's result depends only on its own query and the keys/values before it — not on how many
/// rows are computed together, nor on the thread count. This is what makes one teacher-forced
/// pass reproduce token-by-token generation *bit for bit* (with candle's quantized matrix
/// products, which are row-independent too). Returns `(batch, seq, heads·head_dim)`.
fn exact_attention(q: &Tensor, k: &Tensor, v: &Tensor, c: &Config) -> candle_core::Result<Tensor> {
	use rayon::prelude::*;
	let (batch, heads, seq, hd) = q.dims4()?;
	let total = k.dim(2)?;
	let past = total.saturating_sub(seq);
	let group = c.heads.checked_div(c.kv_heads).unwrap_or(1).max(1);
	let qv = q.flatten_all()?.to_vec1::<f32>()?;
	let kv = k.flatten_all()?.to_vec1::<f32>()?;
	let vv = v.flatten_all()?.to_vec1::<f32>()?;
	let scale = 1.0 / (hd as f32).sqrt();
	// Output laid out (batch, seq, heads, hd) directly.
	let mut out = vec![0f32; batch * seq * heads * hd];
	out.par_chunks_mut(heads * hd).enumerate().for_each(|(row, dst)| {
		let (b, i) = (row / seq, row % seq);
		let mut scores = vec![0f32; past + i + 1];
		for h in 0..heads {
			let g = h / group;
			let q_at = ((b * heads + h) * seq + i) * hd;
			let (Some(qr), Some(o)) = (qv.get(q_at..q_at + hd), dst.get_mut(h * hd..(h + 1) * hd))
			else {
				continue;
			};
			let kv_base = (b * c.kv_heads + g) * total * hd;
			let mut max = f32::NEG_INFINITY;
			for (j, s) in scores.iter_mut().enumerate() {
				let at = kv_base + j * hd;
				let kr = kv.get(at..at + hd).unwrap_or_default();
				let mut dot = 0f32;
				for (a, b) in qr.iter().zip(kr) {
					dot += a * b;
				}
				*s = dot * scale;
				max = max.max(*s);
			}
			let mut sum = 0f32;
			for s in scores.iter_mut() {
				*s = (*s - max).exp();
				sum += *s;
			}
			o.fill(0.0);
			for (j, w) in scores.iter().enumerate() {
				let at = kv_base + j * hd;
				let vr = vv.get(at..at + hd).unwrap_or_default();
				let w = w / sum;
				for (x, y) in o.iter_mut().zip(vr) {
					*x += w * y;
				}
			}
		}
	});
	Tensor::from_vec(out, (batch, seq, heads * hd), q.device())
}

fn rope_tables(c: &Config, device: &Device) -> candle_core::Result<(Tensor, Tensor)> {
	let hd = c.head_dim();
	let inv: Vec<f32> =
		(0..hd / 2).map(|i| 1.0 / c.rope_theta.powf((2 * i) as f32 / hd as f32)).collect();
	let inv = Tensor::from_vec(inv, (1, hd / 2), device)?;
	let t = Tensor::arange(0u32, c.max_seq as u32, device)?
		.to_dtype(DType::F32)?
		.reshape((c.max_seq, 1))?;
	let freqs = t.matmul(&inv)?;
	Ok((freqs.cos()?, freqs.sin()?))
}

/// Largest logit's token (the smallest id among equal maxima) of a row.
pub fn argmax(row: &[f32]) -> u32 {
	let mut best = 0usize;
	for (i, v) in row.iter().enumerate() {
		if row.get(best).is_some_and(|b| v > b) {
			best = i;
		}
	}
	best as u32
}

/// Rows of a `(batch, vocab)` tensor as vectors.
pub fn rows(t: &Tensor) -> candle_core::Result<Vec<Vec<f32>>> {
	t.to_dtype(DType::F32)?.to_vec2::<f32>()
}

/// The logits of the last position, `(batch, vocab)`.
pub fn last_position(logits: &Tensor) -> candle_core::Result<Tensor> {
	let seq = logits.dim(1)?;
	logits.narrow(1, seq.saturating_sub(1), 1)?.squeeze(1)
}
