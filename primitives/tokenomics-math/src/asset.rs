//! One asset's account: its verification score, endorsement R_j, dispute signal D_j and the
//! reward it has earned, kept lazily against the [`GlobalIndex`](crate::index::GlobalIndex).
//!
//! Nothing is updated per epoch. Whenever the asset is touched (a rating, a score change, a
//! claim) [`AssetAccount::settle`] brings R_j and D_j forward with the index's decay and adds
//! what the asset earned since its checkpoint to `owed`.

use crate::prelude::*;
use crate::{
	fixed,
	index::{Checkpoint, GlobalIndex},
	params::Params,
	wide::Wide,
};
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// An asset's tokenomic state.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct AssetAccount {
	/// V_k: its verification score while verified, else zero.
	pub score: Perbill,
	/// R_j at the checkpoint, in tokens.
	pub endorsement: FixedU128,
	/// D_j at the checkpoint, in tokens.
	pub dispute: FixedU128,
	/// Net reward (after the vault's share) earned up to the checkpoint and not yet paid out.
	pub owed: FixedU128,
	/// Where the account was last brought up to date.
	pub at: Checkpoint,
}

/// What one `rate` call does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Rating {
	/// Planck burned: β·actions.
	pub burn: u128,
	/// Added to R_j: η·burn·q, q = (score − 1)/4.
	pub endorsement: FixedU128,
	/// Added to D_j: η·burn·(1 − q).
	pub dispute: FixedU128,
}

/// Why a rating is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RatingError {
	/// `actions` is zero.
	ZeroActions,
	/// The score is not in 1..=5.
	ScoreOutOfRange,
	/// β·actions does not fit a balance.
	Overflow,
}

/// The lowest and highest star scores.
pub const SCORES: core::ops::RangeInclusive<u8> = 1..=5;

/// The burn and the R_j/D_j increments of rating with `score` stars and `actions` actions.
pub fn rating(params: &Params, score: u8, actions: u32) -> Result<Rating, RatingError> {
	if actions == 0 {
		return Err(RatingError::ZeroActions);
	}
	if !SCORES.contains(&score) {
		return Err(RatingError::ScoreOutOfRange);
	}
	let burn = params.beta.checked_mul(u128::from(actions)).ok_or(RatingError::Overflow)?;
	let weighted = fixed::mul_floor(params.eta, fixed::from_planck(burn));
	// q = (score − 1)/4 is exact in parts per billion: 0, 25%, 50%, 75%, 100%.
	let q = Perbill::from_rational(u32::from(score.saturating_sub(1)), 4);
	let endorsement = fixed::part_floor(q, weighted);
	let dispute = weighted.saturating_sub(endorsement);
	Ok(Rating { burn, endorsement, dispute })
}

impl AssetAccount {
	/// A new account, checkpointed now, unverified and unrated.
	pub fn new(index: &GlobalIndex) -> Self {
		AssetAccount {
			score: Perbill::zero(),
			endorsement: FixedU128::zero(),
			dispute: FixedU128::zero(),
			owed: FixedU128::zero(),
			at: index.checkpoint(),
		}
	}

	/// The reward earned since the checkpoint: V·base + V·R·yield, rounded down.
	pub fn accrued(
		&self,
		index: &GlobalIndex,
		finished: impl Fn(u32) -> Option<Wide>,
	) -> FixedU128 {
		if self.score.is_zero() {
			return FixedU128::zero();
		}
		let base = fixed::part_floor(self.score, index.base_since(&self.at));
		let from_endorsement = if self.endorsement.is_zero() {
			FixedU128::zero()
		} else {
			fixed::part_floor(
				self.score,
				index.yield_since(&self.at, finished).scale_fixed(self.endorsement),
			)
		};
		base.saturating_add(from_endorsement)
	}

	/// R_j and D_j now.
	pub fn current(&self, index: &GlobalIndex) -> (FixedU128, FixedU128) {
		let decay = index.decay_since(&self.at);
		(decay.scale_fixed(self.endorsement), decay.scale_fixed(self.dispute))
	}

	/// Brings the account up to `index`: adds the accrued reward to `owed`, decays R_j and D_j,
	/// moves the checkpoint. Returns what was added to `owed`.
	pub fn settle(
		&mut self,
		index: &GlobalIndex,
		finished: impl Fn(u32) -> Option<Wide>,
	) -> FixedU128 {
		self.settle_to(index, index, finished)
	}

