//! `dsynapse-worker verify`: run as a verifier (see [`crate::verifier`]).

use crate::verifier::{self, Options};
use clap::Args;
use std::{net::SocketAddr, path::PathBuf, str::FromStr, time::Duration};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// One DSY in planck.
const DSY: u128 = 1_000_000_000_000;

/// `verify` options.
#[derive(Args, Debug)]
pub struct VerifyArgs {
	/// The node's WebSocket RPC.
	#[arg(long, env = "DSYNAPSE_NODE_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The verifier account's secret URI (`//Bob` on dev chains, a mnemonic, `0x…` seed). Without
	/// it the worker uses (and on first start creates) `<data-dir>/key`.
	#[arg(long, env = "DSYNAPSE_SURI", hide_env_values = true)]
	pub suri: Option<String>,
	/// Stake in DSY: registers with it, or tops the stake up to it.
	#[arg(long)]
	pub stake: Option<u128>,
	/// Where the verifier keeps its key and `state.json` (commitment salts: back it up).
	#[arg(long, env = "DSYNAPSE_VERIFIER_DIR", default_value_os_t = default_data_dir())]
	pub data_dir: PathBuf,
	/// Gateways to fetch assets from (repeatable); every block is checked against its CID.
	#[arg(long = "gateway")]
	pub gateways: Vec<String>,
	/// Serve Prometheus metrics on this address (e.g. 127.0.0.1:9616).
	#[arg(long)]
	pub prometheus: Option<SocketAddr>,
	/// Run models on the first CUDA GPU (build with `--features cuda`).
	#[arg(long)]
	pub gpu: bool,
	/// Milliseconds between polls of the finalized head.
	#[arg(long, default_value_t = 1000)]
	pub poll_ms: u64,
	/// TESTING ONLY (built with the `testing` feature): run this GGUF file instead of every
	/// asset's own weights, as a dishonest verifier would. The chain slashes you for it.
	#[cfg(feature = "testing")]
	#[arg(long, hide = true)]
	pub testing_substitute_weights: Option<PathBuf>,
}

fn default_data_dir() -> PathBuf {
	std::env::var_os("HOME")
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from("."))
		.join(".dsynapse-worker/verifier")
}

/// The signer: `--suri`, else the persisted key (created with 0600 permissions on first start).
fn signer(args: &VerifyArgs) -> anyhow::Result<Keypair> {
	let uri = match &args.suri {
		Some(s) => s.clone(),
		None => {
			std::fs::create_dir_all(&args.data_dir)?;
			let path = args.data_dir.join("key");
			match std::fs::read_to_string(&path) {
				Ok(s) => s.trim().to_string(),
				Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
					let mut seed = [0u8; 32];
					ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut seed)
						.map_err(|_| anyhow::anyhow!("the system random generator failed"))?;
					let text = format!("0x{}", hex::encode(seed));
					write_private(&path, &text)?;
					eprintln!("created a new verifier key in {}", path.display());
					text
				},
				Err(e) => anyhow::bail!("reading {}: {e}", path.display()),
			}
		},
	};
	let uri = SecretUri::from_str(&uri).map_err(|e| anyhow::anyhow!("invalid secret URI: {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("invalid secret URI: {e}"))
}

fn write_private(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
	use std::{io::Write, os::unix::fs::OpenOptionsExt};
	let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
	f.write_all(text.as_bytes())?;
	f.sync_all()?;
	Ok(())
}

/// Runs the verifier.
pub fn run(repo: PathBuf, args: VerifyArgs) -> anyhow::Result<std::process::ExitCode> {
	let signer = signer(&args)?;
	let options = Options {
		url: args.url,
		signer,
		stake: args.stake.map(|s| s.saturating_mul(DSY)),
		data_dir: args.data_dir,
		repo,
		gateways: args.gateways,
		metrics: args.prometheus,
		device: dsynapse_inference::device(args.gpu)?,
		#[cfg(feature = "testing")]
		substitute_weights: args.testing_substitute_weights,
		poll: Duration::from_millis(args.poll_ms.max(100)),
	};
	let runtime = tokio::runtime::Runtime::new()?;
	runtime.block_on(async {
		tokio::select! {
			r = verifier::run(options) => r,
			_ = tokio::signal::ctrl_c() => {
				tracing::info!("interrupted; state.json is up to date");
				Ok(())
			},
		}
	})?;
	Ok(std::process::ExitCode::SUCCESS)
}
