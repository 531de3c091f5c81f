//! Where blocks live.
//!
//! Blocks are content-addressed, so a store is keyed by the sha2-256 digest alone (like kubo,
//! which keys by multihash): the raw and the dag-pb CID of the same bytes share one entry.
//! `put` is idempotent, and no reader ever sees a partly written block.

mod fs;
mod memory;

pub use fs::{write_atomically, FsStore, RepoLock};
pub use memory::MemoryStore;

use crate::content::Cid;
use std::{io, path::PathBuf};

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
	/// The disk is full: the block being written was discarded, nothing else changed.
	#[error("disk full while writing {path}: the block was discarded and the store is unchanged; free space (or run `dsynapse-worker ipfs gc`) and retry")]
	DiskFull {
		/// The file being written.
		path: PathBuf,
	},
	/// Any other I/O error, with the file it concerns.
	#[error("{path}: {source}")]
	Io {
		/// The file or folder.
		path: PathBuf,
		/// The OS error.
		#[source]
		source: io::Error,
	},
	/// A stored block whose bytes no longer hash to its CID (disk corruption).
	#[error("block {0} is corrupt in the local store (its bytes do not hash to its CID); `dsynapse-worker ipfs verify --repair` removes it")]
	Corrupt(String),
	/// The repository was written by an incompatible version.
	#[error("{path}: repository format {found}, this worker reads {expected}")]
	Version {
		/// The version file.
		path: PathBuf,
		/// What it says.
		found: String,
		/// What this build understands.
		expected: &'static str,
	},
}

impl StoreError {
	/// Wraps an I/O error, telling a full disk apart.
	pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
		let path = path.into();
		if source.kind() == io::ErrorKind::StorageFull
			|| source.kind() == io::ErrorKind::QuotaExceeded
		{
			StoreError::DiskFull { path }
		} else {
			StoreError::Io { path, source }
		}
	}
}

/// A block store.
pub trait BlockStore: Send + Sync {
	/// Stores `data` as the block `cid` names. The caller has hashed it; storing a block twice
	/// is a no-op.
	fn put(&self, cid: &Cid, data: &[u8]) -> Result<(), StoreError>;

	/// Like [`BlockStore::put`], handing the buffer over: a store that keeps it (in memory)
	/// saves a copy; one that does not gives it back for reuse.
	fn put_owned(&self, cid: &Cid, data: Vec<u8>) -> Result<Option<Vec<u8>>, StoreError> {
		self.put(cid, &data)?;
		Ok(Some(data))
	}

	/// The block's bytes, if present (not re-hashed: see [`BlockStore::get_verified`]).
	fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, StoreError>;

	/// Whether the block is present.
	fn has(&self, cid: &Cid) -> Result<bool, StoreError>;

	/// Removes the block if present (a corrupt copy, before it is fetched again).
	fn delete(&self, cid: &Cid) -> Result<(), StoreError>;

	/// The block's bytes, checked against the CID.
	fn get_verified(&self, cid: &Cid) -> Result<Option<Vec<u8>>, StoreError> {
		match self.get(cid)? {
			Some(data) if !crate::content::block_matches(cid, &data) => {
				Err(StoreError::Corrupt(cid.to_text()))
			},
			other => Ok(other),
		}
	}
}
