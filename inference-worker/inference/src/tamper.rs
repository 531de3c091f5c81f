//! Deliberately wrong models, for the detection study and tests: one weight of a GGUF file
//! changed in place, or the whole model re-quantized. A verifier running any of these must be
//! told apart from an honest one.

use candle_core::{
	quantized::{gguf_file, GgmlDType, QTensor},
	Device,
};
use std::io::Cursor;

/// Changes the first weight of block `block` of tensor `name` by `steps` quantization steps
/// (wrapping within the type's range), in a copy of the GGUF file. Supports Q4_0, Q4_1 and
/// Q8_0 tensors: a single weight, the smallest edit a file can carry.
pub fn perturb_one_weight(
	gguf: &[u8],
	name: &str,
	block: usize,
	steps: i32,
) -> anyhow::Result<Vec<u8>> {
	let content = gguf_file::Content::read(&mut Cursor::new(gguf))?;
	let info = content.tensor_infos.get(name).ok_or_else(|| anyhow::anyhow!("no tensor {name}"))?;
	let dtype = info.ggml_dtype;
	let blocks = info.shape.elem_count() / dtype.block_size();
	anyhow::ensure!(block < blocks, "{name} has {blocks} blocks");
	let start =
		content.tensor_data_offset as usize + info.offset as usize + block * dtype.type_size();
	let mut out = gguf.to_vec();
	match dtype {
		GgmlDType::Q8_0 => {
			// f16 scale, then 32 signed bytes.
			let at = start + 2;
			let b = out.get_mut(at).ok_or_else(|| anyhow::anyhow!("truncated file"))?;
			*b = (*b as i8).wrapping_add(steps as i8) as u8;
		},
		GgmlDType::Q4_0 | GgmlDType::Q4_1 => {
			// f16 scale (and f16 minimum for Q4_1), then 16 bytes of nibbles; weight 0 is the
			// low nibble of the first byte.
			let at = start + if dtype == GgmlDType::Q4_0 { 2 } else { 4 };
			let b = out.get_mut(at).ok_or_else(|| anyhow::anyhow!("truncated file"))?;
			let low = ((*b & 0x0f) as i32 + steps).rem_euclid(16) as u8;
			*b = (*b & 0xf0) | low;
		},
		other => anyhow::bail!("perturbing {other:?} tensors is not supported"),
	}
	Ok(out)
}

/// The same model with every matrix re-quantized to `dtype` (through f32); vectors stay as
/// they are. Matrices whose rows do not fit the type's block size are kept.
pub fn requantize(gguf: &[u8], dtype: GgmlDType) -> anyhow::Result<Vec<u8>> {
	let mut reader = Cursor::new(gguf);
	let content = gguf_file::Content::read(&mut reader)?;
	let mut names: Vec<&String> = content.tensor_infos.keys().collect();
	names.sort();
	let mut tensors = Vec::with_capacity(names.len());
	for name in names {
		let t = content.tensor(&mut reader, name, &Device::Cpu)?;
		let dims = t.shape().dims().to_vec();
		let row = dims.last().copied().unwrap_or(0);
		let t = if dims.len() == 2 && row % dtype.block_size() == 0 {
			QTensor::quantize(&t.dequantize(&Device::Cpu)?, dtype)?
		} else {
			t
		};
		tensors.push((name.clone(), t));
	}
	let metadata: Vec<(&str, &gguf_file::Value)> =
		content.metadata.iter().map(|(k, v)| (k.as_str(), v)).collect();
	let refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
	let mut out = Cursor::new(Vec::new());
	gguf_file::write(&mut out, &metadata, &refs)?;
	Ok(out.into_inner())
}

/// The round seed of challenge `i` in studies and benchmarks (any fixed, distinct seeds do).
pub fn study_seed(i: u64) -> [u8; 32] {
	let mut seed = [0x5a; 32];
	if let Some(head) = seed.get_mut(..8) {
		head.copy_from_slice(&i.to_le_bytes());
	}
	seed
}
