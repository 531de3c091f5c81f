//! # Tokenomics: rating, emission, rewards and the supply ledger
//!
//! This pallet runs the whitepaper's supply equations on-chain:
//!
//! ```text
//! dS/dt = I − B      B = Σ β·RateAction_j      dR_j/dt = η·B_j − δ·R_j
//! I = Σ_k I_k + I_tail      I_k = V_k·(RewardBase + γ·R_k)      3% of the mint → DAO vault
//! ```
//!
//! The math itself (fixed point, rounding, the closed forms) lives in the no_std crate
//! `dsynapse-tokenomics-math`, which the `dsynapse-sim` simulator uses too. This pallet keeps
//! its state in storage, moves the tokens and keeps the books.
//!
//! ## For users: rating
//!
//! [`rate`](Pallet::rate)`(asset, score, actions)` burns `β·actions` from the caller and moves
//! the asset's two signals:
//!
//! - the **endorsement** R_j grows by `η·burn·q`, with `q = (score − 1)/4` (5★ → all of it);
//! - the **dispute** signal D_j grows by `η·burn·(1 − q)` (1★ → all of it).
//!
//! Both decay by `(1 − δ)` at every epoch end. When D_j exceeds `dispute_ratio·R_j` (and the
//! `dispute_floor`) on a verified asset, the verification pallet asks for a new round
//! ([`Config::Dispute`]) and D_j starts again from zero.
//!
//! ## For IP owners and verifiers: rewards
//!
//! While an asset is verified with score V_k it earns `I_k = V_k·(RewardBase + γ·R_k)` per epoch,
//! less the vault's share. Nothing is paid per epoch: [`claim_rewards`](Pallet::claim_rewards)
//! computes what the asset earned since it was last touched in closed form, then pays
//! `owner_share` of it to the IP owner and the rest, in equal parts, to the verifiers whose
//! answers formed its verification (read from [`Config::Scores`]). Anyone may call it for any
//! asset. When an asset's verification changes (a new committee, a new score, expiry), what it
//! earned so far is credited to the parties of the old verification first; a verifier who is
//! no longer on an asset's committee collects with [`payout`](Pallet::payout).
//!
//! ## Epochs: O(1) emission
//!
//! Every `EpochLength` blocks [`Hooks::on_initialize`] closes an epoch. It never visits assets:
//! A = Σ V_k and G = Σ V_k·R_k are kept up to date by each rating and score change, so the
//! epoch's emission is `RewardBase·A + γ·G`, minted into the **rewards pot** (less vault), plus
//! `vault_ratio` of the whole mint into the **DAO vault**. The tail I_tail (less vault) accrues
//! for validators and nominators: staking asks for it through `EraPayout` at the end of each era
//! ([`Pallet::take_validator_payout`]) and mints it when payouts are claimed.
//!
//! ## The supply ledger
//!
//! Each epoch records issuance at start, minted (contributions, tail, vault), burned (ratings,
//! fees, slashes, dust) and issuance at end, with the ultrasound flag B > I; the last
//! `HistoryDepth` epochs are kept, each closing emits [`Event::EpochClosed`], and the runtime API
//! [`runtime_api::TokenomicsApi`] serves them. The runtime routes every burn to
//! [`Pallet::note_burned`] and staking's reward mints to [`Pallet::note_tail_paid`], so that at
//! every block
//!
//! ```text
//! issuance_start + minted − burned = total issuance
//! ```
//!
//! holds exactly; `try_state` checks it, and that the pot covers everything owed.
//!
//! ## Parameters
//!
//! [`set_params`](Pallet::set_params), by [`Config::ParamsOrigin`] (Root until governance
//! lands): every field has bounds (see `dsynapse_tokenomics_math::params`), a violation is
//! `InvalidParameter(field)`. Changes apply from the next rating or epoch close; the lazy
//! rewards stay exact across them.
//!
//! ## Storage and upgrades
//!
//! A new chain opens the ledger at genesis (and gives the pot and the vault their existential
//! deposit). A running chain that upgrades into this pallet runs
//! [`migrations::v1::InitializeLedger`] once instead.
//!
//! ## Why one pallet for rating and emission
//!
//! A rating changes R_j, and R_j is what the emission pays for: before R_j changes, the asset's
//! earnings so far must be settled against the old R_j, and G must move with it, in the same
//! call. Two pallets would split one per-asset record across a trait called on every rating;
//! one pallet with a module per concern (`rating`, `rewards`, `ledger`, `epoch`) reads better.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod epoch;
mod ledger;
pub mod migrations;
mod neighbours;
mod rating;
mod rewards;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
mod views;
pub mod weights;

pub use dsynapse_tokenomics_math::{ParamField, Params};

