//! Runs a scenario through the chain's math, epoch by epoch.

use crate::scenario::{planck, Scenario};
use dsynapse_tokenomics_math::{
	fixed::{to_f64, PLANCK_PER_TOKEN},
	Economy, Params,
};
use sp_arithmetic::Perbill;

/// One epoch of the simulation, in DSY.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
	/// The epoch.
	pub epoch: u32,
	/// Total supply S at the epoch's end.
	pub supply: f64,
	/// I: everything the epoch emitted.
	pub emission: f64,
	/// B: everything burned by ratings.
	pub burned: f64,
	/// Of I: to the DAO vault.
	pub vault: f64,
	/// Of I: to the rewards pot (IP owners and verifiers).
	pub rewards: f64,
	/// Of I: to validators and nominators.
	pub validators: f64,
	/// A = Σ V_k.
	pub score_sum: f64,
	/// G = Σ V_k·R_k (before the epoch's decay).
	pub weighted_endorsement: f64,
	/// Each asset's R_j at the epoch's end.
	pub endorsement: Vec<f64>,
}

impl Row {
	/// B > I.
	pub fn ultrasound(&self) -> bool {
		self.burned > self.emission
	}
}

/// The whole run.
#[derive(Clone, Debug)]
pub struct Outcome {
	/// One row per epoch.
	pub rows: Vec<Row>,
	/// The epoch from which B > I holds in every epoch up to the end, if it does at the end.
	pub ultrasound_from: Option<u32>,
	/// Ratings that were skipped because the supply could not pay for them.
	pub unaffordable: u32,
}

fn dsy(planck: u128) -> f64 {
	planck as f64 / PLANCK_PER_TOKEN as f64
}

/// Runs `scenario` with `params` (already checked).
pub fn simulate(scenario: &Scenario, params: Params) -> Outcome {
	let supply = planck(scenario.initial_supply, "initial_supply").unwrap_or_default();
	let mut economy = Economy::new(params, supply);
	for _ in &scenario.assets {
		economy.add_asset();
	}
	// Fractional actions carry over to the next epoch.
	let mut carry = vec![0f64; scenario.assets.len()];
	let mut rows = Vec::with_capacity(scenario.epochs as usize);
	let mut unaffordable = 0u32;
	for epoch in 0..scenario.epochs {
		for (k, asset) in scenario.assets.iter().enumerate() {
			if epoch == asset.verified_from {
				economy.set_score(k, Perbill::from_parts((asset.score * 1e9).round() as u32));
			}
			let wanted = asset.actions_per_epoch * (1.0 + asset.growth).powi(epoch as i32);
			let Some(slot) = carry.get_mut(k) else { continue };
			*slot += wanted;
			let actions = slot.floor().min(u32::MAX as f64);
			*slot -= actions;
			let actions = actions as u32;
			if actions == 0 {
				continue;
			}
			let cost = params.beta.saturating_mul(u128::from(actions));
			if cost > economy.supply {
				unaffordable = unaffordable.saturating_add(1);
				continue;
			}
			let _ = economy.rate(k, asset.stars, actions);
		}
		let report = economy.close_epoch();
		rows.push(Row {
			epoch,
			supply: dsy(report.supply_end),
			emission: dsy(report.mint.total()),
			burned: dsy(report.burned),
			vault: dsy(report.mint.vault),
			rewards: dsy(report.mint.rewards_pot),
			validators: dsy(report.mint.validators),
			score_sum: report.score_sum as f64 / 1e9,
			weighted_endorsement: to_f64(report.weighted_endorsement),
			endorsement: (0..scenario.assets.len())
				.map(|k| to_f64(economy.endorsement(k)))
				.collect(),
		});
	}
	let ultrasound_from = match rows.iter().rposition(|r| !r.ultrasound()) {
		None if !rows.is_empty() => Some(0),
		None => None,
		Some(last) if last.saturating_add(1) < rows.len() => {
			Some(u32::try_from(last).unwrap_or(u32::MAX).saturating_add(1))
		},
		Some(_) => None,
	};
	Outcome { rows, ultrasound_from, unaffordable }
}

/// The CSV of a run: one header line, one line per epoch.
pub fn csv(scenario: &Scenario, outcome: &Outcome) -> String {
	let mut out = String::from(
		"epoch,supply,emission,burned,vault,rewards,validators,score_sum,weighted_endorsement,ultrasound",
	);
	for a in &scenario.assets {
		out.push_str(&format!(",R_{}", a.name.replace(',', "_")));
	}
	out.push('\n');
	for r in &outcome.rows {
		out.push_str(&format!(
			"{},{},{},{},{},{},{},{},{},{}",
			r.epoch,
			r.supply,
			r.emission,
			r.burned,
			r.vault,
			r.rewards,
			r.validators,
			r.score_sum,
			r.weighted_endorsement,
			r.ultrasound()
		));
		for x in &r.endorsement {
			out.push_str(&format!(",{x}"));
		}
		out.push('\n');
	}
	out
}
