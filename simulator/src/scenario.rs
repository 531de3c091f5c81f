//! The scenario file: parameters in human units (DSY, fractions) and the assets' story.

use dsynapse_tokenomics_math::{fixed::PLANCK_PER_TOKEN, ParamField, Params};
use serde::Deserialize;
use sp_arithmetic::{FixedU128, Perbill};

/// A simulation: how long, from which supply, with which parameters and assets.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
	/// Epochs to run.
	pub epochs: u32,
	/// DSY in circulation at epoch 0.
	pub initial_supply: f64,
	/// The parameters (missing fields take the chain's defaults).
	#[serde(default)]
	pub params: HumanParams,
	/// The assets.
	#[serde(default)]
	pub assets: Vec<AssetScript>,
}

/// [`Params`] in human units. Every field is optional; a missing one keeps the chain's default.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HumanParams {
	/// β, DSY burned per rating action.
	pub beta: Option<f64>,
	/// η.
	pub eta: Option<f64>,
	/// δ, a fraction in (0, 1).
	pub delta: Option<f64>,
	/// γ.
	pub gamma: Option<f64>,
	/// The base budget, DSY per epoch shared by the endorsed assets.
	pub base_budget: Option<f64>,
	/// κ, the most base reward per epoch per DSY of V·R.
	pub base_rate: Option<f64>,
	/// The most contributions one epoch may mint, a fraction of the supply.
	pub epoch_cap: Option<f64>,
	/// I_tail, DSY per epoch.
	pub tail: Option<f64>,
	/// The DAO vault's share, a fraction.
	pub vault_ratio: Option<f64>,
	/// The IP owner's share, a fraction.
	pub owner_share: Option<f64>,
}

/// One asset's story: verified from an epoch, rated every epoch.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetScript {
	/// A name for the CSV header and the plot legend.
	pub name: String,
	/// V_k once verified, a fraction in [0, 1].
	pub score: f64,
	/// The epoch its verification concludes.
	#[serde(default)]
	pub verified_from: u32,
	/// Rating actions in the first epoch.
	pub actions_per_epoch: f64,
	/// Relative growth of the actions per epoch (0.01 = +1% per epoch).
	#[serde(default)]
	pub growth: f64,
	/// Stars of every rating, 1..=5.
	#[serde(default = "five")]
	pub stars: u8,
}

fn five() -> u8 {
	5
}

/// What is wrong with a scenario.
#[derive(Debug, PartialEq)]
pub enum ScenarioError {
	/// A parameter is outside the chain's bounds.
	Param(ParamField),
	/// A value is not a finite non-negative number (the field is named).
	NotANumber(&'static str),
	/// An asset's score is not in [0, 1] or its stars not in 1..=5 (the asset is named).
	Asset(String),
}

impl core::fmt::Display for ScenarioError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			ScenarioError::Param(field) => {
				write!(
					f,
					"parameter {field:?} is outside the chain's bounds (see docs/tokenomics.md)"
				)
			},
			ScenarioError::NotANumber(field) => {
				write!(f, "{field} must be a finite, non-negative number")
			},
			ScenarioError::Asset(name) => {
				write!(f, "asset {name}: score must be in [0, 1] and stars in 1..=5")
			},
		}
	}
}

fn finite(x: f64, field: &'static str) -> Result<f64, ScenarioError> {
	if x.is_finite() && x >= 0.0 {
		Ok(x)
	} else {
		Err(ScenarioError::NotANumber(field))
	}
}

/// DSY to planck, rounded to the nearest planck.
pub fn planck(dsy: f64, field: &'static str) -> Result<u128, ScenarioError> {
	Ok((finite(dsy, field)? * PLANCK_PER_TOKEN as f64).round() as u128)
}

/// A fraction as parts per billion.
pub fn perbill(x: f64, field: &'static str) -> Result<Perbill, ScenarioError> {
	let x = finite(x, field)?;
	if x > 1.0 {
		return Err(ScenarioError::NotANumber(field));
	}
	Ok(Perbill::from_parts((x * 1e9).round() as u32))
}

fn fixed(x: f64, field: &'static str) -> Result<FixedU128, ScenarioError> {
	Ok(FixedU128::from_inner((finite(x, field)? * 1e18).round() as u128))
}

impl HumanParams {
	/// The chain parameters: the defaults, overridden by what is set; checked against the
	/// chain's bounds.
	pub fn to_params(&self) -> Result<Params, ScenarioError> {
		let mut p = Params::default();
		if let Some(x) = self.beta {
			p.beta = planck(x, "beta")?;
		}
		if let Some(x) = self.eta {
			p.eta = fixed(x, "eta")?;
		}
		if let Some(x) = self.delta {
			p.delta = perbill(x, "delta")?;
		}
		if let Some(x) = self.gamma {
			p.gamma = fixed(x, "gamma")?;
		}
		if let Some(x) = self.base_budget {
			p.base_budget = planck(x, "base_budget")?;
		}
		if let Some(x) = self.base_rate {
			p.base_rate = fixed(x, "base_rate")?;
		}
		if let Some(x) = self.epoch_cap {
			p.epoch_cap = perbill(x, "epoch_cap")?;
		}
		if let Some(x) = self.tail {
			p.tail = planck(x, "tail")?;
		}
		if let Some(x) = self.vault_ratio {
			p.vault_ratio = perbill(x, "vault_ratio")?;
		}
		if let Some(x) = self.owner_share {
			p.owner_share = perbill(x, "owner_share")?;
		}
		p.validate().map_err(ScenarioError::Param)?;
		Ok(p)
	}
}

impl Scenario {
	/// Checks the assets (the parameters are checked by [`HumanParams::to_params`]).
	pub fn check_assets(&self) -> Result<(), ScenarioError> {
		for a in &self.assets {
			let ok = a.score.is_finite()
				&& (0.0..=1.0).contains(&a.score)
				&& (1..=5).contains(&a.stars)
				&& a.actions_per_epoch.is_finite()
				&& a.actions_per_epoch >= 0.0
				&& a.growth.is_finite()
				&& a.growth > -1.0;
			if !ok {
				return Err(ScenarioError::Asset(a.name.clone()));
			}
		}
		finite(self.initial_supply, "initial_supply")?;
		Ok(())
	}
}
