//! The global decay index: how every asset's R_j decays and earns without visiting the asset.
//!
//! All R_j decay by the same factor `(1 − δ_e)` at the end of epoch `e`, so a single running
//! product tells how much any R_j has decayed since it was last touched:
//!
//! ```text
//! decay(e)  = Π_{i<e} (1 − δ_i)                      R_j(now) = R_j(t) · decay(now) / decay(t)
//! yield(e)  = Σ_{i<e} r_i·(1 − vault_i)·decay(i)     Σ_{t≤i<now} r_i(1−vault_i)·R_j(i)
//!                                                        = R_j(t) · (yield(now) − yield(t)) / decay(t)
//! ```
//!
//! r_i is epoch i's rate per token of V·R ([`crate::aggregate::Aggregates::epoch_rate`]: γ plus
//! the base budget's share, within the epoch cap). With a constant rate this is the closed form
//! `r·V·R₀·(1 − (1−δ)ⁿ)/δ` (less the vault's share); with rates and parameters that change
//! epoch by epoch it stays exact, with O(1) work per asset.
//!
//! `base(e)` is the index of the whitepaper's flat base reward (RewardBase_i·(1 − vault_i) per
//! unit of V), which earlier runtimes paid to every verified asset. It no longer advances: its
//! value is frozen where the earned-emission rule took over, so checkpoints taken before still
//! collect the base reward they earned then, and nothing after.
//!
//! `decay` shrinks geometrically, so it is kept in *scales*: when it falls below 2⁻¹²⁸ it is
//! multiplied by 2¹²⁸, the scale number goes up, and `yield` restarts at zero (its final value
//! in the old scale is kept for the checkpoints taken in it). A checkpoint from the previous
//! scale is converted exactly; one from two or more scales back has decayed by more than 2⁻¹⁰⁸
//! (δ ≤ 99.9999%), so its R_j is below 10⁻⁶ planck for any R_j under 3·10¹⁴ DSY and is taken
//! as zero (the yield it earned in the two scales is kept: the final yields of ended scales are
//! stored by the caller). Every result is rounded down: an asset is never owed more than the aggregate
//! emission minted for it.

use crate::prelude::*;
use crate::{fixed, params::Params, wide::Wide};
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The decay index is rescaled when it falls below 2^-RESCALE_BITS, by 2^RESCALE_BITS.
pub const RESCALE_BITS: usize = 128;

/// The running index, updated once per epoch.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct GlobalIndex {
	/// Epochs closed so far.
	pub epoch: u32,
	/// How many times `decay` was rescaled.
	pub scale: u32,
	/// Π (1 − δ) within the current scale.
	pub decay: Wide,
	/// Σ r·(1 − vault)·decay within the current scale.
	pub yield_sum: Wide,
	/// Σ RewardBase·(1 − vault), in tokens per unit of V, up to the earned-emission rule
	/// (frozen since: see the module docs).
	pub base_sum: FixedU128,
}

impl Default for GlobalIndex {
	fn default() -> Self {
		GlobalIndex {
			epoch: 0,
			scale: 0,
			decay: Wide::one(),
			yield_sum: Wide::zero(),
			base_sum: FixedU128::zero(),
		}
	}
}

/// Where an asset's account was last brought up to date.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Checkpoint {
	/// The index's scale then.
	pub scale: u32,
	/// The index's `decay` then.
	pub decay: Wide,
	/// The index's `yield_sum` then.
	pub yield_sum: Wide,
	/// The index's `base_sum` then.
	pub base_sum: FixedU128,
}

/// What closing an epoch did to the index.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Advance {
	/// `Some(yield)` when the decay was rescaled: the final `yield_sum` of the scale just left,
	/// which the caller must keep (by scale number) for checkpoints taken in it.
	pub finished_scale: Option<(u32, Wide)>,
}

impl GlobalIndex {
	/// A checkpoint at the index's current position.
	pub fn checkpoint(&self) -> Checkpoint {
		Checkpoint {
			scale: self.scale,
			decay: self.decay,
			yield_sum: self.yield_sum,
			base_sum: self.base_sum,
		}
	}

	/// Closes an epoch whose rate per token of V·R was `rate`: accrues its yield (less the
	/// vault's share), then decays by `(1 − δ)`.
	pub fn advance(&mut self, params: &Params, rate: FixedU128) -> Advance {
		let keep = Perbill::one().saturating_sub(params.vault_ratio);
		let net_rate = Wide::from_fixed(fixed::part_floor(keep, rate));
		self.yield_sum = self.yield_sum.saturating_add(self.decay.mul_floor(net_rate));
		self.decay = self.decay.mul_floor(Wide::complement_of(params.delta));
		self.epoch = self.epoch.saturating_add(1);
		let mut advance = Advance { finished_scale: None };
		if self.decay < Wide::pow2_neg(RESCALE_BITS) {
			advance.finished_scale = Some((self.scale, self.yield_sum));
			self.scale = self.scale.saturating_add(1);
			self.decay = self.decay.scale_up(RESCALE_BITS);
			self.yield_sum = Wide::zero();
		}
		advance
	}

