//! # Verification
//!
//! Staked verifiers re-run registered assets off-chain and attest what they got; the chain decides
//! by quorum, scores the asset and rewards or punishes the verifiers.
//!
//! ## Overview
//!
//! 1. **Verifiers** [`register_verifier`](Pallet::register_verifier) with a stake of at least
//!    `min_stake`, held on their account ([`HoldReason::VerifierStake`]). They may
//!    [`top_up`](Pallet::top_up), and [`unbond`](Pallet::unbond) part or all of it: unbonded funds
//!    stay held (and slashable) for [`Config::UnbondingDelay`] blocks, then
//!    [`withdraw_unbonded`](Pallet::withdraw_unbonded) releases them. Every verifier has a
//!    *reputation*: a number that rises with each agreeing answer and falls with each wrong or
//!    missing one. It cannot be transferred; governance reads it.
//! 2. A **round** is *asked for* ([`Event::RoundRequested`]) when an asset is registered (or its
//!    manifest changes), when its verification expires (`validity_epochs` after it was granted),
//!    and when the rating side disputes it ([`DisputeHook`]). Verification is a paid service:
//!    whoever asks pays [`Config::RoundFee`] (the owner at registration, manifest change and
//!    renewal; the caller of [`request_round`](Pallet::request_round); nobody for a dispute, whose
//!    ratings already burned tokens). The fee is held until the verification ends and then paid
//!    to the members who did the work ([`Event::FeeSettled`]); it is never refunded: a
//!    withdrawal forfeits it to the committee (burned if none was drawn yet). An owner who cannot
//!    pay a renewal leaves the asset `Expired` ([`Event::RenewalUnpaid`]) until anyone pays.
//!    (An asset whose dispute round is still asked for or running when it expires is not
//!    charged a renewal: that unpaid round decides its next verification.)
//! 3. The **committee** is drawn [`Config::DrawDelay`] blocks after the request, in
//!    `on_initialize` ([`Event::RoundOpened`]): `committee_size` verifiers drawn without
//!    replacement, each draw weighted by active stake, from a seed that mixes the randomness of
//!    the draw block (the VRF output of the block before it, in the runtime) with the asset and
//!    the round number ([`committee::select`]). That randomness did not exist when the request was
//!    included, so nobody who asks for a round can know or choose its committee (a block author
//!    knows its own VRF output a block ahead: see "Who can steer a committee" below). The asset's
//!    owner is never drawn. If fewer verifiers than the committee size are eligible, the round
//!    is *deferred* ([`Event::RoundDeferred`]; the fee stays held) and anyone may ask again with
//!    [`request_round`](Pallet::request_round). While a round is asked for or running, the
//!    registry refuses manifest changes.
//! 4. **Commit**: before `commit_end`, each member submits
//!    `blake2_256("dsynapse/commit/v1" ‖ salt ‖ account ‖ fingerprint)` ([`commit`](Pallet::commit)).
//!    **Reveal**: once every member has committed or `commit_end` has passed, and until
//!    `reveal_end`, each member reveals salt and fingerprint ([`reveal`](Pallet::reveal)); the chain
//!    checks the commitment and the answer's shape against the challenge derived from the seed.
//!    The challenge, fingerprint and agreement rule are defined once, in `dsynapse-challenge`.
//! 5. **Verdict**, when all members have revealed (at once, in the last reveal) or at `reveal_end`
//!    (processed by a cursor in `on_initialize`, at most [`Config::MaxFinalizePerBlock`] rounds per
//!    block): the largest group of answers agreeing with one reference answer wins if its share of
//!    the committee reaches `quorum`.
//!    - A model or dataset answer wins: the asset becomes `Verified { score: share, until }` and
//!      the group are its *attesters*; the verdict (score, `until`, attesters) goes to
//!      [`Config::OnVerdict`] (the tokenomics side, which pays them). Members who answered
//!      differently (another fingerprint, or `Unavailable`) are *outliers*: they lose
//!      `reputation_loss` and `outlier_slash` of their stake.
//!    - `Unavailable` wins: the asset becomes `Rejected`. Members who answered with a model or
//!      dataset fingerprint are **not** punished and are listed in none of the event's groups:
//!      they held the data and did the work, and the data may be unavailable only to the others.
//!    - Agreeing members gain `reputation_gain`; members who never revealed (*no-shows*) lose
//!      `reputation_loss` and `no_show_slash`. Slashed funds are burned and reported to
//!      [`Config::OnSlashBurned`].
//!    - No quorum: only no-shows are punished (disagreeing answers cannot be judged), and a new
//!      round with a new seed and committee opens, up to `max_attempts`; then the asset is
//!      `Rejected`.
//! 6. **Expiry**: a verification granted `until` a block is queued for `until + 1`; a cursor in
//!    `on_initialize` expires at most [`Config::MaxExpiriesPerBlock`] assets per block (a budget of
//!    their own, not shared with verdicts) and opens their next round. Queuing never fails and
//!    never drops an expiry: a busy block only delays the later ones.
//!
//! ## An open verifier set
//!
//! At most [`Config::MaxVerifiers`] verifiers are *active* (selectable) at once, but the set
//! cannot be filled and held. When it is full, a newcomer (a registration, or a `top_up` of a
//! registered verifier outside the set) whose active stake is **strictly greater** than the
//! smallest stake in the set takes that member's seat ([`Event::Displaced`]); on a tie, or with
//! less, the newcomer is refused with [`Error::TooManyVerifiers`]. The displaced verifier keeps
//! its registration, its held (and slashable) stake and any committee seat it already holds; it
//! comes back by `top_up`, displacing the smallest member in turn. The pallet does not search the
//! (unbounded) verifiers outside the set when a seat frees or a member's stake falls; an outside
//! verifier takes such a seat with a `top_up` of any amount. Unbonding and slashes never add
//! anyone to the set.
//!
//! So keeping a newcomer with stake `s` out requires every seat to hold at least `s`: with 512
//! seats (the runtime's `MaxVerifiers`), holding the set against `s` costs `512 · s` locked, all
//! of it slashable, while the newcomer risks only `s`.
//!
//! ## Collusion
//!
//! Members who agree on a wrong answer win the round: with three seats, two colluders outvote one
//! honest verifier, who is then slashed as an outlier. The defence is economic and statistical:
//! seats are drawn by stake, so an attacker holding a share `p` of the stake controls a majority
//! of a fair 3-seat draw with probability about `3p² − 2p³` (p = 20% → 10%, p = 10% → 2.8%) and
//! risks `outlier_slash` of their stake each time honest members form the majority; every rating
//! can dispute the result and trigger a new committee. Governance raises `committee_size` (up to
//! [`Config::MaxCommittee`]) to shrink the odds further.
//!
//! ## Who can steer a committee
//!
//! Nobody who asks for a round: its committee is drawn [`Config::DrawDelay`] blocks later from
//! randomness that appears only then, and the active set it draws from is the one of the draw
//! block. Re-asking costs a round fee each time (a withdrawal forfeits it), manifest changes are
//! rate-limited by the registry and refused while a round is asked for or running, and a retry
//! after a failed round is drawn later again, from new randomness. So a registrant holding a
//! share `p` of the stake gets a colluding majority with the same odds as anyone (≈ `3p² − 2p³`
//! for three seats) and pays the fee for every try. What remains: the author of the block before
//! the draw knows its VRF output in advance and could withhold its block to re-roll the draw
//! once, at the price of its block reward; a validator that is also a verifier could use this to
//! improve its odds by one extra draw per round.
//!
//! ## Withholding a reveal
//!
//! Commit-reveal fixes every answer before any is seen: once it has committed, a member — the
//! last revealer included — can only reveal exactly what it committed or withhold. Withholding is
//! never the cheaper of the two:
//!
//! - the quorum is a share of the whole committee, not of the reveals, so a withheld answer counts
//!   against every group exactly as a differing answer does: withholding cannot block a quorum
//!   that revealing would not, nor create one;
//! - a no-show pays `no_show_slash`, which [`Params::check`] keeps at or above `outlier_slash`
//!   ([`ParamField::NoShowSlash`]), and the same `reputation_loss` as an outlier (one parameter
//!   serves both, so the no-show's reputation loss is never below the outlier's); an expected
//!   outlier therefore loses at least as much by withholding as by revealing;
//! - without a quorum nobody but the no-shows is punished, and the next attempt draws a new seed
//!   and a new committee: a withholder does not get to decide the re-run either.
//!
//! So no single revealer decides the outcome by withholding for free.
//!
//! ## Parameters
//!
//! [`Params`] lives in storage and changes only through [`Config::ParamsOrigin`]
//! ([`set_params`](Pallet::set_params)), each change checked against its bounds and announced by
//! an event.
//!
//! ## Storage versions
//!
//! Version 2 keeps due verdicts and expiries in double maps keyed by block and asset ([`Due`],
//! [`Expiries`]) instead of bounded per-block lists; [`migrations::v2::Migrate`] moves a version-1
//! chain's entries.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - the balance held for [`HoldReason::VerifierStake`] on each account equals its recorded stake
//!   plus unbonding amount;
//! - the active set lists registered verifiers only, each once, with its current (non-zero) stake;
//! - every round's commits, reveals and assignments belong to its committee, the committee has no
//!   duplicates and excludes the owner, and the counters match the stored commits and reveals;
//! - every running round has exactly its entry in [`Due`] at its `due_at`, after `reveal_end` and
//!   not behind the [`DueCursor`]; every [`Due`] entry belongs to a running round with that id and
//!   `due_at` (rounds that conclude early or are cancelled remove their own entry);
//! - every [`Expiries`] entry is for a registered asset and not behind the [`ExpiryCursor`]; every
//!   asset in [`VerifiedUntil`] whose status is `Verified { until, .. }` has its expiry queued at
//!   `until + 1`. ([`VerifiedUntil`] lists every asset this pallet verified whose verification
//!   stands.)
//!
//! Not a state invariant, but enforced by the calls and pinned by the tests: right after any
//! registration or `top_up`, an eligible verifier (active stake ≥ `min_stake`) is outside the
//! active set only if the set is full and its stake is at most the smallest listed stake.
//! `try_state` cannot check it: members may later unbond, be slashed or leave below an outside
//! verifier's stake, and finding that verifier would take a scan of all verifiers. Such a
//! verifier takes the seat back with a `top_up` of any amount, so the set stays open to it.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod committee;
#[cfg(any(feature = "try-runtime", feature = "std"))]
mod invariants;
pub mod migrations;
mod neighbours;
mod rounds;
pub mod runtime_api;
pub mod tally;
#[cfg(test)]
mod tests;
mod types;
mod verifiers;
mod views;
pub mod weights;

