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
//! or verification can be locked too). The account then has two powers ([`power`]):
//!
//! - **stake power**: the lock itself. Linear, so splitting a lock over many accounts neither
//!   gains nor loses anything, and there is no per-account cap for a split to bypass;
//! - **reputation power**: its verifier reputation points (read through [`Config::Standing`]),
//!   halved for every `reputation_half_life` blocks they go unchanged, and at most
//!   `stake at risk in verification / stake_per_point`: every point counted stands on
//!   slashable stake, so a sybil swarm counts no more than one verifier with its points and
//!   stake. Snapshotted at `lock`, `vote` and [`refresh`](Pallet::refresh) (anyone may bring
//!   an account's snapshot up to date; it changes no referendum already submitted).
//!
//! The electorate totals S = Σ stake power and R = Σ reputation power are kept up to date.
//!
//! ## Voting
//!
//! [`vote`](Pallet::vote)`(poll, aye)` adds the caller's powers to the referendum's tally. One
//! vote per account and referendum; [`remove_vote`](Pallet::remove_vote) withdraws it while the
//! referendum runs, or clears the record once it ended. After a referendum ends, every account
//! that voted on it keeps its lock for [`Config::VoteLockingPeriod`] more blocks;
//! [`unlock`](Pallet::unlock) releases stake once all votes are removed and that period is over.
//!
//! A referendum passes when, for long enough (the track's confirm period),
//!
//! ```text
//! support  = min(stake turnout / S₀, reputation turnout / R₀)            ≥ track's min_support
//! approval = min(stake ayes / stake turnout, rep. ayes / rep. turnout)    ≥ track's min_approval
//! ```
//!
//! with S₀, R₀ the electorate when it was submitted ([`tally::Tally`]): **both chambers must
//! concur**. A whale (any amount of stake, split or not) has no reputation turnout; a
//! reputation clique has no stake majority; locking silent accounts after a submission does
//! not move its support. `docs/governance.md` works through the attacks and their numbers.
//!
//! ## Proposing
//!
//! [`propose`](Pallet::propose)`(call, enactment_after)` submits a referendum for an **allowed**
//! call only ([`Config::AllowedCalls`]): tokenomics, verification or governance parameters
//! (track *parameters*), a DAO-vault [`spend`](Pallet::spend) (track *treasury*, refused up front
//! when the vault cannot pay), [`authorize_upgrade`](Pallet::authorize_upgrade) (track *runtime
//! upgrade*) and emergency actions (track *emergency*). The call is stored as a preimage and
//! enacted, after the track's enactment delay, with this pallet's [`Origin`] for its track — an
//! origin that the runtime accepts only for those calls. The submission and decision deposits
//! are pallet-referenda's.
//!
//! Calls that demand Root (staking administration, consensus recovery) are proposed wrapped in
//! [`enact_as_root`](Pallet::enact_as_root), which dispatches them as Root only when enacted by
//! the track the runtime names for them ([`ClassifyCall::root_track`]).
//!
//! ## Emergencies
//!
//! - An emergency canceller ([`Cancellers`]) may stop an ongoing referendum with
//!   [`emergency_cancel`](Pallet::emergency_cancel) — never one on the emergency track, where
//!   [`set_cancellers`](Pallet::set_cancellers) runs: cancellers cannot stop their removal.
//! - An emergency referendum may cancel an approved referendum's scheduled enactment
//!   ([`cancel_enactment`](Pallet::cancel_enactment)) and, through pallet-referenda, cancel or
//!   kill any referendum (killing burns its deposits).
//!
//! ## The referenda engine
//!
//! The pallet does not depend on `pallet-referenda`'s configuration: votes reach a tally
//! through [`frame_support::traits::Polling`] ([`Config::Polls`]), and submitting, cancelling
//! and stopping an enactment go through the small [`Referenda`] trait ([`Config::Referenda`]),
//! which [`ReferendaPallet`] implements over `pallet-referenda` (`referenda.rs`).
//!
//! ## Layout
//!
//! | module | what |
//! |---|---|
//! | [`power`] | the two powers of an account, and their proofs (proptests) |
//! | `electorate.rs` | the electorate totals, parameters, the vault's spendable balance |
//! | `voting.rs` | lock, unlock, vote, remove a vote, refresh |
//! | `proposals.rs` | propose, spend, enact as Root, the emergency powers |
//! | [`tally`] | the two-chamber tally referenda decide with |
//! | [`referenda`] | what governance asks of the referenda engine |
//! | `invariants.rs` | `try_state` |
//! | [`migrations`] | storage migrations |

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod electorate;
mod invariants;
pub mod migrations;
pub mod origin;
pub mod power;
mod proposals;
pub mod referenda;
pub mod runtime_api;
pub mod tally;
pub mod types;
mod voting;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod tests;

