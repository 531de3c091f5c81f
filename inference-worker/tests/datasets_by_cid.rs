//! Datasets read by CID and checked against their manifest, written as the attacks they stop.
//!
//! Before dataset manifests were checked, a dataset challenge was answered with the hashes of
//! the sampled chunks of whatever bytes were registered, so random bytes of the registered size
//! were "verified" by a committee of honest workers (they all agree on those hashes). Now the
//! worker answers only content that is what its manifest says: each attack below ends in an
//! error that is the asset's fault (`!is_local()`), which `verify` answers `Unavailable` — so
//! honest committees reject it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use dsynapse_challenge::{dataset_challenge, Fingerprint};
use dsynapse_inference::dataset::{
	DataFormat, DatasetManifest, DatasetManifestError, FormatError, CHUNK_SIZE,
};
use dsynapse_worker::{
	content::{
		importer::Importer,
		profile, sha256,
		store::{BlockStore, FsStore, MemoryStore},
		Cid,
	},
	datasets::{self, DatasetError},
};
use std::process::Command;

const SEEDS: [[u8; 32]; 3] = [[1; 32], [2; 32], [0xab; 32]];

fn add(store: &dyn BlockStore, bytes: &[u8]) -> Cid {
	Importer::new(profile::UNIXFS_V1_2025, store).file(bytes).unwrap().cid
}

/// A small real JSON Lines dataset: about 700 KB (3 chunks, the last one partial), with
/// multi-byte characters that chunk edges cut.
fn jsonl(seed: u32) -> Vec<u8> {
	(0..7_000u32)
		.flat_map(|i| {
			format!(
				"{{\"id\":{i},\"lang\":\"{}\",\"text\":\"sample {} — naïve café 日本語 🦀\",\"score\":{}.{}}}\n",
				["en", "fr", "ja"][(i % 3) as usize],
				i.wrapping_mul(2_654_435_761).wrapping_add(seed),
				i % 97,
				i % 10
			)
			.into_bytes()
		})
		.collect()
}

fn random(size: usize, seed: u64) -> Vec<u8> {
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("r");
	common::random_file(&path, size as u64, seed);
	std::fs::read(path).unwrap()
}

/// What an owner registers: content, hash list and manifest in the store.
struct Registration {
	content: Cid,
	manifest: Cid,
	size: u64,
}

/// The honest owner's way: the hash list of `bytes` (checked as `format`) and a manifest naming
/// it, all added to `store`.
fn publish(store: &dyn BlockStore, bytes: &[u8], format: DataFormat) -> Registration {
	let size = bytes.len() as u64;
	let hashes = datasets::hash_file(&mut &bytes[..], size, format).unwrap();
	let manifest =
		DatasetManifest::new("corpus".into(), format, size, add(store, &hashes).to_text());
	Registration {
		content: add(store, bytes),
		manifest: add(store, manifest.to_json().as_bytes()),
		size,
	}
}

/// An attacker's manifest: whatever fields and hash list it likes.
fn manifest_with(store: &dyn BlockStore, format: DataFormat, size: u64, hashes: &[u8]) -> Cid {
	let m = DatasetManifest::new("attack".into(), format, size, add(store, hashes).to_text());
	add(store, m.to_json().as_bytes())
}

/// The hash list an attacker computes for any bytes (no format check).
fn hash_list(bytes: &[u8]) -> Vec<u8> {
	bytes.chunks(CHUNK_SIZE as usize).flat_map(sha256).collect()
}

fn answer(
	store: &dyn BlockStore,
	r: &Registration,
	seed: &[u8; 32],
) -> Result<Fingerprint, DatasetError> {
	datasets::answer(store, &r.content, &r.manifest, r.size, seed)
}

/// Every seed is refused, for a reason that is the asset's (the worker answers `Unavailable`).
fn refused(store: &dyn BlockStore, r: &Registration) -> DatasetError {
	let mut last = None;
	for seed in &SEEDS {
		let e = answer(store, r, seed).expect_err("the attack was answered");
		assert!(!e.is_local(), "{e} must be the asset's fault, not the worker's");
		last = Some(e);
	}
	last.unwrap()
}

