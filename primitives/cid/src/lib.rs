//! # IPFS content identifiers, as dsynapse accepts them
//!
//! Assets are registered by the CID of their content. The chain accepts exactly the CIDs that
//! IPFS importers produce for files (kubo, Helia, and our worker under the IPIP-0499 profiles):
//!
//! | form | bytes | text |
//! |---|---|---|
//! | CIDv0 | `0x12 0x20` + 32-byte sha2-256 digest (a bare multihash; implies dag-pb) | base58btc, `Qm…` |
//! | CIDv1 | varint `1`, varint codec (`0x70` dag-pb or `0x55` raw), varint `0x12`, varint `32`, digest | multibase base32, `b…` |
//!
//! Anything else — another CID version, another codec (dag-cbor, …), another hash (blake3, …), a
//! digest that is not 32 bytes, trailing bytes — is rejected with its own [`CidError`], so a
//! client can tell its user exactly what is wrong.
//!
//! [`Cid::parse`] validates binary CIDs (what extrinsics carry); [`Cid::to_bytes`] gives the
//! canonical bytes back; with `std`, [`Cid::from_text`] / [`Cid::to_text`] handle the text forms.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "std")]
pub mod multibase;
pub mod varint;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Multicodec of the sha2-256 multihash.
pub const SHA2_256: u64 = 0x12;
/// Multicodec of dag-pb (UnixFS directories and chunked files).
pub const DAG_PB: u64 = 0x70;
/// Multicodec of raw blocks (UnixFS raw leaves, single-block files under CIDv1).
pub const RAW: u64 = 0x55;
/// Length of a sha2-256 digest.
pub const DIGEST_LEN: usize = 32;
/// The longest binary CID accepted (a CIDv1: four one-byte varints and the digest).
pub const MAX_CID_LEN: usize = 36;

/// CID version.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Hash,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Version {
	/// A bare sha2-256 multihash of a dag-pb block.
	V0,
	/// Self-describing: version, codec, multihash.
	V1,
}

/// The content codec of the block a CID points at.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Hash,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Codec {
	/// dag-pb (`0x70`): UnixFS nodes.
	DagPb,
	/// raw (`0x55`): the bytes themselves.
	Raw,
}

impl Codec {
	/// The multicodec code.
	pub fn code(self) -> u64 {
		match self {
			Codec::DagPb => DAG_PB,
			Codec::Raw => RAW,
		}
	}
}

/// Why a byte string is not an acceptable CID.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Hash,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum CidError {
	/// No bytes at all.
	Empty,
	/// The bytes end inside a varint or the digest.
	Truncated,
	/// A varint longer than 9 bytes or not minimally encoded.
	VarintOverlong,
	/// A CID version other than 0 or 1 (an explicit `0` prefix is also invalid).
	UnsupportedVersion,
	/// A codec other than dag-pb or raw.
	UnsupportedCodec,
	/// A multihash other than sha2-256.
	UnsupportedHash,
	/// A sha2-256 digest whose declared length is not 32.
	WrongDigestLength,
	/// Bytes left after the digest.
	TrailingBytes,
	/// (Text forms only) not valid base58btc / multibase base32.
	BadText,
}

impl core::fmt::Display for CidError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			CidError::Empty => "empty CID",
			CidError::Truncated => "CID is truncated",
			CidError::VarintOverlong => "CID has an overlong or non-minimal varint",
			CidError::UnsupportedVersion => "unsupported CID version (only v0 and v1 are valid)",
			CidError::UnsupportedCodec =>
				"unsupported codec (dsynapse content is dag-pb or raw; dag-cbor, dag-json and others are not accepted)",
			CidError::UnsupportedHash => "unsupported multihash (only sha2-256 is accepted)",
			CidError::WrongDigestLength => "sha2-256 digest length is not 32",
			CidError::TrailingBytes => "bytes after the end of the CID",
			CidError::BadText => "not a CID text: expected base58btc `Qm…` (v0) or base32 `b…` (v1)",
		})
	}
}

