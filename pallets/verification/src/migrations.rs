//! Storage migrations.
//!
//! [`v2::Migrate`] (storage version 1 → 2): due verdicts and expiries move from bounded per-block
//! lists (`Due: block → [(asset, round)]`, `Expiries: block → [asset]`, each holding at most
//! `MaxDuePerBlock` and probing up to 256 later blocks when full, dropping expiries beyond) to
//! double maps keyed by block and asset ([`Due`](crate::Due): `(block, asset) → round`,
//! [`Expiries`](crate::Expiries): `(block, asset) → ()`), which never refuse an entry and let a
//! round remove its own. The storage names stay, so the old values are read through
//! `storage_alias` types under the same names, removed, and written back in the new layout.
//!
//! Version-1 buckets may hold stale entries (rounds that concluded early or were cancelled kept
//! them): only entries of a running round with that id and `due_at` are moved. A running round
//! without a (live) entry, or with one behind the cursor, is scheduled at `max(due_at, cursor)`,
//! so after the migration every running round has exactly one entry the cursor will reach.
//! Expiries are all moved (duplicates collapse into one entry). Version 1 could drop an expiry
//! (all 256 probed blocks full): every asset with attesters that is still `Verified { until }`
//! gets its expiry queued at `until + 1` (or at the cursor, if that is behind it).
//!
//! Version 2 also brings delayed committee draws ([`Requests`](crate::Requests),
//! [`Draws`](crate::Draws)) and round fees ([`RoundFees`](crate::RoundFees)): new storage, empty
//! on an upgraded chain (its running rounds were drawn and keep going unpaid), except the
//! [`DrawCursor`](crate::DrawCursor), which the migration starts at the current block.
//!
//! The migration reads every entry of both old maps, every running round and every verified
//! asset in one block: all are bounded by the assets under verification and verified, small on
//! a young chain.

use crate::{pallet::*, AssetId, RoundId};
use alloc::vec::Vec;
use dsynapse_asset_types::{AssetRegistry, AssetStatus};
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{One, Saturating};

/// Version 1 → 2.
pub mod v2 {
	use super::*;

	/// The version-1 layouts, under the same storage names.
	pub mod old {
		use super::*;

		/// Rounds due at a block (version 1), stale entries included.
		#[frame_support::storage_alias]
		pub type Due<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			BlockNumberFor<T>,
			Vec<(AssetId, RoundId)>,
			ValueQuery,
		>;

		/// Verifications running out at a block (version 1).
		#[frame_support::storage_alias]
		pub type Expiries<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, BlockNumberFor<T>, Vec<AssetId>, ValueQuery>;

		/// The attesters of each verified asset (version 1; tokenomics keeps them now).
		#[frame_support::storage_alias]
		pub type Attesters<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			AssetId,
			Vec<<T as frame_system::Config>::AccountId>,
		>;
	}

	/// A version-1 bucket: a block and its entries.
	type OldBucket<T, Item> = (BlockNumberFor<T>, Vec<Item>);

	/// Moves the version-1 buckets into the version-2 double maps (see the module docs).
	pub struct MigrateUnchecked<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MigrateUnchecked<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 2u64;
			let mut writes = 0u64;

			// Read everything first: old and new entries share the storage prefixes.
			let due: Vec<OldBucket<T, (AssetId, RoundId)>> = old::Due::<T>::iter().collect();
			let expiries: Vec<OldBucket<T, AssetId>> = old::Expiries::<T>::iter().collect();
			reads = reads.saturating_add(due.len() as u64).saturating_add(expiries.len() as u64);
			writes = writes.saturating_add(due.len() as u64).saturating_add(expiries.len() as u64);
			let _ = old::Due::<T>::clear(u32::MAX, None);
			let _ = old::Expiries::<T>::clear(u32::MAX, None);

			let due_cursor = DueCursor::<T>::get();
			for (block, entries) in due {
				for (asset, id) in entries {
					reads = reads.saturating_add(1);
					let live = Rounds::<T>::get(asset)
						.is_some_and(|r| r.id == id && r.due_at == block && block >= due_cursor);
					if live {
						Due::<T>::insert(block, asset, id);
						writes = writes.saturating_add(1);
					}
				}
			}
			// Every running round gets its entry where the cursor will reach it.
			for (asset, mut round) in Rounds::<T>::iter() {
				reads = reads.saturating_add(2);
				if Due::<T>::get(round.due_at, asset) == Some(round.id) {
					continue;
				}
				round.due_at = round.due_at.max(due_cursor);
				Due::<T>::insert(round.due_at, asset, round.id);
				Rounds::<T>::insert(asset, round);
				writes = writes.saturating_add(2);
			}

			let expiry_cursor = ExpiryCursor::<T>::get();
			for (block, assets) in expiries {
				for asset in assets {
					Expiries::<T>::insert(block.max(expiry_cursor), asset, ());
					writes = writes.saturating_add(1);
				}
			}
			// Expiries version 1 dropped: every asset still verified gets its expiry back, and is
			// listed in `VerifiedUntil`. The attesters themselves now live in tokenomics (which
			// was handed them with each verdict): version 1's copy is removed.
			for (asset, _) in old::Attesters::<T>::drain() {
				reads = reads.saturating_add(3);
				writes = writes.saturating_add(1);
				let Some(AssetStatus::Verified { until, .. }) =
					T::Registry::summary(asset).map(|s| s.status)
				else {
					continue;
				};
				VerifiedUntil::<T>::insert(asset, until);
				writes = writes.saturating_add(1);
				let at = until.saturating_add(One::one());
				if !Expiries::<T>::contains_key(at, asset) {
					Expiries::<T>::insert(at.max(expiry_cursor), asset, ());
					writes = writes.saturating_add(1);
				}
			}
			// Committee draws are new in this version: their cursor starts at the current block
			// (from zero it would walk the whole chain's history, 64 blocks per block).
			DrawCursor::<T>::put(frame_system::Pallet::<T>::block_number());
			writes = writes.saturating_add(1);
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let cursor = ExpiryCursor::<T>::get();
			let distinct: alloc::collections::BTreeSet<(BlockNumberFor<T>, AssetId)> =
				old::Expiries::<T>::iter()
					.flat_map(|(block, assets)| {
						assets.into_iter().map(move |asset| (block.max(cursor), asset))
					})
					.collect();
			Ok((distinct.len() as u32).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u32::decode(&mut state.as_slice())
				.map_err(|_| sp_runtime::TryRuntimeError::Other("pre-upgrade state"))?;
			// Every distinct expiry moved; more only where a dropped one was restored.
			let after = Expiries::<T>::iter_keys().count() as u32;
			ensure!(after >= before, "expiries lost by the migration");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`MigrateUnchecked`], run only while the pallet's storage version is 1.
	pub type Migrate<T> = VersionedMigration<
		1,
		2,
		MigrateUnchecked<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
