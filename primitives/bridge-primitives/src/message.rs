//! A bridge message: one `lock` on the chain, minted once by the gateway it names.

use crate::{abi_words, keccak, EthAddress, Hash32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Where a message may be minted: which dsynapse network sent it, and which Ethereum chain and
/// gateway contract it is for. A message proven anywhere else is refused.
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
pub struct Domain {
	/// The sending chain's genesis hash.
	pub genesis_hash: Hash32,
	/// The Ethereum chain id (`block.chainid`).
	pub chain_id: u64,
	/// The gateway contract's address.
	pub gateway: EthAddress,
}

/// One transfer to Ethereum.
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
pub struct Message {
	/// Where it may be minted.
	pub domain: Domain,
	/// Its number, unique over the chain's life (the gateway mints each nonce once).
	pub nonce: u64,
	/// Who receives the wDSY.
	pub recipient: EthAddress,
	/// How much, in DSY's smallest unit (wDSY has the same 12 decimals).
	pub amount: u128,
}

/// Length of a message's encoding: six ABI words.
pub const MESSAGE_LEN: usize = 6 * 32;

impl Message {
	/// `abi.encode(bytes32 genesisHash, uint64 chainId, address gateway, uint64 nonce,
	/// address recipient, uint128 amount)`.
	pub fn abi_encode(&self) -> [u8; MESSAGE_LEN] {
		abi_words(&[
			&self.domain.genesis_hash,
			&self.domain.chain_id.to_be_bytes(),
			&self.domain.gateway,
			&self.nonce.to_be_bytes(),
			&self.recipient,
			&self.amount.to_be_bytes(),
		])
	}

	/// The message's leaf in its block's Merkle tree: `keccak(abi_encode())`.
	pub fn leaf_hash(&self) -> Hash32 {
		keccak(&self.abi_encode())
	}
}

#[cfg(test)]
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod tests {
	use super::*;

	fn sample() -> Message {
		Message {
			domain: Domain { genesis_hash: [0xab; 32], chain_id: 31337, gateway: [0x11; 20] },
			nonce: 7,
			recipient: [0x22; 20],
			amount: 100_000_000_000_000,
		}
	}

	#[test]
	fn each_field_sits_right_aligned_in_its_word() {
		let bytes = sample().abi_encode();
		assert_eq!(&bytes[..32], &[0xab; 32]);
		assert_eq!(&bytes[32..56], &[0; 24]);
		assert_eq!(&bytes[56..64], &31337u64.to_be_bytes());
		assert_eq!(&bytes[64..76], &[0; 12]);
		assert_eq!(&bytes[76..96], &[0x11; 20]);
		assert_eq!(&bytes[96..120], &[0; 24]);
		assert_eq!(&bytes[120..128], &7u64.to_be_bytes());
		assert_eq!(&bytes[128..140], &[0; 12]);
		assert_eq!(&bytes[140..160], &[0x22; 20]);
		assert_eq!(&bytes[160..176], &[0; 16]);
		assert_eq!(&bytes[176..192], &100_000_000_000_000u128.to_be_bytes());
	}

	#[test]
	fn every_field_changes_the_leaf() {
		let base = sample();
		let mut variants = [base; 6];
		variants[0].domain.genesis_hash[31] ^= 1;
		variants[1].domain.chain_id += 1;
		variants[2].domain.gateway[0] ^= 1;
		variants[3].nonce += 1;
		variants[4].recipient[19] ^= 1;
		variants[5].amount += 1;
		for v in variants {
			assert_ne!(v.leaf_hash(), base.leaf_hash());
		}
	}
}
