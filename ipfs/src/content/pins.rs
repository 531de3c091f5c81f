//! Pins: the roots a repository keeps. Everything reachable from a pin survives gc; the rest
//! is garbage.
//!
//! The pin set is `<repo>/pins.json`, replaced atomically on every change under its own lock
//! (`pins.lock`), so concurrent processes never lose each other's pins and a crash leaves the
//! old or the new set, never a torn one. A pin is recorded only when its whole DAG is in the
//! store, flushed to disk.

use crate::content::{
	dag::{self, DagError},
	parse_cid,
	store::{write_atomically, FsStore, StoreError},
	Cid,
};
use serde::{Deserialize, Serialize};
use std::{
	fs::{self, File, OpenOptions},
	io,
	path::PathBuf,
};

/// A recursive pin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
	/// The root, as text.
	pub cid: String,
	/// A label (file name, model name), free text.
	#[serde(default)]
	pub name: String,
}

#[derive(Default, Serialize, Deserialize)]
struct PinFile {
	version: u32,
	pins: Vec<Pin>,
}

/// Why a pin operation failed.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
	/// The DAG is not complete locally.
	#[error("cannot pin {root}: {count} block(s) missing locally, first {first}; fetch it first (`dsynapse-worker ipfs get {root} --gateway URL`)")]
	Incomplete {
		/// The root.
		root: String,
		/// How many are missing.
		count: usize,
		/// One of them.
		first: String,
	},
	/// Not pinned.
	#[error("{0} is not pinned")]
	NotPinned(String),
	/// `pins.json` does not parse.
	#[error("{path}: unreadable pin set ({reason}); restore it from a backup or re-pin")]
	Corrupt {
		/// The file.
		path: PathBuf,
		/// Why.
		reason: String,
	},
	/// Walking the DAG failed.
	#[error(transparent)]
	Dag(#[from] DagError),
	/// The store failed.
	#[error(transparent)]
	Store(#[from] StoreError),
}

/// The pin set of a repository.
pub struct Pins<'s> {
	store: &'s FsStore,
}

impl<'s> Pins<'s> {
	/// The pins of `store`.
	pub fn new(store: &'s FsStore) -> Self {
		Pins { store }
	}

	fn path(&self) -> PathBuf {
		self.store.root().join("pins.json")
	}

	fn lock(&self) -> Result<File, StoreError> {
		let path = self.store.root().join("pins.lock");
		let file = OpenOptions::new()
			.create(true)
			.truncate(false)
			.write(true)
			.open(&path)
			.map_err(|e| StoreError::io(&path, e))?;
		file.lock().map_err(|e| StoreError::io(&path, e))?;
		Ok(file)
	}

	/// Every pin.
	pub fn list(&self) -> Result<Vec<Pin>, PinError> {
		let path = self.path();
		let text = match fs::read(&path) {
			Ok(text) => text,
			Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
			Err(e) => return Err(StoreError::io(path, e).into()),
		};
		let file: PinFile = serde_json::from_slice(&text)
			.map_err(|e| PinError::Corrupt { path: path.clone(), reason: e.to_string() })?;
		for pin in &file.pins {
			parse_cid(&pin.cid)
				.map_err(|e| PinError::Corrupt { path: path.clone(), reason: e.to_string() })?;
		}
		Ok(file.pins)
	}

	/// The pinned roots as CIDs.
	pub fn roots(&self) -> Result<Vec<Cid>, PinError> {
		// `list` checked every CID.
		Ok(self.list()?.iter().filter_map(|p| parse_cid(&p.cid).ok()).collect())
	}

	fn write(&self, pins: Vec<Pin>) -> Result<(), PinError> {
		let text = serde_json::to_vec_pretty(&PinFile { version: 1, pins })
			.map_err(|e| PinError::Corrupt { path: self.path(), reason: e.to_string() })?;
		Ok(write_atomically(self.store.tmp_dir(), &self.path(), &text)?)
	}

	/// Pins `root` (recursively) after checking that its whole DAG is in the store and sound
	/// (every block re-hashed) and flushing the store. Pinning again only updates the name.
	pub fn add(&self, root: &Cid, name: &str) -> Result<(), PinError> {
		self.add_checked(root, name, true)
	}

	/// Like [`Pins::add`], for a DAG whose blocks the caller has just hashed (an import, a
	/// verified fetch): completeness is checked without re-reading raw leaves.
	pub fn add_just_checked(&self, root: &Cid, name: &str) -> Result<(), PinError> {
		self.add_checked(root, name, false)
	}

	fn add_checked(&self, root: &Cid, name: &str, verify: bool) -> Result<(), PinError> {
		// Held from the completeness check to the pin being written, so a gc cannot remove
		// the blocks in between.
		let _repo = self.store.lock_shared()?;
		let missing = dag::missing(self.store, root, verify)?;
		if let Some(first) = missing.first() {
			return Err(PinError::Incomplete {
				root: root.to_text(),
				count: missing.len(),
				first: first.to_text(),
			});
		}
		self.store.sync()?;
		let _lock = self.lock()?;
		let mut pins = self.list()?;
		let text = root.to_text();
		match pins.iter_mut().find(|p| p.cid == text) {
			Some(pin) if name.is_empty() || pin.name == name => return Ok(()),
			Some(pin) => pin.name = name.to_owned(),
			None => pins.push(Pin { cid: text, name: name.to_owned() }),
		}
		self.write(pins)
	}

	/// Unpins `root`; its blocks go at the next gc unless another pin reaches them.
	pub fn remove(&self, root: &Cid) -> Result<(), PinError> {
		let _repo = self.store.lock_shared()?;
		let _lock = self.lock()?;
		let mut pins = self.list()?;
		let text = root.to_text();
		let before = pins.len();
		pins.retain(|p| p.cid != text);
		if pins.len() == before {
			return Err(PinError::NotPinned(text));
		}
		self.write(pins)
	}
}