/// What the benchmarks need from the runtime: a registered, rateable asset.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an asset owned by `owner` (funding it as needed) and returns its id.
	fn create_asset(owner: &AccountId) -> dsynapse_asset_types::AssetId;
}
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion calls `expect` on values it builds itself (metadata, pallet info);
// only that lint is relaxed here, the others stay denied.
#[frame_support::pallet]
#[allow(clippy::expect_used)]
pub mod pallet {
	use super::*;
	use dsynapse_asset_types::{AssetId, AssetRegistry, DisputeHook};
	use dsynapse_tokenomics_math::{Aggregates, AssetAccount, GlobalIndex, Wide};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{AccountIdConversion, CheckedDiv, Saturating, Zero};

	/// `rate` and `close_epoch` are charged at their benchmark's largest asset count; their cost
	/// does not depend on it (see `weights.rs`).
	pub(crate) const BENCHMARKED_ASSETS: u32 = 100_000;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (balances in planck, `u128`).
		type Currency: Mutate<Self::AccountId, Balance = u128>;
		/// The asset registry: whether an asset exists, its owner and status.
		type Registry: AssetRegistry<Self::AccountId, BlockNumberFor<Self>>;
		/// Reopens verification when ratings dispute an asset.
		type Dispute: DisputeHook;
		/// Blocks per tokenomics epoch.
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;
		/// The rewards pot's account id seed.
		#[pallet::constant]
		type PotId: Get<PalletId>;
		/// The DAO vault's account id seed.
		#[pallet::constant]
		type VaultId: Get<PalletId>;
		/// Epochs of ledger history kept.
		#[pallet::constant]
		type HistoryDepth: Get<u32>;
		/// Most verifiers sharing one asset's reward (the verification committee size bound).
		#[pallet::constant]
		type MaxVerifiers: Get<u32>;
		/// Who may change the parameters.
		type ParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
		/// Creates assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// The parameters in force.
	#[pallet::storage]
	pub type Parameters<T> = StorageValue<_, Params, ValueQuery>;

	/// The decay index (see `dsynapse_tokenomics_math::index`).
	#[pallet::storage]
	pub type Index<T> = StorageValue<_, GlobalIndex, ValueQuery>;

	/// A = Σ V_k and G = Σ V_k·R_k.
	#[pallet::storage]
	pub type Totals<T> = StorageValue<_, Aggregates, ValueQuery>;

	/// Final `yield_sum` of each ended scale of the index (one entry per rescale, which happens
	/// at most every ~7 epochs at the largest δ and every few hundred at usual values).
	#[pallet::storage]
	pub type FinishedScales<T> = StorageMap<_, Twox64Concat, u32, Wide>;

	/// Each rated or verified asset's account (created on first use).
	#[pallet::storage]
	pub type Accounts<T> = StorageMap<_, Twox64Concat, AssetId, AssetAccount>;

	/// The number of closed epochs up to which each verified asset earns: its verification's
	/// last valid block divided by `EpochLength` (set by [`OnVerdict::on_verified`]). Accrual
	/// stops there even when the expiry that sets the score to zero comes late.
	#[pallet::storage]
	pub type Expiring<T> = StorageMap<_, Twox64Concat, AssetId, u32>;

	/// The index after each of the last `HistoryDepth` closed epochs, by the number of epochs
	/// closed then.
	#[pallet::storage]
	pub type IndexHistory<T> = StorageMap<_, Twox64Concat, u32, GlobalIndex>;

	/// The verifiers sharing an asset's reward: the attesters of its verification, as the
	/// verdict brought them (the only copy on the chain).
	#[pallet::storage]
	pub type Beneficiaries<T: Config> =
		StorageMap<_, Twox64Concat, AssetId, BoundedVec<T::AccountId, T::MaxVerifiers>, ValueQuery>;

	/// Rewards credited to an account and not yet paid, in planck.
	#[pallet::storage]
	pub type Credits<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u128, ValueQuery>;

	/// The running epoch's ledger.
	#[pallet::storage]
	pub type Current<T> = StorageValue<_, EpochStats, ValueQuery>;

	/// Closed epochs' ledgers, the last `HistoryDepth`.
	#[pallet::storage]
	pub type History<T> = StorageMap<_, Twox64Concat, u32, EpochStats>;

