//! The worker's CIDs equal those of the npm `ipfs-unixfs-importer` 17 (Helia's importer) run
//! with the same IPIP-0499 profile, for the sizes where chunking and tree shape change, a file
//! over 50 MB, and directories with and without a wrapping directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use dsynapse_ipfs::content::{
	importer::Importer,
	profile::{Profile, UNIXFS_V0_2015, UNIXFS_V1_2025},
	store::MemoryStore,
};
use serde_json::json;
use std::{fs, path::Path};

/// The sizes that matter for `profile`: empty, one byte, around one chunk, around a full node
/// of links (one more level of tree above it), and over 50 MB.
fn boundary_sizes(profile: &Profile) -> Vec<u64> {
	let chunk = profile.chunk_size as u64;
	let node = chunk * profile.max_links as u64;
	vec![0, 1, chunk - 1, chunk, chunk + 1, node - 1, node + 1, 50_000_000 + 12_345]
}

fn ours(profile: Profile, path: &Path, wrap: bool) -> String {
	let store = MemoryStore::discarding();
	Importer::new(profile, &store).path(path, wrap, &|_, _| {}).unwrap().cid.to_text()
}

#[test]
fn file_cids_match_the_js_importer_for_both_profiles() {
	let dir = tempfile::tempdir().unwrap();
	let mut cases = Vec::new();
	for profile in [UNIXFS_V1_2025, UNIXFS_V0_2015] {
		for (i, size) in boundary_sizes(&profile).into_iter().enumerate() {
			let path = dir.path().join(format!("{}-{size}", profile.name));
			common::random_file(&path, size, 7 + i as u64);
			cases.push((profile, size, path));
		}
	}
	let spec: Vec<_> = cases
		.iter()
		.map(|(p, size, path)| json!({"id": format!("{}/{size}", p.name), "profile": p.name, "path": path, "wrap": false}))
		.collect();
	let js = common::js_import(&json!(spec), true);
	assert_eq!(js.len(), cases.len());
	for ((profile, size, path), theirs) in cases.iter().zip(&js) {
		let mine = ours(*profile, path, false);
		println!("{:>15} {:>12} bytes  {mine}", profile.name, size);
		assert_eq!(mine, theirs.cid, "{} of {size} bytes", profile.name);
		// Each input is removed once checked (the two 1 GiB ones would fill small disks).
		fs::remove_file(path).unwrap();
	}
}

#[test]
fn directory_cids_match_the_js_importer_wrapped_or_not() {
	let dir = tempfile::tempdir().unwrap();
	let root = dir.path().join("model");
	fs::create_dir_all(root.join("weights/empty")).unwrap();
	fs::create_dir_all(root.join("tokenizer")).unwrap();
	fs::write(root.join("README.md"), "# a tiny model\n").unwrap();
	fs::write(root.join("config.json"), "{\"layers\":2}").unwrap();
	fs::write(root.join("Zeta"), "capital letters sort before lower case").unwrap();
	// Hidden entries are left out by default (kubo's `ipfs add -r`, Helia's globSource).
	fs::write(root.join(".gitattributes"), "*.bin filter=lfs").unwrap();
	fs::create_dir_all(root.join(".cache/huggingface")).unwrap();
	fs::write(root.join(".cache/huggingface/lock"), "").unwrap();
	fs::write(root.join("tokenizer/vocab ünï.txt"), "a b c").unwrap();
	fs::write(root.join("tokenizer/empty.txt"), "").unwrap();
	common::random_file(&root.join("weights/model-00001.bin"), 3 * (1 << 20) + 17, 1);
	common::random_file(&root.join("weights/model-00002.bin"), (1 << 20) - 1, 2);
	let single = dir.path().join("single.bin");
	common::random_file(&single, 300_000, 3);

	let mut spec = Vec::new();
	let mut expected = Vec::new();
	for profile in [UNIXFS_V1_2025, UNIXFS_V0_2015] {
		for (path, wrap) in [(&root, false), (&root, true), (&single, true)] {
			spec.push(
				json!({"id": spec.len().to_string(), "profile": profile.name, "path": path, "wrap": wrap}),
			);
			expected.push(ours(profile, path, wrap));
		}
	}
	let js = common::js_import(&json!(spec), false);
	for ((case, mine), theirs) in spec.iter().zip(&expected).zip(&js) {
		println!("{case}: {mine}");
		assert_eq!(mine, &theirs.cid, "{case}");
	}
	// With hidden entries included the folder is another DAG.
	let store = MemoryStore::discarding();
	let with_hidden =
		Importer::new(UNIXFS_V1_2025, &store).hidden(true).path(&root, false, &|_, _| {}).unwrap();
	assert_ne!(with_hidden.cid.to_text(), expected[0]);
}
