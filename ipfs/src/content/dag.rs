//! Walking a DAG: the children of a block, and every block under a root.

use crate::content::{
	dag_pb::{DagPbError, PbNode},
	store::{BlockStore, StoreError},
	Cid, Codec,
};
use std::collections::HashSet;

/// Why a DAG could not be walked.
#[derive(Debug, thiserror::Error)]
pub enum DagError {
	/// A block is not in the store.
	#[error("block {0} is missing from the local store")]
	Missing(String),
	/// A dag-pb block that does not decode.
	#[error("block {cid} is not valid dag-pb: {source}")]
	Malformed {
		/// The block.
		cid: String,
		/// Why.
		#[source]
		source: DagPbError,
	},
	/// The store failed.
	#[error(transparent)]
	Store(#[from] StoreError),
}

/// The CIDs a block links to (none for raw blocks).
pub fn links(cid: &Cid, data: &[u8]) -> Result<Vec<Cid>, DagError> {
	match cid.codec {
		Codec::Raw => Ok(Vec::new()),
		Codec::DagPb => Ok(PbNode::decode(data)
			.map_err(|source| DagError::Malformed { cid: cid.to_text(), source })?
			.links
			.into_iter()
			.map(|l| l.cid)
			.collect()),
	}
}

/// What [`walk`] calls for each block: its CID and, when read, its verified bytes.
pub type Visitor<'a> = &'a mut dyn FnMut(&Cid, Option<&[u8]>) -> Result<(), DagError>;

/// Visits every block under `root` once, depth first in link order (the order of a CAR file
/// and of a file's bytes). Raw blocks are visited without being read when `read_raw` is false
/// (gc marks them by CID alone). `visit` gets the CID and, when read, the verified bytes.
pub fn walk(
	store: &dyn BlockStore,
	root: &Cid,
	read_raw: bool,
	visit: Visitor<'_>,
) -> Result<(), DagError> {
	let mut seen = HashSet::new();
	let mut stack = vec![*root];
	while let Some(cid) = stack.pop() {
		if !seen.insert(cid) {
			continue;
		}
		if cid.codec == Codec::Raw && !read_raw {
			if !store.has(&cid)? {
				return Err(DagError::Missing(cid.to_text()));
			}
			visit(&cid, None)?;
			continue;
		}
		let data = store.get_verified(&cid)?.ok_or_else(|| DagError::Missing(cid.to_text()))?;
		let children = links(&cid, &data)?;
		visit(&cid, Some(&data))?;
		stack.extend(children.into_iter().rev());
	}
	Ok(())
}

/// The blocks under `root` that are not in the store (none: the DAG is complete). Stops at
/// missing nodes, whose children cannot be known. With `verify`, every block is read and
/// hashed, and one that does not match its CID counts as missing (a block a power cut left
/// short, or bit rot); without, raw leaves are only looked up.
pub fn missing(store: &dyn BlockStore, root: &Cid, verify: bool) -> Result<Vec<Cid>, DagError> {
	let mut missing = Vec::new();
	let mut seen = HashSet::new();
	let mut stack = vec![*root];
	while let Some(cid) = stack.pop() {
		if !seen.insert(cid) {
			continue;
		}
		if cid.codec == Codec::Raw && !verify {
			if !store.has(&cid)? {
				missing.push(cid);
			}
			continue;
		}
		let data = match store.get_verified(&cid) {
			Ok(data) => data,
			Err(StoreError::Corrupt(_)) => None,
			Err(e) => return Err(e.into()),
		};
		match data {
			None => missing.push(cid),
			Some(data) => stack.extend(links(&cid, &data)?.into_iter().rev()),
		}
	}
	Ok(missing)
}
