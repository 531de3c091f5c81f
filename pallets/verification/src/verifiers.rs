//! Verifier stake: registration, top-ups, unbonding, withdrawal, slashing, the active set and
//! reputation.

use crate::{pallet::*, types::*};
use dsynapse_asset_types::OnSlashBurned;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision},
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

impl<T: Config> Pallet<T> {
	fn reason() -> T::RuntimeHoldReason {
		HoldReason::VerifierStake.into()
	}

	pub(crate) fn do_register_verifier(who: T::AccountId, stake: BalanceOf<T>) -> DispatchResult {
		ensure!(!Verifiers::<T>::contains_key(&who), Error::<T>::AlreadyVerifier);
		ensure!(stake >= CurrentParams::<T>::get().min_stake, Error::<T>::BelowMinimumStake);
		let mut set = ActiveSet::<T>::get();
		let displaced = Self::take_seat(&mut set, &who, stake)?;
		T::Currency::hold(&Self::reason(), &who, stake)?;
		ActiveSet::<T>::put(set);
		Verifiers::<T>::insert(
			&who,
			VerifierRecord { stake, unbonding: Zero::zero(), unlock_at: Zero::zero() },
		);
		Self::deposit_event(Event::VerifierRegistered { who: who.clone(), stake });
		if let Some(displaced) = displaced {
			Self::deposit_event(Event::Displaced { who: displaced, by: who });
		}
		Ok(())
	}

	pub(crate) fn do_top_up(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut record = Verifiers::<T>::get(&who).ok_or(Error::<T>::NotVerifier)?;
		record.stake = record.stake.saturating_add(amount);
		// Checked first: a refused seat leaves nothing held.
		let displaced = Self::sync_active(&who, record.stake, true)?;
		T::Currency::hold(&Self::reason(), &who, amount)?;
		let stake = record.stake;
		Verifiers::<T>::insert(&who, record);
		Self::deposit_event(Event::StakeAdded { who: who.clone(), amount, stake });
		if let Some(displaced) = displaced {
			Self::deposit_event(Event::Displaced { who: displaced, by: who });
		}
		Ok(())
	}

