//! Import throughput on one 256 MiB file, side by side in one run:
//!
//! - `dsynapse-worker` into memory (blocks kept, like the JS importer's `MemoryBlockstore`),
//!   on every core and on one;
//! - `dsynapse-worker` into the persistent store (a fresh repository; blocks written through
//!   the page cache, then one `syncfs`);
//! - the npm `ipfs-unixfs-importer` 17 on Node (`MemoryBlockstore`; timed inside Node, so
//!   Node's start-up is not counted), reading the file as Node does by default (64 KiB reads)
//!   and with 1 MiB reads (its best case);
//! - `sha256sum` and `openssl dgst -sha256` over the same file (the hashing limit: coreutils
//!   without SHA-NI, OpenSSL with it, one core each).
//!
//! Both profiles; the median of `RUNS` runs each; the file is read once first so every tool
//! reads it from the page cache. Run: `cargo bench -p dsynapse-ipfs --bench import`
//! (needs `node` and `npm ci` in ipfs/tests/js, done by scripts/setup.sh).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

// The allocator of the `dsynapse-worker` binary (inference-worker/src/main.rs), so the figures
// are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use dsynapse_ipfs::content::{
	importer::Importer,
	profile::{Profile, UNIXFS_V0_2015, UNIXFS_V1_2025},
	store::{FsStore, MemoryStore},
};
use std::{
	fs::File,
	io::Write,
	path::Path,
	process::{Command, Stdio},
	time::Instant,
};

const SIZE: u64 = 256 << 20;
const RUNS: usize = 5;

fn mb_per_s(seconds: f64) -> f64 {
	SIZE as f64 / 1e6 / seconds
}

fn median(mut v: Vec<f64>) -> f64 {
	v.sort_by(|a, b| a.total_cmp(b));
	v[v.len() / 2]
}

fn time(mut f: impl FnMut() -> String) -> (f64, String) {
	let mut out = String::new();
	let times = (0..RUNS)
		.map(|_| {
			let start = Instant::now();
			out = f();
			start.elapsed().as_secs_f64()
		})
		.collect();
	(median(times), out)
}

fn ours_memory(profile: Profile, path: &Path, threads: usize, keep: bool) -> (f64, String) {
	time(|| {
		let store = if keep { MemoryStore::new() } else { MemoryStore::discarding() };
		Importer::new(profile, &store)
			.threads(threads)
			.file(File::open(path).unwrap())
			.unwrap()
			.cid
			.to_text()
	})
}

fn ours_store(profile: Profile, path: &Path, dir: &Path) -> (f64, String) {
	let mut n = 0;
	time(|| {
		n += 1;
		let store = FsStore::open(dir.join(format!("repo-{}-{n}", profile.name))).unwrap();
		let cid =
			Importer::new(profile, &store).file_at(&File::open(path).unwrap(), path).unwrap().cid;
		store.sync().unwrap();
		cid.to_text()
	})
}

fn js(profile: Profile, path: &Path, keep: bool, big_reads: bool) -> (f64, String) {
	let js_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
	let cases: Vec<_> = (0..RUNS)
		.map(|i| serde_json::json!({"id": i.to_string(), "profile": profile.name, "path": path, "wrap": false}))
		.collect();
	let mut child = Command::new("node")
		.arg("import.mjs")
		.args(if keep { &[][..] } else { &["--discard"][..] })
		.args(if big_reads { &["--big-reads"][..] } else { &[][..] })
		.current_dir(js_dir)
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.spawn()
		.expect("node");
	child
		.stdin
		.take()
		.unwrap()
		.write_all(serde_json::Value::from(cases).to_string().as_bytes())
		.unwrap();
	let out = child.wait_with_output().unwrap();
	assert!(out.status.success(), "import.mjs failed (npm ci in ipfs/tests/js?)");
	let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
		.unwrap()
		.lines()
		.map(|l| serde_json::from_str(l).unwrap())
		.collect();
	let cid = lines[0]["cid"].as_str().unwrap().to_owned();
	(median(lines.iter().map(|l| l["seconds"].as_f64().unwrap()).collect()), cid)
}

fn tool(program: &str, args: &[&str], path: &Path) -> f64 {
	time(|| {
		let status =
			Command::new(program).args(args).arg(path).stdout(Stdio::null()).status().unwrap();
		assert!(status.success(), "{program}");
		String::new()
	})
	.0
}

fn main() {
	// `cargo bench` passes --bench; `cargo test --benches` runs this too: skip then.
	if !std::env::args().any(|a| a == "--bench") {
		return;
	}
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("input-256MiB.bin");
	dsynapse_ipfs::testing::random_file(&path, SIZE, 2026).unwrap();
	std::fs::read(&path).unwrap();
	let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
	println!(
		"import of one 256 MiB file, median of {RUNS} runs, MB/s (10^6 bytes/s); {cores} cores\n"
	);
	let sha256sum = mb_per_s(tool("sha256sum", &[], &path));
	let openssl = mb_per_s(tool("openssl", &["dgst", "-sha256"], &path));
	println!("sha256sum {sha256sum:.0} MB/s, openssl dgst -sha256 {openssl:.0} MB/s\n");
	println!("| profile | blocks go to | dsynapse-worker, {cores} threads | 1 thread | JS importer | JS, 1 MiB reads | ours ÷ JS | ours ÷ JS, 1 MiB reads | ours ÷ sha256sum |");
	println!("|---|---|---|---|---|---|---|---|---|");
	for profile in [UNIXFS_V1_2025, UNIXFS_V0_2015] {
		let mut cids = Vec::new();
		for (keep, label) in [(true, "memory (kept)"), (false, "nowhere (CIDs only)")] {
			let (t_ours, cid) = ours_memory(profile, &path, cores, keep);
			let (t_one, cid_one) = ours_memory(profile, &path, 1, keep);
			let (t_js, cid_js) = js(profile, &path, keep, false);
			let (t_js_big, cid_js_big) = js(profile, &path, keep, true);
			cids.extend([cid, cid_one, cid_js, cid_js_big]);
			let (ours, js, js_big) = (mb_per_s(t_ours), mb_per_s(t_js), mb_per_s(t_js_big));
			println!(
				"| {} | {label} | {ours:.0} | {:.0} | {js:.0} | {js_big:.0} | {:.2}× | {:.2}× | {:.0}% |",
				profile.name,
				mb_per_s(t_one),
				ours / js,
				ours / js_big,
				100.0 * ours / sha256sum
			);
		}
		let (t_store, cid_store) = ours_store(profile, &path, dir.path());
		let ours = mb_per_s(t_store);
		println!(
			"| {} | persistent store + syncfs | {ours:.0} | | | | | | {:.0}% |",
			profile.name,
			100.0 * ours / sha256sum
		);
		cids.push(cid_store);
		assert!(cids.iter().all(|c| *c == cids[0]), "every importer gives the same CID: {cids:?}");
	}
}
