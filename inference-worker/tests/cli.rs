//! The `dsynapse-worker ipfs` command line end to end: every subcommand, two repositories
//! talking through `serve` and `get --gateway`, and the errors a user sees.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::{
	io::{BufRead, BufReader},
	path::Path,
	process::{Command, Output, Stdio},
};

const WORKER: &str = env!("CARGO_BIN_EXE_dsynapse-worker");

fn worker(repo: &Path, args: &[&str]) -> Output {
	Command::new(WORKER).arg("--repo").arg(repo).args(args).output().unwrap()
}

fn ok(repo: &Path, args: &[&str]) -> String {
	let out = worker(repo, args);
	assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
	String::from_utf8(out.stdout).unwrap()
}

fn fails(repo: &Path, args: &[&str]) -> String {
	let out = worker(repo, args);
	assert!(!out.status.success(), "{args:?} should fail");
	String::from_utf8(out.stderr).unwrap()
}

#[test]
fn add_cat_pin_gc_verify_and_car_files() {
	let dir = tempfile::tempdir().unwrap();
	let repo = dir.path().join("repo");
	let file = dir.path().join("weights.bin");
	common::random_file(&file, 2_000_000, 8);
	let bytes = std::fs::read(&file).unwrap();
	let f = file.to_str().unwrap();

	let cid = ok(&repo, &["ipfs", "add", "-q", f]).trim().to_owned();
	assert!(cid.starts_with("bafybei"));
	let v0 = ok(&repo, &["ipfs", "add", "-q", "--profile", "unixfs-v0-2015", "--no-pin", f])
		.trim()
		.to_owned();
	assert!(v0.starts_with("Qm"));
	assert_eq!(ok(&repo, &["ipfs", "add", "-q", "-n", f]).trim(), cid);
	let wrapped = ok(&repo, &["ipfs", "add", "-w", f]);
	assert!(wrapped.contains(&format!("added {cid} weights.bin")), "{wrapped}");

	let out = worker(&repo, &["ipfs", "cat", &cid, "--offset", "1048570", "--length", "20"]);
	assert_eq!(out.stdout, bytes[1_048_570..1_048_590]);
	let pins = ok(&repo, &["ipfs", "pin", "ls"]);
	assert!(pins.contains(&format!("{cid} weights.bin")), "{pins}");
	assert!(!pins.contains(&v0));

	// The unpinned v0 DAG goes at gc; the pinned one stays.
	let gc = ok(&repo, &["ipfs", "gc"]);
	assert!(gc.starts_with("removed 9 blocks"), "{gc}");
	assert!(ok(&repo, &["ipfs", "verify"]).contains("0 corrupt"));

	// CAR out of one repository, into another.
	let car = dir.path().join("weights.car");
	ok(&repo, &["ipfs", "export-car", &cid, "-o", car.to_str().unwrap()]);
	let other = dir.path().join("other");
	let imported = ok(&other, &["ipfs", "import-car", car.to_str().unwrap()]);
	assert_eq!(imported.trim(), format!("root {cid}"));
	assert_eq!(worker(&other, &["ipfs", "cat", &cid]).stdout, bytes);
	assert!(ok(&other, &["ipfs", "pin", "ls"]).contains(&cid));

	// Unpin and collect.
	ok(&other, &["ipfs", "pin", "rm", &cid]);
	assert!(ok(&other, &["ipfs", "gc"]).starts_with("removed 3 blocks"));
	assert!(fails(&other, &["ipfs", "cat", &cid]).contains("not (completely) in the local store"));

	// A block corrupted on disk: verify exits 2 and names it; --repair removes it.
	let block = std::fs::read_dir(repo.join("blocks"))
		.unwrap()
		.flat_map(|shard| std::fs::read_dir(shard.unwrap().path()).unwrap())
		.map(|e| e.unwrap().path())
		.find(|p| std::fs::metadata(p).unwrap().len() == 1 << 20)
		.unwrap();
	let mut data = std::fs::read(&block).unwrap();
	data[0] ^= 0xff;
	std::fs::write(&block, data).unwrap();
	let out = worker(&repo, &["ipfs", "verify"]);
	assert_eq!(out.status.code(), Some(2));
	assert!(String::from_utf8_lossy(&out.stdout).contains("1 corrupt"));
	let out = worker(&repo, &["ipfs", "verify", "--repair"]);
	assert!(String::from_utf8_lossy(&out.stdout).contains("1 corrupt (removed)"));
	let out = worker(&repo, &["ipfs", "verify"]);
	assert_eq!(out.status.code(), Some(2));
	assert!(
		String::from_utf8_lossy(&out.stdout).contains("damaged pin"),
		"a pin now misses the removed block"
	);
}

