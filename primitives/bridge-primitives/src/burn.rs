//! A burn on Ethereum (wire format §8): the gateway's `Burned` event, as the validators' off-chain
//! workers read it from an endpoint (`eth_getLogs`: topics and data) and attest it on the chain.
//! Decoding is strict: a log that is not exactly the gateway's event, with every padding byte
//! zero, is refused rather than read loosely.

use crate::{abi_words, keccak, EthAddress, Hash32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The event's signature; topic 0 of its logs is its keccak.
pub const BURNED_SIGNATURE: &[u8] = b"Burned(uint64,address,bytes32,uint128)";

/// Topic 0 of every `Burned` log.
pub fn burned_topic() -> Hash32 {
	keccak(BURNED_SIGNATURE)
}

/// One burn: wDSY burned by `sender` on Ethereum, to be released as DSY to `recipient` here.
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
pub struct Burn {
	/// The gateway's burn counter (1, 2, 3, …): with the gateway and the chain id, the burn's
	/// identity.
	pub nonce: u64,
	/// Who burned, on Ethereum.
	pub sender: EthAddress,
	/// The dsynapse account to release to (32 bytes, never zero).
	pub recipient: Hash32,
	/// The amount, in DSY's smallest unit.
	pub amount: u128,
}

/// Why a log is not a `Burned` event of the gateway.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BurnLogError {
	/// Not four topics (the event has three indexed fields).
	TopicCount,
	/// Topic 0 is another event's.
	NotBurned,
	/// The nonce does not fit `uint64` (its word has non-zero high bytes).
	BadNonce,
	/// The sender word has non-zero high bytes.
	BadSender,
	/// The data is not one word.
	DataLength,
	/// The amount does not fit `uint128`.
	BadAmount,
	/// The recipient is the zero account (the gateway refuses it; a log saying so is forged).
	ZeroRecipient,
}

/// The right-aligned `N` bytes of an ABI word whose other bytes are zero.
fn low<const N: usize>(w: &Hash32) -> Option<[u8; N]> {
	let split = 32usize.checked_sub(N)?;
	let (high, low) = w.split_at(split);
	if high.iter().any(|b| *b != 0) {
		return None;
	}
	low.try_into().ok()
}

impl Burn {
	/// Reads a log's topics and data as a `Burned` event.
	pub fn from_log(topics: &[Hash32], data: &[u8]) -> Result<Self, BurnLogError> {
		let [t0, t1, t2, t3] = topics else { return Err(BurnLogError::TopicCount) };
		if *t0 != burned_topic() {
			return Err(BurnLogError::NotBurned);
		}
		let nonce = u64::from_be_bytes(low::<8>(t1).ok_or(BurnLogError::BadNonce)?);
		let sender = low::<20>(t2).ok_or(BurnLogError::BadSender)?;
		let amount_word: &Hash32 = data.try_into().map_err(|_| BurnLogError::DataLength)?;
		let amount = u128::from_be_bytes(low::<16>(amount_word).ok_or(BurnLogError::BadAmount)?);
		if *t3 == [0u8; 32] {
			return Err(BurnLogError::ZeroRecipient);
		}
		Ok(Burn { nonce, sender, recipient: *t3, amount })
	}

	/// The log's four topics, as the gateway emits them.
	pub fn topics(&self) -> [Hash32; 4] {
		[
			burned_topic(),
			abi_words(&[&self.nonce.to_be_bytes()]),
			abi_words(&[&self.sender]),
			self.recipient,
		]
	}

	/// The log's data: the amount's word.
	pub fn data(&self) -> Hash32 {
		abi_words(&[&self.amount.to_be_bytes()])
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

	fn sample() -> Burn {
		Burn { nonce: 5, sender: [0x70; 20], recipient: [0x42; 32], amount: 40_000_000_000_000 }
	}

	#[test]
	fn a_log_round_trips() {
		let b = sample();
		assert_eq!(Burn::from_log(&b.topics(), &b.data()), Ok(b));
	}

	#[test]
	fn anything_else_is_refused() {
		let b = sample();
		let (topics, data) = (b.topics(), b.data());
		assert_eq!(Burn::from_log(&topics[..3], &data), Err(BurnLogError::TopicCount));
		let mut more = topics.to_vec();
		more.push([0; 32]);
		assert_eq!(Burn::from_log(&more, &data), Err(BurnLogError::TopicCount));
		let mut t = topics;
		t[0] = keccak(b"Minted(uint64,address,uint128)");
		assert_eq!(Burn::from_log(&t, &data), Err(BurnLogError::NotBurned));
		let mut t = topics;
		t[1][0] = 1;
		assert_eq!(Burn::from_log(&t, &data), Err(BurnLogError::BadNonce));
		let mut t = topics;
		t[2][11] = 1;
		assert_eq!(Burn::from_log(&t, &data), Err(BurnLogError::BadSender));
		let mut t = topics;
		t[3] = [0; 32];
		assert_eq!(Burn::from_log(&t, &data), Err(BurnLogError::ZeroRecipient));
		assert_eq!(Burn::from_log(&topics, &data[..31]), Err(BurnLogError::DataLength));
		let mut long = data.to_vec();
		long.push(0);
		assert_eq!(Burn::from_log(&topics, &long), Err(BurnLogError::DataLength));
		let mut d = data;
		d[15] = 1;
		assert_eq!(Burn::from_log(&topics, &d), Err(BurnLogError::BadAmount));
	}
}
