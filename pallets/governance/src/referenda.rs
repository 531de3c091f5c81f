//! The referenda engine, as governance sees it.
//!
//! Governance does not own referenda: it counts their votes and decides what they may enact.
//! Votes reach a referendum's tally through [`frame_support::traits::Polling`]
//! ([`Config::Polls`](crate::Config::Polls)); everything else governance asks of the engine —
//! submit a proposal on a track, cancel a referendum, stop an approved one's enactment — goes
//! through the [`Referenda`] trait ([`Config::Referenda`](crate::Config::Referenda)).
//! [`ReferendaPallet`] implements it over `pallet-referenda`, which is what the runtime uses;
//! nothing else in this pallet names `pallet-referenda`'s storage or calls, so another engine
//! would only need another implementation of these two traits.

use crate::{GovernanceOrigin, PollIndex};
use alloc::{boxed::Box, vec::Vec};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::{DispatchError, DispatchResult, Weight},
	traits::{
		schedule::{v3::Named as _, DispatchTime},
		StorePreimage,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_referenda::{
	PalletsOriginOf, ReferendumCount, ReferendumInfo, ReferendumInfoFor, TracksInfo as _,
	WeightInfo as _,
};

/// What governance needs from the referenda engine besides the votes.
pub trait Referenda<RuntimeOrigin, Call, BlockNumber> {
	/// Submits `call` as a referendum on `track` (enacted with that track's
	/// [`GovernanceOrigin`]), `enact_after` blocks after its approval. `proposer` is a signed
	/// origin and pays the engine's submission deposit. Returns the referendum's index.
	fn submit(
		proposer: RuntimeOrigin,
		track: GovernanceOrigin,
		call: Call,
		enact_after: BlockNumber,
	) -> Result<PollIndex, DispatchError>;

	/// `None` when referendum `index` is not ongoing; otherwise whether it is on `track`.
	fn ongoing_on(index: PollIndex, track: GovernanceOrigin) -> Option<bool>;

	/// Cancels the ongoing referendum `index` with the emergency track's authority (its
	/// deposits become refundable).
	fn cancel(index: PollIndex) -> DispatchResult;

	/// The weight of [`cancel`](Self::cancel).
	fn cancel_weight() -> Weight;

	/// Whether referendum `index` was approved.
	fn approved(index: PollIndex) -> bool;

	/// Removes the scheduled enactment of an approved referendum; an error when none waits
	/// (it ran, or was removed).
	fn cancel_enactment(index: PollIndex) -> DispatchResult;

	/// Every ongoing referendum (for `try_state`: this walks all referenda ever made).
	fn ongoing() -> Vec<PollIndex>;

	/// The engine's own state governance relies on: every deposit not yet refunded is still
	/// reserved from its depositor (for `try_state`).
	fn check_deposits() -> Result<(), &'static str>;
}

/// [`Referenda`] over `pallet-referenda` (instance `I`), whose `Tracks` give each
/// [`GovernanceOrigin`] its track.
pub struct ReferendaPallet<T, I = ()>(PhantomData<(T, I)>);

impl<T, I> ReferendaPallet<T, I>
where
	T: pallet_referenda::Config<I>,
	I: 'static,
	PalletsOriginOf<T>: From<GovernanceOrigin>,
{
	fn origin_of(track: GovernanceOrigin) -> PalletsOriginOf<T> {
		PalletsOriginOf::<T>::from(track)
	}
}

impl<T, I> Referenda<T::RuntimeOrigin, <T as frame_system::Config>::RuntimeCall, BlockNumberFor<T>>
	for ReferendaPallet<T, I>
where
	T: pallet_referenda::Config<I, BlockNumberProvider = frame_system::Pallet<T>>,
	I: 'static,
	PalletsOriginOf<T>: From<GovernanceOrigin>,
{
	fn submit(
		proposer: T::RuntimeOrigin,
		track: GovernanceOrigin,
		call: <T as frame_system::Config>::RuntimeCall,
		enact_after: BlockNumberFor<T>,
	) -> Result<PollIndex, DispatchError> {
		let call: <T as pallet_referenda::Config<I>>::RuntimeCall = call.into();
		let proposal = <T as pallet_referenda::Config<I>>::Preimages::bound(call)?;
		let index = ReferendumCount::<T, I>::get();
		pallet_referenda::Pallet::<T, I>::submit(
			proposer,
			Box::new(Self::origin_of(track)),
			proposal,
			DispatchTime::After(enact_after),
		)?;
		Ok(index)
	}

	fn ongoing_on(index: PollIndex, track: GovernanceOrigin) -> Option<bool> {
		match ReferendumInfoFor::<T, I>::get(index) {
			Some(ReferendumInfo::Ongoing(status)) => {
				let id =
					<T as pallet_referenda::Config<I>>::Tracks::track_for(&Self::origin_of(track))
						.ok();
				Some(id == Some(status.track))
			},
			_ => None,
		}
	}

	fn cancel(index: PollIndex) -> DispatchResult {
		let origin: T::RuntimeOrigin = Self::origin_of(GovernanceOrigin::Emergency).into();
		pallet_referenda::Pallet::<T, I>::cancel(origin, index)
	}

	fn cancel_weight() -> Weight {
		<T as pallet_referenda::Config<I>>::WeightInfo::cancel()
	}

	fn approved(index: PollIndex) -> bool {
		matches!(ReferendumInfoFor::<T, I>::get(index), Some(ReferendumInfo::Approved(..)))
	}

	fn cancel_enactment(index: PollIndex) -> DispatchResult {
		<T as pallet_referenda::Config<I>>::Scheduler::cancel_named(enactment_task(index))
	}

	fn ongoing() -> Vec<PollIndex> {
		ReferendumInfoFor::<T, I>::iter()
			.filter(|(_, info)| matches!(info, ReferendumInfo::Ongoing(..)))
			.map(|(index, _)| index)
			.collect()
	}

	fn check_deposits() -> Result<(), &'static str> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::ReservableCurrency;
		use sp_runtime::traits::Saturating;
		let mut deposits: BTreeMap<T::AccountId, pallet_referenda::BalanceOf<T, I>> =
			BTreeMap::new();
		let mut add = |d: Option<pallet_referenda::Deposit<T::AccountId, _>>| {
			if let Some(d) = d {
				let entry = deposits.entry(d.who).or_default();
				*entry = entry.saturating_add(d.amount);
			}
		};
		for (_, info) in ReferendumInfoFor::<T, I>::iter() {
			match info {
				ReferendumInfo::Ongoing(status) => {
					add(Some(status.submission_deposit));
					add(status.decision_deposit);
				},
				ReferendumInfo::Approved(_, s, d)
				| ReferendumInfo::Rejected(_, s, d)
				| ReferendumInfo::Cancelled(_, s, d)
				| ReferendumInfo::TimedOut(_, s, d) => {
					add(s);
					add(d);
				},
				ReferendumInfo::Killed(_) => {},
			}
		}
		for (who, amount) in deposits {
			if <T as pallet_referenda::Config<I>>::Currency::reserved_balance(&who) < amount {
				return Err("a referendum deposit is no longer reserved");
			}
		}
		Ok(())
	}
}

/// The scheduler task name under which `pallet-referenda` schedules the enactment of referendum
/// `index`: blake2-256 of `(b"assembly", "enactment", index)` SCALE-encoded.
pub fn enactment_task(index: PollIndex) -> [u8; 32] {
	use codec::Encode;
	(*b"assembly", "enactment", index).using_encoded(sp_io::hashing::blake2_256)
}
