#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use super::*;
use alloc::vec;

/// The UnixFS empty directory: a dag-pb node `0a 02 08 01`. Its CIDs are well known from kubo.
const EMPTY_DIR_BLOCK: [u8; 4] = [0x0a, 0x02, 0x08, 0x01];
const EMPTY_DIR_V0: &str = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
const EMPTY_DIR_V1: &str = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

fn sha256(data: &[u8]) -> [u8; 32] {
	sp_crypto_hashing::sha2_256(data)
}

/// A small deterministic generator for the property tests (xorshift64*).
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}
	fn bytes(&mut self, n: usize) -> Vec<u8> {
		(0..n).map(|_| self.next() as u8).collect()
	}
	fn digest(&mut self) -> [u8; 32] {
		self.bytes(32).try_into().unwrap()
	}
}

#[test]
fn the_empty_directory_has_its_well_known_cids() {
	let digest = sha256(&EMPTY_DIR_BLOCK);
	assert_eq!(Cid::v0(digest).to_text(), EMPTY_DIR_V0);
	assert_eq!(Cid::v1(Codec::DagPb, digest).to_text(), EMPTY_DIR_V1);
	assert_eq!(Cid::from_text(EMPTY_DIR_V0), Ok(Cid::v0(digest)));
	assert_eq!(Cid::from_text(EMPTY_DIR_V1), Ok(Cid::v1(Codec::DagPb, digest)));
}

#[test]
fn binary_forms_have_the_documented_layout() {
	let d = [7u8; 32];
	let v0 = Cid::v0(d).to_bytes();
	assert_eq!(&v0[..2], &[0x12, 0x20]);
	assert_eq!(v0.len(), 34);
	let v1 = Cid::v1(Codec::Raw, d).to_bytes();
	assert_eq!(&v1[..4], &[0x01, 0x55, 0x12, 0x20]);
	assert_eq!(v1.len(), MAX_CID_LEN);
}

#[test]
fn each_defect_has_its_own_error() {
	let d = [1u8; 32];
	let v1 = |codec: u8, hash: u8, len: u8, digest: &[u8]| {
		let mut b = vec![0x01, codec, hash, len];
		b.extend_from_slice(digest);
		b
	};
	assert_eq!(Cid::parse(&[]), Err(CidError::Empty));
	assert_eq!(Cid::parse(&[0x02, 0x55, 0x12, 0x20]), Err(CidError::UnsupportedVersion));
	assert_eq!(Cid::parse(&[0x00, 0x70]), Err(CidError::UnsupportedVersion));
	// dag-cbor (0x71) is a valid IPLD codec but not a file.
	assert_eq!(Cid::parse(&v1(0x71, 0x12, 0x20, &d)), Err(CidError::UnsupportedCodec));
	// blake2b-256 (0xb220) multihash.
	let mut blake = vec![0x01, 0x55, 0xa0, 0xe4, 0x02, 0x20];
	blake.extend_from_slice(&d);
	assert_eq!(Cid::parse(&blake), Err(CidError::UnsupportedHash));
	// identity multihash (0x00).
	assert_eq!(Cid::parse(&v1(0x55, 0x00, 0x20, &d)), Err(CidError::UnsupportedHash));
	assert_eq!(Cid::parse(&v1(0x55, 0x12, 0x10, &d[..16])), Err(CidError::WrongDigestLength));
	assert_eq!(Cid::parse(&v1(0x55, 0x12, 0x20, &d[..31])), Err(CidError::Truncated));
	let mut long = v1(0x55, 0x12, 0x20, &d);
	long.push(0);
	assert_eq!(Cid::parse(&long), Err(CidError::TrailingBytes));
	let mut v0 = Cid::v0(d).to_bytes();
	v0.push(9);
	assert_eq!(Cid::parse(&v0), Err(CidError::TrailingBytes));
	assert_eq!(Cid::parse(&[0x12, 0x20, 1, 2]), Err(CidError::Truncated));
	assert_eq!(Cid::parse(&[0x01, 0xf0, 0x00]), Err(CidError::VarintOverlong));
	assert_eq!(Cid::from_text("zQm"), Err(CidError::BadText));
	assert_eq!(Cid::from_text("Qm0OIl"), Err(CidError::BadText));
	assert_eq!(Cid::from_text("bAFY"), Err(CidError::BadText));
}

#[test]
fn property_valid_cids_round_trip_through_bytes_and_text() {
	let mut rng = Rng(0x5eed);
	for i in 0..2_000 {
		let cid = match i % 3 {
			0 => Cid::v0(rng.digest()),
			1 => Cid::v1(Codec::DagPb, rng.digest()),
			_ => Cid::v1(Codec::Raw, rng.digest()),
		};
		let bytes = cid.to_bytes();
		assert!(bytes.len() <= MAX_CID_LEN);
		assert_eq!(Cid::parse(&bytes), Ok(cid));
		assert_eq!(Cid::from_text(&cid.to_text()), Ok(cid));
	}
}

#[test]
fn property_arbitrary_bytes_never_panic_and_accepted_ones_are_canonical() {
	let mut rng = Rng(0xc1d);
	for _ in 0..20_000 {
		let len = (rng.next() % 40) as usize;
		let mut bytes = rng.bytes(len);
		// Bias half the inputs towards plausible prefixes so the deep paths are exercised.
		if len >= 4 && rng.next().is_multiple_of(2) {
			bytes[..4].copy_from_slice(&[
				0x01,
				if rng.next().is_multiple_of(2) { 0x55 } else { 0x70 },
				0x12,
				0x20,
			]);
		}
		if let Ok(cid) = Cid::parse(&bytes) {
			assert_eq!(cid.to_bytes(), bytes, "accepted bytes are exactly the canonical form");
		}
	}
}

#[test]
fn property_base_codecs_invert_each_other() {
	let mut rng = Rng(0xba5e);
	for _ in 0..2_000 {
		let len = (rng.next() % 48) as usize;
		let bytes = rng.bytes(len);
		assert_eq!(
			multibase::base32_decode(&multibase::base32_encode(&bytes)),
			Some(bytes.clone())
		);
		assert_eq!(multibase::base58_decode(&multibase::base58_encode(&bytes)), Some(bytes));
	}
}
