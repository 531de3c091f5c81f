//! The `dsynapse-worker` command line. `main.rs` parses [`Cli`] and calls [`run`].

mod dataset;
mod ipfs;
mod model;
mod progress;
mod register;
mod verify;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// The dsynapse off-chain worker.
#[derive(Parser, Debug)]
#[command(name = "dsynapse-worker", version, about)]
pub struct Cli {
	/// The worker's IPFS repository (blocks, pins). Kept across restarts.
	#[arg(long, global = true, env = "DSYNAPSE_WORKER_REPO", default_value_os_t = default_repo())]
	pub repo: PathBuf,
	/// No progress bars, only results.
	#[arg(long, short, global = true)]
	pub quiet: bool,
	/// Log format on stderr: text or json (filter with DSYNAPSE_LOG, e.g. `info`, `debug`).
	#[arg(long, global = true, default_value = "text")]
	pub log_format: LogFormat,
	/// What to do.
	#[command(subcommand)]
	pub command: Command,
}

/// Top-level commands.
#[derive(Subcommand, Debug)]
pub enum Command {
	/// IPFS content: add, fetch, pin, serve, CAR files.
	#[command(subcommand)]
	Ipfs(ipfs::IpfsCommand),
	/// Verify assets as a staked verifier: follow the chain, answer rounds, commit and reveal.
	Verify(verify::VerifyArgs),
	/// Run models outside rounds: seeded test models, fingerprints, speed.
	#[command(subcommand)]
	Model(model::ModelCommand),
	/// Prepare a dataset for registration: its manifest and chunk-hash list (IP owners).
	#[command(subcommand)]
	Dataset(dataset::DatasetCommand),
	/// Register an asset added to the local repository (IP owners).
	Register(register::RegisterArgs),
	/// Show an asset's status and attesters.
	Asset(register::AssetArgs),
}

/// Log output format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
	/// Human-readable lines.
	Text,
	/// One JSON object per line.
	Json,
}

fn default_repo() -> PathBuf {
	std::env::var_os("HOME")
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from("."))
		.join(".dsynapse-worker/ipfs")
}

/// Runs a parsed command line. The error, if any, is for the user: `main` prints it.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
	match cli.command {
		Command::Ipfs(command) => ipfs::run(&cli.repo, cli.quiet, command),
		Command::Verify(args) => verify::run(cli.repo, args),
		Command::Model(command) => model::run(command),
		Command::Dataset(command) => dataset::run(&cli.repo, cli.quiet, command),
		Command::Register(args) => register::run(&cli.repo, args),
		Command::Asset(args) => register::status(args),
	}
}