#[test]
fn a_second_worker_fetches_through_serve_and_verifies() {
	let dir = tempfile::tempdir().unwrap();
	let a = dir.path().join("a");
	let tree = dir.path().join("model");
	std::fs::create_dir_all(tree.join("sub")).unwrap();
	common::random_file(&tree.join("sub/weights.bin"), 1_500_000, 1);
	std::fs::write(tree.join("config.json"), "{}").unwrap();
	let root = ok(&a, &["ipfs", "add", "-q", tree.to_str().unwrap()]).trim().to_owned();

	let mut serve = Command::new(WORKER)
		.arg("--repo")
		.arg(&a)
		.args(["ipfs", "serve", "--listen", "127.0.0.1:0"])
		.stdout(Stdio::piped())
		.spawn()
		.unwrap();
	let mut line = String::new();
	BufReader::new(serve.stdout.take().unwrap()).read_line(&mut line).unwrap();
	let url = line.trim().rsplit(' ').next().unwrap().to_owned();
	assert!(url.starts_with("http://127.0.0.1:"), "{line}");

	let b = dir.path().join("b");
	let out_dir = dir.path().join("copy");
	let out = worker(
		&b,
		&["ipfs", "get", &root, "--gateway", &url, "-o", out_dir.to_str().unwrap(), "--pin"],
	);
	serve.kill().unwrap();
	serve.wait().unwrap();
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("fetched 6 blocks"), "{stderr}");
	assert_eq!(
		std::fs::read(out_dir.join("sub/weights.bin")).unwrap(),
		std::fs::read(tree.join("sub/weights.bin")).unwrap()
	);
	assert_eq!(std::fs::read(out_dir.join("config.json")).unwrap(), b"{}");
	assert!(ok(&b, &["ipfs", "pin", "ls"]).contains(&root));
}

#[test]
fn bad_input_gets_a_clear_error() {
	let dir = tempfile::tempdir().unwrap();
	let repo = dir.path().join("repo");
	assert!(fails(&repo, &["ipfs", "cat", "QmNotACid"]).contains("invalid CID"));
	let err = fails(
		&repo,
		&["ipfs", "pin", "add", "bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"],
	);
	assert!(err.contains("unsupported codec"), "{err}");
	assert!(fails(&repo, &["ipfs", "add", "/does/not/exist"]).contains("/does/not/exist"));
	assert!(
		fails(&repo, &["ipfs", "add", "--profile", "unixfs-v2", "x"]).contains("unknown profile")
	);
	let absent = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
	assert!(fails(&repo, &["ipfs", "pin", "add", absent]).contains("missing locally"));
	assert!(fails(&repo, &["ipfs", "pin", "rm", absent]).contains("is not pinned"));
	let garbage = dir.path().join("garbage.car");
	std::fs::write(&garbage, b"\x05hello").unwrap();
	assert!(
		fails(&repo, &["ipfs", "import-car", garbage.to_str().unwrap()]).contains("bad CAR header")
	);
	let link = dir.path().join("link");
	std::os::unix::fs::symlink("/etc/hostname", &link).unwrap();
	assert!(fails(&repo, &["ipfs", "add", link.to_str().unwrap()]).contains("symbolic links"));
}
