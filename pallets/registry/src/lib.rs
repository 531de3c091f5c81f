//! # Asset registry
//!
//! Open-source models and datasets enter dsynapse here, by the IPFS CID of their content.
//!
//! ## Overview
//!
//! An **IP owner** adds a model or dataset to IPFS, writes a *manifest* (a small JSON file, also on
//! IPFS, naming the architecture, format, tokenizer and linked datasets) and calls
//! [`register`](Pallet::register) with both CIDs, the content size, an SPDX license id and the
//! assets it builds on. A flat [`Config::AssetDeposit`] is *held* (not transferred) on the owner's
//! account for as long as the asset is registered; it pays for the state the asset occupies and
//! makes spam costly.
//!
//! Registration asks the verification side (through [`Config::Verification`]) for a round, which
//! the owner pays for (the verification's round fee; registration fails if it cannot be held):
//! staked verifiers re-run the asset and the committee's verdict moves its status:
//!
//! ```text
//! Pending ─► Verified{score, until} ─► Expired ─► Verified … ;  Pending/Expired ─► Rejected
//! any status but Withdrawn ─► Withdrawn (owner, deposit returned)
//! ```
//!
//! ## Terminology
//!
//! - **CID**: a binary IPFS content identifier. Only what UnixFS importers produce is accepted:
//!   CIDv0, or CIDv1 with codec dag-pb or raw, always a 32-byte sha2-256 multihash. Each defect
//!   has its own error ([`CidDefect`]). A CIDv0 and the CIDv1 dag-pb of the same digest name the
//!   same block, so they count as the same content.
//! - **Manifest**: the asset's description, by CID. The verification challenge is derived from the
//!   round seed *and* the manifest CID, so changing the manifest means verifying again.
//! - **Related assets**: ids of registered assets this one builds on (a model's training data, a
//!   fine-tune's base model). The tokenomics side may reward them.
//!
//! ## Calls
//!
//! - [`register`](Pallet::register): new asset, deposit held, verification requested.
//! - [`update_manifest`](Pallet::update_manifest): owner only, not while a round runs; the asset
//!   goes back to `Pending` and is verified again.
//! - [`withdraw`](Pallet::withdraw): owner only; deposit returned, verification stops, the CID may
//!   be registered again. The record stays (status `Withdrawn`) so history keeps its meaning.
//!
//! ## Reading
//!
//! The runtime API [`runtime_api::RegistryApi`] returns one asset, an owner's assets, or the
//! assets in a status, paged by asset id.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - the balance held for [`HoldReason::AssetDeposit`] on every account equals the sum of the
//!   deposits recorded on its assets that are not withdrawn;
//! - the content index maps each live CID to the asset that has it, and nothing else;
//! - the owner and status indexes list exactly the assets, under their owner and current status;
//! - every asset id is below [`NextAssetId`].
//!
//! ## Integration
//!
//! The runtime provides a `fungible` currency with holds, the deposit, the field bounds, and the
//! verification pallet as [`Config::Verification`]; the verification pallet drives statuses back
//! through this pallet's [`AssetRegistry`] implementation, and hands each verdict to the
//! tokenomics side itself: this pallet only records statuses and tells verification what
//! happened to an asset (registered, manifest changed, withdrawn), so a verdict flows one way,
//! registry → verification → tokenomics.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod checks;
#[cfg(any(feature = "try-runtime", feature = "std"))]
mod invariants;
mod neighbours;
pub mod runtime_api;
mod status;
#[cfg(test)]
mod tests;
mod types;
mod views;
pub mod weights;

