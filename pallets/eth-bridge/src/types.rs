//! The records this pallet keeps.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dsynapse_bridge_primitives::{Hash32, Message};
use frame_support::{pallet_prelude::BoundedVec, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// The per-transfer minimum and maximum, in DSY's smallest unit.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Limits {
	/// The least one `lock` moves.
	pub min: u128,
	/// The most one `lock` moves.
	pub max: u128,
}

impl Limits {
	/// `0 < min <= max`.
	pub fn is_valid(&self) -> bool {
		self.min > 0 && self.min <= self.max
	}
}

/// A message in state, with where it sits in its block's tree.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct LockedMessage<AccountId, BlockNumber> {
	/// Who locked.
	pub sender: AccountId,
	/// The message as the gateway reads it.
	pub message: Message,
	/// The block it was locked in (its root is in the next block's MMR leaf).
	pub block: BlockNumber,
	/// Its index among that block's messages.
	pub index: u32,
}

/// [`LockedMessage`] of a runtime.
pub type LockedMessageOf<T> =
	LockedMessage<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// One block's messages: the first nonce and the leaf hashes in order.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(Max))]
pub struct BlockLeaves<Max: Get<u32>> {
	/// The nonce of the first message (the others follow it).
	pub first_nonce: u64,
	/// `keccak` of each message's ABI encoding.
	pub leaves: BoundedVec<Hash32, Max>,
}

/// [`BlockLeaves`] of a runtime.
pub type BlockLeavesOf<T> = BlockLeaves<<T as Config>::MaxMessagesPerBlock>;

/// A message with what a relayer submits to the gateway besides the MMR proof.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct MessageView<AccountId, BlockNumber> {
	/// The message (nonce, recipient, amount, domain).
	pub message: Message,
	/// Who locked.
	pub sender: AccountId,
	/// The block it was locked in; its root is the extra data of the MMR leaf of `block + 1`
	/// (whose parent is `block`).
	pub block: BlockNumber,
	/// Its index among the block's messages.
	pub index: u32,
	/// How many messages the block has.
	pub count: u32,
	/// The Merkle proof of its leaf at `index` of `count` (bottom-up, promoted rows skipped).
	pub proof: alloc::vec::Vec<Hash32>,
	/// The root it proves to.
	pub root: Hash32,
}

/// The bridge's state in one answer.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct BridgeStatus {
	/// Where messages go now (`None`: not open yet).
	pub target: Option<dsynapse_bridge_primitives::Domain>,
	/// Whether `lock` is stopped.
	pub paused: bool,
	/// The nonce the next message gets.
	pub next_nonce: u64,
	/// The DSY locked so far.
	pub total_locked: u128,
	/// The per-transfer limits.
	pub limits: Limits,
	/// Most messages per block.
	pub max_messages_per_block: u32,
}
