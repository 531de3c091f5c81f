//! What the runtime API answers.

use crate::{pallet::*, BridgeStatus, MessageView};
use alloc::vec::Vec;
use dsynapse_bridge_primitives::merkle;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// A message with its proof (`None`: never locked, or pruned).
	pub fn message_view(nonce: u64) -> Option<MessageView<T::AccountId, BlockNumberFor<T>>> {
		let stored = Messages::<T>::get(nonce)?;
		let block = BlockMessages::<T>::get(stored.block)?;
		let index = usize::try_from(stored.index).ok()?;
		let proof = merkle::proof(&block.leaves, index)?;
		Some(MessageView {
			message: stored.message,
			sender: stored.sender,
			block: stored.block,
			index: stored.index,
			count: u32::try_from(block.leaves.len()).ok()?,
			proof,
			root: merkle::root(&block.leaves),
		})
	}

	/// The nonces locked in `block`.
	pub fn block_nonces(block: BlockNumberFor<T>) -> Vec<u64> {
		BlockMessages::<T>::get(block)
			.map(|b| {
				let n = u64::try_from(b.leaves.len()).unwrap_or(0);
				(b.first_nonce..b.first_nonce.saturating_add(n)).collect()
			})
			.unwrap_or_default()
	}

	/// The bridge's state.
	pub fn status() -> BridgeStatus {
		BridgeStatus {
			target: Target::<T>::get(),
			paused: Paused::<T>::get(),
			next_nonce: NextNonce::<T>::get(),
			total_locked: TotalLocked::<T>::get(),
			limits: TransferLimits::<T>::get(),
			max_messages_per_block: T::MaxMessagesPerBlock::get(),
		}
	}
}
