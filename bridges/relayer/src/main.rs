//! `dsynapse-relayer`: see the library's docs and docs/bridge.md.

use alloy::{primitives::Address, signers::local::PrivateKeySigner};
use anyhow::{anyhow, Context, Result};
use clap::{Args, Parser, Subcommand};
use dsynapse_relayer::{chain::Chain, checkpoint::Checkpoint, eth::Ethereum, relay::Relayer};
use std::{path::PathBuf, time::Duration};

/// Carries the dsynapse chain's bridge messages to Ethereum (DSY locked → wDSY minted).
#[derive(Parser)]
#[command(name = "dsynapse-relayer", version)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Relay until stopped (SIGINT/SIGTERM): validator-set handovers, commitments, mints.
	Run(RunArgs),
	/// Print the checkpoint the contracts are deployed with (`NAME=value` lines for
	/// `bridges/ethereum/script/Deploy.s.sol`).
	Checkpoint {
		/// The dsynapse node's WebSocket RPC.
		#[arg(long, env = "DSYNAPSE_RELAYER_CHAIN_URL", default_value = "ws://127.0.0.1:9944")]
		chain_url: String,
	},
	/// Print both sides' view of the bridge: the chain's next nonce, the light client's sets and
	/// latest block, the gateway's minted total.
	Status {
		#[command(flatten)]
		conn: Connection,
	},
}

#[derive(Args)]
struct Connection {
	/// The dsynapse node's WebSocket RPC.
	#[arg(long, env = "DSYNAPSE_RELAYER_CHAIN_URL", default_value = "ws://127.0.0.1:9944")]
	chain_url: String,
	/// The Ethereum node's HTTP JSON-RPC.
	#[arg(long, env = "DSYNAPSE_RELAYER_ETH_URL", default_value = "http://127.0.0.1:8545")]
	eth_url: String,
	/// The gateway contract (the light client is read from it).
	#[arg(long, env = "DSYNAPSE_RELAYER_GATEWAY")]
	gateway: Address,
}

#[derive(Args)]
struct RunArgs {
	#[command(flatten)]
	conn: Connection,
	/// A file holding the hex private key of the Ethereum account that pays the gas (the key
	/// can also be given in the environment variable DSYNAPSE_RELAYER_ETH_KEY).
	#[arg(long)]
	eth_key_file: Option<PathBuf>,
	/// The progress file (created if missing; one per deployment).
	#[arg(long, default_value = "dsynapse-relayer.json")]
	state: PathBuf,
	/// Milliseconds between rounds.
	#[arg(long, default_value_t = 6000)]
	poll_ms: u64,
}

fn eth_key(file: Option<&PathBuf>) -> Result<PrivateKeySigner> {
	let text = match file {
		Some(f) => {
			std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?
		},
		None => std::env::var("DSYNAPSE_RELAYER_ETH_KEY").map_err(|_| {
			anyhow!("no Ethereum key: give --eth-key-file or DSYNAPSE_RELAYER_ETH_KEY")
		})?,
	};
	text.trim().parse().map_err(|_| anyhow!("the Ethereum key is not a 32-byte hex private key"))
}

#[tokio::main]
async fn main() -> Result<()> {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env()
				.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
		)
		.with_writer(std::io::stderr)
		.init();
	match Cli::parse().command {
		Command::Run(args) => {
			let key = eth_key(args.eth_key_file.as_ref())?;
			let chain = Chain::connect(&args.conn.chain_url).await?;
			let eth = Ethereum::connect(&args.conn.eth_url, args.conn.gateway, key).await?;
			let mut relayer = Relayer::new(chain, eth, &args.state).await?;
			relayer.run(Duration::from_millis(args.poll_ms)).await
		},
		Command::Checkpoint { chain_url } => {
			let chain = Chain::connect(&chain_url).await?;
			for (name, value) in Checkpoint::read(&chain).await?.env() {
				println!("{name}={value}");
			}
			Ok(())
		},
		Command::Status { conn } => {
			let chain = Chain::connect(&conn.chain_url).await?;
			// Reading needs no key: a throwaway one signs nothing.
			let eth =
				Ethereum::connect(&conn.eth_url, conn.gateway, PrivateKeySigner::random()).await?;
			let lc = eth.light_client().await?;
			let (_, beefy) = chain.beefy_finalized_head().await?;
			println!(
				"chain: next nonce {}, BEEFY finalized block {beefy}",
				chain.next_nonce().await?
			);
			println!(
				"light client {}: current set {} ({} members), next set {}, latest block {}",
				eth.client, lc.current.id, lc.current.len, lc.next.id, lc.latest_block
			);
			println!("gateway {}: minted {} (planck)", eth.gateway, eth.minted_total().await?);
			Ok(())
		},
	}
}
