//! The few protobuf primitives dag-pb and UnixFS need: varints, tags and length-delimited fields.
//!
//! Written by hand because both formats must come out byte for byte as the reference importers
//! write them (field order, no packed repeated fields), and decoding must never trust a length.
//!
//! Varints are the multiformats ones of [`dsynapse_cid::varint`] (the one implementation in the
//! project): at most 63 bits, minimally encoded. Every value these formats carry (sizes, type
//! codes, modes, lengths) fits, and the reference encoders always write the shortest form, so a
//! block this refuses is one no importer wrote.

use thiserror::Error;

/// Why a protobuf message could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PbError {
	/// The message ends inside a field.
	#[error("truncated protobuf message")]
	Truncated,
	/// A varint longer than 9 bytes (wider than 63 bits) or not minimally encoded.
	#[error("malformed protobuf varint")]
	BadVarint,
	/// A field number or wire type the format does not define.
	#[error("unexpected protobuf field {field} (wire type {wire})")]
	UnexpectedField {
		/// Field number.
		field: u64,
		/// Wire type.
		wire: u64,
	},
	/// A string field that is not UTF-8.
	#[error("protobuf string field is not UTF-8")]
	BadUtf8,
	/// The fields break the format's canonical form (order, duplicates, missing required).
	#[error("non-canonical message: {0}")]
	NonCanonical(&'static str),
}

/// Wire type of varint fields.
pub const VARINT: u64 = 0;
/// Wire type of length-delimited fields (bytes, strings, messages).
pub const LEN: u64 = 2;

/// Appends `value` as a varint.
pub fn put_varint(out: &mut Vec<u8>, value: u64) {
	dsynapse_cid::varint::write(value, out);
}

/// The encoded length of `value` as a varint.
pub fn varint_len(value: u64) -> usize {
	dsynapse_cid::varint::encoded_len(value)
}

/// Appends a field tag.
pub fn put_tag(out: &mut Vec<u8>, field: u64, wire: u64) {
	put_varint(out, (field << 3) | wire);
}

/// Appends a length-delimited field.
pub fn put_bytes(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
	put_tag(out, field, LEN);
	put_varint(out, bytes.len() as u64);
	out.extend_from_slice(bytes);
}

/// Appends a varint field.
pub fn put_uint(out: &mut Vec<u8>, field: u64, value: u64) {
	put_tag(out, field, VARINT);
	put_varint(out, value);
}

/// A cursor over an encoded message.
pub struct Reader<'a> {
	bytes: &'a [u8],
}

impl<'a> Reader<'a> {
	/// Reads `bytes`.
	pub fn new(bytes: &'a [u8]) -> Self {
		Reader { bytes }
	}

	/// Whether everything was read.
	pub fn is_empty(&self) -> bool {
		self.bytes.is_empty()
	}

	/// Reads a varint.
	pub fn varint(&mut self) -> Result<u64, PbError> {
		let (value, rest) = dsynapse_cid::varint::read(self.bytes).map_err(|e| match e {
			dsynapse_cid::CidError::Truncated => PbError::Truncated,
			_ => PbError::BadVarint,
		})?;
		self.bytes = rest;
		Ok(value)
	}

	/// Reads a tag: (field number, wire type).
	pub fn tag(&mut self) -> Result<(u64, u64), PbError> {
		let tag = self.varint()?;
		Ok((tag >> 3, tag & 7))
	}

	/// Reads the payload of a length-delimited field.
	pub fn bytes(&mut self) -> Result<&'a [u8], PbError> {
		let len = usize::try_from(self.varint()?).map_err(|_| PbError::Truncated)?;
		if len > self.bytes.len() {
			return Err(PbError::Truncated);
		}
		let (head, tail) = self.bytes.split_at(len);
		self.bytes = tail;
		Ok(head)
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use proptest::prelude::*;

	proptest! {
		#[test]
		fn varints_round_trip(value in 0..=u64::MAX >> 1) {
			let mut out = Vec::new();
			put_varint(&mut out, value);
			prop_assert_eq!(out.len(), varint_len(value));
			let mut reader = Reader::new(&out);
			prop_assert_eq!(reader.varint().unwrap(), value);
			prop_assert!(reader.is_empty());
		}

		#[test]
		fn reading_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
			let mut reader = Reader::new(&bytes);
			while !reader.is_empty() {
				if reader.tag().is_err() || reader.bytes().is_err() {
					break;
				}
			}
		}
	}

	#[test]
	fn rejects_overlong_and_truncated_varints() {
		assert_eq!(Reader::new(&[0xff; 11]).varint(), Err(PbError::BadVarint));
		assert_eq!(Reader::new(&[0x80, 0x80]).varint(), Err(PbError::Truncated));
		// 64-bit values (10 bytes) are wider than any field these formats carry.
		let mut too_wide = vec![0xff; 9];
		too_wide.push(0x01);
		assert_eq!(Reader::new(&too_wide).varint(), Err(PbError::BadVarint));
		// Not the shortest form: 0 written in two bytes.
		assert_eq!(Reader::new(&[0x80, 0x00]).varint(), Err(PbError::BadVarint));
		assert_eq!(Reader::new(&[0x05, 1, 2]).bytes(), Err(PbError::Truncated));
	}
}