#[test]
fn an_honest_jsonl_dataset_is_answered() {
	let store = MemoryStore::new();
	let data = jsonl(0);
	assert_eq!(data.len() as u64 / CHUNK_SIZE, 2, "3 chunks, the last partial");
	let r = publish(&store, &data, DataFormat::Jsonl);
	for seed in &SEEDS {
		let Fingerprint::Dataset(fp) = answer(&store, &r, seed).unwrap() else { panic!() };
		let challenge = dataset_challenge(seed, r.size).unwrap();
		assert_eq!(challenge.indices, vec![0, 1, 2]);
		let expected: Vec<[u8; 32]> = challenge
			.indices
			.iter()
			.map(|&i| {
				let start = (i * CHUNK_SIZE) as usize;
				sha256(&data[start..(start + CHUNK_SIZE as usize).min(data.len())])
			})
			.collect();
		assert_eq!(fp.chunk_hashes, expected);
	}
	// The same file is valid text too, and a one-chunk dataset works.
	let r = publish(&store, &data, DataFormat::Text);
	assert!(answer(&store, &r, &SEEDS[0]).is_ok());
	let small = publish(&store, b"{\"a\":1}\n{\"b\":[true,null]}", DataFormat::Jsonl);
	assert!(answer(&store, &small, &SEEDS[0]).is_ok());
	let csv = publish(&store, b"id,name\n1,\"Smith, J\"\n2,x\n", DataFormat::Csv);
	assert!(answer(&store, &csv, &SEEDS[0]).is_ok());
}

/// (a) Random bytes of the right size, registered with the honest dataset's manifest: the
/// hashes are not the manifest's. And with a manifest the attacker made for the random bytes
/// (correct hash list), no format accepts them.
#[test]
fn attack_random_bytes_of_the_right_size_fails() {
	let store = MemoryStore::new();
	let data = jsonl(0);
	let honest = publish(&store, &data, DataFormat::Jsonl);
	let noise = random(data.len(), 7);
	let r = Registration { content: add(&store, &noise), ..honest };
	let e = refused(&store, &r);
	assert!(matches!(e, DatasetError::ChunkHash { .. }), "{e}");
	assert!(e.to_string().contains("the hash list says"), "{e}");

	for format in [DataFormat::Jsonl, DataFormat::Text, DataFormat::Csv] {
		let r = Registration {
			content: add(&store, &noise),
			manifest: manifest_with(&store, format, noise.len() as u64, &hash_list(&noise)),
			size: noise.len() as u64,
		};
		let e = refused(&store, &r);
		assert!(
			matches!(e, DatasetError::Format { format: f, error: FormatError::NotUtf8 { .. }, .. } if f == format),
			"{format}: {e}"
		);
	}
	let r = Registration {
		content: add(&store, &noise),
		manifest: manifest_with(
			&store,
			DataFormat::Parquet,
			noise.len() as u64,
			&hash_list(&noise),
		),
		size: noise.len() as u64,
	};
	let e = refused(&store, &r);
	assert!(matches!(e, DatasetError::Ends { format: DataFormat::Parquet, .. }), "{e}");
	assert!(e.to_string().contains("does not start with PAR1"), "{e}");
}

/// (b) The real file, but its manifest declares another format (with the right hash list).
#[test]
fn attack_declaring_another_format_fails() {
	let store = MemoryStore::new();
	let data = jsonl(0);
	let size = data.len() as u64;
	let content = add(&store, &data);
	let lie = |format: DataFormat| Registration {
		content,
		manifest: manifest_with(&store, format, size, &hash_list(&data)),
		size,
	};
	let e = refused(&store, &lie(DataFormat::Parquet));
	assert!(matches!(e, DatasetError::Ends { format: DataFormat::Parquet, .. }), "{e}");
	let e = refused(&store, &lie(DataFormat::Csv));
	assert!(matches!(e, DatasetError::Format { error: FormatError::CsvQuoting { .. }, .. }), "{e}");
	// Text is the weakest claim: every jsonl file is also text.
	assert!(answer(&store, &lie(DataFormat::Text), &SEEDS[0]).is_ok());

	// A real CSV file declared jsonl.
	let rows = b"id,name,n\n1,\"a, b\",2\n2,b,3\n".repeat(20_000);
	let csv = |format: DataFormat| Registration {
		content: add(&store, &rows),
		manifest: manifest_with(&store, format, rows.len() as u64, &hash_list(&rows)),
		size: rows.len() as u64,
	};
	assert!(answer(&store, &csv(DataFormat::Csv), &SEEDS[0]).is_ok());
	let e = refused(&store, &csv(DataFormat::Jsonl));
	assert!(matches!(e, DatasetError::Format { error: FormatError::NotJson { .. }, .. }), "{e}");
}

