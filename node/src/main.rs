//! `dsynapse-node`: the dsynapse validator and full node.
//!
//! - [`cli`]: the command line (`--dev`, `--chain`, `--validator`, and the sc-cli subcommands);
//! - [`command`]: what each subcommand does;
//! - [`chain_spec`]: the `dev`, `local` and `testnet` chain specifications;
//! - [`service`]: the node itself: database, BABE, GRANDPA, networking, off-chain workers;
//! - [`rpc`]: the JSON-RPC methods beyond the standard ones.

// `sc_cli::Error` and `sc_service::Error` are large by the upstream API this node implements.
#![allow(clippy::result_large_err)]

mod ceremony;
mod chain_spec;
mod cli;
mod command;
mod peer_watch;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
