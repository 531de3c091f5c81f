//! Proposals and what referenda enact: submitting an allowed call, paying from the vault,
//! dispatching a Root-only call for the track the runtime names, and the emergency powers
//! (cancelling a referendum, stopping an approved one's enactment). The referenda themselves
//! are the engine's ([`Config::Referenda`](crate::Config::Referenda)).

use crate::{pallet::*, Action, BalanceOf, ClassifyCall, GovernanceOrigin, PollIndex, Referenda};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::Mutate, tokens::Preservation, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Dispatchable;

impl<T: Config> Pallet<T> {
	/// [`Pallet::propose`]: `call` submitted as a referendum on the track its kind belongs to.
	pub(crate) fn do_propose(
		origin: T::RuntimeOrigin,
		who: T::AccountId,
		call: <T as frame_system::Config>::RuntimeCall,
		enactment_after: BlockNumberFor<T>,
	) -> DispatchResult {
		let action = T::AllowedCalls::classify(&call).ok_or(Error::<T>::CallNotAllowed)?;
		if let Action::Spend(amount) = action {
			ensure!(amount <= Self::vault_spendable(), Error::<T>::InsufficientVaultFunds);
		}
		let track = action.origin();
		let index = T::Referenda::submit(origin, track, call, enactment_after)?;
		Self::deposit_event(Event::Proposed { index, who, track });
		Ok(())
	}

	/// [`Pallet::spend`]: pays from the DAO vault, keeping its existential deposit.
	pub(crate) fn do_spend(beneficiary: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(amount <= Self::vault_spendable(), Error::<T>::InsufficientVaultFunds);
		<T as Config>::Currency::transfer(
			&T::Vault::get(),
			&beneficiary,
			amount,
			Preservation::Preserve,
		)?;
		Self::deposit_event(Event::VaultSpent { beneficiary, amount });
		Ok(())
	}

	/// [`Pallet::enact_as_root`]: `call` as Root, when `track` is the one the runtime names
	/// for it.
	pub(crate) fn do_enact_as_root(
		track: GovernanceOrigin,
		call: <T as frame_system::Config>::RuntimeCall,
	) -> DispatchResult {
		ensure!(T::AllowedCalls::root_track(&call) == Some(track), Error::<T>::CallNotAllowed);
		call.dispatch(frame_system::RawOrigin::Root.into()).map_err(|e| e.error)?;
		Self::deposit_event(Event::EnactedAsRoot { track });
		Ok(())
	}

	/// [`Pallet::emergency_cancel`]: a canceller stops an ongoing referendum that is not on
	/// the emergency track.
	pub(crate) fn do_emergency_cancel(who: T::AccountId, index: PollIndex) -> DispatchResult {
		ensure!(Cancellers::<T>::get().contains(&who), Error::<T>::NotCanceller);
		let on_emergency_track = T::Referenda::ongoing_on(index, GovernanceOrigin::Emergency)
			.ok_or(Error::<T>::NotOngoing)?;
		ensure!(!on_emergency_track, Error::<T>::ProtectedTrack);
		T::Referenda::cancel(index)?;
		Self::deposit_event(Event::EmergencyCancelled { who, index });
		Ok(())
	}

	/// [`Pallet::cancel_enactment`]: an approved referendum's enactment never runs.
	pub(crate) fn do_cancel_enactment(index: PollIndex) -> DispatchResult {
		ensure!(T::Referenda::approved(index), Error::<T>::NotApproved);
		T::Referenda::cancel_enactment(index).map_err(|_| Error::<T>::NoPendingEnactment)?;
		Self::deposit_event(Event::EnactmentCancelled { index });
		Ok(())
	}
}
