//! # dsynapse-sim
//!
//! Previews the chain's tokenomics: runs the runtime's own math crate
//! (`dsynapse-tokenomics-math`) for a scenario — parameters, assets, their verification and
//! their ratings per epoch — and writes what the chain would do: a CSV with one line per epoch
//! and PNG plots of the supply S, the emission I against the burn B, and each asset's
//! endorsement R_j. It also says whether the whitepaper's "ultrasound" condition (B > I) holds
//! at the end, and from which epoch.
//!
//! A governance proposal to change a parameter can be previewed by running the same scenario
//! with the old and the new value.
//!
//! `dsynapse-sim --attacks` plays the adversary strategies of [`adversary`] against the same
//! math with the scenario's parameters and prints the attacker's net DSY per strategy; it exits
//! with an error when any strategy pays.

pub mod adversary;
pub mod font;
pub mod plot;
pub mod run;
pub mod scenario;

use std::path::Path;

/// The scenario used when none is given.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/default.toml");

/// Writes `sim.csv`, `supply.png`, `flows.png` and `endorsement.png` into `dir`.
pub fn write_outputs(
	dir: &Path,
	scenario: &scenario::Scenario,
	outcome: &run::Outcome,
) -> std::io::Result<()> {
	use plot::{chart, Series, YAxis};
	const SIZE: (usize, usize) = (900, 500);
	std::fs::create_dir_all(dir)?;
	std::fs::write(dir.join("sim.csv"), run::csv(scenario, outcome))?;
	let rows = &outcome.rows;
	let points = |f: &dyn Fn(&run::Row) -> f64| -> Vec<(f64, f64)> {
		rows.iter().map(|r| (f64::from(r.epoch), f(r))).collect()
	};
	chart(
		"Supply S (DSY)",
		"epoch",
		&[Series { name: "S", points: points(&|r| r.supply) }],
		YAxis::Fit,
		SIZE,
	)
	.save(&dir.join("supply.png"))?;
	chart(
		"Emission I and burn B per epoch (DSY)",
		"epoch",
		&[
			Series { name: "I", points: points(&|r| r.emission) },
			Series { name: "B", points: points(&|r| r.burned) },
		],
		YAxis::FromZero,
		SIZE,
	)
	.save(&dir.join("flows.png"))?;
	let series: Vec<_> = scenario
		.assets
		.iter()
		.enumerate()
		.map(|(k, a)| Series {
			name: &a.name,
			points: points(&|r| r.endorsement.get(k).copied().unwrap_or_default()),
		})
		.collect();
	chart("Endorsement R_j (DSY)", "epoch", &series, YAxis::FromZero, SIZE)
		.save(&dir.join("endorsement.png"))
}
