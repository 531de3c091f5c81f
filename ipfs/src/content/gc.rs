//! Garbage collection and the consistency check.
//!
//! gc marks every block reachable from a pin and deletes the rest, plus partial writes left by
//! killed processes. It holds the repository lock exclusively, so it never runs beside an add
//! whose blocks are not pinned yet. If a pinned DAG is damaged (a node missing or corrupt, so
//! its children cannot be known) gc removes nothing and says which pin and block.
//!
//! `verify` re-hashes every stored block against its key, checks that every pinned DAG is
//! complete, and counts partial writes; with `repair` it deletes corrupt blocks (fetch them
//! again to restore a pin).

use crate::content::{
	dag::{self, DagError},
	pins::{PinError, Pins},
	sha256,
	store::{FsStore, StoreError},
};
use std::{collections::HashSet, fs};

/// What gc did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GcReport {
	/// Blocks kept (reachable from a pin).
	pub kept: u64,
	/// Blocks deleted.
	pub removed: u64,
	/// Bytes freed.
	pub freed_bytes: u64,
	/// Partial writes deleted.
	pub partial_writes: u64,
}

/// Why gc did nothing.
#[derive(Debug, thiserror::Error)]
pub enum GcError {
	/// A pinned DAG cannot be walked.
	#[error("pin {pin} is damaged ({source}); gc removed nothing — run `dsynapse-worker ipfs verify` and re-fetch it")]
	DamagedPin {
		/// The pin.
		pin: String,
		/// What is wrong.
		#[source]
		source: DagError,
	},
	/// Reading pins failed.
	#[error(transparent)]
	Pins(#[from] PinError),
	/// The store failed.
	#[error(transparent)]
	Store(#[from] StoreError),
}

/// Removes every block no pin reaches.
pub fn gc(store: &FsStore) -> Result<GcReport, GcError> {
	let lock = store.lock_exclusive()?;
	let mut live = HashSet::new();
	for root in Pins::new(store).roots()? {
		dag::walk(store, &root, false, &mut |cid, _| {
			live.insert(cid.digest);
			Ok(())
		})
		.map_err(|source| GcError::DamagedPin { pin: root.to_text(), source })?;
	}
	let mut report = GcReport::default();
	for (digest, path) in store.blocks()? {
		if live.contains(&digest) {
			report.kept += 1;
			continue;
		}
		let size = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
		store.remove(&digest)?;
		report.removed += 1;
		report.freed_bytes += size;
	}
	report.partial_writes = store.remove_partial_writes(&lock)?;
	Ok(report)
}

/// What the consistency check found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct VerifyReport {
	/// Blocks checked.
	pub blocks: u64,
	/// Their bytes.
	pub bytes: u64,
	/// Blocks whose bytes do not hash to their key (removed with `repair`).
	pub corrupt: Vec<String>,
	/// Pins whose DAG is not complete and sound, with the reason.
	pub damaged_pins: Vec<(String, String)>,
	/// Partial writes present (harmless; gc removes them).
	pub partial_writes: u64,
}

impl VerifyReport {
	/// Whether the store is consistent: every block sound, every pin complete.
	pub fn is_consistent(&self) -> bool {
		self.corrupt.is_empty() && self.damaged_pins.is_empty()
	}
}

/// Checks every block and every pin.
pub fn verify(store: &FsStore, repair: bool) -> Result<VerifyReport, GcError> {
	let mut report = VerifyReport::default();
	for (digest, path) in store.blocks()? {
		let data = fs::read(&path).map_err(|e| StoreError::io(&path, e))?;
		report.blocks += 1;
		report.bytes += data.len() as u64;
		if sha256(&data) != digest {
			report.corrupt.push(path.display().to_string());
			if repair {
				store.remove(&digest)?;
			}
		}
	}
	for root in Pins::new(store).roots()? {
		let result = dag::missing(store, &root, false).and_then(|missing| match missing.first() {
			Some(first) => Err(DagError::Missing(first.to_text())),
			None => dag::walk(store, &root, false, &mut |_, _| Ok(())),
		});
		if let Err(e) = result {
			report.damaged_pins.push((root.to_text(), e.to_string()));
		}
	}
	report.partial_writes = store.partial_writes()? as u64;
	Ok(report)
}
