//! Command-line arguments.

/// The node's subcommands: the standard Substrate set.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys (e.g. session keys into the keystore).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (deprecated: use `export-chain-spec`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification of `--chain` as JSON (plain, or `--raw`).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// The launch ceremony: build a network's plain and raw chain spec from the operators'
	/// public keys (an allocation file), refusing any key derived from the public phrase.
	LaunchSpec(LaunchSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Runtime benchmarks (`benchmark pallet`): only in a node built with
	/// `--features runtime-benchmarks` (see `scripts/generate-weights.sh`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

/// `dsynapse-node launch-spec`: see [`crate::ceremony`].
#[derive(Debug, clap::Parser)]
pub struct LaunchSpecCmd {
	/// The allocation file (JSON: name, id, validators' public keys, balances, cancellers).
	#[arg(long)]
	pub allocation: std::path::PathBuf,
	/// Where to write `<stem>.json` (plain) and `<stem>-raw.json` (raw).
	#[arg(long)]
	pub out: std::path::PathBuf,
	/// The files' name stem (default: the allocation's chain id).
	#[arg(long)]
	pub stem: Option<String>,
}

/// `dsynapse-node [SUBCOMMAND] [OPTIONS]`.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	/// A subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of a running node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}