	/// The validators' share of the tail accrued since the last era payout, in planck.
	#[pallet::storage]
	pub type PendingTail<T> = StorageValue<_, u128, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters at genesis.
		pub params: Params,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.params.validate().is_ok(), "tokenomics genesis parameters out of bounds");
			Parameters::<T>::put(self.params);
			// The pot and the vault must exist before anything is minted into them.
			for account in [Pallet::<T>::pot_account(), Pallet::<T>::vault_account()] {
				let ed = T::Currency::minimum_balance();
				if T::Currency::balance(&account) < ed {
					let _ = T::Currency::mint_into(&account, ed);
				}
			}
			Current::<T>::put(EpochStats {
				issuance_start: T::Currency::total_issuance(),
				issuance_end: T::Currency::total_issuance(),
				..Default::default()
			});
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An asset was rated: `burned` planck were burned.
		Rated {
			/// Who rated.
			who: T::AccountId,
			/// The asset.
			asset: AssetId,
			/// Stars, 1..=5.
			score: u8,
			/// Rating actions bought.
			actions: u32,
			/// Planck burned (β·actions).
			burned: u128,
			/// R_j after the rating, in planck.
			endorsement: u128,
			/// D_j after the rating, in planck.
			dispute: u128,
		},
		/// Ratings disputed a verified asset beyond the threshold; a verification round was asked
		/// for (its committee is drawn a few blocks later; nobody pays its fee).
		Disputed {
			/// The asset.
			asset: AssetId,
			/// D_j when it crossed the threshold, in planck.
			dispute: u128,
			/// R_j then, in planck.
			endorsement: u128,
		},
		/// An epoch closed.
		EpochClosed {
			/// Its ledger.
			stats: EpochStats,
		},
		/// A reward was paid from the pot.
		RewardPaid {
			/// The asset it was earned by, if paid by `claim_rewards`.
			asset: Option<AssetId>,
			/// Who got it.
			who: T::AccountId,
			/// Planck paid.
			amount: u128,
		},
		/// The parameters changed.
		ParamsChanged {
			/// Before.
			old: Params,
			/// After.
			new: Params,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No asset with this id.
		UnknownAsset,
		/// The asset is rejected or withdrawn; only live assets can be rated.
		NotRateable,
		/// A score outside 1..=5 stars.
		ScoreOutOfRange,
		/// Zero rating actions.
		ZeroActions,
		/// β·actions does not fit a balance.
		Overflow,
		/// The caller cannot pay β·actions and keep the existential deposit.
		InsufficientBalance,
		/// The asset has nothing to pay now and nobody has credit on it.
		NothingToClaim,
		/// The caller has no credit.
		NoCredit,
		/// The rewards pot cannot pay (it never should; the ledger's invariants say it covers
		/// every claim).
		PotExhausted,
		/// A parameter is outside its bounds; the value names which.
		InvalidParameter(ParamField),
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let length = T::EpochLength::get();
			let boundary = n.checked_div(&length).is_some_and(|q| q.saturating_mul(length) == n);
			if !n.is_zero() && boundary {
				Self::close_epoch();
				T::WeightInfo::close_epoch(BENCHMARKED_ASSETS)
			} else {
				T::DbWeight::get().reads(0)
			}
		}

		fn integrity_test() {
			assert!(!T::EpochLength::get().is_zero(), "EpochLength must be positive");
			assert!(T::HistoryDepth::get() > 0, "HistoryDepth must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Rates an asset with `score` stars (1..=5), burning `β·actions` from the caller.
		///
		/// Adds `η·burn·(score−1)/4` to the asset's endorsement R_j and the rest of `η·burn` to
		/// its dispute signal D_j. Emits `Rated`, and `Disputed` if D_j crossed the threshold
		/// on a verified asset (a verification round is asked for).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::rate(BENCHMARKED_ASSETS)
			.saturating_add(T::Dispute::request_reverification_weight()))]
		pub fn rate(
			origin: OriginFor<T>,
			asset: AssetId,
			score: u8,
			actions: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rate(who, asset, score, actions)
		}

		/// Pays what an asset has earned: `owner_share` to its owner, the rest in equal parts to
		/// the verifiers of its verification (with any credit they hold). Anyone may call it.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::claim_rewards(T::MaxVerifiers::get()))]
		pub fn claim_rewards(origin: OriginFor<T>, asset: AssetId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let verifiers = Self::do_claim(asset)?;
			Ok(Some(T::WeightInfo::claim_rewards(verifiers)).into())
		}

		/// Pays the caller's credit: rewards credited when an asset's verification changed.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::payout())]
		pub fn payout(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let amount = Self::pay_credit(&who, None)?;
			ensure!(amount > 0, Error::<T>::NoCredit);
			Ok(())
		}

		/// Replaces the parameters (governance). Every field is checked against its bounds.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: Params) -> DispatchResult {
			T::ParamsOrigin::ensure_origin(origin)?;
			params.validate().map_err(Error::<T>::InvalidParameter)?;
			let old = Parameters::<T>::get();
			Parameters::<T>::put(params);
			Self::deposit_event(Event::ParamsChanged { old, new: params });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The rewards pot's account.
		pub fn pot_account() -> T::AccountId {
			T::PotId::get().into_account_truncating()
		}

		/// The DAO vault's account.
		pub fn vault_account() -> T::AccountId {
			T::VaultId::get().into_account_truncating()
		}
	}
}
