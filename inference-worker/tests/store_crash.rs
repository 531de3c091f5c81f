//! The persistent store survives a SIGKILL in the middle of a large add, and readers see
//! only whole blocks while writers run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use dsynapse_worker::content::{
	gc,
	importer::Importer,
	pins::Pins,
	profile::UNIXFS_V1_2025,
	store::{BlockStore, FsStore, MemoryStore},
};
use std::{
	io::{Read, Write},
	process::{Command, Stdio},
	sync::atomic::{AtomicBool, Ordering},
	time::{Duration, Instant},
};

const WORKER: &str = env!("CARGO_BIN_EXE_dsynapse-worker");

#[test]
fn a_killed_add_leaves_a_consistent_store_and_can_be_redone() {
	let dir = tempfile::tempdir().unwrap();
	let repo = dir.path().join("repo");
	let input = dir.path().join("model.bin");
	let size = 300 << 20;
	common::random_file(&input, size, 42);
	let expected = Importer::new(UNIXFS_V1_2025, &MemoryStore::discarding())
		.file(std::fs::File::open(&input).unwrap())
		.unwrap()
		.cid;

	// A pinned file from before, which the crash must not touch.
	let small = dir.path().join("small.txt");
	std::fs::write(&small, "kept across the crash\n").unwrap();
	let out = Command::new(WORKER)
		.args(["--repo"])
		.arg(&repo)
		.args(["ipfs", "add", "-q"])
		.arg(&small)
		.output()
		.unwrap();
	assert!(out.status.success());
	let small_cid = String::from_utf8(out.stdout).unwrap().trim().to_owned();

	// The add reads from a pipe that we feed; once some blocks are on disk (and more are on
	// the way), the process is killed with SIGKILL.
	let mut child = Command::new(WORKER)
		.arg("--repo")
		.arg(&repo)
		.args(["ipfs", "add", "-q", "-"])
		.stdin(Stdio::piped())
		.stdout(Stdio::null())
		.spawn()
		.unwrap();
	let mut stdin = child.stdin.take().unwrap();
	let mut source = std::fs::File::open(&input).unwrap();
	let mut buf = vec![0u8; 8 << 20];
	let store = FsStore::open(&repo).unwrap();
	let started = Instant::now();
	let mut sent = 0u64;
	loop {
		let n = source.read(&mut buf).unwrap();
		stdin.write_all(&buf[..n]).unwrap();
		sent += n as u64;
		if store.blocks().unwrap().len() >= 40 || started.elapsed() > Duration::from_secs(60) {
			break;
		}
	}
	child.kill().unwrap(); // SIGKILL
	let status = child.wait().unwrap();
	drop(stdin);
	assert!(status.code().is_none(), "the add was killed, not finished");
	assert!(sent < size, "killed before the whole input was sent ({sent} of {size} bytes)");
	let stored = store.blocks().unwrap().len();
	println!("killed after {sent} bytes sent, {stored} blocks stored");

	// The store opens, passes the consistency check, and still has the earlier pin.
	let store = FsStore::open(&repo).unwrap();
	let report = gc::verify(&store, false).unwrap();
	println!("after the kill: {report:?}");
	assert!(report.is_consistent(), "{report:?}");
	assert!(report.blocks >= 40);
	let pins = Pins::new(&store).list().unwrap();
	assert_eq!(pins.len(), 1);
	assert_eq!(pins[0].cid, small_cid);

	// The add is redone and gives the CID the file has; it is pinned and complete.
	let out = Command::new(WORKER)
		.arg("--repo")
		.arg(&repo)
		.args(["ipfs", "add", "-q"])
		.arg(&input)
		.output()
		.unwrap();
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), expected.to_text());
	let report = gc::verify(&store, false).unwrap();
	assert!(report.is_consistent(), "{report:?}");
	assert_eq!(Pins::new(&store).list().unwrap().len(), 2);
	// gc keeps both DAGs (301 blocks + the small file) and clears the crash's partial writes.
	let collected = gc::gc(&store).unwrap();
	println!("gc: {collected:?}");
	assert_eq!(collected.kept, 300 + 1 + 1);
	assert_eq!(store.partial_writes().unwrap(), 0);
}

#[test]
fn readers_see_only_whole_blocks_while_a_writer_adds() {
	let dir = tempfile::tempdir().unwrap();
	let store = FsStore::open(dir.path()).unwrap();
	let input = dir.path().join("input.bin");
	common::random_file(&input, 96 << 20, 5);
	let done = AtomicBool::new(false);
	let checked = std::thread::scope(|s| {
		let readers: Vec<_> = (0..2)
			.map(|_| {
				s.spawn(|| {
					let mut checked = 0u64;
					while !done.load(Ordering::Relaxed) {
						for (digest, path) in store.blocks().unwrap() {
							let data = std::fs::read(&path).unwrap();
							assert_eq!(
								dsynapse_worker::content::sha256(&data),
								digest,
								"torn block {}",
								path.display()
							);
							checked += 1;
						}
					}
					checked
				})
			})
			.collect();
		let root = Importer::new(UNIXFS_V1_2025, &store)
			.file(std::fs::File::open(&input).unwrap())
			.unwrap();
		done.store(true, Ordering::Relaxed);
		assert!(store.has(&root.cid).unwrap());
		readers.into_iter().map(|r| r.join().unwrap()).sum::<u64>()
	});
	println!("{checked} block reads during the add, none torn");
	assert!(checked > 0);
}
