//! A harness that runs the real `dsynapse-node` binary on free loopback ports.
//!
//! - [`Node::dev`] starts `--dev --tmp`; [`Node::spawn`] takes any arguments;
//! - [`Node::rpc`] calls JSON-RPC over HTTP; [`Node::wait_for`] polls until a condition holds;
//! - nodes log to a file kept in a temporary folder; [`Node::log_tail`] shows it on failure;
//! - dropping a [`Node`] kills its process; [`Node::stop`] stops it gracefully (SIGTERM).
//!
//! [`chain`] holds the subxt side: the chain's types and helpers to submit and verify.
//!
//! The binary is `$DSYNAPSE_NODE` if set, else `dsynapse-node` next to the test executable's
//! `deps/` folder (the same cargo profile): build it first with `cargo build --release`.

// Test code: a failed expectation is a failed test, so panicking on one is the point.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

pub mod chain;
pub mod ethereum;

use serde_json::{json, Value};
use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// The node binary under test.
pub fn node_binary() -> PathBuf {
	if let Ok(p) = std::env::var("DSYNAPSE_NODE") {
		return PathBuf::from(p);
	}
	let exe = std::env::current_exe().expect("the test knows its own path");
	// target/<profile>/deps/<test> -> target/<profile>/dsynapse-node
	let profile_dir = exe.parent().and_then(Path::parent).expect("test binary lives in deps/");
	let bin = profile_dir.join("dsynapse-node");
	assert!(
		bin.exists(),
		"{} not found: run `cargo build --release --workspace` first or set DSYNAPSE_NODE",
		bin.display()
	);
	bin
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("the OS hands out a free port")
}

/// A running node.
pub struct Node {
	child: Option<Child>,
	/// Its name in logs.
	pub name: String,
	/// JSON-RPC (HTTP and WebSocket) port.
	pub rpc_port: u16,
	/// libp2p port.
	pub p2p_port: u16,
	/// Prometheus port.
	pub prometheus_port: u16,
	/// The arguments it was started with (without the ports), to restart it.
	args: Vec<String>,
	log: PathBuf,
	_log_dir: tempfile::TempDir,
}

impl Node {
	/// `dsynapse-node --dev --tmp` on free ports.
	pub fn dev(name: &str) -> Node {
		Self::spawn(name, &["--dev", "--tmp"])
	}

	/// A single-validator `dev-fast` chain (the `fast-runtime` build: 10-block epochs,
	/// 2-session eras) with Alice authoring, in a temporary database.
	pub fn dev_fast(name: &str) -> Node {
		Self::spawn(
			name,
			&[
				"--chain",
				"dev-fast",
				"--alice",
				"--validator",
				"--force-authoring",
				"--tmp",
				// A validator outside `--dev` needs a network key; a throwaway one is fine here.
				"--unsafe-force-node-key-generation",
			],
		)
	}

	/// Starts the node with `args` plus free RPC, p2p and Prometheus ports on 127.0.0.1.
	pub fn spawn(name: &str, args: &[&str]) -> Node {
		let log_dir = tempfile::tempdir().expect("temp dir");
		let mut node = Node {
			child: None,
			name: name.into(),
			rpc_port: free_port(),
			p2p_port: free_port(),
			prometheus_port: free_port(),
			args: args.iter().map(|s| s.to_string()).collect(),
			log: log_dir.path().join(format!("{name}.log")),
			_log_dir: log_dir,
		};
		node.start();
		node
	}

