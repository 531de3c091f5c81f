//! The bridge's runtime API: what users and relayers read.

use crate::{BridgeStatus, MessageView};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Messages by nonce with their proofs, the nonces of a block, and the bridge's state.
	pub trait EthBridgeApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// A message still in state, with its Merkle proof against its block's messages root.
		fn message(nonce: u64) -> Option<MessageView<AccountId, BlockNumber>>;
		/// The nonces locked in `block` (empty when none, or pruned).
		fn block_nonces(block: BlockNumber) -> Vec<u64>;
		/// The bridge's state.
		fn status() -> BridgeStatus;
	}
}
