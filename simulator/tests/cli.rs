//! The simulator against the math it wraps, and its command line.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_sim::{run, scenario::Scenario, DEFAULT_SCENARIO};
use std::process::Command;

fn default() -> Scenario {
	toml::from_str(DEFAULT_SCENARIO).unwrap()
}

#[test]
fn the_default_scenario_becomes_ultrasound() {
	let s = default();
	let outcome = run::simulate(&s, s.params.to_params().unwrap());
	assert_eq!(outcome.rows.len(), s.epochs as usize);
	let from = outcome.ultrasound_from.expect("growing ratings outburn the emission");
	assert!(outcome.rows[from as usize..].iter().all(|r| r.burned > r.emission));
	assert!(!outcome.rows[from as usize - 1].ultrasound());
	// dS = I − B every epoch.
	for w in outcome.rows.windows(2) {
		let ds = w[1].supply - w[0].supply;
		assert!((ds - (w[1].emission - w[1].burned)).abs() < 1e-6, "epoch {}", w[1].epoch);
	}
}

#[test]
fn no_ratings_means_inflation_only() {
	let mut s = default();
	for a in &mut s.assets {
		a.actions_per_epoch = 0.0;
	}
	s.epochs = 100;
	let outcome = run::simulate(&s, s.params.to_params().unwrap());
	assert_eq!(outcome.ultrasound_from, None);
	assert!(outcome.rows.iter().all(|r| r.burned == 0.0));
	// Only the tail, 50 DSY: verified assets nobody rates earn nothing.
	assert!(outcome.rows.iter().all(|r| (r.emission - 50.0).abs() < 1e-9));
}

#[test]
fn the_cli_writes_csv_and_plots_and_refuses_bad_parameters() {
	let dir = tempfile::tempdir().unwrap();
	let bin = env!("CARGO_BIN_EXE_dsynapse-sim");
	let out = Command::new(bin)
		.args(["--epochs", "50", "--gamma", "0.02", "--out"])
		.arg(dir.path())
		.output()
		.unwrap();
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let stdout = String::from_utf8_lossy(&out.stdout);
	assert!(stdout.contains("ultrasound:"), "{stdout}");
	let csv = std::fs::read_to_string(dir.path().join("sim.csv")).unwrap();
	assert_eq!(csv.lines().count(), 51);
	assert!(csv.starts_with("epoch,supply,emission,burned"));
	for png in ["supply.png", "flows.png", "endorsement.png"] {
		let bytes = std::fs::read(dir.path().join(png)).unwrap();
		assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{png}");
	}
	let bad = Command::new(bin).args(["--delta", "1.5", "--out"]).arg(dir.path()).output().unwrap();
	assert!(!bad.status.success());
	assert!(String::from_utf8_lossy(&bad.stderr).contains("delta"));
	let bad =
		Command::new(bin).args(["--vault-ratio", "0.9", "--out"]).arg(dir.path()).output().unwrap();
	assert!(String::from_utf8_lossy(&bad.stderr).contains("VaultRatio"));
	// The money pump of the review: γ = 0.06 with δ = 5% would return 1.16× a self-rating.
	let pump =
		Command::new(bin).args(["--gamma", "0.06", "--out"]).arg(dir.path()).output().unwrap();
	assert!(!pump.status.success());
	assert!(String::from_utf8_lossy(&pump.stderr).contains("Payback"));
}
