//! The governed parameters of the equations and their bounds.
//!
//! | symbol | field | unit | bounds | default |
//! |---|---|---|---|---|
//! | β | `beta` | planck burned per rating action | 10⁻⁶ DSY ..= 1,000 DSY | 1 DSY |
//! | η | `eta` | endorsement per token burned | (0, 10] | 1 |
//! | δ | `delta` | decay of R_j and D_j per epoch | 0.0001% ..= 99.9999% | 5% |
//! | γ | `gamma` | emission per epoch per token of V·R | 0 ..= 1 | 0.01 |
//! | RewardBase | `reward_base` | planck per epoch per unit of V | 0 ..= 10,000 DSY | 1 DSY |
//! | I_tail | `tail` | planck per epoch (validators and nominators) | 0 ..= 1,000,000 DSY | 50 DSY |
//! | vault_ratio | `vault_ratio` | share of every epoch's mint to the DAO vault | 0 ..= 50% | 3% |
//! | owner_share | `owner_share` | the IP owner's share of an asset's reward (verifiers get the rest) | 0 ..= 100% | 70% |
//! | dispute ratio | `dispute_ratio` | D_j above ratio·R_j reopens verification … | 0.01 ..= 100 | 1 |
//! | dispute floor | `dispute_floor` | … once D_j (in planck) is at least this | 0 ..= 10⁹ DSY | 10 DSY |
//!
//! The bounds keep the fixed-point math exact: δ ≥ 10⁻⁶ and γ ≤ 1 keep the index's yield sums
//! below 10⁶ (see [`crate::wide`]), δ < 1 keeps the decay index positive.

use crate::fixed::PLANCK_PER_TOKEN;
use crate::prelude::*;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The parameters of the supply equations.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Params {
	/// β: planck burned per rating action.
	pub beta: u128,
	/// η: endorsement R_j gained per token burned by a 5-star rating.
	pub eta: FixedU128,
	/// δ: the share of R_j and D_j that decays every epoch.
	pub delta: Perbill,
	/// γ: tokens minted per epoch for each token of V_k·R_k.
	pub gamma: FixedU128,
	/// RewardBase: planck minted per epoch for an asset with V_k = 1.
	pub reward_base: u128,
	/// I_tail: planck minted per epoch for validators and nominators.
	pub tail: u128,
	/// The DAO vault's share of every epoch's mint.
	pub vault_ratio: Perbill,
	/// The IP owner's share of an asset's reward; the agreeing verifiers share the rest.
	pub owner_share: Perbill,
	/// A dispute reopens verification when D_j > dispute_ratio·R_j ...
	pub dispute_ratio: FixedU128,
	/// ... and D_j, in planck, is at least this.
	pub dispute_floor: u128,
}

/// Which parameter is out of its bounds.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	frame_support::PalletError,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum ParamField {
	/// β outside 10⁻⁶ ..= 1,000 DSY.
	Beta,
	/// η outside (0, 10].
	Eta,
	/// δ outside 0.0001% ..= 99.9999%.
	Delta,
	/// γ above 1.
	Gamma,
	/// RewardBase above 10,000 DSY.
	RewardBase,
	/// I_tail above 1,000,000 DSY.
	Tail,
	/// vault_ratio above 50%.
	VaultRatio,
	/// dispute_ratio outside 0.01 ..= 100.
	DisputeRatio,
	/// dispute_floor above 10⁹ DSY.
	DisputeFloor,
}

/// The bounds of [`Params`].
pub mod bounds {
	use super::*;

	/// Smallest β: 10⁻⁶ DSY.
	pub const BETA_MIN: u128 = PLANCK_PER_TOKEN / 1_000_000;
	/// Largest β: 1,000 DSY.
	pub const BETA_MAX: u128 = 1_000 * PLANCK_PER_TOKEN;
	/// Largest η.
	pub fn eta_max() -> FixedU128 {
		FixedU128::from_u32(10)
	}
	/// Smallest δ: 0.0001%.
	pub const DELTA_MIN: Perbill = Perbill::from_parts(1_000);
	/// Largest δ: 99.9999%.
	pub const DELTA_MAX: Perbill = Perbill::from_parts(999_999_000);
	/// Largest γ.
	pub fn gamma_max() -> FixedU128 {
		FixedU128::one()
	}
	/// Largest RewardBase: 10,000 DSY per epoch.
	pub const REWARD_BASE_MAX: u128 = 10_000 * PLANCK_PER_TOKEN;
	/// Largest I_tail: 1,000,000 DSY per epoch.
	pub const TAIL_MAX: u128 = 1_000_000 * PLANCK_PER_TOKEN;
	/// Largest vault ratio.
	pub const VAULT_RATIO_MAX: Perbill = Perbill::from_percent(50);
	/// Smallest dispute ratio.
	pub fn dispute_ratio_min() -> FixedU128 {
		FixedU128::from_rational(1, 100)
	}
	/// Largest dispute ratio.
	pub fn dispute_ratio_max() -> FixedU128 {
		FixedU128::from_u32(100)
	}
	/// Largest dispute floor: 10⁹ DSY.
	pub const DISPUTE_FLOOR_MAX: u128 = 1_000_000_000 * PLANCK_PER_TOKEN;
}