pub use dsynapse_asset_types::AssetId;
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion calls `expect` on values it builds itself (metadata, pallet info);
// only that lint is relaxed here, the others stay denied.
#[frame_support::pallet]
#[allow(clippy::expect_used)]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use dsynapse_asset_types::{AssetRegistry, AssetStatus, OnSlashBurned, OnVerdict};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, MutateHold},
			Randomness,
		},
	};
	use frame_system::pallet_prelude::*;

	/// The balance type of the staking currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// The in-code storage version (2: [`Due`] and [`Expiries`] became double maps; see
	/// [`crate::migrations`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A verifier's stake (active or unbonding).
		VerifierStake,
		/// A round fee, held from whoever asked for the round until the verification ends.
		RoundFee,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency stakes are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;
		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;
		/// The asset registry: statuses are read and set through it.
		type Registry: AssetRegistry<Self::AccountId, BlockNumberFor<Self>>;
		/// Source of round seeds (BABE's randomness in the runtime).
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;
		/// Who may change [`Params`] (Root until governance lands).
		type ParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Told of every burned slash (the supply ledger).
		type OnSlashBurned: OnSlashBurned<BalanceOf<Self>>;
		/// Handed every verdict — score, validity, attesters — and every end of a verification
		/// (tokenomics). The verdict flows one way: this pallet never reads it back.
		type OnVerdict: OnVerdict<Self::AccountId, BlockNumberFor<Self>>;
		/// The parameters before any governance change (genesis may override them).
		type DefaultParams: Get<ParamsOf<Self>>;
		/// Blocks per epoch: verifications are valid for `validity_epochs` of these.
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;
		/// Blocks unbonded stake stays held (and slashable) before it can be withdrawn.
		#[pallet::constant]
		type UnbondingDelay: Get<BlockNumberFor<Self>>;
		/// Blocks between asking for a round and drawing its committee (at least 2): the draw
		/// uses the randomness of the block before it, which did not exist when the request
		/// was included.
		#[pallet::constant]
		type DrawDelay: Get<BlockNumberFor<Self>>;
		/// The fee for a verification, held from whoever asks for it (the owner at registration,
		/// manifest change and renewal; the caller of `request_round`) and paid to the committee
		/// that decides it. Never refunded.
		#[pallet::constant]
		type RoundFee: Get<BalanceOf<Self>>;
		/// Most committee draws made by `on_initialize` in one block (later ones wait for the
		/// next blocks; none is dropped).
		#[pallet::constant]
		type MaxDrawsPerBlock: Get<u32>;
		/// Most verifiers in the active set (selectable) at once. The set stays open: when it is
		/// full, a newcomer with a strictly larger stake displaces the smallest member.
		#[pallet::constant]
		type MaxVerifiers: Get<u32>;
		/// Largest committee governance may ask for.
		#[pallet::constant]
		type MaxCommittee: Get<u32>;
		/// Most round verdicts processed by `on_initialize` in one block (verdicts due later wait
		/// for the next blocks; none is dropped).
		#[pallet::constant]
		type MaxFinalizePerBlock: Get<u32>;
		/// Most expiries processed by `on_initialize` in one block: a budget of their own, so
		/// verdicts never starve expiries nor the other way round (expiries due later wait for
		/// the next blocks; none is dropped).
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
		/// Creates assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The governed parameters.
	#[pallet::storage]
	pub type CurrentParams<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParams>;

	/// Registered verifiers and their stake.
	#[pallet::storage]
	pub type Verifiers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, VerifierRecordOf<T>>;

	/// The active set: verifiers selectable for committees (active stake ≥ `min_stake`), with that
	/// stake; at most `MaxVerifiers`, the smallest displaced by a larger newcomer when full.
	#[pallet::storage]
	pub type ActiveSet<T: Config> =
		StorageValue<_, BoundedVec<(T::AccountId, BalanceOf<T>), T::MaxVerifiers>, ValueQuery>;

	/// Reputation points; never transferred, kept after a verifier leaves.
	#[pallet::storage]
	pub type Reputation<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The block each account's reputation last changed. Governance counts idle reputation less
	/// and less (it halves every governed half-life); accounts whose points changed before this
	/// map existed have no entry and count as changed at block 0.
	#[pallet::storage]
	pub type ReputationChangedAt<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// The running round of each asset under verification.
	#[pallet::storage]
	pub type Rounds<T: Config> = StorageMap<_, Twox64Concat, AssetId, RoundOf<T>>;

	/// Commitments of the running rounds.
	#[pallet::storage]
	pub type Commits<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AssetId, Blake2_128Concat, T::AccountId, [u8; 32]>;

	/// Revealed fingerprints (SCALE-encoded) of the running rounds.
	#[pallet::storage]
	pub type Reveals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AssetId,
		Blake2_128Concat,
		T::AccountId,
		BoundedFingerprint,
	>;

	/// Verifier → assets whose running round they sit on (their jobs).
	#[pallet::storage]
	pub type Assignments<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, AssetId, RoundId>;

	/// The last valid block of each asset this pallet verified, while the verification stands
	/// (removed on rejection, expiry or withdrawal). Who attested it travels with the verdict to
	/// [`Config::OnVerdict`] (tokenomics, which pays them) and is kept there, once.
	#[pallet::storage]
	pub type VerifiedUntil<T: Config> = StorageMap<_, Twox64Concat, AssetId, BlockNumberFor<T>>;

	/// Running rounds by the block their verdict is due (`reveal_end + 1`) and asset, with the
	/// round's id. A round removes its own entry when it concludes early or is cancelled.
	#[pallet::storage]
	pub type Due<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, AssetId, RoundId>;

	/// The first block whose due verdicts are not all processed.
	#[pallet::storage]
	pub type DueCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Verifications that run out at a block (`until + 1`), by block and asset. Queuing one
	/// never fails; an entry whose asset was verified again since is skipped when processed.
	#[pallet::storage]
	pub type Expiries<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, AssetId, ()>;

	/// The first block whose expiries are not all processed.
	#[pallet::storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The id the next round gets.
	#[pallet::storage]
	pub type NextRoundId<T> = StorageValue<_, RoundId, ValueQuery>;

	/// Rounds asked for and waiting for their committee draw, by asset. An asset has a request
	/// or a running round, never both.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, AssetId, Request<BlockNumberFor<T>>>;

	/// Committee draws by the block they are due and asset (each request's `draw_at`).
	#[pallet::storage]
	pub type Draws<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, AssetId, ()>;

	/// The first block whose due draws are not all made.
	#[pallet::storage]
	pub type DrawCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The attempt a deferred round resumes at (a retry that could not be drawn): the next
	/// `request_round` continues the count, so deferrals never add attempts beyond
	/// `max_attempts`.
	#[pallet::storage]
	pub type Deferred<T: Config> = StorageMap<_, Twox64Concat, AssetId, u8>;

	/// The fee held for each asset's verification (from its request to the verdict that ends
	/// it, retries included).
	#[pallet::storage]
	pub type RoundFees<T: Config> = StorageMap<_, Twox64Concat, AssetId, HeldFeeOf<T>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Parameters at genesis; `None` keeps [`Config::DefaultParams`].
		pub params: Option<ParamsOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(params) = &self.params {
				if let Err(field) = params.check::<T>() {
					panic!("invalid verification parameters at genesis: {field:?}");
				}
				CurrentParams::<T>::put(params);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A verifier registered with a stake.
		VerifierRegistered {
			/// The verifier.
			who: T::AccountId,
			/// The stake held.
			stake: BalanceOf<T>,
		},
		/// A verifier added stake.
		StakeAdded {
			/// The verifier.
			who: T::AccountId,
			/// Added amount.
			amount: BalanceOf<T>,
			/// Active stake now.
			stake: BalanceOf<T>,
		},
		/// A verifier started unbonding.
		Unbonding {
			/// The verifier.
			who: T::AccountId,
			/// Amount moved to unbonding.
			amount: BalanceOf<T>,
			/// The block from which it can be withdrawn.
			unlock_at: BlockNumberFor<T>,
		},
		/// Unbonded stake was released.
		Withdrawn {
			/// The verifier.
			who: T::AccountId,
			/// Released amount.
			amount: BalanceOf<T>,
		},
		/// A round was asked for; its committee is drawn at `draw_at` (`RoundOpened`).
		RoundRequested {
			/// The asset.
			asset: AssetId,
			/// 0 for the first attempt, then 1, 2, …
			attempt: u8,
			/// The block whose `on_initialize` draws the committee.
			draw_at: BlockNumberFor<T>,
			/// The fee held for it (zero for retries, deferred rounds and disputes).
			fee: BalanceOf<T>,
		},
		/// A verification's fee was paid out (or burned, when nobody earned it).
		FeeSettled {
			/// The asset.
			asset: AssetId,
			/// Who was paid: members who answered and were not punished (on a withdrawal, members
			/// who had committed, or the whole committee).
			paid_to: Vec<T::AccountId>,
			/// Each one's share (the first also takes the rounding remainder).
			share: BalanceOf<T>,
			/// Burned because nobody earned it.
			burned: BalanceOf<T>,
		},
		/// A verification expired and its owner could not pay the renewal round: the asset stays
		/// `Expired` until anyone pays for a round with `request_round`.
		RenewalUnpaid {
			/// The asset.
			asset: AssetId,
			/// Its owner.
			owner: T::AccountId,
			/// The fee asked.
			fee: BalanceOf<T>,
		},
		/// A round opened: its committee was drawn.
		RoundOpened {
			/// The asset.
			asset: AssetId,
			/// The round's id.
			round: RoundId,
			/// 0 for the first attempt, then 1, 2, …
			attempt: u8,
			/// The challenge seed.
			seed: [u8; 32],
			/// The committee.
			committee: Vec<T::AccountId>,
			/// Last block for commits.
			commit_end: BlockNumberFor<T>,
			/// Last block for reveals.
			reveal_end: BlockNumberFor<T>,
		},
		/// Not enough eligible verifiers: the round waits for `request_round` (its fee stays
		/// held and is not charged again).
		RoundDeferred {
			/// The asset.
			asset: AssetId,
			/// Eligible verifiers (the owner excluded).
			eligible: u32,
			/// Needed.
			needed: u32,
		},
		/// A member committed.
		Committed {
			/// The asset.
			asset: AssetId,
			/// The member.
			who: T::AccountId,
		},
		/// A member revealed.
		Revealed {
			/// The asset.
			asset: AssetId,
			/// The member.
			who: T::AccountId,
		},
		/// A round reached its verdict.
		RoundConcluded {
			/// The asset.
			asset: AssetId,
			/// The round.
			round: RoundId,
			/// The new status.
			status: AssetStatus<BlockNumberFor<T>>,
			/// Members whose answers agreed with the winning one.
			agreeing: Vec<T::AccountId>,
			/// Members punished for answering differently from a winning model or dataset
			/// answer. When `Unavailable` wins, members who answered with data are not punished
			/// and are listed in none of the three groups.
			outliers: Vec<T::AccountId>,
			/// Members who never revealed.
			no_shows: Vec<T::AccountId>,
		},
		/// A round ended without quorum.
		RoundFailed {
			/// The asset.
			asset: AssetId,
			/// The round.
			round: RoundId,
			/// The largest agreeing share.
			best_share: sp_runtime::Perbill,
			/// Whether a new round was opened (otherwise the asset was rejected or deferred).
			retrying: bool,
		},
		/// A round was cancelled (asset withdrawn); nobody was penalised.
		RoundCancelled {
			/// The asset.
			asset: AssetId,
			/// The round.
			round: RoundId,
		},
		/// A verifier's stake was slashed and burned.
		Slashed {
			/// The verifier.
			who: T::AccountId,
			/// Burned amount.
			amount: BalanceOf<T>,
			/// Why.
			reason: SlashReason,
		},
		/// The active set was full and a newcomer with a larger stake took the seat of its
		/// smallest member. The displaced verifier stays registered with its held stake and any
		/// committee seat it holds; it comes back with `top_up`.
		Displaced {
			/// The verifier that left the active set.
			who: T::AccountId,
			/// The newcomer that took its seat.
			by: T::AccountId,
		},
		/// A verifier's reputation changed.
		ReputationChanged {
			/// The verifier.
			who: T::AccountId,
			/// New reputation.
			reputation: u32,
		},
		/// A verification ran out.
		Expired {
			/// The asset.
			asset: AssetId,
		},
		/// The parameters changed.
		ParamsChanged {
			/// The new parameters.
			params: ParamsOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a verifier.
		AlreadyVerifier,
		/// The account is not a verifier.
		NotVerifier,
		/// The stake (or what would remain active) is below `min_stake` (and not zero).
		BelowMinimumStake,
		/// The amount is zero.
		ZeroAmount,
		/// The active set is full (`MaxVerifiers`) and the caller's active stake is not above the
		/// smallest member's (a tie is refused too): stake more to take that seat.
		TooManyVerifiers,
		/// More than the active stake.
		InsufficientStake,
		/// Nothing is unbonding.
		NothingUnbonding,
		/// The unbonding delay has not passed.
		UnbondingNotDue,
		/// No asset with this id.
		UnknownAsset,
		/// The asset has no running round.
		NoRound,
		/// The asset already has a running round, or one waiting for its committee draw.
		RoundInProgress,
		/// The payer's free balance does not cover the round fee.
		CannotPayFee,
		/// Rounds open only for `Pending` or `Expired` assets (disputes: `Verified` ones).
		WrongStatus,
		/// Fewer eligible verifiers than the committee size.
		NotEnoughVerifiers,
		/// The caller does not sit on this round's committee.
		NotInCommittee,
		/// The commit phase is over.
		CommitPhaseOver,
		/// The caller already committed in this round.
		AlreadyCommitted,
		/// The reveal phase has not started (members are still committing).
		RevealNotOpen,
		/// The reveal phase is over.
		RevealPhaseOver,
		/// The caller did not commit in this round.
		NotCommitted,
		/// The caller already revealed in this round.
		AlreadyRevealed,
		/// Salt, account and fingerprint do not hash to the commitment.
		CommitmentMismatch,
		/// The fingerprint does not fit the round's challenge; the inner value names the defect.
		MalformedFingerprint(FingerprintDefect),
		/// A parameter is out of its bounds; the inner value names it.
		InvalidParameter(ParamField),
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::process_due(now)
		}

		fn integrity_test() {
			assert!(T::MaxCommittee::get() >= 1, "MaxCommittee must be at least 1");
			assert!(T::MaxVerifiers::get() >= 1, "MaxVerifiers must be at least 1");
			assert!(T::MaxFinalizePerBlock::get() >= 1, "MaxFinalizePerBlock must be at least 1");
			assert!(T::MaxExpiriesPerBlock::get() >= 1, "MaxExpiriesPerBlock must be at least 1");
			assert!(T::MaxDrawsPerBlock::get() >= 1, "MaxDrawsPerBlock must be at least 1");
			assert!(
				T::DrawDelay::get() >= 2u32.into(),
				"DrawDelay must be at least 2: the draw's randomness must come after the request"
			);
			assert!(T::DefaultParams::get().check::<T>().is_ok(), "DefaultParams out of bounds");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Becomes a verifier, holding `stake` (at least `min_stake`). When the active set is full,
		/// a stake strictly above the smallest member's displaces that member
		/// ([`Event::Displaced`]); otherwise the call fails with `TooManyVerifiers`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_verifier())]
		pub fn register_verifier(origin: OriginFor<T>, stake: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_verifier(who, stake)
		}

		/// Adds `amount` to the caller's active stake. A verifier outside the active set (displaced,
		/// or back above `min_stake`) re-enters it, displacing the smallest member of a full set if
		/// its new stake is strictly larger (else `TooManyVerifiers`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up(who, amount)
		}

		/// Moves `amount` of active stake to unbonding. What stays active must be zero or at
		/// least `min_stake`. Unbonding funds stay held and slashable for `UnbondingDelay` blocks.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbond(who, amount)
		}

		/// Releases unbonded stake once its delay has passed; a verifier left with nothing is
		/// removed (its reputation stays).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_unbonded(who)
		}

		/// Commits `blake2_256("dsynapse/commit/v1" ‖ salt ‖ caller ‖ fingerprint)` for the
		/// asset's running round, before its `commit_end`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			asset: AssetId,
			commitment: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, asset, commitment)
		}

		/// Reveals the salt and the SCALE-encoded fingerprint committed to (at most the challenge
		/// crate's `MAX_FINGERPRINT_LEN` bytes: longer input does not decode). The last reveal of
		/// a round concludes it at once.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::reveal(T::MaxCommittee::get())
			.saturating_add(Pallet::<T>::verdict_extras_weight()))]
		pub fn reveal(
			origin: OriginFor<T>,
			asset: AssetId,
			salt: [u8; 32],
			fingerprint: BoundedFingerprint,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, asset, salt, fingerprint)
		}

		/// Asks for a round of a `Pending` or `Expired` asset that has none (a deferred round, or
		/// an expired asset whose owner did not pay the renewal): anyone may call it. The caller
		/// pays the round fee unless one is already held for the asset; the committee is drawn
		/// `DrawDelay` blocks later.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::request_round())]
		pub fn request_round(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let summary = T::Registry::summary(asset).ok_or(Error::<T>::UnknownAsset)?;
			ensure!(
				matches!(summary.status, AssetStatus::Pending | AssetStatus::Expired),
				Error::<T>::WrongStatus
			);
			let attempt = Deferred::<T>::get(asset).unwrap_or(0);
			Self::request(asset, attempt, Some(&who))
		}

		/// Replaces the parameters (governance origin), after checking every bound.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: ParamsOf<T>) -> DispatchResult {
			T::ParamsOrigin::ensure_origin(origin)?;
			params.check::<T>().map_err(Error::<T>::InvalidParameter)?;
			CurrentParams::<T>::put(&params);
			Self::deposit_event(Event::ParamsChanged { params });
			Ok(())
		}
	}
}
