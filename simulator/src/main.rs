//! `dsynapse-sim`: see the library docs.

use clap::Parser;
use dsynapse_sim::{adversary, run, scenario::Scenario, write_outputs, DEFAULT_SCENARIO};
use std::{path::PathBuf, process::ExitCode};

/// Runs the dsynapse tokenomics for a scenario; writes a CSV and PNG plots.
#[derive(Parser, Debug)]
#[command(name = "dsynapse-sim", version)]
struct Args {
	/// Scenario TOML file (see simulator/scenarios/default.toml); the built-in default if omitted.
	#[arg(long)]
	scenario: Option<PathBuf>,
	/// Print the adversary table (each attack strategy's net DSY with these parameters) instead
	/// of running the scenario; exits with an error if any strategy's net is positive.
	#[arg(long)]
	attacks: bool,
	/// Output folder for sim.csv and the plots.
	#[arg(long, default_value = "sim-out")]
	out: PathBuf,
	/// Epochs to run (overrides the scenario).
	#[arg(long)]
	epochs: Option<u32>,
	/// β: DSY burned per rating action.
	#[arg(long)]
	beta: Option<f64>,
	/// η: endorsement per DSY burned.
	#[arg(long)]
	eta: Option<f64>,
	/// δ: decay of R_j per epoch, in (0, 1).
	#[arg(long)]
	delta: Option<f64>,
	/// γ: DSY per epoch per DSY of V·R.
	#[arg(long)]
	gamma: Option<f64>,
	/// Base budget: DSY per epoch shared by the endorsed assets in proportion to V·R.
	#[arg(long)]
	base_budget: Option<f64>,
	/// κ: the most base reward per epoch per DSY of V·R.
	#[arg(long)]
	base_rate: Option<f64>,
	/// The most contributions one epoch may mint, as a fraction of the supply (≤ 0.01).
	#[arg(long)]
	epoch_cap: Option<f64>,
	/// I_tail: DSY per epoch for validators.
	#[arg(long)]
	tail: Option<f64>,
	/// The DAO vault's share of the mint, in [0, 0.5].
	#[arg(long)]
	vault_ratio: Option<f64>,
}

fn main() -> ExitCode {
	let args = Args::parse();
	let text = match &args.scenario {
		Some(path) => match std::fs::read_to_string(path) {
			Ok(t) => t,
			Err(e) => {
				eprintln!("error: cannot read {}: {e}", path.display());
				return ExitCode::FAILURE;
			},
		},
		None => DEFAULT_SCENARIO.to_string(),
	};
	let mut scenario: Scenario = match toml::from_str(&text) {
		Ok(s) => s,
		Err(e) => {
			eprintln!("error: the scenario is not valid: {e}");
			return ExitCode::FAILURE;
		},
	};
	if let Some(n) = args.epochs {
		scenario.epochs = n;
	}
	let p = &mut scenario.params;
	for (field, value) in [
		(&mut p.beta, args.beta),
		(&mut p.eta, args.eta),
		(&mut p.delta, args.delta),
		(&mut p.gamma, args.gamma),
		(&mut p.base_budget, args.base_budget),
		(&mut p.base_rate, args.base_rate),
		(&mut p.epoch_cap, args.epoch_cap),
		(&mut p.tail, args.tail),
		(&mut p.vault_ratio, args.vault_ratio),
	] {
		if value.is_some() {
			*field = value;
		}
	}
	let params = match scenario.params.to_params().and_then(|p| scenario.check_assets().map(|_| p))
	{
		Ok(p) => p,
		Err(e) => {
			eprintln!("error: {e}");
			return ExitCode::FAILURE;
		},
	};
	if args.attacks {
		let attacks = adversary::all(params, &adversary::Verification::default());
		print!("{}", adversary::table(&attacks));
		println!(
			"payback bound: a rating's burn earns back at most {:.1}%",
			params.payback() * 100.0
		);
		let paying: Vec<_> = attacks.iter().filter(|a| a.net_per_year > 0.0).collect();
		if paying.is_empty() {
			println!("every strategy's net is ≤ 0");
			return ExitCode::SUCCESS;
		}
		for a in paying {
			eprintln!("error: {} pays {:.6} DSY a year", a.name, a.net_per_year);
		}
		return ExitCode::FAILURE;
	}
	let outcome = run::simulate(&scenario, params);
	if let Err(e) = write_outputs(&args.out, &scenario, &outcome) {
		eprintln!("error: cannot write to {}: {e}", args.out.display());
		return ExitCode::FAILURE;
	}
	let total = |f: fn(&run::Row) -> f64| outcome.rows.iter().map(f).sum::<f64>();
	let last = outcome.rows.last();
	println!("epochs:            {}", outcome.rows.len());
	println!(
		"supply:            {:.3} → {:.3} DSY",
		scenario.initial_supply,
		last.map_or(scenario.initial_supply, |r| r.supply)
	);
	println!(
		"emitted (I):       {:.3} DSY (vault {:.3})",
		total(|r| r.emission),
		total(|r| r.vault)
	);
	println!("burned (B):        {:.3} DSY", total(|r| r.burned));
	match outcome.ultrasound_from {
		Some(e) => println!("ultrasound:        yes, B > I in every epoch from epoch {e}"),
		None => println!("ultrasound:        no, B ≤ I in the last epoch"),
	}
	if outcome.unaffordable > 0 {
		println!(
			"note:              {} ratings skipped: the supply could not pay for them",
			outcome.unaffordable
		);
	}
	println!(
		"wrote:             {}/{{sim.csv,supply.png,flows.png,endorsement.png}}",
		args.out.display()
	);
	ExitCode::SUCCESS
}