/// (c) A manifest whose hash list does not match the content: another file's list of the
/// right length, a list one digest short, and a list that is not a CID at all.
#[test]
fn attack_with_a_hash_list_that_does_not_match_fails() {
	let store = MemoryStore::new();
	let data = jsonl(0);
	let other = jsonl(1);
	assert_eq!(data.len(), other.len());
	let size = data.len() as u64;
	let content = add(&store, &data);

	let r = Registration {
		content,
		manifest: manifest_with(&store, DataFormat::Jsonl, size, &hash_list(&other)),
		size,
	};
	let e = refused(&store, &r);
	assert!(matches!(e, DatasetError::ChunkHash { .. }), "{e}");

	// Only one digest wrong: caught when that chunk is sampled (here every chunk is).
	let mut one_off = hash_list(&data);
	one_off[40] ^= 1;
	let r =
		Registration { manifest: manifest_with(&store, DataFormat::Jsonl, size, &one_off), ..r };
	assert!(matches!(refused(&store, &r), DatasetError::ChunkHash { index: 1, .. }));

	let short = &hash_list(&data)[..64];
	let r = Registration { manifest: manifest_with(&store, DataFormat::Jsonl, size, short), ..r };
	let e = refused(&store, &r);
	assert!(
		matches!(
			e,
			DatasetError::Manifest(DatasetManifestError::HashListLength {
				actual: 64,
				expected: 96
			})
		),
		"{e}"
	);

	let json = format!(
		r#"{{"kind":"dataset","format":"jsonl","size":{size},"chunk_size":{CHUNK_SIZE},"chunk_hashes":"not-a-cid"}}"#
	);
	let r = Registration { manifest: add(&store, json.as_bytes()), ..r };
	assert!(matches!(refused(&store, &r), DatasetError::HashListCid(_)));
}

/// (d) Sizes that disagree: registered vs the manifest, and registered vs the content.
#[test]
fn attack_with_a_size_mismatch_fails() {
	let store = MemoryStore::new();
	let data = jsonl(0);
	let honest = publish(&store, &data, DataFormat::Jsonl);

	// The honest manifest, registered with another size.
	for size in [honest.size - 1, honest.size + 1, 2 * honest.size] {
		let e = refused(&store, &Registration { size, ..honest });
		assert!(
			matches!(e, DatasetError::Manifest(DatasetManifestError::SizeMismatch { .. })),
			"{e}"
		);
	}

	// Manifest and registration agree, the content is shorter (a prefix of the real file).
	let prefix = &data[..data.len() - 1000];
	let r = Registration { content: add(&store, prefix), ..honest };
	let e = refused(&store, &r);
	assert!(
		matches!(e, DatasetError::ContentSize { actual, registered } if actual + 1000 == registered),
		"{e}"
	);
}

/// Manifests that are not dataset manifests at all.
#[test]
fn a_model_manifest_or_a_wrong_chunk_size_is_refused() {
	let store = MemoryStore::new();
	let data = jsonl(0);
	let honest = publish(&store, &data, DataFormat::Jsonl);
	let model = r#"{"name":"tiny","architecture":"llama","format":"gguf","vocab_size":512}"#;
	let r = Registration { manifest: add(&store, model.as_bytes()), ..honest };
	assert_eq!(refused(&store, &r).to_string(), DatasetManifestError::Missing("kind").to_string());
	let hashes = add(&store, &hash_list(&data)).to_text();
	let json = format!(
		r#"{{"kind":"dataset","format":"jsonl","size":{},"chunk_size":1048576,"chunk_hashes":"{hashes}"}}"#,
		data.len()
	);
	let r = Registration { manifest: add(&store, json.as_bytes()), ..r };
	assert!(matches!(
		refused(&store, &r),
		DatasetError::Manifest(DatasetManifestError::WrongChunkSize { declared: 1_048_576, .. })
	));
}

