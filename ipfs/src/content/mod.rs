//! # The content layer: IPFS blocks, UnixFS, the local blockstore, CAR files
//!
//! Every asset on the chain is named by a CID. A verifier must fetch exactly those bytes, check
//! every block against its CID, keep (pin) what it verifies, and an IP owner must get from
//! `dsynapse-worker ipfs add` the same CID that kubo or Helia would print. This module is that
//! layer, from the bottom up:
//!
//! - [`pb`], [`dag_pb`], [`unixfs`]: the two protobuf formats, encoded byte for byte as the
//!   reference importers write them;
//! - [`profile`]: the IPIP-0499 import profiles (`unixfs-v1-2025`, `unixfs-v0-2015`);
//! - [`importer`]: files and directories → blocks (fixed-size chunks, balanced DAG), hashing
//!   chunks on every core;
//! - [`store`]: where blocks live — [`store::FsStore`] on disk (crash-safe, shared by
//!   processes), [`store::MemoryStore`] for tests and benchmarks;
//! - [`pins`] and [`gc`]: what is kept, and removing the rest;
//! - [`dag`]: walking a DAG (links of a block, completeness, verification);
//! - [`exporter`]: reading a file back (whole or a byte range) or writing a tree to disk;
//! - [`car`]: CAR v1 archives in and out, their header read by [`cbor`].
//!
//! Only what the chain accepts is handled: CIDv0/CIDv1, sha2-256, dag-pb and raw
//! ([`dsynapse_cid`]); anything else is refused with an error that names it.

pub mod car;
pub mod cbor;
pub mod dag;
pub mod dag_pb;
pub mod exporter;
pub mod gc;
pub mod importer;
pub mod pb;
pub mod pins;
pub mod profile;
pub mod store;
pub mod unixfs;

pub use dsynapse_cid::{Cid, CidError, Codec, Version};
/// The sha2-256 digest of `bytes`. ring's assembly uses the CPU's SHA extensions (SHA-NI)
/// when present, as OpenSSL does: hashing is the importer's main cost.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
	let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
	let mut out = [0u8; 32];
	out.copy_from_slice(digest.as_ref());
	out
}

/// Whether `data` is the block `cid` names.
pub fn block_matches(cid: &Cid, data: &[u8]) -> bool {
	sha256(data) == cid.digest
}

/// Parses a CID as a user or a peer writes it (`Qm…`, `b…`), with an error that says what is
/// wrong.
pub fn parse_cid(text: &str) -> Result<Cid, BadCid> {
	Cid::from_text(text.trim()).map_err(|reason| BadCid { text: text.to_owned(), reason })
}

/// A CID that could not be used.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("invalid CID {text:?}: {reason}")]
pub struct BadCid {
	/// What was given.
	pub text: String,
	/// Why it is refused.
	pub reason: CidError,
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used)]
	use super::*;

	#[test]
	fn names_what_is_wrong_with_a_cid() {
		let cbor = "bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
		let err = parse_cid(cbor).unwrap_err();
		assert_eq!(err.reason, CidError::UnsupportedCodec);
		assert!(err.to_string().contains("dag-cbor"), "{err}");
		assert_eq!(
			parse_cid("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA").unwrap_err().reason,
			CidError::BadText
		);
		assert!(parse_cid("Qm123").is_err());
		// blake3 multihash.
		let b3 = "bafkr4ihkr4ld3m4gqkjf4reryxsy2s5tkbxprqkow6fin2iiyvreuzzab4";
		assert_eq!(parse_cid(b3).unwrap_err().reason, CidError::UnsupportedHash);
		let ok = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
		assert_eq!(parse_cid(ok).unwrap().to_text(), ok);
	}
}
