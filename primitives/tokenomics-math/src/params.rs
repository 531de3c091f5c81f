//! The governed parameters of the equations, their bounds, and the rule that no parameter set
//! may make farming pay.
//!
//! | symbol | field | unit | bounds | default |
//! |---|---|---|---|---|
//! | β | `beta` | planck burned per rating action | 10⁻⁶ DSY ..= 1,000 DSY | 1 DSY |
//! | η | `eta` | endorsement per token burned | (0, 1] | 1 |
//! | δ | `delta` | decay of R_j and D_j per epoch | 0.0001% ..= 99.9999% | 5% |
//! | γ | `gamma` | emission per epoch per token of V·R | 0 ..= 1 | 0.01 |
//! | B_base | `base_budget` | planck per epoch shared by the endorsed assets | 0 ..= 100,000 DSY | 50 DSY |
//! | κ | `base_rate` | most base reward per epoch per token of V·R | 0 ..= 1 | 0.02 |
//! | cap | `epoch_cap` | most contributions minted in one epoch, share of issuance | 0 ..= 1% | 0.005% |
//! | I_tail | `tail` | planck per epoch (validators and nominators) | 0 ..= 1,000,000 DSY | 50 DSY |
//! | vault_ratio | `vault_ratio` | share of every epoch's mint to the DAO vault | 0 ..= 50% | 3% |
//! | owner_share | `owner_share` | the IP owner's share of an asset's reward (verifiers get the rest) | 0 ..= 100% | 70% |
//! | dispute ratio | `dispute_ratio` | D_j above ratio·R_j reopens verification … | 0.01 ..= 100 | 1 |
//! | dispute floor | `dispute_floor` | … once D_j (in planck) is at least this | 0 ..= 10⁹ DSY | 10 DSY |
//!
//! ## The earned-emission rule
//!
//! An asset earns only through its endorsement: each epoch the contributions mint is
//!
//! ```text
//! C(e) = min( γ·G + min(B_base, κ·G),  cap·S(e) )        G = Σ V_k·R_k,  S(e) = issuance at the epoch's start
//! ```
//!
//! shared in proportion to V_k·R_k, i.e. every asset earns the same **rate** r(e) = C(e)/G per
//! token of V·R (see [`crate::aggregate`]). An asset nobody rated earns nothing, however many
//! copies of it are registered.
//!
//! ## No parameter set makes self-rating pay
//!
//! A 5-star rating burning X adds η·X to R, which earns r(e)·(1 − vault)·R(e) in each later
//! epoch while decaying by (1 − δ). Since r(e) ≤ γ + κ, the most a burn can ever return — to the
//! owner, the verifiers and anyone else together — is
//!
//! ```text
//! payback = η · Σ_{i≥0} (γ+κ)(1 − vault)(1 − δ)^i = η·(γ+κ)(1 − vault)/δ.
//! ```
//!
//! [`Params::validate`] refuses any set with η > 1 or (γ+κ)(1 − vault) > [`bounds::MAX_PAYBACK`]·δ,
//! so payback ≤ 90% of the burn. The bound holds across parameter changes too: a burn made under
//! η₀ ≤ 1 earns Σ_i c_i·(P_i − P_{i+1}) ≤ max_i c_i ≤ 90% of it, where c_i = (γ_i+κ_i)(1 − vault_i)/δ_i
//! and P_i = Π_{j<i}(1 − δ_j) (the decay up to epoch i). The default set's payback is 58.2%.
//!
//! The other bounds keep the fixed-point math exact: δ ≥ 10⁻⁶ and γ + κ ≤ 2 keep the index's
//! yield sums small (see [`crate::wide`]), δ < 1 keeps the decay index positive.

