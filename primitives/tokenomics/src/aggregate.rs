//! The aggregates that make the epoch boundary O(1): A = Σ V_k and G = Σ V_k·R_k.
//!
//! Each event changes them by the asset's own contribution (a rating adds V·ΔR; a score change
//! swaps V_old·R for V_new·R), and closing an epoch only needs `I(e) = RewardBase·A + γ·G` and
//! `G ← (1 − δ)·G`. G is rounded **up** (it decides what is minted), the per-asset values it
//! stands for are rounded down (they decide what is owed), so the rewards pot always covers the
//! claims; the difference is dust left in the pot.

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
	/// Σ I_k = RewardBase·A + γ·G, rounded up: the contributions' gross emission.
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

	/// What closing the epoch mints with these aggregates.
	pub fn epoch_mint(&self, params: &Params) -> EpochMint {
		let base = FixedU128::from_inner(
			multiply_by_rational_with_rounding(
				fixed::from_planck(params.reward_base).into_inner(),
				u128::from(self.score_sum),
				u128::from(Perbill::ACCURACY),
				Rounding::Up,
			)
			.unwrap_or(u128::MAX),
		);
		let from_endorsement = fixed::mul_ceil(params.gamma, self.weighted_endorsement);
		let contributions_gross = fixed::to_planck_ceil(base.saturating_add(from_endorsement));
		let vault_contributions =
			fixed::part_of_planck_floor(params.vault_ratio, contributions_gross);
		let vault_tail = fixed::part_of_planck_floor(params.vault_ratio, params.tail);
		EpochMint {
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
	) -> (EpochMint, Advance) {
		let mint = self.epoch_mint(params);
		let keep = Perbill::one().saturating_sub(params.delta);
		self.weighted_endorsement = fixed::part_ceil(keep, self.weighted_endorsement);
		let advance = index.advance(params);
		(mint, advance)
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use crate::fixed::PLANCK_PER_TOKEN;

	#[test]
	fn mint_splits_the_vault_share() {
		let p = Params { gamma: FixedU128::zero(), ..Params::default() };
		let mut agg = Aggregates::default();
		agg.change_score(Perbill::zero(), Perbill::from_percent(50), FixedU128::zero());
		agg.change_score(Perbill::zero(), Perbill::one(), FixedU128::zero());
		let mint = agg.epoch_mint(&p);
		// RewardBase 1 DSY × A 1.5 = 1.5 DSY; 3% to the vault; tail 50 DSY, 3% to the vault.
		assert_eq!(mint.contributions_gross, 1_500_000_000_000);
		assert_eq!(mint.rewards_pot, 1_455_000_000_000);
		assert_eq!(mint.vault, 45_000_000_000 + 1_500_000_000_000);
		assert_eq!(mint.validators, 48_500_000_000_000);
		assert_eq!(mint.total(), mint.contributions_gross + 50 * PLANCK_PER_TOKEN);
	}

	#[test]
	fn endorsement_decays_with_the_epoch() {
		let p = Params::default();
		let mut agg = Aggregates::default();
		let mut index = GlobalIndex::default();
		agg.change_score(Perbill::zero(), Perbill::one(), FixedU128::zero());
		agg.add_endorsement(Perbill::one(), FixedU128::from_u32(100));
		let (mint, _) = agg.close_epoch(&mut index, &p);
		// 1 DSY base + 0.01 × 100 DSY.
		assert_eq!(mint.contributions_gross, 2 * PLANCK_PER_TOKEN);
		assert_eq!(agg.weighted_endorsement, FixedU128::from_u32(95));
		assert_eq!(index.epoch, 1);
	}
}
