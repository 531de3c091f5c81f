//! Helpers shared by the integration tests: deterministic test files and the npm tools.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::{
	io::Write,
	path::{Path, PathBuf},
	process::{Command, Stdio},
};

/// Writes `size` pseudo-random bytes (xorshift64*, seeded) to `path`.
pub fn random_file(path: &Path, size: u64, seed: u64) {
	let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
	let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
	let mut left = size;
	let mut buf = vec![0u8; 1 << 20];
	while left > 0 {
		for word in buf.chunks_exact_mut(8) {
			state ^= state >> 12;
			state ^= state << 25;
			state ^= state >> 27;
			word.copy_from_slice(&state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
		}
		let n = left.min(buf.len() as u64) as usize;
		file.write_all(&buf[..n]).unwrap();
		left -= n as u64;
	}
	file.flush().unwrap();
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
	String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
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
