//! Helpers shared by the integration tests: deterministic test files and the npm tools (the
//! `tests/js` project, installed by scripts/setup.sh).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::{
	io::Write,
	path::{Path, PathBuf},
	process::{Command, Stdio},
};

/// Writes `size` pseudo-random bytes (seeded) to `path`.
pub fn random_file(path: &Path, size: u64, seed: u64) {
	dsynapse_ipfs::testing::random_file(path, size, seed).unwrap();
}

/// The npm project holding the JS IPFS libraries (installed by scripts/setup.sh).
pub fn js_dir() -> PathBuf {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
	assert!(
		dir.join("node_modules/ipfs-unixfs-importer").exists(),
		"npm packages missing in {}: run scripts/setup.sh (or `npm ci` there)",
		dir.display()
	);
	dir
}

/// One import done by the JS importer.
#[derive(Debug, serde::Deserialize)]
pub struct JsImport {
	pub id: String,
	pub cid: String,
	pub seconds: f64,
}

/// Runs `tests/js/import.mjs` on `cases` (JSON values with id, profile, path, wrap).
pub fn js_import(cases: &serde_json::Value, discard: bool) -> Vec<JsImport> {
	let mut cmd = Command::new("node");
	cmd.arg("import.mjs").current_dir(js_dir()).stdin(Stdio::piped()).stdout(Stdio::piped());
	if discard {
		cmd.arg("--discard");
	}
	let mut child = cmd.spawn().expect("node is installed (scripts/setup.sh)");
	child.stdin.take().unwrap().write_all(cases.to_string().as_bytes()).unwrap();
	let out = child.wait_with_output().unwrap();
	assert!(out.status.success(), "import.mjs failed");
	String::from_utf8(out.stdout)
		.unwrap()
		.lines()
		.map(|l| serde_json::from_str(l).unwrap())
		.collect()
}

/// Runs a node script from `tests/js` with arguments; returns stdout.
pub fn node(script: &str, args: &[&str]) -> String {
	let out = Command::new("node").arg(script).args(args).current_dir(js_dir()).output().unwrap();
	assert!(
		out.status.success(),
		"{script} failed: {}{}",
		String::from_utf8_lossy(&out.stdout),
		String::from_utf8_lossy(&out.stderr)
	);
	String::from_utf8(out.stdout).unwrap()
}