/// The owner's command: `dataset manifest --add` writes both files, adds them to the repository
/// with the CIDs `ipfs add` gives, and a verifier reading that repository answers the
/// challenge; without `--add` the same CIDs are printed and nothing is stored.
#[test]
fn the_owner_command_publishes_what_verifiers_accept() {
	let worker = env!("CARGO_BIN_EXE_dsynapse-worker");
	let dir = tempfile::tempdir().unwrap();
	let repo = dir.path().join("repo");
	let file = dir.path().join("data.jsonl");
	std::fs::write(&file, jsonl(3)).unwrap();
	let (m, h) = (dir.path().join("manifest.json"), dir.path().join("hashes.bin"));
	let run = |args: &[&str]| {
		let out = Command::new(worker).arg("--repo").arg(&repo).args(args).output().unwrap();
		(
			out.status.success(),
			String::from_utf8(out.stdout).unwrap(),
			String::from_utf8(out.stderr).unwrap(),
		)
	};
	let content = {
		let (ok, out, err) = run(&["ipfs", "add", "-q", file.to_str().unwrap()]);
		assert!(ok, "{err}");
		out.trim().to_owned()
	};
	let args = [
		"dataset",
		"manifest",
		file.to_str().unwrap(),
		"--format",
		"jsonl",
		"--name",
		"My corpus",
		"--out-manifest",
		m.to_str().unwrap(),
		"--out-hashes",
		h.to_str().unwrap(),
	];
	let (ok, dry, err) = run(&args);
	assert!(ok, "{err}");
	let (ok, out, err) = run(&[&args[..], &["--add"][..]].concat());
	assert!(ok, "{err}");
	assert_eq!(out, dry, "the same CIDs with and without --add");
	let lines: Vec<Vec<&str>> = out.lines().map(|l| l.split(' ').collect()).collect();
	assert_eq!((lines[0][0], lines[1][0]), ("chunk_hashes", "manifest"), "{out}");
	let (hashes_cid, manifest_cid) = (lines[0][1], lines[1][1]);
	for (path, cid) in [(&h, hashes_cid), (&m, manifest_cid)] {
		let (ok, again, _) = run(&["ipfs", "add", "-q", "-n", path.to_str().unwrap()]);
		assert!(ok);
		assert_eq!(again.trim(), cid);
	}
	let manifest = DatasetManifest::parse(&std::fs::read(&m).unwrap()).unwrap();
	assert_eq!(manifest.chunk_hashes, hashes_cid);
	assert_eq!((manifest.name.as_str(), manifest.format), ("My corpus", DataFormat::Jsonl));
	assert_eq!(std::fs::read(&h).unwrap().len() as u64, manifest.hash_list_len());
	let (ok, quiet, _) = run(&[&args[..], &["-q"][..]].concat());
	assert!(ok);
	assert_eq!(quiet.trim(), manifest_cid);
	let (ok, pins, _) = run(&["ipfs", "pin", "ls"]);
	assert!(ok && pins.contains(hashes_cid) && pins.contains(manifest_cid), "{pins}");

	let store = FsStore::open(&repo).unwrap();
	let parse = |t: &str| dsynapse_worker::content::parse_cid(t).unwrap();
	let size = std::fs::metadata(&file).unwrap().len();
	let answered =
		datasets::answer(&store, &parse(&content), &parse(manifest_cid), size, &SEEDS[0]).unwrap();
	assert!(matches!(answered, Fingerprint::Dataset(_)));

	// The command refuses a file that is not its declared format.
	let (ok, _, err) = run(&[
		"dataset",
		"manifest",
		file.to_str().unwrap(),
		"--format",
		"parquet",
		"--name",
		"x",
		"--out-manifest",
		m.to_str().unwrap(),
		"--out-hashes",
		h.to_str().unwrap(),
	]);
	assert!(!ok);
	assert!(err.contains("not parquet"), "{err}");
	let (ok, _, err) = run(&[
		"dataset",
		"manifest",
		file.to_str().unwrap(),
		"--format",
		"xml",
		"--name",
		"x",
		"--out-manifest",
		m.to_str().unwrap(),
		"--out-hashes",
		h.to_str().unwrap(),
	]);
	assert!(!ok);
	assert!(err.contains("unknown format \"xml\""), "{err}");
}
