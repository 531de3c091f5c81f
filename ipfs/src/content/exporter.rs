//! Reading UnixFS back: a file's bytes (whole or a byte range) and whole trees to disk. Every
//! block read is checked against its CID first.

use crate::content::{
	dag::DagError,
	dag_pb::PbNode,
	store::{BlockStore, StoreError},
	unixfs::{NodeType, UnixFs},
	Cid, Codec,
};
use std::{
	fs,
	io::{self, Write},
	ops::Range,
	path::Path,
};

/// Deepest file DAG followed (a 1 MiB-chunk file with 1024 links per node needs 4 levels for
/// a petabyte); deeper is an attack on the stack.
const MAX_DEPTH: usize = 32;

/// Why content could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
	/// A block is missing or malformed.
	#[error(transparent)]
	Dag(#[from] DagError),
	/// The CID is a directory where a file was expected.
	#[error("{0} is a directory, not a file (use `ipfs get`)")]
	IsDirectory(String),
	/// A UnixFS node type this worker does not read.
	#[error("{cid} is a UnixFS {kind:?} node, which is not supported")]
	Unsupported {
		/// The node.
		cid: String,
		/// Its type.
		kind: NodeType,
	},
	/// The UnixFS structure is inconsistent (sizes, types, names, depth).
	#[error("{cid} is not valid UnixFS: {reason}")]
	Invalid {
		/// The node.
		cid: String,
		/// What is wrong.
		reason: String,
	},
	/// Writing the output failed.
	#[error("writing output: {0}")]
	Write(#[source] io::Error),
}

impl From<StoreError> for ExportError {
	fn from(e: StoreError) -> Self {
		ExportError::Dag(DagError::Store(e))
	}
}

fn invalid(cid: &Cid, reason: impl Into<String>) -> ExportError {
	ExportError::Invalid { cid: cid.to_text(), reason: reason.into() }
}

/// A decoded block: raw bytes, or a dag-pb node with its UnixFS message.
pub enum Decoded {
	/// A raw block (file bytes).
	Raw(Vec<u8>),
	/// A dag-pb UnixFS node.
	Node(PbNode, UnixFs),
}

/// Reads, verifies and decodes a block.
pub fn decode(store: &dyn BlockStore, cid: &Cid) -> Result<Decoded, ExportError> {
	let data = store.get_verified(cid)?.ok_or_else(|| DagError::Missing(cid.to_text()))?;
	if cid.codec == Codec::Raw {
		return Ok(Decoded::Raw(data));
	}
	let node = PbNode::decode(&data)
		.map_err(|source| DagError::Malformed { cid: cid.to_text(), source })?;
	let unixfs = UnixFs::decode(node.data.as_deref().unwrap_or_default())
		.map_err(|e| invalid(cid, e.to_string()))?;
	Ok(Decoded::Node(node, unixfs))
}

/// The size of the file `cid` in bytes.
pub fn file_size(store: &dyn BlockStore, cid: &Cid) -> Result<u64, ExportError> {
	match decode(store, cid)? {
		Decoded::Raw(data) => Ok(data.len() as u64),
		Decoded::Node(_, unixfs) => match unixfs.kind {
			NodeType::File | NodeType::Raw => Ok(unixfs.file_size()),
			NodeType::Directory | NodeType::HamtShard => {
				Err(ExportError::IsDirectory(cid.to_text()))
			},
			kind => Err(ExportError::Unsupported { cid: cid.to_text(), kind }),
		},
	}
}

/// Whether `cid` is a directory (plain or HAMT-sharded).
pub fn is_directory(store: &dyn BlockStore, cid: &Cid) -> Result<bool, ExportError> {
	Ok(matches!(
		decode(store, cid)?,
		Decoded::Node(_, UnixFs { kind: NodeType::Directory | NodeType::HamtShard, .. })
	))
}

/// Writes the bytes of file `cid` within `range` (clamped to the file) to `out`; returns the
/// number written.
pub fn write_file(
	store: &dyn BlockStore,
	cid: &Cid,
	range: Range<u64>,
	out: &mut dyn Write,
) -> Result<u64, ExportError> {
	let mut written = 0;
	write_node(store, cid, 0, &range, out, &mut written, 0, None)?;
	Ok(written)
}

#[allow(clippy::too_many_arguments)]
fn write_node(
	store: &dyn BlockStore,
	cid: &Cid,
	start: u64,
	range: &Range<u64>,
	out: &mut dyn Write,
	written: &mut u64,
	depth: usize,
	expected: Option<u64>,
) -> Result<(), ExportError> {
	if depth > MAX_DEPTH {
		return Err(invalid(cid, format!("file DAG deeper than {MAX_DEPTH}")));
	}
	let mut emit = |at: u64, bytes: &[u8]| -> Result<(), ExportError> {
		let end = at.saturating_add(bytes.len() as u64);
		let from = range.start.max(at);
		let to = range.end.min(end);
		if from < to {
			let slice = bytes.get((from - at) as usize..(to - at) as usize).unwrap_or_default();
			out.write_all(slice).map_err(ExportError::Write)?;
			*written += slice.len() as u64;
		}
		Ok(())
	};
	match decode(store, cid)? {
		Decoded::Raw(data) => {
			if expected.is_some_and(|e| e != data.len() as u64) {
				return Err(invalid(cid, "raw leaf size differs from its parent's blocksizes"));
			}
			emit(start, &data)
		},
		Decoded::Node(node, unixfs) => {
			match unixfs.kind {
				NodeType::File | NodeType::Raw => {},
				NodeType::Directory | NodeType::HamtShard => {
					return Err(ExportError::IsDirectory(cid.to_text()))
				},
				kind => return Err(ExportError::Unsupported { cid: cid.to_text(), kind }),
			}
			if expected.is_some_and(|e| e != unixfs.file_size()) {
				return Err(invalid(cid, "file size differs from its parent's blocksizes"));
			}
			if node.links.len() != unixfs.blocksizes.len() {
				return Err(invalid(cid, "number of links and of blocksizes differ"));
			}
			emit(start, &unixfs.data)?;
			let mut at = start.saturating_add(unixfs.data.len() as u64);
			for (link, size) in node.links.iter().zip(&unixfs.blocksizes) {
				let end = at.saturating_add(*size);
				if at < range.end && end > range.start {
					write_node(store, &link.cid, at, range, out, written, depth + 1, Some(*size))?;
				}
				at = end;
			}
			Ok(())
		},
	}
}

/// Whether `name` is safe as one path component (no traversal out of the target folder).
fn safe_name(name: &str) -> bool {
	!name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// Writes the file or directory tree `cid` to `dest` (which must not exist). Returns the file
/// bytes written.
pub fn write_tree(store: &dyn BlockStore, cid: &Cid, dest: &Path) -> Result<u64, ExportError> {
	write_tree_at(store, cid, dest, 0)
}

fn write_tree_at(
	store: &dyn BlockStore,
	cid: &Cid,
	dest: &Path,
	depth: usize,
) -> Result<u64, ExportError> {
	if depth > MAX_DEPTH * 8 {
		return Err(invalid(cid, "directory tree too deep"));
	}
	let node = match decode(store, cid)? {
		Decoded::Node(node, UnixFs { kind: NodeType::Directory, .. }) => node,
		Decoded::Node(_, UnixFs { kind: NodeType::HamtShard, .. }) => {
			return Err(ExportError::Unsupported { cid: cid.to_text(), kind: NodeType::HamtShard })
		},
		_ => {
			// `create_new`: never follow a link planted at `dest`, never truncate a file a
			// crafted directory names twice.
			let mut file = fs::OpenOptions::new()
				.write(true)
				.create_new(true)
				.open(dest)
				.map_err(ExportError::Write)?;
			let n = write_file(store, cid, 0..u64::MAX, &mut file)?;
			file.sync_all().map_err(ExportError::Write)?;
			return Ok(n);
		},
	};
	fs::create_dir(dest).map_err(ExportError::Write)?;
	let mut total = 0u64;
	for link in &node.links {
		let name = link.name.as_deref().unwrap_or_default();
		if !safe_name(name) {
			return Err(invalid(cid, format!("unsafe entry name {name:?}")));
		}
		total = total.saturating_add(write_tree_at(store, &link.cid, &dest.join(name), depth + 1)?);
	}
	Ok(total)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use crate::content::{importer::Importer, profile::UNIXFS_V0_2015, store::MemoryStore};
	use proptest::prelude::*;

	fn small_profile() -> crate::content::profile::Profile {
		let mut p = UNIXFS_V0_2015;
		p.chunk_size = 5;
		p.max_links = 3;
		p
	}

	proptest! {
		#[test]
		fn any_range_reads_back_the_same_bytes(
			bytes in proptest::collection::vec(any::<u8>(), 0..200),
			a in 0u64..220, b in 0u64..220,
		) {
			let store = MemoryStore::new();
			let root = Importer::new(small_profile(), &store).threads(2).file(bytes.as_slice()).unwrap();
			let (from, to) = (a.min(b), a.max(b));
			let mut out = Vec::new();
			write_file(&store, &root.cid, from..to, &mut out).unwrap();
			let end = (to as usize).min(bytes.len());
			let start = (from as usize).min(end);
			prop_assert_eq!(&out[..], &bytes[start..end]);
			prop_assert_eq!(file_size(&store, &root.cid).unwrap(), bytes.len() as u64);
		}
	}

	#[test]
	fn a_directory_naming_an_entry_twice_does_not_overwrite_it() {
		use crate::content::{
			dag_pb::{PbLink, PbNode},
			sha256,
			store::BlockStore,
			unixfs::UnixFs,
			Codec,
		};
		let store = MemoryStore::new();
		let first = Cid::v1(Codec::Raw, sha256(b"first"));
		let second = Cid::v1(Codec::Raw, sha256(b"second"));
		store.put(&first, b"first").unwrap();
		store.put(&second, b"second").unwrap();
		let link = |cid| PbLink { cid, name: Some("a".into()), tsize: Some(5) };
		let dir = PbNode {
			links: vec![link(first), link(second)],
			data: Some(UnixFs::directory().encode()),
		}
		.encode();
		let dir_cid = Cid::v1(Codec::DagPb, sha256(&dir));
		store.put(&dir_cid, &dir).unwrap();
		let out = tempfile::tempdir().unwrap();
		let err = write_tree(&store, &dir_cid, &out.path().join("x")).unwrap_err();
		assert!(matches!(err, ExportError::Write(_)), "{err}");
		assert_eq!(std::fs::read(out.path().join("x/a")).unwrap(), b"first");
	}

	#[test]
	fn refuses_names_that_leave_the_folder() {
		for bad in ["", ".", "..", "a/b", "..\\x", "nul\0"] {
			assert!(!safe_name(bad), "{bad:?}");
		}
		assert!(safe_name("model.gguf"));
	}
}
