//! Invariants checked by `try_state` and by the tests (listed in the pallet's module docs).

use crate::pallet::*;
use frame_support::{ensure, traits::fungible::Inspect};

impl<T: Config> Pallet<T> {
	/// The invariants listed in the module docs.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(
			T::Currency::balance(&Self::account_id()) >= TotalLocked::<T>::get(),
			"the bridge account holds less than the DSY locked"
		);
		ensure!(TransferLimits::<T>::get().is_valid(), "invalid transfer limits");
		let next = NextNonce::<T>::get();
		for (nonce, stored) in Messages::<T>::iter() {
			ensure!(nonce < next, "message nonce at or above NextNonce");
			ensure!(stored.message.nonce == nonce, "message stored under another nonce");
			let block = BlockMessages::<T>::get(stored.block).ok_or("message without its block")?;
			let offset = nonce.checked_sub(block.first_nonce).ok_or("nonce before its block's")?;
			ensure!(offset == u64::from(stored.index), "message index disagrees with its nonce");
			let leaf = block.leaves.get(stored.index as usize).ok_or("index past the leaves")?;
			ensure!(*leaf == stored.message.leaf_hash(), "leaf hash disagrees with the message");
		}
		Ok(())
	}
}