	/// `R(now)/R(at)`: how much a value checkpointed at `at` has decayed since.
	pub fn decay_since(&self, at: &Checkpoint) -> Wide {
		if at.scale == self.scale {
			self.decay.div_floor(at.decay).unwrap_or_default()
		} else if at.scale.checked_add(1) == Some(self.scale) {
			self.decay.div_shr(at.decay, RESCALE_BITS).unwrap_or_default()
		} else {
			Wide::zero()
		}
	}

	/// `Σ γ(1−vault)·R(i)/R(at)` over the epochs closed since `at`. `finished_yield(s)` is the
	/// final `yield_sum` of the ended scale `s` (as returned by [`Self::advance`]); it is asked
	/// for `at`'s scale and the one after it, once they have ended.
	pub fn yield_since(
		&self,
		at: &Checkpoint,
		finished_yield: impl Fn(u32) -> Option<Wide>,
	) -> Wide {
		if at.scale == self.scale {
			return self
				.yield_sum
				.saturating_sub(at.yield_sum)
				.div_floor(at.decay)
				.unwrap_or_default();
		}
		let in_own_scale = finished_yield(at.scale)
			.unwrap_or_default()
			.saturating_sub(at.yield_sum)
			.div_floor(at.decay)
			.unwrap_or_default();
		let next = at.scale.saturating_add(1);
		let next_yield =
			if next == self.scale { Some(self.yield_sum) } else { finished_yield(next) };
		// Yield in the scale after `at`'s, converted to `at`'s units. Beyond that, R has decayed
		// below 2^-108 of its checkpoint and what it would still earn is below the resolution.
		let in_next_scale =
			next_yield.unwrap_or_default().div_shr(at.decay, RESCALE_BITS).unwrap_or_default();
		in_own_scale.saturating_add(in_next_scale)
	}

	/// The base reward per unit of V accrued since `at`.
	pub fn base_since(&self, at: &Checkpoint) -> FixedU128 {
		self.base_sum.saturating_sub(at.base_sum)
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;

	fn params(delta_percent: u32) -> Params {
		Params { delta: Perbill::from_percent(delta_percent), ..Params::default() }
	}

	#[test]
	fn decay_matches_the_power() {
		let p = params(10);
		let mut index = GlobalIndex::default();
		let start = index.checkpoint();
		for _ in 0..20 {
			index.advance(&p, p.gamma);
		}
		let expected = 0.9f64.powi(20);
		assert!((index.decay_since(&start).to_f64() - expected).abs() < 1e-15);
	}

	#[test]
	fn rescaling_keeps_old_checkpoints_exact() {
		// δ = 99%: the index falls below 2^-128 after 20 epochs.
		let p = params(99);
		let mut index = GlobalIndex::default();
		let mut finished = None;
		for _ in 0..18 {
			index.advance(&p, p.gamma);
		}
		let at = index.checkpoint();
		assert_eq!(at.scale, 0);
		for _ in 0..4 {
			if let Some(f) = index.advance(&p, p.gamma).finished_scale {
				finished = Some(f);
			}
		}
		assert_eq!(index.scale, 1);
		let (scale, yield_end) = finished.expect("rescaled");
		assert_eq!(scale, 0);
		let expected = 0.01f64.powi(4);
		let got = index.decay_since(&at).to_f64();
		assert!((got / expected - 1.0).abs() < 1e-12, "{got} vs {expected}");
		// Yield over the 4 epochs: γ(1−vault)·Σ 0.01^i, i = 0..4.
		let g = 0.01 * 0.97;
		let expected_yield: f64 = (0..4).map(|i| g * 0.01f64.powi(i)).sum();
		let got_yield = index.yield_since(&at, |s| (s == scale).then_some(yield_end)).to_f64();
		assert!(
			(got_yield / expected_yield - 1.0).abs() < 1e-12,
			"{got_yield} vs {expected_yield}"
		);
	}

	#[test]
	fn two_scales_back_is_zero() {
		let p = params(99);
		let mut index = GlobalIndex::default();
		let at = index.checkpoint();
		while index.scale < 2 {
			index.advance(&p, p.gamma);
		}
		assert_eq!(index.decay_since(&at), Wide::zero());
	}
}