use crate::fixed::{self, PLANCK_PER_TOKEN};
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
	/// B_base: planck per epoch shared as base reward by the endorsed verified assets, in
	/// proportion to V_k·R_k (the whitepaper's RewardBase, made a budget: see the module docs).
	pub base_budget: u128,
	/// κ: the most base reward per epoch for each token of V_k·R_k.
	pub base_rate: FixedU128,
	/// The most contributions (Σ I_k) one epoch may mint, as a share of the total issuance at the
	/// epoch's start.
	pub epoch_cap: Perbill,
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
	serde::Serialize,
	serde::Deserialize,
)]
#[cfg_attr(feature = "pallet-error", derive(frame_support::PalletError))]
pub enum ParamField {
	/// β outside 10⁻⁶ ..= 1,000 DSY.
	Beta,
	/// η outside (0, 1].
	Eta,
	/// δ outside 0.0001% ..= 99.9999%.
	Delta,
	/// γ above 1.
	Gamma,
	/// B_base above 100,000 DSY.
	BaseBudget,
	/// κ above 1.
	BaseRate,
	/// The epoch cap above 1%.
	EpochCap,
	/// (γ + κ)·(1 − vault) above 90% of δ: self-rating would return more than 90% of its burn.
	Payback,
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
	/// Largest η: 1 (a burned token endorses at most one token).
	pub fn eta_max() -> FixedU128 {
		FixedU128::one()
	}
	/// Smallest δ: 0.0001%.
	pub const DELTA_MIN: Perbill = Perbill::from_parts(1_000);
	/// Largest δ: 99.9999%.
	pub const DELTA_MAX: Perbill = Perbill::from_parts(999_999_000);
	/// Largest γ.
	pub fn gamma_max() -> FixedU128 {
		FixedU128::one()
	}
	/// Largest base budget: 100,000 DSY per epoch.
	pub const BASE_BUDGET_MAX: u128 = 100_000 * PLANCK_PER_TOKEN;
	/// Largest κ.
	pub fn base_rate_max() -> FixedU128 {
		FixedU128::one()
	}
	/// Largest epoch cap: 1% of the issuance per epoch.
	pub const EPOCH_CAP_MAX: Perbill = Perbill::from_percent(1);
	/// Most of a rating's burn that its endorsement may ever earn back: (γ+κ)(1−vault) must not
	/// exceed this share of δ.
	pub const MAX_PAYBACK: Perbill = Perbill::from_percent(90);
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

/// Raw numbers drawn by a test or a simulation, mapped onto an accepted parameter set by
/// [`Params::sample`] (out-of-range values are clamped, never refused).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sample {
	/// β in planck.
	pub beta: u128,
	/// η in thousandths (1 ..= 1,000).
	pub eta_milli: u32,
	/// δ in parts per billion.
	pub delta: u32,
	/// γ + κ in millionths of the payback bound (at most 999,000).
	pub yield_share: u32,
	/// κ's share of γ + κ, in millionths.
	pub base_share: u32,
	/// The base budget in planck.
	pub base_budget: u128,
	/// The epoch cap in parts per billion.
	pub epoch_cap: u32,
	/// I_tail in planck.
	pub tail: u128,
	/// The vault ratio in parts per billion.
	pub vault: u32,
}

impl Default for Params {
	fn default() -> Self {
		Params {
			beta: PLANCK_PER_TOKEN,
			eta: FixedU128::one(),
			delta: Perbill::from_percent(5),
			gamma: FixedU128::from_rational(1, 100),
			base_budget: 50 * PLANCK_PER_TOKEN,
			base_rate: FixedU128::from_rational(2, 100),
			epoch_cap: Perbill::from_parts(50_000),
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
			(self.base_budget <= BASE_BUDGET_MAX, ParamField::BaseBudget),
			(self.base_rate <= base_rate_max(), ParamField::BaseRate),
			(self.epoch_cap <= EPOCH_CAP_MAX, ParamField::EpochCap),
			(self.tail <= TAIL_MAX, ParamField::Tail),
			(self.vault_ratio <= VAULT_RATIO_MAX, ParamField::VaultRatio),
			(
				self.dispute_ratio >= dispute_ratio_min()
					&& self.dispute_ratio <= dispute_ratio_max(),
				ParamField::DisputeRatio,
			),
			(self.dispute_floor <= DISPUTE_FLOOR_MAX, ParamField::DisputeFloor),
		];
		checks.iter().find(|(ok, _)| !ok).map_or(Ok(()), |(_, field)| Err(*field))?;
		if self.max_yield_rate() > fixed::part_floor(MAX_PAYBACK, self.delta.into()) {
			return Err(ParamField::Payback);
		}
		Ok(())
	}

	/// (γ + κ)·(1 − vault), rounded up: the most that one token of endorsement earns its asset
	/// per epoch, after the vault's share.
	pub fn max_yield_rate(&self) -> FixedU128 {
		let keep = Perbill::one().saturating_sub(self.vault_ratio);
		fixed::part_ceil(keep, self.gamma.saturating_add(self.base_rate))
	}

	/// η·(γ + κ)·(1 − vault)/δ: the most a rating's burn can ever earn back, as a share of it
	/// (for reports; [`Self::validate`] keeps it at most [`bounds::MAX_PAYBACK`]).
	#[cfg(feature = "std")]
	pub fn payback(&self) -> f64 {
		fixed::to_f64(self.eta) * fixed::to_f64(self.max_yield_rate())
			/ (f64::from(self.delta.deconstruct()) / f64::from(Perbill::ACCURACY))
	}