	/// Like [`Self::settle`], but the reward accrues only up to `accrue_to`, an earlier position
	/// of the index (the epoch at which the asset's verification ran out): an asset whose expiry
	/// is processed late earns nothing for the epochs after it. R_j and D_j still decay to
	/// `index`. When `accrue_to` is before the checkpoint nothing accrues.
	pub fn settle_to(
		&mut self,
		index: &GlobalIndex,
		accrue_to: &GlobalIndex,
		finished: impl Fn(u32) -> Option<Wide>,
	) -> FixedU128 {
		let earned = self.accrued(accrue_to, finished);
		let (endorsement, dispute) = self.current(index);
		self.owed = self.owed.saturating_add(earned);
		self.endorsement = endorsement;
		self.dispute = dispute;
		self.at = index.checkpoint();
		earned
	}

	/// Adds a settled rating's increments (call [`Self::settle`] first).
	pub fn add_rating(&mut self, rating: &Rating) {
		self.endorsement = self.endorsement.saturating_add(rating.endorsement);
		self.dispute = self.dispute.saturating_add(rating.dispute);
	}

	/// Whether D_j calls for re-verification: D_j > dispute_ratio·R_j and D_j ≥ dispute_floor.
	/// Uses the settled values.
	pub fn dispute_exceeded(&self, params: &Params) -> bool {
		self.dispute > fixed::mul_floor(params.dispute_ratio, self.endorsement)
			&& self.dispute >= fixed::from_planck(params.dispute_floor)
	}

	/// Takes the whole planck part of `owed` for payment, leaving the fraction.
	pub fn take_owed_planck(&mut self) -> u128 {
		let planck = fixed::to_planck_floor(self.owed);
		self.owed = self.owed.saturating_sub(fixed::from_planck(planck));
		planck
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use crate::fixed::PLANCK_PER_TOKEN;

	#[test]
	fn rating_splits_endorsement_and_dispute() {
		let p = Params::default();
		let r = rating(&p, 5, 3).unwrap();
		assert_eq!(r.burn, 3 * PLANCK_PER_TOKEN);
		assert_eq!(r.endorsement, FixedU128::from_u32(3));
		assert_eq!(r.dispute, FixedU128::zero());
		let r = rating(&p, 1, 2).unwrap();
		assert_eq!((r.endorsement, r.dispute), (FixedU128::zero(), FixedU128::from_u32(2)));
		let r = rating(&p, 3, 4).unwrap();
		assert_eq!((r.endorsement, r.dispute), (FixedU128::from_u32(2), FixedU128::from_u32(2)));
	}

	#[test]
	fn rating_errors() {
		let p = Params::default();
		assert_eq!(rating(&p, 5, 0), Err(RatingError::ZeroActions));
		assert_eq!(rating(&p, 0, 1), Err(RatingError::ScoreOutOfRange));
		assert_eq!(rating(&p, 6, 1), Err(RatingError::ScoreOutOfRange));
		let huge = Params { beta: u128::MAX / 2, ..p };
		assert_eq!(rating(&huge, 5, 3), Err(RatingError::Overflow));
	}

	#[test]
	fn accrual_stops_at_the_clamp() {
		let p = Params::default();
		let mut index = GlobalIndex::default();
		let mut a = AssetAccount::new(&index);
		a.score = Perbill::one();
		a.add_rating(&rating(&p, 5, 100).unwrap());
		let rate = FixedU128::from_rational(3, 100);
		index.advance(&p, rate);
		let until = index;
		for _ in 0..5 {
			index.advance(&p, rate);
		}
		let mut clamped = a;
		let earned = clamped.settle_to(&index, &until, |_| None);
		// One epoch: 100 DSY × 0.03 × 0.97 (rounded down).
		let exact = FixedU128::from_rational(291, 100);
		assert!(earned <= exact && exact.into_inner() - earned.into_inner() <= 1, "{earned:?}");
		assert!(a.settle(&index, |_| None) > earned);
		// Settled past the clamp: nothing more, however long it waits.
		for _ in 0..5 {
			index.advance(&p, rate);
		}
		assert_eq!(clamped.settle_to(&index, &until, |_| None), FixedU128::zero());
	}

	#[test]
	fn dispute_needs_ratio_and_floor() {
		let p = Params::default();
		let index = GlobalIndex::default();
		let mut a = AssetAccount::new(&index);
		a.add_rating(&rating(&p, 1, 5).unwrap());
		assert!(!a.dispute_exceeded(&p), "5 DSY of dispute is under the 10 DSY floor");
		a.add_rating(&rating(&p, 1, 5).unwrap());
		assert!(a.dispute_exceeded(&p));
		a.add_rating(&rating(&p, 5, 10).unwrap());
		assert!(!a.dispute_exceeded(&p), "D = R is not above 1·R");
	}
}
