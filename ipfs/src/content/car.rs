//! CAR v1: a DAG's blocks in one stream, as kubo (`ipfs dag export/import`), Helia and
//! `@ipld/car` write and read them.
//!
//! ```text
//! varint(len) dag-cbor{ "roots": [CID…], "version": 1 }
//! varint(len) CID bytes ‖ block bytes        (one section per block)
//! ```
//!
//! On import every block is checked against its CID before it is stored; a CID of a codec or
//! hash dsynapse does not use, a truncated section, or an oversized one stops the import with
//! the section number and the reason. The header's CBOR is read by [`cbor`].

use crate::content::{
	block_matches,
	cbor::{self, Item},
	dag::{self, DagError},
	store::{BlockStore, StoreError},
	Cid, CidError,
};
use std::{
	collections::HashSet,
	io::{self, Read, Write},
};

/// The largest section accepted: a block of 4 MiB (kubo refuses blocks over 2 MiB) plus its CID.
pub const MAX_SECTION: u64 = (4 << 20) + 64;
/// The largest header accepted.
const MAX_HEADER: u64 = 64 << 10;

/// Why a CAR could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CarError {
	/// Reading or writing the stream failed.
	#[error("CAR stream: {0}")]
	Io(#[from] io::Error),
	/// The header is not a CAR v1 header.
	#[error("bad CAR header: {0}")]
	Header(String),
	/// A section is malformed.
	#[error("CAR section {section}: {reason}")]
	Section {
		/// 1-based section number (after the header).
		section: u64,
		/// What is wrong.
		reason: String,
	},
	/// A block's bytes do not hash to its CID.
	#[error("CAR section {section}: block {cid} does not match its CID (corrupt or forged)")]
	Mismatch {
		/// Section number.
		section: u64,
		/// The CID claimed.
		cid: String,
	},
	/// A file DAG deeper than any importer builds.
	#[error("file DAG under {0} is deeper than 64 levels")]
	TooDeep(String),
	/// Walking the DAG to export failed.
	#[error(transparent)]
	Dag(#[from] DagError),
	/// The store failed.
	#[error(transparent)]
	Store(#[from] StoreError),
}

/// What a CAR held.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CarSummary {
	/// Its roots.
	pub roots: Vec<Cid>,
	/// Blocks read or written.
	pub blocks: u64,
	/// Block bytes read or written.
	pub bytes: u64,
}

fn put_uvarint(out: &mut Vec<u8>, value: u64) {
	dsynapse_cid::varint::write(value, out);
}

/// The CAR v1 header for `roots`, dag-cbor encoded.
pub fn header(roots: &[Cid]) -> Vec<u8> {
	let mut out = vec![0xa2]; // map(2)
	out.push(0x65);
	out.extend_from_slice(b"roots");
	cbor::put_head(&mut out, 4, roots.len() as u64);
	for root in roots {
		out.extend_from_slice(&[0xd8, 42]); // tag(42): a CID
		let bytes = root.to_bytes();
		cbor::put_head(&mut out, 2, bytes.len() as u64 + 1);
		out.push(0); // the multibase identity prefix dag-cbor puts before binary CIDs
		out.extend_from_slice(&bytes);
	}
	out.push(0x67);
	out.extend_from_slice(b"version");
	out.push(0x01);
	out
}

/// Writes the framed header of a CAR v1 with `roots`.
fn write_header(out: &mut dyn Write, roots: &[Cid]) -> io::Result<()> {
	let head = header(roots);
	let mut framed = Vec::with_capacity(head.len() + 4);
	put_uvarint(&mut framed, head.len() as u64);
	framed.extend_from_slice(&head);
	out.write_all(&framed)
}

/// Writes one section: the length, the CID, the block.
fn write_section(out: &mut dyn Write, cid: &Cid, data: &[u8]) -> io::Result<()> {
	let cid_bytes = cid.to_bytes();
	let mut prefix = Vec::with_capacity(48);
	put_uvarint(&mut prefix, (cid_bytes.len() + data.len()) as u64);
	prefix.extend_from_slice(&cid_bytes);
	out.write_all(&prefix)?;
	out.write_all(data)
}

/// Writes a CAR v1 holding only the block `root` (a gateway's `dag-scope=block`).
pub fn export_block(
	store: &dyn BlockStore,
	root: &Cid,
	out: &mut dyn Write,
) -> Result<CarSummary, CarError> {
	let data = store.get_verified(root)?.ok_or_else(|| DagError::Missing(root.to_text()))?;
	write_header(out, &[*root])?;
	write_section(out, root, &data)?;
	out.flush()?;
	Ok(CarSummary { roots: vec![*root], blocks: 1, bytes: data.len() as u64 })
}

/// Writes the DAGs under `roots` from `store` as a CAR v1 (depth first, each block once).
pub fn export(
	store: &dyn BlockStore,
	roots: &[Cid],
	out: &mut dyn Write,
) -> Result<CarSummary, CarError> {
	let mut summary = CarSummary { roots: roots.to_vec(), ..Default::default() };
	write_header(out, roots)?;
	let mut written = HashSet::new();
	let mut failure = None;
	for root in roots {
		dag::walk(store, root, true, &mut |cid, data| {
			if !written.insert(*cid) {
				return Ok(());
			}
			let data = data.unwrap_or_default();
			if let Err(e) = write_section(out, cid, data) {
				failure = Some(e);
				return Err(DagError::Missing("(output closed)".into()));
			}
			summary.blocks += 1;
			summary.bytes += data.len() as u64;
			Ok(())
		})
		.map_err(|e| failure.take().map_or(CarError::Dag(e), CarError::Io))?;
	}
	out.flush()?;
	Ok(summary)
}

/// Writes a CAR v1 of the blocks that the bytes `range` of file `root` need: every node on the
/// way down and only the leaves that overlap the range (a gateway's `entity-bytes`). A root
/// that is not a UnixFS file is exported whole.
pub fn export_range(
	store: &dyn BlockStore,
	root: &Cid,
	range: std::ops::Range<u64>,
	out: &mut dyn Write,
) -> Result<CarSummary, CarError> {
	use crate::content::exporter::{file_size, ExportError};
	match file_size(store, root) {
		Ok(_) => {},
		Err(ExportError::Dag(e)) => return Err(e.into()),
		// A directory (or anything but a file): the whole DAG.
		Err(_) => return export(store, &[*root], out),
	}
	write_header(out, &[*root])?;
	let mut summary = CarSummary { roots: vec![*root], ..Default::default() };
	let mut written = HashSet::new();
	export_range_at(store, root, 0, &range, out, &mut summary, &mut written, 0)?;
	out.flush()?;
	Ok(summary)
}

#[allow(clippy::too_many_arguments)]
fn export_range_at(
	store: &dyn BlockStore,
	cid: &Cid,
	start: u64,
	range: &std::ops::Range<u64>,
	out: &mut dyn Write,
	summary: &mut CarSummary,
	written: &mut HashSet<Cid>,
	depth: usize,
) -> Result<(), CarError> {
	use crate::content::{
		dag_pb::PbNode,
		unixfs::{NodeType, UnixFs},
	};
	if depth > 64 {
		return Err(CarError::TooDeep(cid.to_text()));
	}
	let data = store.get_verified(cid)?.ok_or_else(|| DagError::Missing(cid.to_text()))?;
	// Each block once (`dups=n`), even where a file repeats a chunk.
	if written.insert(*cid) {
		write_section(out, cid, &data)?;
		summary.blocks += 1;
		summary.bytes += data.len() as u64;
	}
	if cid.codec == crate::content::Codec::Raw {
		return Ok(());
	}
	let malformed = |source| DagError::Malformed { cid: cid.to_text(), source };
	let node = PbNode::decode(&data).map_err(malformed)?;
	let unixfs = UnixFs::decode(node.data.as_deref().unwrap_or_default())
		.map_err(|e| malformed(e.into()))?;
	let is_file = matches!(unixfs.kind, NodeType::File | NodeType::Raw);
	if !is_file || node.links.len() != unixfs.blocksizes.len() {
		return Err(malformed(
			crate::content::pb::PbError::NonCanonical("not a UnixFS file node inside a file")
				.into(),
		)
		.into());
	}
	let mut at = start.saturating_add(unixfs.data.len() as u64);
	for (link, size) in node.links.iter().zip(&unixfs.blocksizes) {
		let end = at.saturating_add(*size);
		if at < range.end && end > range.start {
			export_range_at(store, &link.cid, at, range, out, summary, written, depth + 1)?;
		}
		at = end;
	}
	Ok(())
}

/// Reads a varint ([`dsynapse_cid::varint`]) from a stream, a byte at a time (the sections
/// follow it); `None` at a clean end of stream.
fn read_uvarint(input: &mut dyn Read) -> Result<Option<u64>, io::Error> {
	let mut buf = [0u8; dsynapse_cid::varint::MAX_VARINT_LEN];
	for (i, slot) in buf.iter_mut().enumerate() {
		let mut byte = [0u8; 1];
		if input.read(&mut byte)? == 0 {
			return if i == 0 { Ok(None) } else { Err(io::ErrorKind::UnexpectedEof.into()) };
		}
		let [b] = byte;
		*slot = b;
		if b & 0x80 == 0 {
			let (value, _) =
				dsynapse_cid::varint::read(buf.get(..=i).unwrap_or(&[])).map_err(|e| {
					io::Error::new(io::ErrorKind::InvalidData, format!("section length: {e}"))
				})?;
			return Ok(Some(value));
		}
	}
	Err(io::Error::new(io::ErrorKind::InvalidData, "section length: varint longer than 9 bytes"))
}

fn parse_header(mut bytes: &[u8]) -> Result<Vec<Cid>, CarError> {
	let bad = |m: &str| CarError::Header(m.to_owned());
	let Item::Map(entries) = cbor::decode(&mut bytes).map_err(CarError::Header)? else {
		return Err(bad("not a CBOR map"));
	};
	let mut version = None;
	let mut roots = None;
	for (key, value) in entries {
		match (key, value) {
			(Item::Text(k), Item::Uint(v)) if k == "version" => version = Some(v),
			(Item::Text(k), Item::Array(items)) if k == "roots" => roots = Some(items),
			_ => {},
		}
	}
	match version {
		Some(1) => {},
		Some(2) => {
			return Err(bad(
				"this is a CARv2 file; only CARv1 is supported (convert it with `car` tooling)",
			))
		},
		Some(v) => return Err(CarError::Header(format!("unsupported CAR version {v}"))),
		None => return Err(bad("no version")),
	}
	let mut out = Vec::new();
	for item in roots.ok_or_else(|| bad("no roots"))? {
		let Item::Tag(42, inner) = item else {
			return Err(bad("a root is not a CID (CBOR tag 42)"));
		};
		let Item::Bytes(raw) = *inner else { return Err(bad("a root CID is not a byte string")) };
		let cid_bytes =
			raw.strip_prefix(&[0u8][..]).ok_or_else(|| bad("a root CID lacks the 0x00 prefix"))?;
		out.push(Cid::parse(cid_bytes).map_err(|e| CarError::Header(format!("root CID: {e}")))?);
	}
	Ok(out)
}

/// Splits a section into (CID, block), describing unsupported CIDs by their codes.
fn split_section(section: &[u8]) -> Result<(Cid, &[u8]), String> {
	let cid_len = if section.starts_with(&[0x12, 0x20]) {
		34
	} else {
		let mut rest = section;
		let mut codes = [0u64; 4];
		for code in codes.iter_mut() {
			let (value, tail) =
				dsynapse_cid::varint::read(rest).map_err(|e| format!("CID: {e}"))?;
			*code = value;
			rest = tail;
		}
		let [version, codec, hash, digest_len] = codes;
		let cid_len = (section.len() - rest.len())
			.saturating_add(usize::try_from(digest_len).unwrap_or(usize::MAX));
		match Cid::parse(section.get(..cid_len).ok_or("CID truncated")?) {
			Ok(_) => cid_len,
			Err(CidError::UnsupportedCodec) => {
				return Err(format!(
					"CID of codec 0x{codec:x}{}: only dag-pb (0x70) and raw (0x55) are supported",
					codec_name(codec)
				))
			},
			Err(CidError::UnsupportedHash) => {
				return Err(format!(
					"CID with multihash 0x{hash:x}: only sha2-256 (0x12) is supported"
				))
			},
			Err(CidError::UnsupportedVersion) => {
				return Err(format!("CID version {version} is not supported"))
			},
			Err(e) => return Err(format!("CID: {e}")),
		}
	};
	let (cid, block) = section.split_at_checked(cid_len).ok_or("CID truncated")?;
	Ok((Cid::parse(cid).map_err(|e| format!("CID: {e}"))?, block))
}

fn codec_name(code: u64) -> &'static str {
	match code {
		0x71 => " (dag-cbor)",
		0x0129 => " (dag-json)",
		0x0200 => " (json)",
		0x51 => " (cbor)",
		_ => "",
	}
}