	/// The parameter set a [`Sample`] of raw numbers stands for: every field clamped into its
	/// bound, and γ + κ placed at `yield_share` millionths (at most 99.9%) of the payback bound
	/// (γ+κ)(1 − vault) ≤ 90%·δ, split into κ by `base_share`. Any sample gives a set
	/// [`Self::validate`] accepts, so tests and simulations sample the whole accepted space with it.
	pub fn sample(s: Sample) -> Self {
		use bounds::*;
		use sp_arithmetic::traits::CheckedDiv;
		let delta =
			Perbill::from_parts(s.delta.clamp(DELTA_MIN.deconstruct(), DELTA_MAX.deconstruct()));
		let vault_ratio = Perbill::from_parts(s.vault.min(VAULT_RATIO_MAX.deconstruct()));
		let keep = Perbill::one().saturating_sub(vault_ratio);
		let bound = FixedU128::from(MAX_PAYBACK.saturating_mul(delta))
			.checked_div(&FixedU128::from(keep))
			.unwrap_or_else(FixedU128::zero);
		let share = FixedU128::from_rational(u128::from(s.yield_share.min(999_000)), 1_000_000);
		let sum = bound.saturating_mul(share).min(FixedU128::from_u32(2));
		let split = FixedU128::from_rational(u128::from(s.base_share.min(1_000_000)), 1_000_000);
		let base_rate = sum.saturating_mul(split).min(base_rate_max());
		let gamma = sum.saturating_sub(base_rate).min(gamma_max());
		Params {
			beta: s.beta.clamp(BETA_MIN, BETA_MAX),
			eta: FixedU128::from_rational(u128::from(s.eta_milli.clamp(1, 1_000)), 1_000),
			delta,
			gamma,
			base_rate,
			base_budget: s.base_budget.min(BASE_BUDGET_MAX),
			epoch_cap: Perbill::from_parts(s.epoch_cap.min(EPOCH_CAP_MAX.deconstruct())),
			tail: s.tail.min(TAIL_MAX),
			vault_ratio,
			..Params::default()
		}
	}

	/// The parameters at their largest bounds, δ at its smallest and γ as large as the payback
	/// rule then allows: the worst case for overflow tests and benchmarks.
	pub fn extreme() -> Self {
		use bounds::*;
		// (γ + κ)·(1 − vault) ≤ 90%·δ with vault = 50%: γ = 1.8·δ_min, κ = 0.
		let gamma = fixed::part_floor(
			Perbill::from_percent(90),
			FixedU128::from(DELTA_MIN).saturating_mul(FixedU128::from_u32(2)),
		);
		Params {
			beta: BETA_MAX,
			eta: eta_max(),
			delta: DELTA_MIN,
			gamma,
			base_budget: BASE_BUDGET_MAX,
			base_rate: FixedU128::zero(),
			epoch_cap: EPOCH_CAP_MAX,
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
		// (0.01 + 0.02)·0.97/0.05
		assert!((Params::default().payback() - 0.582).abs() < 1e-9);
	}

	#[test]
	fn the_payback_bound_is_exact_at_ninety_percent() {
		// vault 0: γ + κ = 0.9·δ is accepted, one part in 10¹⁸ more is refused.
		let at = Params {
			vault_ratio: Perbill::zero(),
			base_rate: FixedU128::zero(),
			gamma: FixedU128::from_rational(45, 1000),
			..Params::default()
		};
		assert_eq!(at.validate(), Ok(()));
		let over = Params { gamma: at.gamma + FixedU128::from_inner(1), ..at };
		assert_eq!(over.validate(), Err(ParamField::Payback));
	}

	#[test]
	fn each_bound_has_its_error() {
		let ok = Params::default();
		let cases: [(Params, ParamField); 14] = [
			(Params { beta: 0, ..ok }, ParamField::Beta),
			(Params { beta: bounds::BETA_MAX + 1, ..ok }, ParamField::Beta),
			(Params { eta: FixedU128::zero(), ..ok }, ParamField::Eta),
			(Params { delta: Perbill::zero(), ..ok }, ParamField::Delta),
			(Params { delta: Perbill::one(), ..ok }, ParamField::Delta),
			(Params { gamma: FixedU128::from_u32(2), ..ok }, ParamField::Gamma),
			(Params { eta: FixedU128::from_rational(11, 10), ..ok }, ParamField::Eta),
			(Params { base_budget: bounds::BASE_BUDGET_MAX + 1, ..ok }, ParamField::BaseBudget),
			(Params { base_rate: FixedU128::from_u32(2), ..ok }, ParamField::BaseRate),
			(Params { epoch_cap: Perbill::from_percent(2), ..ok }, ParamField::EpochCap),
			(Params { gamma: FixedU128::from_rational(5, 100), ..ok }, ParamField::Payback),
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
