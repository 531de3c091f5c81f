//! A command from the chain to its gateway (wire format §7): today one kind, `SetParameters`,
//! which sets the gateway's pause flag and burn limits. It travels like a lock message — a leaf of
//! its block's message tree, proven under a BEEFY-signed MMR root — and takes its nonce from the
//! same counter, so the gateway has no key that could change it.

use crate::{abi_words, keccak, Domain, Hash32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// What word 0 of a `SetParameters` command hashes: its kind and version.
pub const SET_PARAMETERS_TAG_PREIMAGE: &[u8] = b"dsynapse-bridge/set-parameters/v1";

/// Length of a command's encoding: ten ABI words (a message has six, so neither reads as the
/// other).
pub const COMMAND_LEN: usize = 10 * 32;

/// Word 0 of every `SetParameters` command: `keccak("dsynapse-bridge/set-parameters/v1")`.
pub fn set_parameters_tag() -> Hash32 {
	keccak(SET_PARAMETERS_TAG_PREIMAGE)
}

/// The gateway's governed parameters, in DSY's smallest unit and seconds.
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
pub struct GatewayParameters {
	/// No mint and no burn while set (commands still apply).
	pub paused: bool,
	/// The smallest burn.
	pub min_burn: u128,
	/// The largest burn.
	pub max_burn: u128,
	/// The most all burns of one epoch may carry.
	pub epoch_cap: u128,
	/// An epoch's length in seconds of Ethereum's `block.timestamp`.
	pub epoch_seconds: u64,
}

impl GatewayParameters {
	/// What the gateway accepts: `0 < min_burn <= max_burn <= epoch_cap`, `epoch_seconds > 0`.
	pub fn is_valid(&self) -> bool {
		self.min_burn > 0
			&& self.min_burn <= self.max_burn
			&& self.max_burn <= self.epoch_cap
			&& self.epoch_seconds > 0
	}
}

/// A `SetParameters` command for one gateway.
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
pub struct GatewayCommand {
	/// The gateway it is for (and the chain that sent it).
	pub domain: Domain,
	/// Its nonce, from the chain's message nonces; the gateway applies only a nonce above the
	/// last one it applied.
	pub nonce: u64,
	/// The whole parameter set the gateway takes.
	pub params: GatewayParameters,
}

impl GatewayCommand {
	/// `abi.encode(tag, genesisHash, chainId, gateway, nonce, paused, minBurn, maxBurn, epochCap,
	/// epochSeconds)`.
	pub fn abi_encode(&self) -> [u8; COMMAND_LEN] {
		let p = &self.params;
		abi_words(&[
			&set_parameters_tag(),
			&self.domain.genesis_hash,
			&self.domain.chain_id.to_be_bytes(),
			&self.domain.gateway,
			&self.nonce.to_be_bytes(),
			&[u8::from(p.paused)],
			&p.min_burn.to_be_bytes(),
			&p.max_burn.to_be_bytes(),
			&p.epoch_cap.to_be_bytes(),
			&p.epoch_seconds.to_be_bytes(),
		])
	}

	/// The command's leaf in its block's Merkle tree: `keccak(abi_encode())`.
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
	use crate::Message;

	fn sample() -> GatewayCommand {
		GatewayCommand {
			domain: Domain { genesis_hash: [0xab; 32], chain_id: 31337, gateway: [0x11; 20] },
			nonce: 9,
			params: GatewayParameters {
				paused: true,
				min_burn: 1,
				max_burn: 2,
				epoch_cap: 3,
				epoch_seconds: 4,
			},
		}
	}

	#[test]
	fn each_field_sits_right_aligned_in_its_word() {
		let b = sample().abi_encode();
		assert_eq!(&b[..32], &set_parameters_tag());
		assert_eq!(&b[32..64], &[0xab; 32]);
		assert_eq!(&b[88..96], &31337u64.to_be_bytes());
		assert_eq!(&b[108..128], &[0x11; 20]);
		assert_eq!(&b[152..160], &9u64.to_be_bytes());
		assert_eq!(&b[160..191], &[0; 31]);
		assert_eq!(b[191], 1);
		assert_eq!(&b[208..224], &1u128.to_be_bytes());
		assert_eq!(&b[240..256], &2u128.to_be_bytes());
		assert_eq!(&b[272..288], &3u128.to_be_bytes());
		assert_eq!(&b[312..320], &4u64.to_be_bytes());
	}

	#[test]
	fn every_field_changes_the_leaf_and_no_command_is_a_message() {
		let base = sample();
		let mut variants = [base; 9];
		variants[0].domain.genesis_hash[0] ^= 1;
		variants[1].domain.chain_id += 1;
		variants[2].domain.gateway[19] ^= 1;
		variants[3].nonce += 1;
		variants[4].params.paused = false;
		variants[5].params.min_burn += 1;
		variants[6].params.max_burn += 1;
		variants[7].params.epoch_cap += 1;
		variants[8].params.epoch_seconds += 1;
		for v in variants {
			assert_ne!(v.leaf_hash(), base.leaf_hash());
		}
		let m = Message { domain: base.domain, nonce: base.nonce, recipient: [0; 20], amount: 0 };
		assert_ne!(m.abi_encode().len(), base.abi_encode().len());
	}

	#[test]
	fn validity_is_the_gateways_rule() {
		let ok = GatewayParameters {
			paused: false,
			min_burn: 1,
			max_burn: 1,
			epoch_cap: 1,
			epoch_seconds: 1,
		};
		assert!(ok.is_valid());
		assert!(!GatewayParameters { min_burn: 0, ..ok }.is_valid());
		assert!(!GatewayParameters { max_burn: 0, min_burn: 1, ..ok }.is_valid());
		assert!(!GatewayParameters { max_burn: 2, ..ok }.is_valid());
		assert!(!GatewayParameters { epoch_seconds: 0, ..ok }.is_valid());
	}
}