/// A validated CID.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Hash,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Cid {
	/// v0 or v1.
	pub version: Version,
	/// dag-pb or raw (always dag-pb for v0).
	pub codec: Codec,
	/// The sha2-256 digest of the block.
	pub digest: [u8; DIGEST_LEN],
}

impl Cid {
	/// A CIDv1 of `codec` over a block whose sha2-256 digest is `digest`.
	pub fn v1(codec: Codec, digest: [u8; DIGEST_LEN]) -> Self {
		Cid { version: Version::V1, codec, digest }
	}

	/// A CIDv0 (dag-pb) over a block whose sha2-256 digest is `digest`.
	pub fn v0(digest: [u8; DIGEST_LEN]) -> Self {
		Cid { version: Version::V0, codec: Codec::DagPb, digest }
	}

	/// Validates a binary CID.
	pub fn parse(bytes: &[u8]) -> Result<Cid, CidError> {
		match bytes.first() {
			None => Err(CidError::Empty),
			// CIDv0 is a bare multihash, which starts with the sha2-256 code.
			Some(&b) if u64::from(b) == SHA2_256 => {
				let digest = read_multihash(bytes)?;
				Ok(Cid::v0(digest))
			},
			Some(_) => {
				let (version, rest) = varint::read(bytes)?;
				if version != 1 {
					return Err(CidError::UnsupportedVersion);
				}
				let (codec, rest) = varint::read(rest)?;
				let codec = match codec {
					DAG_PB => Codec::DagPb,
					RAW => Codec::Raw,
					_ => return Err(CidError::UnsupportedCodec),
				};
				let digest = read_multihash(rest)?;
				Ok(Cid::v1(codec, digest))
			},
		}
	}

	/// The canonical binary form.
	pub fn to_bytes(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(MAX_CID_LEN);
		if self.version == Version::V1 {
			varint::write(1, &mut out);
			varint::write(self.codec.code(), &mut out);
		}
		varint::write(SHA2_256, &mut out);
		varint::write(DIGEST_LEN as u64, &mut out);
		out.extend_from_slice(&self.digest);
		out
	}

	/// Parses the text form: `Qm…` (base58btc CIDv0) or `b…` (base32 CIDv1).
	#[cfg(feature = "std")]
	pub fn from_text(text: &str) -> Result<Cid, CidError> {
		let bytes = if text.starts_with("Qm") {
			multibase::base58_decode(text).ok_or(CidError::BadText)?
		} else if let Some(b32) = text.strip_prefix('b') {
			multibase::base32_decode(b32).ok_or(CidError::BadText)?
		} else {
			return Err(CidError::BadText);
		};
		Cid::parse(&bytes)
	}

	/// The conventional text form: base58btc for v0, multibase base32 for v1.
	#[cfg(feature = "std")]
	pub fn to_text(&self) -> String {
		match self.version {
			Version::V0 => multibase::base58_encode(&self.to_bytes()),
			Version::V1 => format!("b{}", multibase::base32_encode(&self.to_bytes())),
		}
	}
}

/// Reads a sha2-256 multihash that must end exactly at the end of `bytes`.
fn read_multihash(bytes: &[u8]) -> Result<[u8; DIGEST_LEN], CidError> {
	let (code, rest) = varint::read(bytes)?;
	if code != SHA2_256 {
		return Err(CidError::UnsupportedHash);
	}
	let (len, rest) = varint::read(rest)?;
	if len != DIGEST_LEN as u64 {
		return Err(CidError::WrongDigestLength);
	}
	let digest = rest.get(..DIGEST_LEN).ok_or(CidError::Truncated)?;
	if rest.len() > DIGEST_LEN {
		return Err(CidError::TrailingBytes);
	}
	let mut out = [0u8; DIGEST_LEN];
	out.copy_from_slice(digest);
	Ok(out)
}

#[cfg(test)]
mod tests;
