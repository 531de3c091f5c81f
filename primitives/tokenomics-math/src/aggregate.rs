//! The aggregates that make the epoch boundary O(1): A = Σ V_k and G = Σ V_k·R_k.
//!
//! Each event changes them by the asset's own contribution (a rating adds V·ΔR; a score change
//! swaps V_old·R for V_new·R), and closing an epoch only needs G and the issuance:
//!
//! ```text
//! r(e) = min( γ + min(κ, B_base/G),  cap·S(e)/G )     (rounded down; 0 when G = 0)
//! C(e) = r(e)·G                                       (rounded up to the planck)
//! G ← (1 − δ)·G
//! ```
//!
//! Every asset earns the same rate r(e) per token of V_k·R_k (the index accumulates it), so the
//! assets share C(e) in proportion to their endorsement and an unrated asset earns nothing.
//! G is rounded **up** (it decides what is minted), the per-asset values it stands for are
//! rounded down (they decide what is owed), so the rewards pot always covers the claims; the
//! difference is dust left in the pot. A is kept for the ledger and the invariants; it no
//! longer mints anything by itself (the whitepaper's flat RewardBase·V_k paid every verified
//! copy of a model, rated or not — see docs/tokenomics.md).

use crate::prelude::*;
use crate::{
	fixed,
	index::{Advance, GlobalIndex},
	params::Params,
};
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A = Σ V_k and G = Σ V_k·R_k.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Aggregates {
	/// A: the sum of the verified assets' scores, in parts per billion.
	pub score_sum: u64,
	/// G: Σ V_k·R_k, in tokens.
	pub weighted_endorsement: FixedU128,
}

/// What one epoch mints, in planck.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct EpochMint {
	/// r(e): what each token of V·R earns this epoch, before the vault's share (rounded down).
	pub rate: FixedU128,
	/// Σ I_k = r(e)·G, rounded up: the contributions' gross emission.
	pub contributions_gross: u128,
	/// To the rewards pot: the contributions less the vault's share.
	pub rewards_pot: u128,
	/// To the DAO vault: vault_ratio of the contributions and of the tail.
	pub vault: u128,
	/// To validators and nominators: the tail less the vault's share.
	pub validators: u128,
}

impl EpochMint {
	/// Everything this epoch creates.
	pub fn total(&self) -> u128 {
		self.rewards_pot.saturating_add(self.vault).saturating_add(self.validators)
	}
}

impl Aggregates {
	/// A rating added `delta_r` to the R of an asset scored `score`.
	pub fn add_endorsement(&mut self, score: Perbill, delta_r: FixedU128) {
		self.weighted_endorsement =
			self.weighted_endorsement.saturating_add(fixed::part_ceil(score, delta_r));
	}

	/// An asset whose R is now `endorsement` changed its score from `old` to `new`.
	pub fn change_score(&mut self, old: Perbill, new: Perbill, endorsement: FixedU128) {
		self.score_sum = self
			.score_sum
			.saturating_sub(u64::from(old.deconstruct()))
			.saturating_add(u64::from(new.deconstruct()));
		self.weighted_endorsement = self
			.weighted_endorsement
			.saturating_sub(fixed::part_floor(old, endorsement))
			.saturating_add(fixed::part_ceil(new, endorsement));
	}

	/// The rate r(e) every token of V·R earns this epoch, given the issuance `issuance` (planck)
	/// at the epoch's start: γ plus the base budget's share (at most κ), within the epoch cap.
	pub fn epoch_rate(&self, params: &Params, issuance: u128) -> FixedU128 {
		let g = self.weighted_endorsement;
		if g.is_zero() {
			return FixedU128::zero();
		}
		let base =
			fixed::div_floor(fixed::from_planck(params.base_budget), g).min(params.base_rate);
		let cap = fixed::from_planck(fixed::part_of_planck_floor(params.epoch_cap, issuance));
		params.gamma.saturating_add(base).min(fixed::div_floor(cap, g))
	}

	/// What closing the epoch mints with these aggregates, the issuance at the epoch's start
	/// being `issuance` planck.
	pub fn epoch_mint(&self, params: &Params, issuance: u128) -> EpochMint {
		let rate = self.epoch_rate(params, issuance);
		let contributions_gross =
			fixed::to_planck_ceil(fixed::mul_ceil(rate, self.weighted_endorsement));
		let vault_contributions =
			fixed::part_of_planck_floor(params.vault_ratio, contributions_gross);
		let vault_tail = fixed::part_of_planck_floor(params.vault_ratio, params.tail);
		EpochMint {
			rate,
			contributions_gross,
			rewards_pot: contributions_gross.saturating_sub(vault_contributions),
			vault: vault_contributions.saturating_add(vault_tail),
			validators: params.tail.saturating_sub(vault_tail),
		}
	}

