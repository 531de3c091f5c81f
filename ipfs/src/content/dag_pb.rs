//! dag-pb: the block format of UnixFS files and directories.
//!
//! A node is a list of links (CID, name, cumulative size) and an opaque `Data` field (the UnixFS
//! message). The canonical encoding writes every link before the data — the order kubo, Helia
//! and the spec use — and links with a name are kept sorted by name bytes in directories.

use super::pb::{self, PbError, Reader};
use crate::content::Cid;

/// A link from one dag-pb node to a child block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PbLink {
	/// The child's CID.
	pub cid: Cid,
	/// The entry name (directories) or `Some("")` (file chunks, as the importers write them).
	pub name: Option<String>,
	/// Cumulative size: the child block plus everything under it.
	pub tsize: Option<u64>,
}

/// A dag-pb node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PbNode {
	/// Links, in order.
	pub links: Vec<PbLink>,
	/// The payload (a UnixFS message for UnixFS nodes).
	pub data: Option<Vec<u8>>,
}

impl PbLink {
	fn encode(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(48);
		pb::put_bytes(&mut out, 1, &self.cid.to_bytes());
		if let Some(name) = &self.name {
			pb::put_bytes(&mut out, 2, name.as_bytes());
		}
		if let Some(tsize) = self.tsize {
			pb::put_uint(&mut out, 3, tsize);
		}
		out
	}

	fn decode(bytes: &[u8]) -> Result<Self, DagPbError> {
		let mut reader = Reader::new(bytes);
		let mut cid = None;
		let mut name = None;
		let mut tsize = None;
		let mut last_field = 0;
		while !reader.is_empty() {
			let (field, wire) = reader.tag()?;
			if field <= last_field {
				return Err(PbError::NonCanonical("link fields out of order or repeated").into());
			}
			last_field = field;
			match (field, wire) {
				(1, pb::LEN) => cid = Some(Cid::parse(reader.bytes()?).map_err(DagPbError::Cid)?),
				(2, pb::LEN) => {
					let raw = reader.bytes()?;
					name = Some(String::from_utf8(raw.to_vec()).map_err(|_| PbError::BadUtf8)?);
				},
				(3, pb::VARINT) => tsize = Some(reader.varint()?),
				(field, wire) => return Err(PbError::UnexpectedField { field, wire }.into()),
			}
		}
		let cid = cid.ok_or(PbError::NonCanonical("link without a hash"))?;
		Ok(PbLink { cid, name, tsize })
	}
}

/// Why a block is not a dag-pb node we can use.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DagPbError {
	/// Bad protobuf.
	#[error(transparent)]
	Pb(#[from] PbError),
	/// A link whose CID is malformed or of a kind dsynapse does not use.
	#[error("link to an unsupported or malformed CID: {0}")]
	Cid(dsynapse_cid::CidError),
}

impl PbNode {
	/// The canonical encoding (links first, then data).
	pub fn encode(&self) -> Vec<u8> {
		let links: Vec<Vec<u8>> = self.links.iter().map(PbLink::encode).collect();
		let size =
			links.iter().map(|l| 1 + pb::varint_len(l.len() as u64) + l.len()).sum::<usize>()
				+ self.data.as_ref().map_or(0, |d| 1 + pb::varint_len(d.len() as u64) + d.len());
		let mut out = Vec::with_capacity(size);
		for link in &links {
			pb::put_bytes(&mut out, 2, link);
		}
		if let Some(data) = &self.data {
			pb::put_bytes(&mut out, 1, data);
		}
		out
	}

	/// Decodes a dag-pb block, rejecting anything but the canonical form.
	pub fn decode(bytes: &[u8]) -> Result<Self, DagPbError> {
		let mut reader = Reader::new(bytes);
		let mut node = PbNode::default();
		while !reader.is_empty() {
			match reader.tag()? {
				(2, pb::LEN) => {
					if node.data.is_some() {
						return Err(PbError::NonCanonical("link after the data field").into());
					}
					node.links.push(PbLink::decode(reader.bytes()?)?);
				},
				(1, pb::LEN) => {
					if node.data.is_some() {
						return Err(PbError::NonCanonical("two data fields").into());
					}
					node.data = Some(reader.bytes()?.to_vec());
				},
				(field, wire) => return Err(PbError::UnexpectedField { field, wire }.into()),
			}
		}
		Ok(node)
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use dsynapse_cid::Codec;
	use proptest::prelude::*;

	fn link(seed: u8, name: Option<&str>, tsize: Option<u64>) -> PbLink {
		PbLink { cid: Cid::v1(Codec::Raw, [seed; 32]), name: name.map(str::to_owned), tsize }
	}

	#[test]
	fn links_come_before_data() {
		let node = PbNode { links: vec![link(1, Some(""), Some(5))], data: Some(vec![8, 2]) };
		let bytes = node.encode();
		assert_eq!(bytes.first(), Some(&0x12), "first field is a link (field 2)");
		assert_eq!(&bytes[bytes.len() - 4..], &[0x0a, 2, 8, 2]);
		assert_eq!(PbNode::decode(&bytes).unwrap(), node);
	}

	#[test]
	fn rejects_data_before_links_and_unknown_fields() {
		let mut bytes = vec![0x0a, 0];
		bytes.extend(PbNode { links: vec![link(1, None, None)], data: None }.encode());
		assert!(matches!(PbNode::decode(&bytes), Err(DagPbError::Pb(PbError::NonCanonical(_)))));
		assert!(matches!(
			PbNode::decode(&[0x18, 1]),
			Err(DagPbError::Pb(PbError::UnexpectedField { field: 3, wire: 0 }))
		));
		// A link to a dag-cbor CID.
		let mut cbor_link = vec![1, 0x71, 0x12, 32];
		cbor_link.extend([7; 32]);
		let mut msg = Vec::new();
		pb::put_bytes(&mut msg, 1, &cbor_link);
		let mut node = Vec::new();
		pb::put_bytes(&mut node, 2, &msg);
		assert!(matches!(PbNode::decode(&node), Err(DagPbError::Cid(_))));
	}

	proptest! {
		#[test]
		fn nodes_round_trip(
			links in proptest::collection::vec((any::<u8>(), proptest::option::of("[a-z]{0,8}"), proptest::option::of(0..=u64::MAX >> 1)), 0..8),
			data in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
		) {
			let node = PbNode {
				links: links.iter().map(|(s, n, t)| link(*s, n.as_deref(), *t)).collect(),
				data,
			};
			prop_assert_eq!(PbNode::decode(&node.encode()).unwrap(), node);
		}

		#[test]
		fn decoding_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
			let _ = PbNode::decode(&bytes);
		}
	}
}
