//! Storage migrations.
//!
//! [`v1::InitializeLedger`]: adding the pallet to a running chain. A new chain starts the ledger
//! at genesis; a chain that upgrades into this pallet has no genesis for it, so the first upgrade
//! that includes it must open the ledger at the issuance of that moment and give the rewards
//! pot and the DAO vault their existential deposit (before the ledger starts, so the books
//! stay exact). It runs once: the pallet's storage version goes from 0 to 1.

use crate::{pallet::*, EpochStats};
use frame_support::{
	migrations::VersionedMigration,
	traits::{
		fungible::{Inspect, Mutate},
		Get, UncheckedOnRuntimeUpgrade,
	},
	weights::Weight,
};

/// Version 0 → 1.
pub mod v1 {
	use super::*;

	/// Opens the ledger and funds the pot and the vault (see the module docs).
	pub struct InitializeLedgerUnchecked<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InitializeLedgerUnchecked<T> {
		fn on_runtime_upgrade() -> Weight {
			let ed = T::Currency::minimum_balance();
			for account in [Pallet::<T>::pot_account(), Pallet::<T>::vault_account()] {
				if T::Currency::balance(&account) < ed {
					let _ = T::Currency::mint_into(&account, ed);
				}
			}
			let issuance = T::Currency::total_issuance();
			Current::<T>::put(EpochStats {
				epoch: Index::<T>::get().epoch,
				issuance_start: issuance,
				issuance_end: issuance,
				..Default::default()
			});
			T::DbWeight::get().reads_writes(6, 5)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// [`InitializeLedgerUnchecked`], run only while the pallet's storage version is 0.
	pub type InitializeLedger<T> = VersionedMigration<
		0,
		1,
		InitializeLedgerUnchecked<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
	use super::*;
	use crate::tests::mock::*;
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn upgrading_into_the_pallet_opens_the_ledger_once() {
		new_test_ext().execute_with(|| {
			// A chain without the pallet: no ledger, version 0, an empty pot.
			Current::<Test>::kill();
			StorageVersion::new(0).put::<Tokenomics>();
			let pot = Tokenomics::pot_account();
			Balances::set_balance(&pot, 0);
			assert!(Tokenomics::do_try_state().is_err());

			v1::InitializeLedger::<Test>::on_runtime_upgrade();
			assert_eq!(Balances::balance(&pot), ED);
			assert_eq!(Current::<Test>::get().issuance_start, Balances::total_issuance());
			assert_eq!(StorageVersion::get::<Tokenomics>(), 1);
			Tokenomics::do_try_state().unwrap();

			// A second upgrade does nothing.
			Current::<Test>::mutate(|c| c.issuance_start = 1);
			v1::InitializeLedger::<Test>::on_runtime_upgrade();
			assert_eq!(Current::<Test>::get().issuance_start, 1);
		});
	}
}
