//! # Hybrid governance: stake + reputation voting on an allowed set of actions
//!
//! dsynapse is governed by referenda ([`pallet_referenda`], with the scheduler and the preimage
//! pallet) whose votes this pallet collects and counts in a **two-chamber tally**
//! ([`tally::Tally`]): one chamber counts locked stake, the other verifier reputation.
//!
//! ## Joining the electorate
//!
//! Staking is required to take part: [`lock`](Pallet::lock) freezes an amount of the caller's
//! balance (at least `min_lock`; the freeze overlaps other holds, so stake bonded for staking
//! or verification can be locked too). The account's power is then
//!
//! - **stake power** `⌊√locked⌋` (planck): sublinear, so 100× the stake gives 10× the power;
//! - **reputation**: its verifier reputation points (read through [`Config::Reputation`],
//!   snapshotted at `lock`, `vote` and [`refresh`](Pallet::refresh), which anyone may call).
//!
//! The electorate totals S = Σ stake power and R = Σ reputation are kept up to date.
//!
//! ## Voting
//!
//! [`vote`](Pallet::vote)`(poll, aye)` adds the caller's powers to the referendum's tally, each
//! capped at `max_account_share` of its chamber (S or R). One vote per account and referendum;
//! [`remove_vote`](Pallet::remove_vote) withdraws it while the referendum runs, or clears the
//! record once it ended. After a referendum ends, every account that voted on it keeps its lock
//! for [`Config::VoteLockingPeriod`] more blocks; [`unlock`](Pallet::unlock) releases stake once
//! all votes are removed and that period is over.
//!
//! A referendum passes when, for long enough (the track's confirm period),
//!
//! ```text
//! support  = min(stake turnout / S, reputation turnout / R)            ≥ track's min_support
//! approval = w·(stake ayes / stake turnout) + (1−w)·(rep. ayes / rep. turnout) ≥ min_approval
//! ```
//!
//! so no chamber can be ignored: an account holding most of the stake, split over as many
//! accounts as it likes, still has no reputation turnout; a reputation clique has no stake
//! turnout. `docs/governance.md` works through the numbers.
//!
//! ## Proposing
//!
//! [`propose`](Pallet::propose)`(call, enactment_after)` submits a referendum for an **allowed**
//! call only ([`Config::AllowedCalls`]): tokenomics, verification or governance parameters
//! (track *parameters*), a DAO-vault [`spend`](Pallet::spend) (track *treasury*, refused up front
//! when the vault cannot pay) and [`authorize_upgrade`](Pallet::authorize_upgrade) (track
//! *runtime upgrade*). The call is stored as a preimage and enacted, after the track's
//! enactment delay, with this pallet's [`Origin`] for its track — an origin that the runtime
//! accepts only for those calls. The submission and decision deposits are pallet-referenda's.
//!
//! An emergency canceller (see [`Cancellers`]) may cancel a referendum through
//! `pallet_referenda::cancel`; the list itself is governed.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod origin;
pub mod runtime_api;
pub mod tally;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod tests;

pub use origin::{EnsureCanceller, EnsureGovernance};
pub use pallet::*;
pub use tally::Tally;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::{
	fungible::{Inspect, InspectFreeze, Mutate, MutateFreeze},
	tokens::{Fortitude, Preservation},
};

/// Balance type of the governance currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// Referendum index.
pub type PollIndex = pallet_referenda::ReferendumIndex;

/// A voter record of this runtime.
pub type VoterOf<T> = Voter<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;