	pub(crate) fn do_unbond(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut record = Verifiers::<T>::get(&who).ok_or(Error::<T>::NotVerifier)?;
		ensure!(amount <= record.stake, Error::<T>::InsufficientStake);
		let remaining = record.stake.saturating_sub(amount);
		ensure!(
			remaining.is_zero() || remaining >= CurrentParams::<T>::get().min_stake,
			Error::<T>::BelowMinimumStake
		);
		record.stake = remaining;
		record.unbonding = record.unbonding.saturating_add(amount);
		let unlock_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingDelay::get());
		record.unlock_at = unlock_at;
		// A smaller stake never needs a seat: this cannot fail.
		Self::sync_active(&who, remaining, false)?;
		Verifiers::<T>::insert(&who, record);
		Self::deposit_event(Event::Unbonding { who, amount, unlock_at });
		Ok(())
	}

	pub(crate) fn do_withdraw_unbonded(who: T::AccountId) -> DispatchResult {
		let mut record = Verifiers::<T>::get(&who).ok_or(Error::<T>::NotVerifier)?;
		ensure!(!record.unbonding.is_zero(), Error::<T>::NothingUnbonding);
		ensure!(
			frame_system::Pallet::<T>::block_number() >= record.unlock_at,
			Error::<T>::UnbondingNotDue
		);
		let amount =
			T::Currency::release(&Self::reason(), &who, record.unbonding, Precision::BestEffort)?;
		record.unbonding = Zero::zero();
		if record.stake.is_zero() {
			Verifiers::<T>::remove(&who);
		} else {
			Verifiers::<T>::insert(&who, record);
		}
		Self::deposit_event(Event::Withdrawn { who, amount });
		Ok(())
	}

	/// Gives `who` (not in `set`) a seat for `stake`: a free one, or, when the set is full, the
	/// seat of its smallest member if `stake` is strictly larger (the first such member in set
	/// order on a tie among the smallest). Returns the displaced member; fails with
	/// `TooManyVerifiers` when the set is full and `stake` is not above its smallest stake.
	/// Cost: one pass over the set.
	pub(crate) fn take_seat(
		set: &mut BoundedVec<(T::AccountId, BalanceOf<T>), T::MaxVerifiers>,
		who: &T::AccountId,
		stake: BalanceOf<T>,
	) -> Result<Option<T::AccountId>, Error<T>> {
		if set.try_push((who.clone(), stake)).is_ok() {
			return Ok(None);
		}
		let mut smallest: Option<(usize, BalanceOf<T>)> = None;
		for (i, (_, s)) in set.iter().enumerate() {
			if smallest.is_none_or(|(_, min)| *s < min) {
				smallest = Some((i, *s));
			}
		}
		match smallest {
			Some((i, min)) if stake > min => match set.get_mut(i) {
				Some(seat) => {
					let (displaced, _) = core::mem::replace(seat, (who.clone(), stake));
					Ok(Some(displaced))
				},
				None => Err(Error::<T>::TooManyVerifiers),
			},
			_ => Err(Error::<T>::TooManyVerifiers),
		}
	}

	/// Brings `who`'s entry in the active set in line with its active `stake`: updated if listed
	/// and still at least the minimum, removed if not. An eligible verifier outside the set takes
	/// a seat only when `may_enter` (registration and `top_up`, through [`Self::take_seat`]);
	/// unbonding and slashes never add anyone. Returns the member a new entry displaced; fails
	/// only when entering a full set is refused.
	pub(crate) fn sync_active(
		who: &T::AccountId,
		stake: BalanceOf<T>,
		may_enter: bool,
	) -> Result<Option<T::AccountId>, DispatchError> {
		let eligible = stake >= CurrentParams::<T>::get().min_stake && !stake.is_zero();
		ActiveSet::<T>::try_mutate(|set| -> Result<Option<T::AccountId>, DispatchError> {
			let at = set.iter().position(|(a, _)| a == who);
			match (at, eligible) {
				(Some(i), true) => {
					if let Some(entry) = set.get_mut(i) {
						entry.1 = stake;
					}
					Ok(None)
				},
				(Some(i), false) => {
					set.swap_remove(i);
					Ok(None)
				},
				(None, true) if may_enter => Ok(Self::take_seat(set, who, stake)?),
				(None, _) => Ok(None),
			}
		})
	}

	/// Burns `share` of `who`'s stake (active first, then unbonding) and reports it. Worst case
	/// (benchmarked as `slash`): a pass over a full active set, the held-balance burn, the record
	/// write and the [`Config::OnSlashBurned`] report.
	pub(crate) fn slash(who: &T::AccountId, share: Perbill, reason: SlashReason) {
		let Some(mut record) = Verifiers::<T>::get(who) else { return };
		let total = record.stake.saturating_add(record.unbonding);
		let wanted = share.mul_floor(total);
		if wanted.is_zero() {
			return;
		}
		let burned = T::Currency::burn_held(
			&Self::reason(),
			who,
			wanted,
			Precision::BestEffort,
			Fortitude::Force,
		)
		.unwrap_or_else(|_| Zero::zero());
		let from_active = burned.min(record.stake);
		record.stake = record.stake.saturating_sub(from_active);
		record.unbonding = record.unbonding.saturating_sub(burned.saturating_sub(from_active));
		// Selection weight follows the new stake; below the minimum the verifier leaves the set
		// until it tops up. A slash never adds anyone to the set, so this cannot fail.
		let _ = Self::sync_active(who, record.stake, false);
		Verifiers::<T>::insert(who, record);
		if !burned.is_zero() {
			T::OnSlashBurned::on_slash_burned(burned);
			Self::deposit_event(Event::Slashed { who: who.clone(), amount: burned, reason });
		}
	}

	/// Adds (`up`) or removes reputation, saturating at 0 and `u32::MAX`.
	pub(crate) fn adjust_reputation(who: &T::AccountId, step: u32, up: bool) {
		if step == 0 {
			return;
		}
		let reputation = Reputation::<T>::mutate(who, |r| {
			*r = if up { r.saturating_add(step) } else { r.saturating_sub(step) };
			*r
		});
		ReputationChangedAt::<T>::insert(who, Self::now());
		Self::deposit_event(Event::ReputationChanged { who: who.clone(), reputation });
	}
}
