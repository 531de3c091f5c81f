//! Models read by CID from the content layer, as their manifest says: every way the content can
//! fail to be what the manifest describes has its own error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use candle_core::{quantized::GgmlDType, Device};
use dsynapse_challenge::{agree, model_challenge, Fingerprint, ModelSpec};
use dsynapse_inference::{
	challenge::answer_model,
	load::LoadError,
	manifest::{Architecture, Format},
	tiny::{self, TinySpec},
};
use dsynapse_worker::{
	content::{importer::Importer, profile, store::MemoryStore, Cid},
	models::{self as load, ModelError},
};

fn answer(model: &dsynapse_inference::llama::Model, seed: u8) -> Fingerprint {
	let c = model_challenge(
		&[seed; 32],
		b"manifest",
		&ModelSpec { vocab_size: model.config.vocab_size as u32 },
	)
	.unwrap();
	answer_model(model, &c).unwrap()
}

fn add(store: &MemoryStore, bytes: &[u8]) -> Cid {
	Importer::new(profile::UNIXFS_V1_2025, store).file(bytes).unwrap().cid
}

fn add_folder(store: &MemoryStore, dir: &std::path::Path) -> Cid {
	Importer::new(profile::UNIXFS_V1_2025, store).path(dir, false, &|_, _| ()).unwrap().cid
}

#[test]
fn loads_by_cid_as_the_manifest_says() {
	let store = MemoryStore::new();
	let spec = TinySpec::llama(2);
	let w = tiny::weights(&spec).unwrap();
	let gguf = add(&store, &tiny::gguf_bytes(&w, &spec, GgmlDType::F32).unwrap());
	let manifest = add(&store, spec.manifest(Format::Gguf).to_json().as_bytes());
	let loaded = load::load(&store, &gguf, &manifest, u64::MAX, &Device::Cpu).unwrap();
	assert_eq!(loaded.manifest.vocab_size, 512);
	assert_eq!(loaded.model.config.layers, 2);

	let dir = tempfile::tempdir().unwrap();
	tiny::write_safetensors_folder(&w, &spec, dir.path()).unwrap();
	let folder = add_folder(&store, dir.path());
	let st_manifest = add(&store, spec.manifest(Format::Safetensors).to_json().as_bytes());
	let st = load::load(&store, &folder, &st_manifest, u64::MAX, &Device::Cpu).unwrap();
	assert!(agree(&answer(&st.model, 5), &answer(&loaded.model, 5), 1));

	let err = |content: &Cid, manifest_json: String| {
		let m = add(&store, manifest_json.as_bytes());
		match load::load(&store, content, &m, u64::MAX, &Device::Cpu) {
			Err(e) => e,
			Ok(_) => panic!("{manifest_json} loaded"),
		}
	};
	let mut m = spec.manifest(Format::Gguf);
	m.architecture = Architecture::Qwen2;
	let e = err(&gguf, m.to_json());
	assert!(matches!(e, ModelError::Load(LoadError::Mismatch(_))), "{e}");
	assert!(e.to_string().contains("llama model, the manifest says qwen2"), "{e}");

	let mut m = spec.manifest(Format::Gguf);
	m.vocab_size = 32_000;
	assert!(err(&gguf, m.to_json())
		.to_string()
		.contains("vocabulary of 512, the manifest says 32000"));

	let e = err(&gguf, spec.manifest(Format::Safetensors).to_json());
	assert!(e.to_string().contains("must be a folder"), "{e}");

	let e = err(&folder, spec.manifest(Format::Gguf).to_json());
	assert!(matches!(e, ModelError::Content(_)), "{e}");

	let junk = add(&store, b"not a model at all, just some bytes of text");
	let e = err(&junk, spec.manifest(Format::Gguf).to_json());
	assert!(matches!(e, ModelError::Load(LoadError::Format { format: "gguf", .. })), "{e}");

	let e = err(&gguf, r#"{"architecture":"mamba","format":"gguf","vocab_size":512}"#.into());
	assert!(e.to_string().contains("unsupported architecture \"mamba\""), "{e}");
	let e = err(&gguf, r#"{"architecture":"llama","format":"onnx","vocab_size":512}"#.into());
	assert!(e.to_string().contains("unsupported format \"onnx\""), "{e}");

	// Weights larger than the registered size.
	let m = add(&store, spec.manifest(Format::Gguf).to_json().as_bytes());
	let e = load::load(&store, &gguf, &m, 1000, &Device::Cpu).err().unwrap();
	assert!(matches!(e, ModelError::TooLarge { limit: 1000, .. }), "{e}");

	// Missing blocks: a CID the store does not hold.
	let absent = Cid::v1(dsynapse_cid::Codec::Raw, [7; 32]);
	let e = err(&absent, spec.manifest(Format::Gguf).to_json());
	assert!(matches!(e, ModelError::Content(_)), "{e}");
}
