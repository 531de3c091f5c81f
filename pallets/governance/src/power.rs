//! Voting power: pure functions of a lock and a verifier's standing.
//!
//! - **Stake power** is the locked balance itself (planck). It is *additive*: a lock split over
//!   k accounts has exactly the power of the whole, so splitting gains nothing (and there is no
//!   per-account cap to bypass: a cap is exactly what splitting defeats).
//! - **Reputation power** is the verifier's points, halved for every
//!   `reputation_half_life` blocks they have gone unchanged (linearly in between), and never
//!   more than `stake at risk / stake_per_point`. Points come only from answers that agreed
//!   with a verdict, which need a committee seat, which is drawn by stake; the stake bound makes
//!   every point counted stand on slashable stake. Because `Σ min(pᵢ, sᵢ/c) ≤ min(Σpᵢ, Σsᵢ/c)`,
//!   a swarm of k sybil verifiers holding points p and stake s between them counts at most what
//!   one verifier holding p and s counts.

use crate::types::GovernanceParams;
use dsynapse_asset_types::VerifierStanding;

/// Stake power of a lock: the lock (planck).
pub fn stake(locked: u128) -> u128 {
	locked
}

/// `points` after `idle` blocks without a change: halved every `half_life` blocks, linear in
/// between (`2^-x` interpolated between whole halvings), rounded down; no decay when
/// `half_life` is 0. Non-increasing in `idle`.
pub fn decayed(points: u32, idle: u64, half_life: u32) -> u128 {
	let points = u128::from(points);
	if half_life == 0 {
		return points;
	}
	let h = u64::from(half_life);
	let halvings = idle.checked_div(h).unwrap_or(0);
	if halvings >= 32 {
		return 0;
	}
	let into = u128::from(idle.checked_rem(h).unwrap_or(0));
	let base = points.checked_shr(halvings as u32).unwrap_or(0);
	// base · (1 − into / 2h): from base (into = 0) down to just above base / 2.
	let twice = u128::from(h).saturating_mul(2);
	base.saturating_mul(twice.saturating_sub(into)).checked_div(twice).unwrap_or(0)
}

/// The reputation power of a verifier's standing at block `now`: its decayed points, at most
/// `at_risk / stake_per_point`.
pub fn reputation<Balance: Into<u128> + Copy>(
	standing: &VerifierStanding<Balance, u64>,
	now: u64,
	params: &GovernanceParams<u128>,
) -> u128 {
	let idle = now.saturating_sub(standing.changed_at);
	let earned = decayed(standing.points, idle, params.reputation_half_life);
	let backed = standing.at_risk.into().checked_div(params.stake_per_point).unwrap_or(0);
	earned.min(backed)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
	use super::*;
	use proptest::prelude::*;

	const DSY: u128 = 1_000_000_000_000;

	fn params(half_life: u32) -> GovernanceParams<u128> {
		GovernanceParams { min_lock: DSY, stake_per_point: DSY, reputation_half_life: half_life }
	}

	fn standing(points: u32, changed_at: u64, at_risk: u128) -> VerifierStanding<u128, u64> {
		VerifierStanding { points, changed_at, at_risk }
	}

	#[test]
	fn decay_halves_every_half_life() {
		assert_eq!(decayed(1_000, 0, 100), 1_000);
		assert_eq!(decayed(1_000, 50, 100), 750);
		assert_eq!(decayed(1_000, 100, 100), 500);
		assert_eq!(decayed(1_000, 200, 100), 250);
		assert_eq!(decayed(u32::MAX, 32 * 100, 100), 0);
		assert_eq!(decayed(7, 1_000_000, 0), 7, "no half-life, no decay");
	}

	#[test]
	fn reputation_is_bounded_by_the_stake_at_risk() {
		// 500 points, but 100 DSY at risk backs 100.
		assert_eq!(reputation(&standing(500, 0, 100 * DSY), 0, &params(100)), 100);
		// 50 points, plenty of stake.
		assert_eq!(reputation(&standing(50, 0, 100 * DSY), 0, &params(100)), 50);
		// No stake at risk: nothing counts, whatever the points.
		assert_eq!(reputation(&standing(u32::MAX, 0, 0), 0, &params(100)), 0);
		// Idle for a half-life: half.
		assert_eq!(reputation(&standing(50, 10, 100 * DSY), 110, &params(100)), 25);
	}

	proptest! {
		/// A lock split over any number of accounts has exactly the power of the whole.
		#[test]
		fn splitting_a_lock_gains_nothing(parts in prop::collection::vec(0u128..u64::MAX as u128, 1..64)) {
			let whole: u128 = parts.iter().sum();
			let split: u128 = parts.iter().map(|p| stake(*p)).sum();
			prop_assert_eq!(split, stake(whole));
		}

		/// k sybil verifiers count at most what one verifier with all their points and all
		/// their stake counts.
		#[test]
		fn a_sybil_swarm_gains_nothing(
			swarm in prop::collection::vec((0u32..1_000_000, 0u128..1_000_000 * DSY), 1..32),
			idle in 0u64..10_000_000,
			half_life in 100_800u32..5_256_000,
		) {
			let p = params(half_life);
			let now = 10_000_000u64;
			let changed_at = now - idle;
			let split: u128 = swarm
				.iter()
				.map(|(points, risk)| reputation(&standing(*points, changed_at, *risk), now, &p))
				.sum();
			let points: u64 = swarm.iter().map(|(points, _)| u64::from(*points)).sum();
			let risk: u128 = swarm.iter().map(|(_, risk)| *risk).sum();
			// The single verifier: all the points (under 2³² here), decayed alike.
			let one_points = decayed(u32::try_from(points).unwrap_or(u32::MAX), idle, half_life);
			let one = one_points.min(risk / p.stake_per_point);
			prop_assert!(split <= one, "split {split} > one {one}");
		}

		/// Decay never increases with idle time and never exceeds the points.
		#[test]
		fn decay_is_monotone(points: u32, a in 0u64..1 << 40, b in 0u64..1 << 40, half_life: u32) {
			let (early, late) = (a.min(b), a.max(b));
			prop_assert!(decayed(points, late, half_life) <= decayed(points, early, half_life));
			prop_assert!(decayed(points, early, half_life) <= u128::from(points));
		}

		/// Between two whole halvings the interpolation stays between their values.
		#[test]
		fn decay_stays_between_halvings(points: u32, idle in 0u64..1 << 36, half_life in 1u32..u32::MAX) {
			let h = u64::from(half_life);
			let k = (idle / h).min(40) as u32;
			let upper = u128::from(points).checked_shr(k).unwrap_or(0);
			let lower = u128::from(points).checked_shr(k + 1).unwrap_or(0);
			let v = decayed(points, idle, half_life);
			prop_assert!(v <= upper && v >= lower, "{lower} <= {v} <= {upper}");
		}
	}
}