	/// Closes an epoch: the mint from the aggregates, then the decay of G and the index.
	pub fn close_epoch(
		&mut self,
		index: &mut GlobalIndex,
		params: &Params,
		issuance: u128,
	) -> (EpochMint, Advance) {
		let mint = self.epoch_mint(params, issuance);
		let keep = Perbill::one().saturating_sub(params.delta);
		self.weighted_endorsement = fixed::part_ceil(keep, self.weighted_endorsement);
		let advance = index.advance(params, mint.rate);
		(mint, advance)
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use crate::fixed::PLANCK_PER_TOKEN;

	const SUPPLY: u128 = 1_000_000_000 * PLANCK_PER_TOKEN;

	#[test]
	fn unrated_assets_mint_nothing() {
		let p = Params::default();
		let mut agg = Aggregates::default();
		for _ in 0..1_000 {
			agg.change_score(Perbill::zero(), Perbill::one(), FixedU128::zero());
		}
		let mint = agg.epoch_mint(&p, SUPPLY);
		assert_eq!(agg.score_sum, 1_000 * 1_000_000_000);
		assert_eq!(
			(mint.rate, mint.contributions_gross, mint.rewards_pot),
			(FixedU128::zero(), 0, 0)
		);
		// Only the tail: 50 DSY, 3% of it to the vault.
		assert_eq!(mint.vault, 1_500_000_000_000);
		assert_eq!(mint.validators, 48_500_000_000_000);
	}

	#[test]
	fn mint_splits_the_vault_share() {
		let p = Params { gamma: FixedU128::zero(), ..Params::default() };
		let mut agg = Aggregates::default();
		agg.change_score(Perbill::zero(), Perbill::from_percent(50), FixedU128::zero());
		agg.change_score(Perbill::zero(), Perbill::one(), FixedU128::zero());
		agg.add_endorsement(Perbill::from_percent(50), FixedU128::from_u32(100));
		agg.add_endorsement(Perbill::one(), FixedU128::from_u32(25));
		let mint = agg.epoch_mint(&p, SUPPLY);
		// G = 75 DSY; κ = 0.02 binds (the 50 DSY budget would allow 0.67): 1.5 DSY.
		assert_eq!(mint.rate, FixedU128::from_rational(2, 100));
		assert_eq!(mint.contributions_gross, 1_500_000_000_000);
		assert_eq!(mint.rewards_pot, 1_455_000_000_000);
		assert_eq!(mint.vault, 45_000_000_000 + 1_500_000_000_000);
		assert_eq!(mint.validators, 48_500_000_000_000);
		assert_eq!(mint.total(), mint.contributions_gross + 50 * PLANCK_PER_TOKEN);
	}

	#[test]
	fn the_base_budget_is_shared_when_endorsement_is_large() {
		let p = Params::default();
		let mut agg = Aggregates::default();
		agg.change_score(Perbill::zero(), Perbill::one(), FixedU128::zero());
		agg.add_endorsement(Perbill::one(), FixedU128::from_u32(10_000));
		let mint = agg.epoch_mint(&p, SUPPLY);
		// γ·G = 100 DSY, base min(50, 0.02·10,000 = 200) = 50 DSY.
		assert_eq!(mint.rate, FixedU128::from_rational(15, 1_000));
		assert_eq!(mint.contributions_gross, 150 * PLANCK_PER_TOKEN);
	}

	#[test]
	fn the_epoch_cap_bounds_the_mint() {
		let p = Params::default();
		let mut agg = Aggregates::default();
		agg.change_score(Perbill::zero(), Perbill::one(), FixedU128::zero());
		agg.add_endorsement(Perbill::one(), FixedU128::from_u32(1_000_000));
		// Uncapped: 10,000 + 50 DSY. Cap: 0.005% of 1,000,000 DSY = 50 DSY.
		let mint = agg.epoch_mint(&p, 1_000_000 * PLANCK_PER_TOKEN);
		assert_eq!(mint.contributions_gross, 50 * PLANCK_PER_TOKEN);
		assert_eq!(agg.epoch_mint(&p, 0).contributions_gross, 0);
	}

	#[test]
	fn endorsement_decays_with_the_epoch() {
		let p = Params::default();
		let mut agg = Aggregates::default();
		let mut index = GlobalIndex::default();
		agg.change_score(Perbill::zero(), Perbill::one(), FixedU128::zero());
		agg.add_endorsement(Perbill::one(), FixedU128::from_u32(100));
		let (mint, _) = agg.close_epoch(&mut index, &p, SUPPLY);
		// (0.01 + 0.02) × 100 DSY.
		assert_eq!(mint.contributions_gross, 3 * PLANCK_PER_TOKEN);
		assert_eq!(agg.weighted_endorsement, FixedU128::from_u32(95));
		assert_eq!(index.epoch, 1);
	}
}
