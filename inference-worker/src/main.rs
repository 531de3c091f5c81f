//! `dsynapse-worker`: see the crate docs (`lib.rs`) and docs/worker.md.

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
	tracing_subscriber::fmt()
		.with_writer(std::io::stderr)
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_env("DSYNAPSE_LOG")
				.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
		)
		.init();
	let cli = dsynapse_worker::cli::Cli::parse();
	match dsynapse_worker::cli::run(cli) {
		Ok(code) => code,
		Err(e) => {
			eprintln!("error: {e:#}");
			ExitCode::FAILURE
		},
	}
}
