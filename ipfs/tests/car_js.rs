//! CAR v1 files written by the worker are read by the npm `@ipld/car` library, and CARs it
//! writes are imported by the worker: same roots, same blocks, same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use dsynapse_ipfs::content::{
	car, dag, exporter,
	importer::Importer,
	parse_cid,
	profile::{UNIXFS_V0_2015, UNIXFS_V1_2025},
	store::{FsStore, MemoryStore},
};
use std::fs;

#[test]
fn our_car_files_read_in_ipld_car_and_re_encode_to_the_same_bytes() {
	let dir = tempfile::tempdir().unwrap();
	for profile in [UNIXFS_V1_2025, UNIXFS_V0_2015] {
		let input = dir.path().join(format!("{}.bin", profile.name));
		common::random_file(&input, 5 * (1 << 20) + 99, 11);
		let store = MemoryStore::new();
		let root = Importer::new(profile, &store).file(fs::File::open(&input).unwrap()).unwrap();
		let ours = dir.path().join(format!("{}.car", profile.name));
		let written =
			car::export(&store, &[root.cid], &mut fs::File::create(&ours).unwrap()).unwrap();

		let read: serde_json::Value =
			serde_json::from_str(&common::node("car.mjs", &["read", ours.to_str().unwrap()]))
				.unwrap();
		println!("{}: ours {written:?}; @ipld/car read {read}", profile.name);
		assert_eq!(read["roots"], serde_json::json!([root.cid.to_text()]));
		assert_eq!(read["blocks"], written.blocks);
		assert_eq!(read["bytes"], written.bytes);

		let rewritten = dir.path().join(format!("{}-js.car", profile.name));
		common::node("car.mjs", &["rewrite", ours.to_str().unwrap(), rewritten.to_str().unwrap()]);
		assert_eq!(
			fs::read(&ours).unwrap(),
			fs::read(&rewritten).unwrap(),
			"CarWriter writes the same bytes"
		);
	}
}

#[test]
fn car_files_from_ipld_car_import_and_export_back_identically() {
	let dir = tempfile::tempdir().unwrap();
	for profile in [UNIXFS_V1_2025, UNIXFS_V0_2015] {
		let input = dir.path().join("input.bin");
		common::random_file(&input, 3 * (1 << 20) + 7, 12);
		let theirs = dir.path().join(format!("{}-js.car", profile.name));
		let root_text = common::node(
			"car.mjs",
			&["write-file", input.to_str().unwrap(), profile.name, theirs.to_str().unwrap()],
		);
		let root = parse_cid(root_text.trim()).unwrap();

		let store = FsStore::open(dir.path().join(format!("repo-{}", profile.name))).unwrap();
		let summary =
			car::import(&mut fs::File::open(&theirs).unwrap(), &store, &mut |_| {}).unwrap();
		assert_eq!(summary.roots, vec![root]);
		assert!(dag::missing(&store, &root, true).unwrap().is_empty());
		let mut bytes = Vec::new();
		exporter::write_file(&store, &root, 0..u64::MAX, &mut bytes).unwrap();
		assert_eq!(
			bytes,
			fs::read(&input).unwrap(),
			"the file reads back from the imported blocks"
		);

		let mut again = Vec::new();
		car::export(&store, &[root], &mut again).unwrap();
		assert_eq!(again, fs::read(&theirs).unwrap(), "re-exported CAR equals @ipld/car's");
		println!("{}: {summary:?}", profile.name);
	}
}
