//! UnixFS: the message in a dag-pb node's `Data` that says what the node is (a file, a chunk of
//! one, a directory) and how many file bytes each child holds.
//!
//! Encoded exactly as kubo and the JS importer write it: `Type`, then `Data` (left out when
//! empty), `filesize` (files only, even when 0), then one `blocksizes` field per child (not
//! packed). Modes and mtimes are never written (the importers' defaults), and are skipped on read.

use super::pb::{self, PbError, Reader};

/// The UnixFS node types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeType {
	/// Raw data (legacy leaves).
	Raw,
	/// A directory: its links are the entries.
	Directory,
	/// A file, or a chunk of one.
	File,
	/// Metadata (unused).
	Metadata,
	/// A symbolic link: `data` is the target.
	Symlink,
	/// A HAMT-sharded directory.
	HamtShard,
}

impl NodeType {
	fn code(self) -> u64 {
		match self {
			NodeType::Raw => 0,
			NodeType::Directory => 1,
			NodeType::File => 2,
			NodeType::Metadata => 3,
			NodeType::Symlink => 4,
			NodeType::HamtShard => 5,
		}
	}

	fn from_code(code: u64) -> Option<Self> {
		Some(match code {
			0 => NodeType::Raw,
			1 => NodeType::Directory,
			2 => NodeType::File,
			3 => NodeType::Metadata,
			4 => NodeType::Symlink,
			5 => NodeType::HamtShard,
			_ => return None,
		})
	}
}

/// A UnixFS message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnixFs {
	/// What the node is.
	pub kind: NodeType,
	/// Inline file bytes (leaves in the CIDv0 profile), or a symlink's target.
	pub data: Vec<u8>,
	/// The file bytes of each child link, in link order.
	pub blocksizes: Vec<u64>,
	/// HAMT fanout (sharded directories only).
	pub fanout: Option<u64>,
}

impl UnixFs {
	/// A file node over children holding `blocksizes` bytes.
	pub fn file(data: Vec<u8>, blocksizes: Vec<u64>) -> Self {
		UnixFs { kind: NodeType::File, data, blocksizes, fanout: None }
	}

	/// A plain directory.
	pub fn directory() -> Self {
		UnixFs { kind: NodeType::Directory, data: Vec::new(), blocksizes: Vec::new(), fanout: None }
	}

	/// File bytes under this node: inline data plus every child's.
	pub fn file_size(&self) -> u64 {
		match self.kind {
			NodeType::Directory | NodeType::HamtShard => 0,
			_ => self.blocksizes.iter().fold(self.data.len() as u64, |a, b| a.saturating_add(*b)),
		}
	}

	/// The canonical encoding.
	pub fn encode(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(self.data.len() + 8 + 4 * self.blocksizes.len());
		pb::put_uint(&mut out, 1, self.kind.code());
		if !self.data.is_empty() {
			pb::put_bytes(&mut out, 2, &self.data);
		}
		if matches!(self.kind, NodeType::File | NodeType::Raw) {
			pb::put_uint(&mut out, 3, self.file_size());
		}
		for size in &self.blocksizes {
			pb::put_uint(&mut out, 4, *size);
		}
		if let Some(fanout) = self.fanout {
			pb::put_uint(&mut out, 6, fanout);
		}
		out
	}

	/// Decodes a UnixFS message.
	pub fn decode(bytes: &[u8]) -> Result<Self, PbError> {
		let mut reader = Reader::new(bytes);
		let mut kind = None;
		let mut node = UnixFs::file(Vec::new(), Vec::new());
		while !reader.is_empty() {
			match reader.tag()? {
				(1, pb::VARINT) => {
					kind = Some(
						NodeType::from_code(reader.varint()?)
							.ok_or(PbError::NonCanonical("unknown UnixFS type"))?,
					)
				},
				(2, pb::LEN) => node.data = reader.bytes()?.to_vec(),
				(3, pb::VARINT) | (5, pb::VARINT) | (7, pb::VARINT) => {
					reader.varint()?;
				},
				(4, pb::VARINT) => node.blocksizes.push(reader.varint()?),
				(4, pb::LEN) => {
					let mut packed = Reader::new(reader.bytes()?);
					while !packed.is_empty() {
						node.blocksizes.push(packed.varint()?);
					}
				},
				(6, pb::VARINT) => node.fanout = Some(reader.varint()?),
				(8, pb::LEN) => {
					reader.bytes()?;
				},
				(field, wire) => return Err(PbError::UnexpectedField { field, wire }),
			}
		}
		node.kind = kind.ok_or(PbError::NonCanonical("UnixFS message without a type"))?;
		Ok(node)
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn encodes_like_the_reference_importers() {
		// An empty file: type File and filesize 0, no data field.
		assert_eq!(UnixFs::file(vec![], vec![]).encode(), vec![0x08, 2, 0x18, 0]);
		// A directory: the type alone.
		assert_eq!(UnixFs::directory().encode(), vec![0x08, 1]);
		// A chunked file: filesize then one blocksizes field per child.
		assert_eq!(
			UnixFs::file(vec![], vec![300, 1]).encode(),
			vec![0x08, 2, 0x18, 0xad, 0x02, 0x20, 0xac, 0x02, 0x20, 1]
		);
	}

	proptest! {
		#[test]
		fn messages_round_trip(
			data in proptest::collection::vec(any::<u8>(), 0..32),
			sizes in proptest::collection::vec(0u64..1 << 40, 0..8),
		) {
			let node = UnixFs::file(data, sizes);
			prop_assert_eq!(UnixFs::decode(&node.encode()).unwrap(), node);
		}

		#[test]
		fn decoding_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..128)) {
			let _ = UnixFs::decode(&bytes);
		}
	}
}