pub use dsynapse_asset_types::{AssetId, AssetKind, AssetStatus, StatusTag};
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion calls `expect` on values it builds itself (metadata, pallet info);
// only that lint is relaxed here, the others stay denied.
#[frame_support::pallet]
#[allow(clippy::expect_used)]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use dsynapse_asset_types::VerificationLifecycle;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, MutateHold},
			tokens::Precision,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Zero;

	/// The balance type of the currency that holds deposits.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered asset.
		AssetDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;
		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;
		/// Held from the owner for every registered asset, returned on withdrawal.
		#[pallet::constant]
		type AssetDeposit: Get<BalanceOf<Self>>;
		/// Longest SPDX license identifier (bytes).
		#[pallet::constant]
		type MaxLicenseLen: Get<u32>;
		/// Most related assets one asset may name.
		#[pallet::constant]
		type MaxRelated: Get<u32>;
		/// Least blocks between two manifest changes of an asset (and between its registration
		/// and the first): each change asks for a new, paid verification round, and rounds must
		/// not be re-drawn at will.
		#[pallet::constant]
		type ManifestCooldown: Get<BlockNumberFor<Self>>;
		/// The verification side: asked for rounds, told of withdrawals.
		type Verification: VerificationLifecycle;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The block of each asset's last manifest change (absent: never changed since its
	/// registration).
	#[pallet::storage]
	pub type ManifestChangedAt<T: Config> = StorageMap<_, Twox64Concat, AssetId, BlockNumberFor<T>>;

	/// The id the next registered asset gets.
	#[pallet::storage]
	pub type NextAssetId<T> = StorageValue<_, AssetId, ValueQuery>;

	/// Every asset ever registered, withdrawn ones included.
	#[pallet::storage]
	pub type Assets<T: Config> = StorageMap<_, Twox64Concat, AssetId, AssetRecordOf<T>>;

	/// Live content → the asset registered with it (withdrawn assets leave this index).
	#[pallet::storage]
	pub type AssetByContent<T> = StorageMap<_, Identity, ContentKey, AssetId>;

	/// Owner → their assets (for paged views).
	#[pallet::storage]
	pub type OwnerIndex<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, AssetId, (), OptionQuery>;

	/// Status → the assets in it (for paged views).
	#[pallet::storage]
	pub type StatusIndex<T> =
		StorageDoubleMap<_, Twox64Concat, StatusTag, Twox64Concat, AssetId, (), OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An asset was registered and its deposit held.
		Registered {
			/// The new asset's id.
			asset: AssetId,
			/// Who registered it.
			owner: T::AccountId,
			/// Model or dataset.
			kind: AssetKind,
			/// Binary CID of the content.
			cid: Vec<u8>,
			/// The held deposit.
			deposit: BalanceOf<T>,
		},
		/// The owner pointed the asset at a new manifest; it will be verified again.
		ManifestUpdated {
			/// The asset.
			asset: AssetId,
			/// Binary CID of the new manifest.
			manifest: Vec<u8>,
		},
		/// The owner withdrew the asset and got the deposit back.
		Withdrawn {
			/// The asset.
			asset: AssetId,
			/// The deposit returned.
			deposit: BalanceOf<T>,
		},
		/// The asset's status changed.
		StatusChanged {
			/// The asset.
			asset: AssetId,
			/// The new status.
			status: AssetStatus<BlockNumberFor<T>>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The content CID is not acceptable; the inner value names the defect.
		InvalidCid(CidDefect),
		/// The manifest CID is not acceptable; the inner value names the defect.
		InvalidManifestCid(CidDefect),
		/// Content with this CID (or the same block under the other CID version) is registered.
		DuplicateCid,
		/// A size of zero bytes.
		ZeroSize,
		/// The license is empty.
		EmptyLicense,
		/// The license has characters an SPDX expression never has (allowed: letters, digits,
		/// `.`, `-`, `+`, `:`, `(`, `)` and spaces).
		InvalidLicense,
		/// A related asset id that is not registered (or withdrawn).
		UnknownRelated,
		/// The same related asset listed twice.
		DuplicateRelated,
		/// No asset with this id.
		UnknownAsset,
		/// Only the asset's owner may do this.
		NotOwner,
		/// The asset is withdrawn.
		AssetWithdrawn,
		/// A verification round is running; wait for it to end.
		RoundInProgress,
		/// The new manifest is the one already registered.
		SameManifest,
		/// The manifest changed (or the asset was registered) less than `ManifestCooldown`
		/// blocks ago.
		ManifestCooldown,
		/// The asset id counter is exhausted.
		IdsExhausted,
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
		/// Registers an asset by CID and holds [`Config::AssetDeposit`] from the caller.
		///
		/// - `cid`, `manifest_cid`: binary CIDs (see the module docs for what is accepted);
		/// - `content_size`: content size in bytes, above zero;
		/// - `license`: an SPDX license identifier or expression, e.g. `Apache-2.0`;
		/// - `related`: registered assets this one builds on, at most `MaxRelated`, no repeats.
		///
		/// Emits `Registered` and asks the verification side for a round.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register(related.len() as u32)
			.saturating_add(T::Verification::on_needs_verification_weight()))]
		pub fn register(
			origin: OriginFor<T>,
			kind: AssetKind,
			cid: CidArg,
			content_size: u64,
			license: BoundedVec<u8, T::MaxLicenseLen>,
			manifest_cid: CidArg,
			related: BoundedVec<AssetId, T::MaxRelated>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let content = dsynapse_cid::Cid::parse(&cid)
				.map_err(|e| Error::<T>::InvalidCid(CidDefect::from(e)))?;
			let manifest = dsynapse_cid::Cid::parse(&manifest_cid)
				.map_err(|e| Error::<T>::InvalidManifestCid(CidDefect::from(e)))?;
			ensure!(content_size > 0, Error::<T>::ZeroSize);
			let license = Self::check_license(license)?;
			let related = Self::check_related(related)?;
			let key = ContentKey::of(&content);
			ensure!(!AssetByContent::<T>::contains_key(key), Error::<T>::DuplicateCid);

			let asset = NextAssetId::<T>::get();
			let next = asset.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
			let deposit = T::AssetDeposit::get();
			T::Currency::hold(&HoldReason::AssetDeposit.into(), &owner, deposit)?;

			let record = AssetRecord {
				owner: owner.clone(),
				kind,
				cid: content,
				content_size,
				license,
				manifest,
				related,
				status: AssetStatus::Pending,
				deposit,
				registered_at: frame_system::Pallet::<T>::block_number(),
			};
			Assets::<T>::insert(asset, record);
			AssetByContent::<T>::insert(key, asset);
			OwnerIndex::<T>::insert(&owner, asset, ());
			StatusIndex::<T>::insert(StatusTag::Pending, asset, ());
			NextAssetId::<T>::put(next);

			Self::deposit_event(Event::Registered {
				asset,
				owner,
				kind,
				cid: content.to_bytes(),
				deposit,
			});
			T::Verification::on_needs_verification(asset)?;
			Ok(())
		}

		/// Points an asset at a new manifest (owner only). Not while a verification round runs,
		/// and at most once per `ManifestCooldown` blocks (counted from the registration for the
		/// first change). The asset goes back to `Pending` and a new round is requested (and
		/// paid for, like every round).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_manifest()
			.saturating_add(T::Verification::on_needs_verification_weight()))]
		pub fn update_manifest(
			origin: OriginFor<T>,
			asset: AssetId,
			manifest_cid: CidArg,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let manifest = dsynapse_cid::Cid::parse(&manifest_cid)
				.map_err(|e| Error::<T>::InvalidManifestCid(CidDefect::from(e)))?;
			let mut record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			ensure!(record.status != AssetStatus::Withdrawn, Error::<T>::AssetWithdrawn);
			ensure!(!T::Verification::round_in_progress(asset), Error::<T>::RoundInProgress);
			ensure!(record.manifest != manifest, Error::<T>::SameManifest);
			let now = frame_system::Pallet::<T>::block_number();
			let last = ManifestChangedAt::<T>::get(asset).unwrap_or(record.registered_at);
			ensure!(
				now >= sp_runtime::Saturating::saturating_add(last, T::ManifestCooldown::get()),
				Error::<T>::ManifestCooldown
			);
			ManifestChangedAt::<T>::insert(asset, now);

			record.manifest = manifest;
			Self::deposit_event(Event::ManifestUpdated { asset, manifest: manifest.to_bytes() });
			Self::change_status(asset, &mut record, AssetStatus::Pending);
			Assets::<T>::insert(asset, record);
			T::Verification::on_needs_verification(asset)?;
			Ok(())
		}

		/// Withdraws an asset (owner only): the deposit is released, verification stops (a running
		/// or requested round is cancelled without penalties; its round fee is forfeited) and the
		/// CID can be registered again.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw()
			.saturating_add(T::Verification::on_withdrawn_weight()))]
		pub fn withdraw(origin: OriginFor<T>, asset: AssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			ensure!(record.status != AssetStatus::Withdrawn, Error::<T>::AssetWithdrawn);

			let deposit = T::Currency::release(
				&HoldReason::AssetDeposit.into(),
				&who,
				record.deposit,
				Precision::BestEffort,
			)?;
			record.deposit = Zero::zero();
			AssetByContent::<T>::remove(ContentKey::of(&record.cid));
			Self::change_status(asset, &mut record, AssetStatus::Withdrawn);
			Assets::<T>::insert(asset, record);
			Self::deposit_event(Event::Withdrawn { asset, deposit });
			T::Verification::on_withdrawn(asset);
			Ok(())
		}
	}
}
