//! A full disk fails the add with a clear error and leaves the store consistent: earlier pins
//! intact, no partial write left, and the next add works once space is freed.
//!
//! The repository is put on a 24 MiB tmpfs, which needs root (CI runs as root). Without root
//! the test says so and checks nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use dsynapse_ipfs::content::{
	gc,
	importer::{ImportError, Importer},
	pins::Pins,
	profile::UNIXFS_V1_2025,
	store::{FsStore, StoreError},
};
use std::{path::Path, process::Command};

struct Mount<'a>(&'a Path);

impl Drop for Mount<'_> {
	fn drop(&mut self) {
		let _ = Command::new("umount").arg(self.0).status();
	}
}

#[test]
fn a_full_disk_fails_the_add_and_leaves_the_store_consistent() {
	if !rustix::process::geteuid().is_root() {
		eprintln!("SKIPPED: mounting a small tmpfs needs root (CI runs this test as root)");
		return;
	}
	let dir = tempfile::tempdir().unwrap();
	let mnt = dir.path().join("small-disk");
	std::fs::create_dir(&mnt).unwrap();
	let status = Command::new("mount")
		.args(["-t", "tmpfs", "-o", "size=24m", "tmpfs"])
		.arg(&mnt)
		.status()
		.unwrap();
	assert!(status.success(), "mount tmpfs");
	let _mount = Mount(&mnt);

	let store = FsStore::open(mnt.join("repo")).unwrap();
	let small = dir.path().join("small.bin");
	common::random_file(&small, 3 << 20, 1);
	let kept =
		Importer::new(UNIXFS_V1_2025, &store).file(std::fs::File::open(&small).unwrap()).unwrap();
	Pins::new(&store).add(&kept.cid, "small").unwrap();

	let big = dir.path().join("big.bin");
	common::random_file(&big, 40 << 20, 2);
	let err =
		Importer::new(UNIXFS_V1_2025, &store).file(std::fs::File::open(&big).unwrap()).unwrap_err();
	println!("{err}");
	assert!(matches!(err, ImportError::Store(StoreError::DiskFull { .. })), "{err:?}");
	assert!(err.to_string().contains("disk full"));

	let report = gc::verify(&store, false).unwrap();
	println!("after the failed add: {report:?}");
	assert!(report.is_consistent(), "{report:?}");
	assert_eq!(report.partial_writes, 0, "the failed block's partial file is removed");
	assert_eq!(Pins::new(&store).list().unwrap().len(), 1);

	// gc frees what the failed add wrote; a smaller add then fits and pins.
	let collected = gc::gc(&store).unwrap();
	assert!(collected.removed > 0);
	assert_eq!(collected.kept, 4);
	let medium = dir.path().join("medium.bin");
	common::random_file(&medium, 10 << 20, 3);
	let added =
		Importer::new(UNIXFS_V1_2025, &store).file(std::fs::File::open(&medium).unwrap()).unwrap();
	Pins::new(&store).add(&added.cid, "medium").unwrap();
	assert!(gc::verify(&store, false).unwrap().is_consistent());
}
