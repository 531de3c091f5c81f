//! The text forms of CIDs: base58btc for v0 (`Qm…`), multibase base32 lower for v1 (`b…`).
//!
//! Off-chain only (`std`): the runtime handles CIDs as bytes. The arithmetic below works on
//! digits below 58, bytes, and bit buffers below 2^13, none of which can overflow `u32`; the
//! table lookups index with values masked or reduced below the table's length.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use alloc::{string::String, vec::Vec};

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Bitcoin base58 of `bytes`.
pub fn base58_encode(bytes: &[u8]) -> String {
	let zeros = bytes.iter().take_while(|&&b| b == 0).count();
	// Little-endian base-58 digits of the big-endian number in `bytes`.
	let mut digits: Vec<u8> = Vec::new();
	for &byte in bytes {
		let mut carry = u32::from(byte);
		for d in digits.iter_mut() {
			let acc = (u32::from(*d) << 8) | carry;
			*d = (acc % 58) as u8;
			carry = acc / 58;
		}
		while carry > 0 {
			digits.push((carry % 58) as u8);
			carry /= 58;
		}
	}
	let mut out = String::with_capacity(zeros.saturating_add(digits.len()));
	out.extend(core::iter::repeat_n('1', zeros));
	out.extend(
		digits.iter().rev().map(|&d| char::from(*BASE58.get(usize::from(d)).unwrap_or(&b'1'))),
	);
	out
}

/// Decodes bitcoin base58; `None` on a character outside the alphabet.
pub fn base58_decode(text: &str) -> Option<Vec<u8>> {
	let zeros = text.bytes().take_while(|&c| c == b'1').count();
	let mut bytes: Vec<u8> = Vec::new(); // little-endian
	for c in text.bytes() {
		let mut carry = BASE58.iter().position(|&a| a == c)? as u32;
		for b in bytes.iter_mut() {
			let acc = u32::from(*b) * 58 + carry;
			*b = (acc & 0xff) as u8;
			carry = acc >> 8;
		}
		while carry > 0 {
			bytes.push((carry & 0xff) as u8);
			carry >>= 8;
		}
	}
	let mut out = alloc::vec![0u8; zeros];
	out.extend(bytes.iter().rev());
	Some(out)
}

/// RFC 4648 base32, lower case, no padding.
pub fn base32_encode(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(bytes.len().saturating_mul(8).div_ceil(5));
	let (mut buffer, mut bits) = (0u32, 0u32);
	for &b in bytes {
		buffer = (buffer << 8) | u32::from(b);
		bits += 8;
		while bits >= 5 {
			bits -= 5;
			out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
		}
		buffer &= (1 << bits) - 1;
	}
	if bits > 0 {
		out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
	}
	out
}

/// Decodes RFC 4648 base32 (lower case, no padding); `None` on a bad character or leftover bits.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
	let mut out = Vec::with_capacity(text.len().saturating_mul(5) / 8);
	let (mut buffer, mut bits) = (0u32, 0u32);
	for c in text.bytes() {
		let v = BASE32.iter().position(|&a| a == c)? as u32;
		buffer = (buffer << 5) | v;
		bits += 5;
		if bits >= 8 {
			bits -= 8;
			out.push(((buffer >> bits) & 0xff) as u8);
		}
		buffer &= (1 << bits) - 1;
	}
	// Leftover bits must be zero padding of less than a byte.
	(bits < 5 && buffer == 0).then_some(out)
}
