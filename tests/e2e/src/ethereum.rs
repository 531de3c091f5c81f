//! The Ethereum side of the bridge's end-to-end tests: anvil on a free low port, the contracts
//! deployed by the project's own script (`bridges/ethereum/script/Deploy.s.sol`, run by forge
//! with the checkpoint `dsynapse-relayer checkpoint` prints), and `dsynapse-relayer` processes.
//!
//! forge and anvil are the npm binaries `bridges/ethereum` installs (`scripts/setup.sh`).

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// anvil's first funded development accounts' keys (public knowledge; test chains only).
pub const ANVIL_KEYS: [&str; 3] = [
	"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
	"0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
	"0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
];

/// anvil's chain id.
pub const ANVIL_CHAIN_ID: u64 = 31337;

/// The Foundry project.
pub fn project() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bridges/ethereum")
}

fn tool(name: &str) -> PathBuf {
	let bin = project().join(format!("node_modules/@foundry-rs/{name}-linux-amd64/bin/{name}"));
	assert!(
		bin.exists(),
		"{} not found: run scripts/setup.sh (npm ci in bridges/ethereum)",
		bin.display()
	);
	bin
}

/// A free TCP port below 32768 (outside the kernel's ephemeral range, so that no outgoing
/// connection of the other tests' nodes can take it between the check and anvil's bind).
pub fn free_low_port() -> u16 {
	let start = 20_000 + (std::process::id() % 10_000) as u16;
	(0..10_000u16)
		.map(|i| 20_000 + (start - 20_000 + i) % 12_000)
		.find(|p| TcpListener::bind(("127.0.0.1", *p)).is_ok())
		.expect("a free port between 20000 and 32000")
}

/// A process killed when dropped, logging to a file.
pub struct Process {
	child: Option<Child>,
	/// Its log file.
	pub log: PathBuf,
}

impl Process {
	/// Starts `cmd`, its output appended to `log`.
	pub fn spawn(mut cmd: Command, log: PathBuf) -> Process {
		let file =
			std::fs::OpenOptions::new().create(true).append(true).open(&log).expect("log file");
		let child = cmd
			.stdout(file.try_clone().expect("log file"))
			.stderr(file)
			.stdin(Stdio::null())
			.spawn()
			.unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
		Process { child: Some(child), log }
	}

	/// SIGKILL: no chance to clean up, as after a crash or an OOM kill.
	pub fn kill(&mut self) {
		if let Some(mut c) = self.child.take() {
			let _ = c.kill();
			let _ = c.wait();
		}
	}

	/// SIGTERM, up to 30 s to exit, then SIGKILL.
	pub fn stop(&mut self) {
		if let Some(c) = self.child.take() {
			crate::terminate(c);
		}
	}

	/// Whether it is still running.
	pub fn is_running(&mut self) -> bool {
		self.child.as_mut().is_some_and(|c| matches!(c.try_wait(), Ok(None)))
	}

	/// The last `n` lines of its log.
	pub fn log_tail(&self, n: usize) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(n)..].join("\n")
	}
}

impl Drop for Process {
	fn drop(&mut self) {
		self.kill();
	}
}

/// anvil on a free low port, mining each transaction as it arrives.
pub struct Anvil {
	/// The process.
	pub process: Process,
	/// Its HTTP JSON-RPC URL.
	pub url: String,
}

impl Anvil {
	/// Starts anvil and waits until it answers.
	pub fn start(dir: &Path) -> Anvil {
		let port = free_low_port();
		let mut cmd = Command::new(tool("anvil"));
		cmd.args(["--host", "127.0.0.1", "--port", &port.to_string(), "--chain-id"])
			.arg(ANVIL_CHAIN_ID.to_string());
		let process = Process::spawn(cmd, dir.join("anvil.log"));
		let url = format!("http://127.0.0.1:{port}");
		let deadline = Instant::now() + Duration::from_secs(30);
		let body =
			serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []});
		while ureq::post(&url).send_json(&body).is_err() {
			assert!(
				Instant::now() < deadline,
				"anvil did not answer on {url}:\n{}",
				process.log_tail(20)
			);
			std::thread::sleep(Duration::from_millis(100));
		}
		Anvil { process, url }
	}
}

/// The deployed contracts' addresses.
#[derive(Debug, Clone)]
pub struct Deployment {
	/// BeefyLightClient.
	pub light_client: String,
	/// Gateway.
	pub gateway: String,
	/// WrappedDSY.
	pub wdsy: String,
}

/// Runs `Deploy.s.sol` against `rpc` with the checkpoint `env` (`NAME=value` pairs), compiling
/// into `dir` (so a concurrent `forge test` in the project is undisturbed).
pub fn deploy(rpc: &str, env: &[(String, String)], dir: &Path) -> Deployment {
	let output = Command::new(tool("forge"))
		.current_dir(project())
		.args(["script", "script/Deploy.s.sol", "--rpc-url", rpc, "--private-key", ANVIL_KEYS[0]])
		.args(["--broadcast", "--skip", "test", "--out"])
		.arg(dir.join("out"))
		.arg("--cache-path")
		.arg(dir.join("cache"))
		.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
		.output()
		.expect("forge runs");
	let stdout = String::from_utf8_lossy(&output.stdout);
	assert!(
		output.status.success(),
		"forge script failed:\n{stdout}\n{}",
		String::from_utf8_lossy(&output.stderr)
	);
	let line = stdout
		.lines()
		.find_map(|l| l.find("{\"beefyLightClient\"").map(|i| &l[i..]))
		.unwrap_or_else(|| panic!("no addresses in the deploy output:\n{stdout}"));
	let v: serde_json::Value = serde_json::from_str(line.trim()).expect("the deploy line is JSON");
	let get = |k: &str| v[k].as_str().expect("an address").to_string();
	Deployment { light_client: get("beefyLightClient"), gateway: get("gateway"), wdsy: get("wdsy") }
}

/// The relayer binary next to the node binary (same cargo profile).
pub fn relayer_binary() -> PathBuf {
	let bin = crate::node_binary().with_file_name("dsynapse-relayer");
	assert!(
		bin.exists(),
		"{} not found: run `cargo build --release --workspace` first",
		bin.display()
	);
	bin
}

/// `dsynapse-relayer checkpoint` against `chain_ws`: the deploy script's environment.
pub fn checkpoint(chain_ws: &str) -> Vec<(String, String)> {
	let output = Command::new(relayer_binary())
		.args(["checkpoint", "--chain-url", chain_ws])
		.output()
		.expect("the relayer runs");
	assert!(
		output.status.success(),
		"checkpoint failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8_lossy(&output.stdout)
		.lines()
		.filter_map(|l| l.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
		.collect()
}

/// Starts `dsynapse-relayer run` with Ethereum key `key`, progress file `state`, a round every
/// `poll_ms`, logging to `log`.
pub fn relayer(
	chain_ws: &str,
	eth_url: &str,
	gateway: &str,
	key: &str,
	state: &Path,
	poll_ms: u64,
	log: PathBuf,
) -> Process {
	let mut cmd = Command::new(relayer_binary());
	cmd.args(["run", "--chain-url", chain_ws, "--eth-url", eth_url, "--gateway", gateway])
		.arg("--state")
		.arg(state)
		.args(["--poll-ms", &poll_ms.to_string()])
		.env("DSYNAPSE_RELAYER_ETH_KEY", key)
		.env("RUST_LOG", "info,dsynapse_relayer=debug");
	Process::spawn(cmd, log)
}
