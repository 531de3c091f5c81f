//! The asset manifest: the small JSON file an IP owner registers beside the content, telling
//! verifiers how to run it.
//!
//! ```json
//! {"name": "SmolLM2-135M-Instruct", "architecture": "llama", "format": "gguf",
//!  "tokenizer": "gguf", "vocab_size": 49152, "params": 134515008, "datasets": []}
//! ```
//!
//! `architecture` and `format` decide how the content is loaded; `vocab_size` is what the
//! challenge derives its prompt tokens from, so it must be the model's real vocabulary size.

use serde::Deserialize;

/// The largest manifest read (manifests are a few hundred bytes).
pub const MAX_MANIFEST_LEN: u64 = 64 * 1024;

/// Model families the worker runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Architecture {
	/// Llama and everything shaped like it (SmolLM2, TinyLlama, Mistral without sliding window).
	Llama,
	/// Qwen2 (llama with biases on the query, key and value projections, NEOX rotary embedding).
	Qwen2,
}

impl Architecture {
	/// Parses the manifest's (or GGUF's `general.architecture`) name.
	pub fn parse(name: &str) -> Option<Self> {
		match name {
			"llama" => Some(Self::Llama),
			"qwen2" => Some(Self::Qwen2),
			_ => None,
		}
	}

	/// The name manifests and GGUF files use.
	pub fn name(&self) -> &'static str {
		match self {
			Self::Llama => "llama",
			Self::Qwen2 => "qwen2",
		}
	}
}

/// How the weights are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
	/// One GGUF file (quantized or not); the content CID is the file.
	Gguf,
	/// A folder with `config.json` (Hugging Face style) and `model.safetensors`; the content CID
	/// is the folder.
	Safetensors,
}

impl Format {
	/// Parses the manifest's name.
	pub fn parse(name: &str) -> Option<Self> {
		match name {
			"gguf" => Some(Self::Gguf),
			"safetensors" => Some(Self::Safetensors),
			_ => None,
		}
	}
}

/// Why a manifest is not usable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ManifestError {
	/// Not JSON of the expected shape.
	#[error("the manifest is not valid JSON of the expected shape: {0}")]
	Malformed(String),
	/// Larger than [`MAX_MANIFEST_LEN`].
	#[error("the manifest is larger than {MAX_MANIFEST_LEN} bytes")]
	TooLarge,
	/// A model manifest without `architecture`, `format` or `vocab_size`.
	#[error("the manifest lacks `{0}`, which a model needs")]
	Missing(&'static str),
	/// An architecture the worker does not run.
	#[error("unsupported architecture {0:?} (supported: llama, qwen2)")]
	UnsupportedArchitecture(String),
	/// A weights format the worker does not read.
	#[error("unsupported format {0:?} (supported: gguf, safetensors)")]
	UnsupportedFormat(String),
}

#[derive(Deserialize)]
struct Raw {
	name: Option<String>,
	architecture: Option<String>,
	format: Option<String>,
	vocab_size: Option<u32>,
	params: Option<u64>,
}

/// A model manifest, checked.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ModelManifest {
	/// Display name.
	pub name: String,
	/// Model family.
	pub architecture: Architecture,
	/// Weights format.
	pub format: Format,
	/// Vocabulary size the challenge draws prompt tokens from.
	pub vocab_size: u32,
	/// Declared parameter count, if given (informative).
	pub params: Option<u64>,
}

impl ModelManifest {
	/// Parses and checks a model manifest.
	pub fn parse(bytes: &[u8]) -> Result<Self, ManifestError> {
		if bytes.len() as u64 > MAX_MANIFEST_LEN {
			return Err(ManifestError::TooLarge);
		}
		let raw: Raw =
			serde_json::from_slice(bytes).map_err(|e| ManifestError::Malformed(e.to_string()))?;
		let arch = raw.architecture.ok_or(ManifestError::Missing("architecture"))?;
		let format = raw.format.ok_or(ManifestError::Missing("format"))?;
		let vocab_size = raw.vocab_size.ok_or(ManifestError::Missing("vocab_size"))?;
		Ok(ModelManifest {
			name: raw.name.unwrap_or_default(),
			architecture: Architecture::parse(&arch)
				.ok_or(ManifestError::UnsupportedArchitecture(arch))?,
			format: Format::parse(&format).ok_or(ManifestError::UnsupportedFormat(format))?,
			vocab_size,
			params: raw.params,
		})
	}

	/// The manifest as JSON (what `model make-tiny` and the SmolLM2 script write).
	pub fn to_json(&self) -> String {
		let mut v = serde_json::json!({
			"name": self.name,
			"architecture": self.architecture.name(),
			"format": match self.format { Format::Gguf => "gguf", Format::Safetensors => "safetensors" },
			"tokenizer": match self.format { Format::Gguf => "gguf", Format::Safetensors => "none" },
			"vocab_size": self.vocab_size,
			"datasets": [],
		});
		if let (Some(p), Some(obj)) = (self.params, v.as_object_mut()) {
			obj.insert("params".into(), p.into());
		}
		v.to_string()
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used)]
	use super::*;

	#[test]
	fn parses_and_round_trips() {
		let m = ModelManifest {
			name: "tiny".into(),
			architecture: Architecture::Qwen2,
			format: Format::Safetensors,
			vocab_size: 512,
			params: Some(10),
		};
		assert_eq!(ModelManifest::parse(m.to_json().as_bytes()), Ok(m));
	}

	#[test]
	fn errors_name_the_problem() {
		let p = |s: &str| ModelManifest::parse(s.as_bytes()).map_err(|e| e.to_string());
		assert!(p("{").unwrap_err().contains("not valid JSON"));
		assert!(p(r#"{"format":"gguf","vocab_size":3}"#).unwrap_err().contains("architecture"));
		assert!(p(r#"{"architecture":"llama","vocab_size":3}"#).unwrap_err().contains("format"));
		assert!(p(r#"{"architecture":"llama","format":"gguf"}"#)
			.unwrap_err()
			.contains("vocab_size"));
		assert!(p(r#"{"architecture":"mamba","format":"gguf","vocab_size":3}"#)
			.unwrap_err()
			.contains("unsupported architecture \"mamba\""));
		assert!(p(r#"{"architecture":"llama","format":"onnx","vocab_size":3}"#)
			.unwrap_err()
			.contains("unsupported format \"onnx\""));
		let big = format!(r#"{{"name":"{}"}}"#, "x".repeat(70_000));
		assert_eq!(ModelManifest::parse(big.as_bytes()), Err(ManifestError::TooLarge));
	}
}
