//! An in-memory block store (tests, benchmarks, `--only-hash`).

use super::{BlockStore, StoreError};
use crate::content::Cid;
use std::{
	collections::HashMap,
	sync::{PoisonError, RwLock},
};

/// Blocks in a hash map. With `discard`, blocks are hashed but not kept (`add --only-hash`).
#[derive(Default)]
pub struct MemoryStore {
	blocks: RwLock<HashMap<[u8; 32], Vec<u8>>>,
	discard: bool,
}

impl MemoryStore {
	/// An empty store that keeps what it is given.
	pub fn new() -> Self {
		Self::default()
	}

	/// A store that keeps nothing (CIDs only).
	pub fn discarding() -> Self {
		MemoryStore { blocks: RwLock::default(), discard: true }
	}

	/// Number of blocks held.
	pub fn len(&self) -> usize {
		self.blocks.read().unwrap_or_else(PoisonError::into_inner).len()
	}

	/// Whether no block is held.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// Replaces a block's bytes without checking them (tests of corruption handling).
	pub fn corrupt(&self, cid: &Cid, data: Vec<u8>) {
		self.blocks.write().unwrap_or_else(PoisonError::into_inner).insert(cid.digest, data);
	}
}

impl BlockStore for MemoryStore {
	fn put(&self, cid: &Cid, data: &[u8]) -> Result<(), StoreError> {
		if !self.discard {
			self.blocks
				.write()
				.unwrap_or_else(PoisonError::into_inner)
				.entry(cid.digest)
				.or_insert_with(|| data.to_vec());
		}
		Ok(())
	}

	fn put_owned(&self, cid: &Cid, data: Vec<u8>) -> Result<Option<Vec<u8>>, StoreError> {
		if self.discard {
			return Ok(Some(data));
		}
		self.blocks
			.write()
			.unwrap_or_else(PoisonError::into_inner)
			.entry(cid.digest)
			.or_insert(data);
		Ok(None)
	}

	fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, StoreError> {
		Ok(self.blocks.read().unwrap_or_else(PoisonError::into_inner).get(&cid.digest).cloned())
	}

	fn has(&self, cid: &Cid) -> Result<bool, StoreError> {
		Ok(self.blocks.read().unwrap_or_else(PoisonError::into_inner).contains_key(&cid.digest))
	}

	fn delete(&self, cid: &Cid) -> Result<(), StoreError> {
		self.blocks.write().unwrap_or_else(PoisonError::into_inner).remove(&cid.digest);
		Ok(())
	}
}
