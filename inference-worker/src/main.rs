//! `dsynapse-worker`: see the crate docs (`lib.rs`) and docs/worker.md.

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
	let cli = dsynapse_worker::cli::Cli::parse();
	// The verifier reports its progress at `info`; the one-shot commands only warn.
	let default = match cli.command {
		dsynapse_worker::cli::Command::Verify(_) => "info",
		_ => "warn",
	};
	let filter = tracing_subscriber::EnvFilter::try_from_env("DSYNAPSE_LOG")
		.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
	let logs = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter);
	if cli.log_format == dsynapse_worker::cli::LogFormat::Json {
		logs.json().init();
	} else {
		logs.init();
	}
	match dsynapse_worker::cli::run(cli) {
		Ok(code) => code,
		Err(e) => {
			eprintln!("error: {e:#}");
			ExitCode::FAILURE
		},
	}
}