/// Reads a CAR v1 from `input`, checking and storing every block. Returns its roots and
/// counts; `on_block` sees each block's size as it is stored (progress).
pub fn import(
	input: &mut dyn Read,
	store: &dyn BlockStore,
	on_block: &mut dyn FnMut(u64),
) -> Result<CarSummary, CarError> {
	let header_len = read_uvarint(input)?.ok_or_else(|| CarError::Header("empty stream".into()))?;
	if header_len == 0 || header_len > MAX_HEADER {
		return Err(CarError::Header(format!("header length {header_len} out of range")));
	}
	let mut head = vec![0u8; header_len as usize];
	input.read_exact(&mut head)?;
	let mut summary = CarSummary { roots: parse_header(&head)?, ..Default::default() };
	let mut section_no = 0u64;
	while let Some(len) = read_uvarint(input)? {
		section_no += 1;
		if len > MAX_SECTION {
			return Err(CarError::Section {
				section: section_no,
				reason: format!("{len} bytes, over the {MAX_SECTION}-byte limit"),
			});
		}
		let mut section = vec![0u8; len as usize];
		input.read_exact(&mut section).map_err(|e| CarError::Section {
			section: section_no,
			reason: format!("truncated ({e})"),
		})?;
		let (cid, block) = split_section(&section)
			.map_err(|reason| CarError::Section { section: section_no, reason })?;
		if !block_matches(&cid, block) {
			return Err(CarError::Mismatch { section: section_no, cid: cid.to_text() });
		}
		store.put(&cid, block)?;
		summary.blocks += 1;
		summary.bytes += block.len() as u64;
		on_block(block.len() as u64);
	}
	Ok(summary)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use crate::content::{importer::Importer, profile::UNIXFS_V1_2025, store::MemoryStore};

	fn sample() -> (MemoryStore, Cid) {
		let store = MemoryStore::new();
		let mut profile = UNIXFS_V1_2025;
		profile.chunk_size = 10;
		let bytes: Vec<u8> = (0..95u8).collect();
		let root = Importer::new(profile, &store).file(bytes.as_slice()).unwrap();
		(store, root.cid)
	}

	#[test]
	fn round_trips_through_a_second_store() {
		let (store, root) = sample();
		let mut car = Vec::new();
		let written = export(&store, &[root], &mut car).unwrap();
		assert_eq!(written.blocks, 11);
		let other = MemoryStore::new();
		let read = import(&mut car.as_slice(), &other, &mut |_| {}).unwrap();
		assert_eq!(read.roots, vec![root]);
		assert_eq!(read.blocks, 11);
		assert!(dag::missing(&other, &root, true).unwrap().is_empty());
	}

	#[test]
	fn a_byte_range_exports_only_the_leaves_it_needs() {
		let (store, root) = sample();
		// 95 bytes in 10-byte chunks under one node: bytes 25..41 are in chunks 2, 3 and 4.
		let mut car = Vec::new();
		let summary = export_range(&store, &root, 25..41, &mut car).unwrap();
		assert_eq!(summary.blocks, 4, "the root and three leaves");
		let other = MemoryStore::new();
		import(&mut car.as_slice(), &other, &mut |_| {}).unwrap();
		let mut bytes = Vec::new();
		crate::content::exporter::write_file(&other, &root, 25..41, &mut bytes).unwrap();
		assert_eq!(bytes, (25..41u8).collect::<Vec<_>>());
	}

	#[test]
	fn a_byte_range_writes_a_repeated_chunk_once() {
		let store = MemoryStore::new();
		let mut profile = UNIXFS_V1_2025;
		profile.chunk_size = 10;
		let root = Importer::new(profile, &store).file([7u8; 30].as_slice()).unwrap().cid;
		let mut car = Vec::new();
		let summary = export_range(&store, &root, 0..30, &mut car).unwrap();
		assert_eq!(summary.blocks, 2, "the root and the one distinct leaf");
		let read = import(&mut car.as_slice(), &MemoryStore::new(), &mut |_| {}).unwrap();
		assert_eq!(read.blocks, 2);
	}

	#[test]
	fn rejects_a_forged_block() {
		let (store, root) = sample();
		let mut car = Vec::new();
		export(&store, &[root], &mut car).unwrap();
		let last = car.len() - 1;
		car[last] ^= 1;
		let err = import(&mut car.as_slice(), &MemoryStore::new(), &mut |_| {}).unwrap_err();
		assert!(matches!(err, CarError::Mismatch { section: 11, .. }), "{err}");
	}

	#[test]
	fn names_unsupported_codecs_and_car_v2() {
		let mut car = Vec::new();
		let head = header(&[]);
		put_uvarint(&mut car, head.len() as u64);
		car.extend(head);
		let mut section = vec![1, 0x71, 0x12, 32];
		section.extend(crate::content::sha256(b"\xa0"));
		section.push(0xa0);
		put_uvarint(&mut car, section.len() as u64);
		car.extend(section);
		let err = import(&mut car.as_slice(), &MemoryStore::new(), &mut |_| {}).unwrap_err();
		assert!(err.to_string().contains("dag-cbor"), "{err}");

		let v2_pragma = [0x0a, 0xa1, 0x67, b'v', b'e', b'r', b's', b'i', b'o', b'n', 0x02];
		let err = import(&mut v2_pragma.as_slice(), &MemoryStore::new(), &mut |_| {}).unwrap_err();
		assert!(err.to_string().contains("CARv2"), "{err}");
	}

	#[test]
	fn rejects_oversized_and_truncated_sections() {
		let mut car = Vec::new();
		let head = header(&[]);
		put_uvarint(&mut car, head.len() as u64);
		car.extend(head);
		let mut big = car.clone();
		put_uvarint(&mut big, MAX_SECTION + 1);
		assert!(import(&mut big.as_slice(), &MemoryStore::new(), &mut |_| {})
			.unwrap_err()
			.to_string()
			.contains("limit"));
		put_uvarint(&mut car, 100);
		car.extend([0x12, 0x20, 1, 2]);
		assert!(import(&mut car.as_slice(), &MemoryStore::new(), &mut |_| {})
			.unwrap_err()
			.to_string()
			.contains("truncated"));
	}
}
