//! The electorate: parameters, each voter's powers and the totals they add up to.

use crate::{
	pallet::*, power, tally, types::bounds::*, BalanceOf, Electorate, GovernanceParams, VoterOf,
	VotingPower,
};
use dsynapse_asset_types::{VerifierStanding, VerifierStandingOf};
use frame_support::{
	ensure,
	traits::{
		fungible::Inspect,
		tokens::{Fortitude, Preservation},
		Get,
	},
};
use sp_runtime::{traits::UniqueSaturatedInto, DispatchResult};

/// One DSY in planck (12 decimals).
const DSY: u128 = 1_000_000_000_000;

impl<T: Config> Pallet<T> {
	/// The parameters in force.
	pub fn params() -> GovernanceParams<BalanceOf<T>> {
		Params::<T>::get().unwrap_or_else(Self::default_params)
	}

	/// Defaults: minimum lock 1 DSY; 1 DSY of verification stake backs one reputation point;
	/// idle reputation halves in 30 days (6-second blocks).
	pub fn default_params() -> GovernanceParams<BalanceOf<T>> {
		GovernanceParams { min_lock: DSY, stake_per_point: DSY, reputation_half_life: 432_000 }
	}

	/// Checks every bound, each with its own error.
	pub fn check_params(params: &GovernanceParams<BalanceOf<T>>) -> DispatchResult {
		ensure!(params.min_lock > 0, Error::<T>::InvalidMinLock);
		ensure!(
			(STAKE_PER_POINT_MIN..=STAKE_PER_POINT_MAX).contains(&params.stake_per_point),
			Error::<T>::InvalidStakePerPoint
		);
		ensure!(
			(HALF_LIFE_MIN..=HALF_LIFE_MAX).contains(&params.reputation_half_life),
			Error::<T>::InvalidHalfLife
		);
		Ok(())
	}

	/// The electorate totals.
	pub fn electorate() -> Electorate {
		ElectorateTotals::<T>::get()
	}

	/// What the vault can pay out and stay alive.
	pub fn vault_spendable() -> BalanceOf<T> {
		<T as Config>::Currency::reducible_balance(
			&T::Vault::get(),
			Preservation::Preserve,
			Fortitude::Polite,
		)
	}

	/// `who`'s reputation power now ([`power::reputation`] of its verifier standing).
	pub fn reputation_now(who: &T::AccountId) -> u128 {
		let standing = T::Standing::standing(who);
		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let standing = VerifierStanding {
			points: standing.points,
			changed_at: standing.changed_at.unique_saturated_into(),
			at_risk: standing.at_risk,
		};
		power::reputation(&standing, now, &Self::params())
	}

	/// Sets a voter's lock and reputation snapshot, moving the electorate totals with them.
	pub(crate) fn update_power(voter: &mut VoterOf<T>, locked: BalanceOf<T>, reputation: u128) {
		let stake_power = power::stake(locked);
		ElectorateTotals::<T>::mutate(|e| {
			e.stake = e.stake.saturating_sub(voter.stake_power).saturating_add(stake_power);
			e.reputation = e.reputation.saturating_sub(voter.reputation).saturating_add(reputation);
		});
		voter.locked = locked;
		voter.stake_power = stake_power;
		voter.reputation = reputation;
	}

	/// An account's voting power now (runtime API), with its snapshot refreshed.
	pub fn voting_power(who: &T::AccountId) -> VotingPower<BalanceOf<T>> {
		let electorate = ElectorateTotals::<T>::get();
		let Some(voter) = Voters::<T>::get(who) else { return VotingPower::default() };
		let reputation = Self::reputation_now(who);
		// The electorate as it would be after refreshing this voter's snapshot.
		let rep_total =
			electorate.reputation.saturating_sub(voter.reputation).saturating_add(reputation);
		VotingPower {
			locked: voter.locked,
			stake: voter.stake_power,
			reputation,
			stake_share: tally::ratio(voter.stake_power, electorate.stake),
			reputation_share: tally::ratio(reputation, rep_total),
		}
	}
}
