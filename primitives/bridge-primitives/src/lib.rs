//! # The Ethereum bridge's wire formats
//!
//! What the chain commits and what Ethereum checks, byte for byte (`docs/bridge-wire-format.md`
//! is the same in prose). The runtime builds message roots with it, the relayer builds proofs
//! with it, and the contracts' tests read vectors it writes; `no_std`, no FRAME.
//!
//! - [`message`]: one locked transfer as the 192 bytes of its Solidity ABI encoding, and its
//!   leaf hash;
//! - [`merkle`]: the binary Merkle tree of a block's messages (and of a validator set's
//!   addresses), its proofs and their verification;
//! - [`beefy`]: the 48-byte BEEFY commitment the validators sign, the 113-byte MMR leaf, and the
//!   folded path that proves a leaf against an MMR root;
//! - [`command`]: the chain's `SetParameters` command to its gateway (pause, burn limits), 320
//!   bytes, carried in the message tree like a lock;
//! - [`burn`]: the gateway's `Burned` event (the way back), read strictly from a log's topics and
//!   data.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod beefy;
pub mod burn;
pub mod command;
pub mod merkle;
pub mod message;

pub use burn::Burn;
pub use command::{GatewayCommand, GatewayParameters};
pub use message::{Domain, Message};

/// A 32-byte hash.
pub type Hash32 = [u8; 32];
/// An Ethereum address.
pub type EthAddress = [u8; 20];

/// Ethereum's keccak-256.
pub fn keccak(data: &[u8]) -> Hash32 {
	sp_crypto_hashing::keccak_256(data)
}

/// `keccak(left ‖ right)`: an inner node of every tree here.
pub fn keccak_pair(left: &Hash32, right: &Hash32) -> Hash32 {
	let mut both = [0u8; 64];
	let (l, r) = both.split_at_mut(32);
	l.copy_from_slice(left);
	r.copy_from_slice(right);
	keccak(&both)
}

/// Writes `bytes` (at most 32) right-aligned into the 32-byte ABI word `out`.
fn word(out: &mut [u8], bytes: &[u8]) {
	let start = out.len().saturating_sub(bytes.len());
	if let Some(dst) = out.get_mut(start..) {
		if dst.len() == bytes.len() {
			dst.copy_from_slice(bytes);
		}
	}
}

/// The ABI encoding of static values given as their big-endian bytes (`abi.encode` of
/// `bytes32`, `uintN`, `address`, `bool`): each right-aligned in its own 32-byte word. `LEN` is
/// 32 × the number of words.
pub(crate) fn abi_words<const LEN: usize>(words: &[&[u8]]) -> [u8; LEN] {
	let mut out = [0u8; LEN];
	for (chunk, bytes) in out.chunks_exact_mut(32).zip(words) {
		word(chunk, bytes);
	}
	out
}
