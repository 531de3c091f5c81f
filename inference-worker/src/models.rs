//! Models from the content layer: the manifest and the weights read by CID from the local
//! blockstore (every block checked against its CID on the way), loaded as the manifest says.

use crate::content::{
	exporter::{self, Decoded, ExportError},
	store::BlockStore,
	Cid,
};
use candle_core::Device;
use dsynapse_inference::{
	llama::Model,
	load::{self, LoadError},
	manifest::{Format, ModelManifest, MAX_MANIFEST_LEN},
};

/// Why a registered model could not be run.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
	/// The content is not (completely) in the local store, or a block does not hash to its CID.
	#[error("content: {0}")]
	Content(#[from] ExportError),
	/// The bytes are not the model the manifest describes.
	#[error(transparent)]
	Load(#[from] LoadError),
	/// A file is larger than allowed (manifests and configs: 64 KiB; weights: the registered
	/// size).
	#[error("{cid} is {size} bytes, more than the {limit} allowed")]
	TooLarge {
		/// The file.
		cid: String,
		/// Its size.
		size: u64,
		/// The bound.
		limit: u64,
	},
}

/// A model with the manifest it was loaded for.
pub struct Loaded {
	/// The runnable model.
	pub model: Model,
	/// Its manifest.
	pub manifest: ModelManifest,
}

/// Reads and parses a model manifest from the store.
pub fn read_manifest(store: &dyn BlockStore, cid: &Cid) -> Result<ModelManifest, ModelError> {
	let bytes = read_file(store, cid, MAX_MANIFEST_LEN)?;
	Ok(ModelManifest::parse(&bytes).map_err(LoadError::from)?)
}

/// The weights' bytes as the manifest's format lays them out: the GGUF file, or the folder's
/// `config.json` and `model.safetensors`.
pub enum Weights {
	/// One GGUF file.
	Gguf(Vec<u8>),
	/// A Hugging Face folder.
	Safetensors {
		/// `config.json`.
		config: Vec<u8>,
		/// `model.safetensors`.
		weights: Vec<u8>,
	},
}

/// Reads the weights of `content` in `format`; no file may be larger than `max_bytes` (the
/// size the owner registered).
pub fn read_weights(
	store: &dyn BlockStore,
	content: &Cid,
	format: Format,
	max_bytes: u64,
) -> Result<Weights, ModelError> {
	Ok(match format {
		Format::Gguf => Weights::Gguf(read_file(store, content, max_bytes)?),
		Format::Safetensors => {
			let config = entry(store, content, "config.json")?;
			let weights = entry(store, content, "model.safetensors")?;
			Weights::Safetensors {
				config: read_file(store, &config, MAX_MANIFEST_LEN)?,
				weights: read_file(store, &weights, max_bytes)?,
			}
		},
	})
}

/// Loads weights and checks them against the manifest.
pub fn load_weights(
	weights: &Weights,
	manifest: ModelManifest,
	device: &Device,
) -> Result<Loaded, ModelError> {
	let loaded = match weights {
		Weights::Gguf(bytes) => load::from_gguf(bytes, device)?,
		Weights::Safetensors { config, weights } => {
			load::from_safetensors(config, weights, device)?
		},
	};
	load::check_against(&loaded, &manifest)?;
	Ok(Loaded { model: loaded.0, manifest })
}

/// Loads `content` as described by the manifest stored at `manifest_cid`; no weights file may
/// exceed `max_bytes` (the registered size).
pub fn load(
	store: &dyn BlockStore,
	content: &Cid,
	manifest_cid: &Cid,
	max_bytes: u64,
	device: &Device,
) -> Result<Loaded, ModelError> {
	let manifest = read_manifest(store, manifest_cid)?;
	let weights = read_weights(store, content, manifest.format, max_bytes)?;
	load_weights(&weights, manifest, device)
}

fn read_file(store: &dyn BlockStore, cid: &Cid, limit: u64) -> Result<Vec<u8>, ModelError> {
	let size = exporter::file_size(store, cid)?;
	if size > limit {
		return Err(ModelError::TooLarge { cid: cid.to_text(), size, limit });
	}
	// The declared size comes from the DAG's root: reserve no more than a bounded guess; the
	// bytes written are the blocks actually stored (each checked against its CID).
	let mut bytes = Vec::with_capacity(usize::try_from(size.min(64 << 20)).unwrap_or(0));
	exporter::write_file(store, cid, 0..size, &mut bytes)?;
	Ok(bytes)
}

/// The CID of entry `name` of folder `dir`.
fn entry(store: &dyn BlockStore, dir: &Cid, name: &str) -> Result<Cid, ModelError> {
	let mismatch = |m: String| ModelError::Load(LoadError::Mismatch(m));
	match exporter::decode(store, dir)? {
		Decoded::Node(node, _) if exporter::is_directory(store, dir)? => node
			.links
			.into_iter()
			.find(|l| l.name.as_deref() == Some(name))
			.map(|l| l.cid)
			.ok_or_else(|| {
				mismatch(format!("the safetensors folder {} has no {name}", dir.to_text()))
			}),
		_ => Err(mismatch(format!(
			"safetensors content must be a folder with config.json and model.safetensors; {} is a file",
			dir.to_text()
		))),
	}
}