#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		pallet_prelude::*,
		traits::{schedule::DispatchTime, PollStatus, Polling, StorePreimage},
	};
	use frame_system::pallet_prelude::*;
	use pallet_referenda::{PalletsOriginOf, ReferendumCount};
	use sp_runtime::{traits::Saturating, Perbill};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ pallet_referenda::Config<
			Votes = u128,
			Tally = Tally<Self>,
			BlockNumberProvider = frame_system::Pallet<Self>,
		>
	{
		/// The token: locks are freezes, vault spends are transfers.
		type Currency: Inspect<Self::AccountId, Balance = u128>
			+ Mutate<Self::AccountId>
			+ InspectFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ MutateFreeze<Self::AccountId>;
		/// The runtime's freeze reasons.
		type RuntimeFreezeReason: From<FreezeReason>;
		/// Verifier reputation.
		type Reputation: ReputationOf<Self::AccountId>;
		/// The calls governance may enact, and what they are.
		type AllowedCalls: ClassifyCall<
			<Self as frame_system::Config>::RuntimeCall,
			BalanceOf<Self>,
		>;
		/// The runtime's pallet origin, built from this pallet's [`Origin`].
		type GovernancePalletsOrigin: From<Origin> + Into<PalletsOriginOf<Self>>;
		/// The DAO vault, source of every spend.
		type Vault: Get<Self::AccountId>;
		/// Who may enact a vault spend.
		type SpendOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who may authorize a runtime upgrade.
		type UpgradeOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who may change the governance parameters and the cancellers.
		type ParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Blocks a vote keeps its stake locked after its referendum ended.
		#[pallet::constant]
		type VoteLockingPeriod: Get<BlockNumberFor<Self>>;
		/// Most referenda one account may have vote records on at once.
		#[pallet::constant]
		type MaxVotes: Get<u32>;
		/// Weights.
		type WeightInfo: WeightInfo;
	}

	/// The origin a referendum is enacted with: one per track.
	#[pallet::origin]
	pub type Origin = GovernanceOrigin;

	/// Why this pallet freezes balance.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// Stake locked to vote.
		#[codec(index = 0)]
		GovernanceLock,
	}

	/// Voting power parameters.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, GovernanceParams<BalanceOf<T>>, OptionQuery>;

	/// Electorate totals S (stake power) and R (reputation).
	#[pallet::storage]
	pub type ElectorateTotals<T: Config> = StorageValue<_, Electorate, ValueQuery>;

	/// Accounts with a governance lock.
	#[pallet::storage]
	pub type Voters<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, VoterOf<T>>;

	/// Vote records by referendum and account.
	#[pallet::storage]
	pub type Votes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PollIndex, Blake2_128Concat, T::AccountId, VoteRecord>;

	/// Accounts that may cancel a referendum in an emergency (`pallet_referenda::cancel`).
	#[pallet::storage]
	pub type Cancellers<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, MaxCancellers>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Initial emergency cancellers (at most 8); the parameters start at their defaults.
		pub cancellers: alloc::vec::Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let cancellers: BoundedVec<_, _> =
				self.cancellers.clone().try_into().expect("at most 8 cancellers");
			Cancellers::<T>::put(cancellers);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Stake locked for governance; `locked` is the new total.
		Locked {
			/// The voter.
			who: T::AccountId,
			/// Total locked now.
			locked: BalanceOf<T>,
			/// Stake power now.
			stake_power: u128,
			/// Reputation counted now.
			reputation: u128,
		},
		/// Stake released; `locked` is what remains.
		Unlocked {
			/// The voter.
			who: T::AccountId,
			/// Total still locked.
			locked: BalanceOf<T>,
		},
		/// A vote was cast.
		Voted {
			/// The voter.
			who: T::AccountId,
			/// The referendum.
			poll: PollIndex,
			/// The vote and the (capped) powers it counts.
			vote: VoteRecord,
		},
		/// A vote was withdrawn or its record cleared.
		VoteRemoved {
			/// The voter.
			who: T::AccountId,
			/// The referendum.
			poll: PollIndex,
		},
		/// A voter's reputation snapshot was updated.
		ReputationRefreshed {
			/// The voter.
			who: T::AccountId,
			/// Reputation counted now.
			reputation: u128,
		},
		/// A referendum was submitted for an allowed call.
		Proposed {
			/// The referendum.
			index: PollIndex,
			/// The proposer, who paid the submission deposit.
			who: T::AccountId,
			/// The track (and enactment origin).
			track: GovernanceOrigin,
		},
		/// The DAO vault paid a beneficiary.
		VaultSpent {
			/// Recipient.
			beneficiary: T::AccountId,
			/// Amount paid.
			amount: BalanceOf<T>,
		},
		/// A runtime upgrade was authorized: anyone may now apply the code with this hash
		/// (`System::apply_authorized_upgrade`).
		UpgradeAuthorized {
			/// Hash of the new runtime code.
			code_hash: T::Hash,
		},
		/// Governance parameters changed.
		ParamsChanged {
			/// Before.
			old: GovernanceParams<BalanceOf<T>>,
			/// After.
			new: GovernanceParams<BalanceOf<T>>,
		},
		/// The emergency cancellers changed.
		CancellersChanged {
			/// The new list.
			cancellers: BoundedVec<T::AccountId, MaxCancellers>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account has no governance lock: `lock` stake before voting.
		NoLock,
		/// The account already voted on this referendum (remove the vote to change it).
		AlreadyVoted,
		/// The referendum is not being voted on: it ended, or never existed.
		NotOngoing,
		/// The account has no vote on this referendum.
		NotVoted,
		/// The account has vote records on `MaxVotes` referenda; remove finished ones first.
		TooManyVotes,
		/// A lock below `min_lock`.
		LockTooSmall,
		/// The amount to lock exceeds the account's balance.
		InsufficientBalance,
		/// The lock cannot change while the account has vote records; remove them first.
		VotesNotRemoved,
		/// A finished vote's lock period has not ended yet.
		StillLocked,
		/// Unlocking more than is locked.
		UnlockExceedsLock,
		/// The call is not one governance may enact (parameters, vault spends, upgrades).
		CallNotAllowed,
		/// The DAO vault holds less than the spend (keeping its existential deposit).
		InsufficientVaultFunds,
		/// `stake_weight` outside [20%, 80%].
		InvalidStakeWeight,
		/// `max_account_share` outside [1%, 15%].
		InvalidAccountShare,
		/// `min_lock` is zero.
		InvalidMinLock,
		/// An arithmetic overflow.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Locks (more) stake for governance, joining the electorate. `amount` is the new total
		/// lock, at least `min_lock` and at most the balance. Not while the account has votes.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::lock())]
		pub fn lock(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(amount >= Self::params().min_lock, Error::<T>::LockTooSmall);
			ensure!(
				amount <= <T as Config>::Currency::total_balance(&who),
				Error::<T>::InsufficientBalance
			);
			let mut voter = Voters::<T>::get(&who).unwrap_or(Voter {
				locked: 0,
				stake_power: 0,
				reputation: 0,
				votes: 0,
				unlock_at: Zero::zero(),
			});
			ensure!(voter.votes == 0, Error::<T>::VotesNotRemoved);
			if amount < voter.locked {
				ensure!(
					frame_system::Pallet::<T>::block_number() >= voter.unlock_at,
					Error::<T>::StillLocked
				);
			}
			<T as Config>::Currency::set_freeze(
				&FreezeReason::GovernanceLock.into(),
				&who,
				amount,
			)?;
			let reputation = u128::from(T::Reputation::reputation(&who));
			Self::update_power(&mut voter, amount, reputation);
			Self::deposit_event(Event::Locked {
				who: who.clone(),
				locked: amount,
				stake_power: voter.stake_power,
				reputation,
			});
			Voters::<T>::insert(&who, voter);
			Ok(())
		}

		/// Releases `amount` of the lock (all of it leaves the electorate). Needs every vote
		/// record removed and the last vote's lock period over.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::unlock())]
		pub fn unlock(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
			ensure!(voter.votes == 0, Error::<T>::VotesNotRemoved);
			ensure!(
				frame_system::Pallet::<T>::block_number() >= voter.unlock_at,
				Error::<T>::StillLocked
			);
			let remaining =
				voter.locked.checked_sub(amount).ok_or(Error::<T>::UnlockExceedsLock)?;
			if remaining > 0 && remaining < Self::params().min_lock {
				return Err(Error::<T>::LockTooSmall.into());
			}
			let reason = FreezeReason::GovernanceLock.into();
			if remaining == 0 {
				<T as Config>::Currency::thaw(&reason, &who)?;
				Self::update_power(&mut voter, 0, 0);
				Voters::<T>::remove(&who);
			} else {
				<T as Config>::Currency::set_freeze(&reason, &who, remaining)?;
				let reputation = u128::from(T::Reputation::reputation(&who));
				Self::update_power(&mut voter, remaining, reputation);
				Voters::<T>::insert(&who, voter);
			}
			Self::deposit_event(Event::Unlocked { who, locked: remaining });
			Ok(())
		}

		/// Votes aye or nay on an ongoing referendum with the caller's current powers, each
		/// capped at `max_account_share` of its chamber.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::vote())]
		pub fn vote(origin: OriginFor<T>, poll: PollIndex, aye: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
			ensure!(!Votes::<T>::contains_key(poll, &who), Error::<T>::AlreadyVoted);
			let reputation = u128::from(T::Reputation::reputation(&who));
			let locked = voter.locked;
			Self::update_power(&mut voter, locked, reputation);
			let electorate = ElectorateTotals::<T>::get();
			let share = Self::params().max_account_share;
			let record = VoteRecord {
				aye,
				stake: tally::capped(voter.stake_power, electorate.stake, share),
				reputation: tally::capped(voter.reputation, electorate.reputation, share),
			};
			ensure!(voter.votes < T::MaxVotes::get(), Error::<T>::TooManyVotes);
			voter.votes = voter.votes.saturating_add(1);
			pallet_referenda::Pallet::<T>::try_access_poll(poll, |status| match status {
				PollStatus::Ongoing(tally, _) => {
					tally.add(&record);
					Ok(())
				},
				_ => Err(Error::<T>::NotOngoing.into()),
			})?;
			Votes::<T>::insert(poll, &who, record);
			Voters::<T>::insert(&who, voter);
			Self::deposit_event(Event::Voted { who, poll, vote: record });
			Ok(())
		}

		/// Withdraws the caller's vote from an ongoing referendum, or clears its record from a
		/// finished one (which starts the vote's lock period from the referendum's end).
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_vote())]
		pub fn remove_vote(origin: OriginFor<T>, poll: PollIndex) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
			let record = Votes::<T>::take(poll, &who).ok_or(Error::<T>::NotVoted)?;
			pallet_referenda::Pallet::<T>::access_poll(poll, |status| match status {
				PollStatus::Ongoing(tally, _) => tally.remove(&record),
				PollStatus::Completed(end, _) => {
					let until = end.saturating_add(T::VoteLockingPeriod::get());
					voter.unlock_at = voter.unlock_at.max(until);
				},
				PollStatus::None => {},
			});
			voter.votes = voter.votes.saturating_sub(1);
			Voters::<T>::insert(&who, voter);
			Self::deposit_event(Event::VoteRemoved { who, poll });
			Ok(())
		}

		/// Updates `who`'s reputation snapshot in the electorate (anyone may call). Votes already
		/// cast keep the power they were cast with.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::refresh())]
		pub fn refresh(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let mut voter = Voters::<T>::get(&who).ok_or(Error::<T>::NoLock)?;
			let reputation = u128::from(T::Reputation::reputation(&who));
			let locked = voter.locked;
			Self::update_power(&mut voter, locked, reputation);
			Voters::<T>::insert(&who, voter);
			Self::deposit_event(Event::ReputationRefreshed { who, reputation });
			Ok(())
		}

		/// Submits a referendum for an allowed call, enacted `enactment_after` blocks after
		/// approval (at least the track's minimum). Takes pallet-referenda's submission deposit;
		/// the decision deposit is placed with `Referenda::place_decision_deposit`.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::propose())]
		pub fn propose(
			origin: OriginFor<T>,
			call: Box<<T as frame_system::Config>::RuntimeCall>,
			enactment_after: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin.clone())?;
			let action = T::AllowedCalls::classify(&call).ok_or(Error::<T>::CallNotAllowed)?;
			if let Action::Spend(amount) = action {
				ensure!(amount <= Self::vault_spendable(), Error::<T>::InsufficientVaultFunds);
			}
			let call: <T as pallet_referenda::Config>::RuntimeCall = (*call).into();
			let proposal = <T as pallet_referenda::Config>::Preimages::bound(call)?;
			let index = ReferendumCount::<T>::get();
			let track = action.origin();
			let proposal_origin: PalletsOriginOf<T> =
				T::GovernancePalletsOrigin::from(track).into();
			pallet_referenda::Pallet::<T>::submit(
				origin,
				Box::new(proposal_origin),
				proposal,
				DispatchTime::After(enactment_after),
			)?;
			Self::deposit_event(Event::Proposed { index, who, track });
			Ok(())
		}

		/// Pays `amount` from the DAO vault to `beneficiary` (the vault keeps its existential
		/// deposit). Enacted by a treasury-track referendum.
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::spend())]
		pub fn spend(
			origin: OriginFor<T>,
			beneficiary: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::SpendOrigin::ensure_origin(origin)?;
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

		/// Authorizes a runtime upgrade to the code with `code_hash` (its spec version must be
		/// higher); anyone then applies it with `System::apply_authorized_upgrade`. Enacted by a
		/// runtime-upgrade-track referendum.
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::UpgradeOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Self::deposit_event(Event::UpgradeAuthorized { code_hash });
			Ok(())
		}

		/// Sets the voting power parameters. Enacted by a parameters-track referendum.
		#[pallet::call_index(8)]
		#[pallet::weight(<T as Config>::WeightInfo::set_params())]
		pub fn set_params(
			origin: OriginFor<T>,
			params: GovernanceParams<BalanceOf<T>>,
		) -> DispatchResult {
			T::ParamsOrigin::ensure_origin(origin)?;
			Self::check_params(&params)?;
			let old = Self::params();
			Params::<T>::put(params);
			Self::deposit_event(Event::ParamsChanged { old, new: params });
			Ok(())
		}

		/// Replaces the emergency cancellers (at most 8). Enacted by a parameters-track
		/// referendum. Every allowed call has a bounded size, so a proposal's preimage is too.
		#[pallet::call_index(9)]
		#[pallet::weight(<T as Config>::WeightInfo::set_cancellers())]
		pub fn set_cancellers(
			origin: OriginFor<T>,
			cancellers: BoundedVec<T::AccountId, MaxCancellers>,
		) -> DispatchResult {
			T::ParamsOrigin::ensure_origin(origin)?;
			Cancellers::<T>::put(cancellers.clone());
			Self::deposit_event(Event::CancellersChanged { cancellers });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The parameters in force.
		pub fn params() -> GovernanceParams<BalanceOf<T>> {
			Params::<T>::get().unwrap_or_else(Self::default_params)
		}

		/// Defaults: w = 50%, cap 10%, minimum lock 1 DSY.
		pub fn default_params() -> GovernanceParams<BalanceOf<T>> {
			GovernanceParams {
				stake_weight: Perbill::from_percent(50),
				max_account_share: Perbill::from_percent(10),
				min_lock: 1_000_000_000_000,
			}
		}

		/// The electorate totals.
		pub fn electorate() -> Electorate {
			ElectorateTotals::<T>::get()
		}

		/// Checks every bound, each with its own error.
		pub fn check_params(params: &GovernanceParams<BalanceOf<T>>) -> DispatchResult {
			use types::bounds::*;
			ensure!(
				params.stake_weight >= STAKE_WEIGHT_MIN && params.stake_weight <= STAKE_WEIGHT_MAX,
				Error::<T>::InvalidStakeWeight
			);
			ensure!(
				params.max_account_share >= ACCOUNT_SHARE_MIN
					&& params.max_account_share <= ACCOUNT_SHARE_MAX,
				Error::<T>::InvalidAccountShare
			);
			ensure!(params.min_lock > 0, Error::<T>::InvalidMinLock);
			Ok(())
		}

		/// What the vault can pay out and stay alive.
		pub fn vault_spendable() -> BalanceOf<T> {
			<T as Config>::Currency::reducible_balance(
				&T::Vault::get(),
				Preservation::Preserve,
				Fortitude::Polite,
			)
		}

		/// Sets a voter's lock and reputation snapshot, moving the electorate totals with them.
		fn update_power(voter: &mut VoterOf<T>, locked: BalanceOf<T>, reputation: u128) {
			let stake_power = tally::stake_power(locked);
			ElectorateTotals::<T>::mutate(|e| {
				e.stake = e.stake.saturating_sub(voter.stake_power).saturating_add(stake_power);
				e.reputation =
					e.reputation.saturating_sub(voter.reputation).saturating_add(reputation);
			});
			voter.locked = locked;
			voter.stake_power = stake_power;
			voter.reputation = reputation;
		}

		/// An account's voting power now (runtime API).
		pub fn voting_power(who: &T::AccountId) -> VotingPower<BalanceOf<T>> {
			let params = Self::params();
			let electorate = ElectorateTotals::<T>::get();
			let Some(voter) = Voters::<T>::get(who) else { return VotingPower::default() };
			let reputation = u128::from(T::Reputation::reputation(who));
			// The electorate as it would be after refreshing this voter's snapshot.
			let rep_total =
				electorate.reputation.saturating_sub(voter.reputation).saturating_add(reputation);
			let stake =
				tally::capped(voter.stake_power, electorate.stake, params.max_account_share);
			let reputation = tally::capped(reputation, rep_total, params.max_account_share);
			let share = tally::combine(
				tally::ratio(stake, electorate.stake),
				tally::ratio(reputation, rep_total),
				params.stake_weight,
			);
			VotingPower { locked: voter.locked, stake, reputation, share }
		}

		/// Checks the invariants: every lock is the freeze it claims, the electorate totals are
		/// the sums of the voters' powers, each voter's vote list matches the vote records,
		/// each ongoing referendum's tally is the sum of its votes, and every referendum
		/// deposit not yet refunded is still reserved from its depositor.
		#[cfg(any(feature = "try-runtime", feature = "std"))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::ReservableCurrency;
			use pallet_referenda::{ReferendumInfo, ReferendumInfoFor};
			use sp_runtime::traits::UniqueSaturatedInto;

			let reason = FreezeReason::GovernanceLock.into();
			let mut totals = Electorate::default();
			let mut records = 0usize;
			for (who, voter) in Voters::<T>::iter() {
				ensure!(voter.locked > 0, "a voter with nothing locked");
				ensure!(
					<T as Config>::Currency::balance_frozen(&reason, &who) == voter.locked,
					"a governance freeze differs from the voter's lock"
				);
				ensure!(
					voter.stake_power == tally::stake_power(voter.locked),
					"stake power is not the square root of the lock"
				);
				totals.stake = totals.stake.saturating_add(voter.stake_power);
				totals.reputation = totals.reputation.saturating_add(voter.reputation);
				records = records.saturating_add(voter.votes as usize);
			}
			ensure!(totals == ElectorateTotals::<T>::get(), "electorate totals differ from voters");
			let mut counted: BTreeMap<T::AccountId, usize> = BTreeMap::new();
			for (_, who, _) in Votes::<T>::iter() {
				ensure!(Voters::<T>::contains_key(&who), "a vote record without a voter");
				let entry = counted.entry(who).or_insert(0);
				*entry = entry.saturating_add(1);
			}
			ensure!(
				counted.values().sum::<usize>() == records,
				"vote records differ from the voters' counts"
			);
			for (who, count) in counted {
				let listed = Voters::<T>::get(&who).map(|v| v.votes as usize);
				ensure!(listed == Some(count), "a voter's vote count differs from its records");
			}

			let mut deposits: BTreeMap<T::AccountId, u128> = BTreeMap::new();
			let mut add = |d: &Option<pallet_referenda::Deposit<T::AccountId, _>>| {
				if let Some(d) = d {
					let amount: u128 = UniqueSaturatedInto::<u128>::unique_saturated_into(d.amount);
					let entry = deposits.entry(d.who.clone()).or_insert(0);
					*entry = entry.saturating_add(amount);
				}
			};
			for (index, info) in ReferendumInfoFor::<T>::iter() {
				match info {
					ReferendumInfo::Ongoing(status) => {
						let mut sum = Tally::<T>::default();
						for (_, record) in Votes::<T>::iter_prefix(index) {
							sum.add(&record);
						}
						ensure!(sum == status.tally, "a tally differs from its vote records");
						add(&Some(status.submission_deposit));
						add(&status.decision_deposit);
					},
					ReferendumInfo::Approved(_, s, d)
					| ReferendumInfo::Rejected(_, s, d)
					| ReferendumInfo::Cancelled(_, s, d)
					| ReferendumInfo::TimedOut(_, s, d) => {
						add(&s);
						add(&d);
					},
					ReferendumInfo::Killed(_) => {},
				}
			}
			for (who, amount) in deposits {
				let reserved = <T as pallet_referenda::Config>::Currency::reserved_balance(&who);
				let reserved: u128 = UniqueSaturatedInto::<u128>::unique_saturated_into(reserved);
				ensure!(reserved >= amount, "a referendum deposit is no longer reserved");
			}
			Ok(())
		}
	}
}