impl Default for Params {
	fn default() -> Self {
		Params {
			beta: PLANCK_PER_TOKEN,
			eta: FixedU128::one(),
			delta: Perbill::from_percent(5),
			gamma: FixedU128::from_rational(1, 100),
			reward_base: PLANCK_PER_TOKEN,
			tail: 50 * PLANCK_PER_TOKEN,
			vault_ratio: Perbill::from_percent(3),
			owner_share: Perbill::from_percent(70),
			dispute_ratio: FixedU128::one(),
			dispute_floor: 10 * PLANCK_PER_TOKEN,
		}
	}
}

impl Params {
	/// Checks every bound; the first violated one is reported.
	pub fn validate(&self) -> Result<(), ParamField> {
		use bounds::*;
		let checks = [
			(self.beta >= BETA_MIN && self.beta <= BETA_MAX, ParamField::Beta),
			(!self.eta.is_zero() && self.eta <= eta_max(), ParamField::Eta),
			(self.delta >= DELTA_MIN && self.delta <= DELTA_MAX, ParamField::Delta),
			(self.gamma <= gamma_max(), ParamField::Gamma),
			(self.reward_base <= REWARD_BASE_MAX, ParamField::RewardBase),
			(self.tail <= TAIL_MAX, ParamField::Tail),
			(self.vault_ratio <= VAULT_RATIO_MAX, ParamField::VaultRatio),
			(
				self.dispute_ratio >= dispute_ratio_min()
					&& self.dispute_ratio <= dispute_ratio_max(),
				ParamField::DisputeRatio,
			),
			(self.dispute_floor <= DISPUTE_FLOOR_MAX, ParamField::DisputeFloor),
		];
		checks.iter().find(|(ok, _)| !ok).map_or(Ok(()), |(_, field)| Err(*field))
	}

	/// The parameters at their largest bounds (and δ at its smallest): the worst case for
	/// overflow tests and benchmarks.
	pub fn extreme() -> Self {
		use bounds::*;
		Params {
			beta: BETA_MAX,
			eta: eta_max(),
			delta: DELTA_MIN,
			gamma: gamma_max(),
			reward_base: REWARD_BASE_MAX,
			tail: TAIL_MAX,
			vault_ratio: VAULT_RATIO_MAX,
			owner_share: Perbill::one(),
			dispute_ratio: dispute_ratio_max(),
			dispute_floor: DISPUTE_FLOOR_MAX,
		}
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;

	#[test]
	fn defaults_and_extremes_are_valid() {
		assert_eq!(Params::default().validate(), Ok(()));
		assert_eq!(Params::extreme().validate(), Ok(()));
	}

	#[test]
	fn each_bound_has_its_error() {
		let ok = Params::default();
		let cases: [(Params, ParamField); 10] = [
			(Params { beta: 0, ..ok }, ParamField::Beta),
			(Params { beta: bounds::BETA_MAX + 1, ..ok }, ParamField::Beta),
			(Params { eta: FixedU128::zero(), ..ok }, ParamField::Eta),
			(Params { delta: Perbill::zero(), ..ok }, ParamField::Delta),
			(Params { delta: Perbill::one(), ..ok }, ParamField::Delta),
			(Params { gamma: FixedU128::from_u32(2), ..ok }, ParamField::Gamma),
			(Params { reward_base: bounds::REWARD_BASE_MAX + 1, ..ok }, ParamField::RewardBase),
			(Params { tail: bounds::TAIL_MAX + 1, ..ok }, ParamField::Tail),
			(Params { vault_ratio: Perbill::from_percent(51), ..ok }, ParamField::VaultRatio),
			(Params { dispute_ratio: FixedU128::zero(), ..ok }, ParamField::DisputeRatio),
		];
		for (params, field) in cases {
			assert_eq!(params.validate(), Err(field));
		}
		assert_eq!(
			Params { dispute_floor: bounds::DISPUTE_FLOOR_MAX + 1, ..ok }.validate(),
			Err(ParamField::DisputeFloor)
		);
	}
}