pub use origin::{EnsureAnyGovernance, EnsureGovernance};
pub use pallet::*;
pub use referenda::{enactment_task, Referenda, ReferendaPallet};
pub use tally::Tally;
pub use types::*;
pub use weights::WeightInfo;

use dsynapse_asset_types::VerifierStandingOf;
use frame_support::traits::fungible::{Inspect, InspectFreeze, Mutate, MutateFreeze};

/// Balance type of the governance currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// Referendum index.
pub type PollIndex = u32;

/// A voter record of this runtime.
pub type VoterOf<T> = Voter<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;

#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{pallet_prelude::*, traits::Polling};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The referenda whose votes this pallet counts: a vote reaches a referendum's tally
		/// through this (`pallet-referenda` in the runtime).
		type Polls: Polling<
			Tally<Self>,
			Votes = u128,
			Index = PollIndex,
			Moment = BlockNumberFor<Self>,
		>;
		/// The same engine for what is not a vote: submitting, cancelling, stopping an
		/// enactment ([`ReferendaPallet`] over `pallet-referenda`).
		type Referenda: Referenda<
			Self::RuntimeOrigin,
			<Self as frame_system::Config>::RuntimeCall,
			BlockNumberFor<Self>,
		>;
		/// The token: locks are freezes, vault spends are transfers.
		type Currency: Inspect<Self::AccountId, Balance = u128>
			+ Mutate<Self::AccountId>
			+ InspectFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ MutateFreeze<Self::AccountId>;
		/// The runtime's freeze reasons.
		type RuntimeFreezeReason: From<FreezeReason>;
		/// Verifiers' reputation and stake at risk (the verification pallet).
		type Standing: VerifierStandingOf<
			Self::AccountId,
			BalanceOf<Self>,
			frame_system::pallet_prelude::BlockNumberFor<Self>,
		>;
		/// The calls governance may enact, and what they are.
		type AllowedCalls: ClassifyCall<
			<Self as frame_system::Config>::RuntimeCall,
			BalanceOf<Self>,
		>;
		/// The DAO vault, source of every spend.
		type Vault: Get<Self::AccountId>;
		/// Who may enact a vault spend.
		type SpendOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who may authorize a runtime upgrade.
		type UpgradeOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who may change the governance parameters.
		type ParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who may cancel an approved enactment and replace the cancellers (the emergency
		/// track).
		type EmergencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Any track's enactment origin, telling which track (for
		/// [`enact_as_root`](Pallet::enact_as_root)).
		type AnyTrackOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = GovernanceOrigin>;
		/// Blocks a vote keeps its stake locked after its referendum ended.
		#[pallet::constant]
		type VoteLockingPeriod: Get<BlockNumberFor<Self>>;
		/// Most referenda one account may have vote records on at once.
		#[pallet::constant]
		type MaxVotes: Get<u32>;
		/// Weights.
		type WeightInfo: WeightInfo;
		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<<Self as frame_system::Config>::RuntimeCall>;
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

	/// Accounts that may cancel a referendum in an emergency ([`Pallet::emergency_cancel`]).
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
			/// Reputation power counted now.
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
			/// The vote and the powers it counts.
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
			/// Reputation power counted now.
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
		/// A referendum enacted a Root-only call through `enact_as_root`.
		EnactedAsRoot {
			/// The track that enacted it.
			track: GovernanceOrigin,
		},
		/// An emergency canceller cancelled a referendum (both deposits are refundable).
		EmergencyCancelled {
			/// The canceller.
			who: T::AccountId,
			/// The referendum.
			index: PollIndex,
		},
		/// The scheduled enactment of an approved referendum was cancelled: it will never run.
		EnactmentCancelled {
			/// The referendum.
			index: PollIndex,
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
		/// `min_lock` is zero.
		InvalidMinLock,
		/// `stake_per_point` outside [0.001 DSY, 100 DSY].
		InvalidStakePerPoint,
		/// `reputation_half_life` outside [7 days, 365 days] of 6-second blocks.
		InvalidHalfLife,
		/// The caller is not an emergency canceller.
		NotCanceller,
		/// Referenda on the emergency track cannot be cancelled by the cancellers (it is where
		/// the cancellers themselves are replaced).
		ProtectedTrack,
		/// The referendum was not approved (nothing is scheduled for it).
		NotApproved,
		/// The approved referendum has no enactment waiting: it ran already, or was cancelled.
		NoPendingEnactment,
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
			Self::do_lock(who, amount)
		}

		/// Releases `amount` of the lock (all of it leaves the electorate). Needs every vote
		/// record removed and the last vote's lock period over.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::unlock())]
		pub fn unlock(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unlock(who, amount)
		}

		/// Votes aye or nay on an ongoing referendum with the caller's current powers (its lock
		/// and its reputation power now).
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::vote())]
		pub fn vote(origin: OriginFor<T>, poll: PollIndex, aye: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, poll, aye)
		}

		/// Withdraws the caller's vote from an ongoing referendum, or clears its record from a
		/// finished one (which starts the vote's lock period from the referendum's end).
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_vote())]
		pub fn remove_vote(origin: OriginFor<T>, poll: PollIndex) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_vote(who, poll)
		}

		/// Brings `who`'s reputation snapshot in the electorate up to date (anyone may call).
		/// Votes already cast keep the power they were cast with, and referenda already
		/// submitted keep the electorate they were submitted with.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::refresh())]
		pub fn refresh(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_refresh(who)
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
			Self::do_propose(origin, who, *call, enactment_after)
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
			Self::do_spend(beneficiary, amount)
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

		/// Replaces the emergency cancellers (at most 8). Enacted by an emergency-track
		/// referendum, which the cancellers cannot cancel. Every allowed call has a bounded size,
		/// so a proposal's preimage is too.
		#[pallet::call_index(9)]
		#[pallet::weight(<T as Config>::WeightInfo::set_cancellers())]
		pub fn set_cancellers(
			origin: OriginFor<T>,
			cancellers: BoundedVec<T::AccountId, MaxCancellers>,
		) -> DispatchResult {
			T::EmergencyOrigin::ensure_origin(origin)?;
			Cancellers::<T>::put(cancellers.clone());
			Self::deposit_event(Event::CancellersChanged { cancellers });
			Ok(())
		}

		/// Dispatches `call` with Root's authority. Enacted by a referendum only, and only for the
		/// calls the runtime lets that referendum's track make as Root
		/// ([`ClassifyCall::root_track`]): staking administration on the parameters track,
		/// consensus recovery on the emergency track. Fails with the call's own error.
		#[pallet::call_index(10)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			<T as Config>::WeightInfo::enact_as_root().saturating_add(info.call_weight)
		})]
		pub fn enact_as_root(
			origin: OriginFor<T>,
			call: Box<<T as frame_system::Config>::RuntimeCall>,
		) -> DispatchResult {
			let track = T::AnyTrackOrigin::ensure_origin(origin)?;
			Self::do_enact_as_root(track, *call)
		}

		/// Cancels an ongoing referendum (an emergency canceller only). Its deposits become
		/// refundable. Referenda on the emergency track cannot be cancelled this way: a
		/// referendum that replaces the cancellers cannot be stopped by them.
		#[pallet::call_index(11)]
		#[pallet::weight(<T as Config>::WeightInfo::emergency_cancel()
			.saturating_add(T::Referenda::cancel_weight()))]
		pub fn emergency_cancel(origin: OriginFor<T>, index: PollIndex) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_emergency_cancel(who, index)
		}

		/// Cancels the scheduled enactment of an approved referendum, so that it never runs.
		/// Enacted by an emergency-track referendum (whose track decides faster than the other
		/// tracks' enactment delays).
		#[pallet::call_index(12)]
		#[pallet::weight(<T as Config>::WeightInfo::cancel_enactment())]
		pub fn cancel_enactment(origin: OriginFor<T>, index: PollIndex) -> DispatchResult {
			T::EmergencyOrigin::ensure_origin(origin)?;
			Self::do_cancel_enactment(index)
		}
	}
}