	fn start(&mut self) {
		let log = std::fs::OpenOptions::new()
			.create(true)
			.append(true)
			.open(&self.log)
			.expect("log file");
		let child = Command::new(node_binary())
			.args(&self.args)
			.args([
				"--rpc-port",
				&self.rpc_port.to_string(),
				"--prometheus-port",
				&self.prometheus_port.to_string(),
				"--listen-addr",
				&format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port),
				"--no-telemetry",
				"--no-mdns",
				"--name",
				&self.name,
			])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the node binary starts");
		self.child = Some(child);
		// About 26 CPU-seconds of genesis building through the wasm runtime come first: with the
		// other suites' nodes starting beside it on 2 cores, that can take minutes.
		self.wait_for("RPC to answer", Duration::from_secs(240), |n| {
			n.rpc("system_health", json!([])).ok()
		});
	}

	/// Stops the node gracefully (SIGTERM, then SIGKILL after 30 s).
	pub fn stop(&mut self) {
		if let Some(child) = self.child.take() {
			terminate(child);
		}
	}

	/// Starts a stopped node again with the same arguments and ports.
	pub fn restart(&mut self) {
		assert!(self.child.is_none(), "stop the node before restarting it");
		self.start();
	}

	/// The `ws://` URL of its RPC server.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// Calls a JSON-RPC method over HTTP; `Err` holds the JSON-RPC or transport error.
	pub fn rpc(&self, method: &str, params: Value) -> Result<Value, String> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let mut response = ureq::post(&format!("http://127.0.0.1:{}", self.rpc_port))
			.send_json(&body)
			.map_err(|e| e.to_string())?;
		let reply: Value = response.body_mut().read_json().map_err(|e| e.to_string())?;
		match (reply.get("result"), reply.get("error")) {
			(Some(r), _) => Ok(r.clone()),
			(_, Some(e)) => Err(e.to_string()),
			_ => Err(format!("malformed reply {reply}")),
		}
	}

	/// The number of the best block.
	pub fn best_number(&self) -> u64 {
		let header = self.rpc("chain_getHeader", json!([])).expect("best header");
		parse_number(&header["number"])
	}

	/// The number of the last finalized block.
	pub fn finalized_number(&self) -> u64 {
		let hash = self.rpc("chain_getFinalizedHead", json!([])).expect("finalized head");
		let header = self.rpc("chain_getHeader", json!([hash])).expect("finalized header");
		parse_number(&header["number"])
	}

	/// The hash of block `n` in this node's database, if it has it.
	pub fn block_hash(&self, n: u64) -> Option<String> {
		self.rpc("chain_getBlockHash", json!([n])).ok().and_then(|v| v.as_str().map(String::from))
	}

	/// The header of block `hash`.
	pub fn header(&self, hash: &str) -> Value {
		self.rpc("chain_getHeader", json!([hash])).expect("header")
	}

	/// The Prometheus metrics text.
	pub fn metrics(&self) -> String {
		ureq::get(&format!("http://127.0.0.1:{}/metrics", self.prometheus_port))
			.call()
			.and_then(|mut r| r.body_mut().read_to_string())
			.unwrap_or_default()
	}

	/// Polls `f` every 250 ms until it returns `Some`, or panics after `timeout` with the log.
	pub fn wait_for<T>(&self, what: &str, timeout: Duration, f: impl Fn(&Node) -> Option<T>) -> T {
		let deadline = Instant::now() + timeout;
		loop {
			if let Some(v) = f(self) {
				return v;
			}
			if Instant::now() > deadline {
				panic!(
					"{}: timed out waiting for {what}\n--- log tail ---\n{}",
					self.name,
					self.log_tail()
				);
			}
			std::thread::sleep(Duration::from_millis(250));
		}
	}

	/// The last 60 lines of the node's log.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(60)..].join("\n")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// SIGTERM, then up to 30 s to exit before SIGKILL.
pub fn terminate(mut child: Child) {
	let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
	let deadline = Instant::now() + Duration::from_secs(30);
	while Instant::now() < deadline {
		if let Ok(Some(_)) = child.try_wait() {
			return;
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	let _ = child.kill();
	let _ = child.wait();
}

/// Polls `f` every 100 ms until it returns `Some`; panics with `logs()` after `timeout`.
pub async fn until<T, F, Fut>(
	what: &str,
	timeout: Duration,
	logs: impl Fn() -> String,
	mut f: F,
) -> T
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Option<T>>,
{
	let deadline = Instant::now() + timeout;
	loop {
		if let Some(v) = f().await {
			return v;
		}
		assert!(Instant::now() < deadline, "timed out waiting for {what}\n{}", logs());
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

/// Parses a JSON-RPC block number (`"0x1a"`).
pub fn parse_number(v: &Value) -> u64 {
	v.as_str()
		.and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
		.unwrap_or_else(|| panic!("not a hex number: {v}"))
}

/// The BABE authority index that authored a block, read from its header's pre-runtime digest.
///
/// A digest log is SCALE: `0x06` (PreRuntime), the engine id `BABE`, a compact length, then the
/// `PreDigest`: one variant byte (1 primary, 2 secondary plain, 3 secondary VRF) and the
/// authority index as a little-endian `u32`.
pub fn babe_author_index(header: &Value) -> Option<u32> {
	header["digest"]["logs"].as_array()?.iter().find_map(|log| {
		let bytes = hex::decode(log.as_str()?.trim_start_matches("0x")).ok()?;
		if bytes.first() != Some(&6) || bytes.get(1..5) != Some(b"BABE".as_slice()) {
			return None;
		}
		// Skip the compact length prefix (1, 2 or 4 bytes, by its two low bits).
		let len_prefix = match bytes.get(5)? & 0b11 {
			0 => 1,
			1 => 2,
			2 => 4,
			_ => return None,
		};
		let start = 5 + len_prefix + 1; // + variant byte
		let index = bytes.get(start..start + 4)?;
		Some(u32::from_le_bytes(index.try_into().ok()?))
	})
}

/// The peer id of a libp2p ed25519 node key (hex), asked from the node binary itself.
pub fn peer_id_of(node_key_hex: &str) -> String {
	let dir = tempfile::tempdir().expect("temp dir");
	let file = dir.path().join("node-key");
	std::fs::write(&file, node_key_hex).expect("write key");
	let out = Command::new(node_binary())
		.args(["key", "inspect-node-key", "--file"])
		.arg(&file)
		.output()
		.expect("key inspect-node-key runs");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	String::from_utf8(out.stdout).expect("utf8").trim().to_string()
}
