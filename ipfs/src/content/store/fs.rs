//! The persistent block store: one file per block, renamed into place when complete.
//!
//! Layout of a repository folder:
//!
//! ```text
//! <repo>/VERSION           "dsynapse-blockstore 1"
//! <repo>/blocks/XY/<KEY>   a block; KEY = base32 of its multihash (kubo's flatfs naming),
//!                          XY = the two characters before KEY's last one
//! <repo>/tmp/              blocks being written (`*.part`)
//! <repo>/pins.json         the pin set (see `pins`)
//! <repo>/repo.lock         held shared by writers (add, import, fetch), exclusively by gc
//! ```
//!
//! Why this is crash-safe: a block is written to `tmp/` and renamed to its key only when all
//! its bytes are there, and rename is atomic — so a killed process leaves at most a `.part`
//! file (removed by the next gc) and complete blocks nobody pinned yet (garbage). Pins are
//! recorded only after every block of the DAG is in place and `syncfs` has flushed them, and
//! `pins.json` itself is replaced atomically. Readers never lock: they see a block whole or
//! not at all, while any number of processes write.

use super::{BlockStore, StoreError};
use crate::content::Cid;
use dsynapse_cid::multibase;
use std::{
	fs::{self, File, OpenOptions},
	io::{self, Write},
	path::{Path, PathBuf},
	sync::atomic::{AtomicU64, Ordering},
};

const VERSION: &str = "dsynapse-blockstore 1";
/// The multihash prefix of sha2-256 digests (code 0x12, length 32).
const SHA256_PREFIX: [u8; 2] = [0x12, 0x20];

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A persistent block store in a folder.
#[derive(Clone, Debug)]
pub struct FsStore {
	root: PathBuf,
	blocks: PathBuf,
	tmp: PathBuf,
}

/// A held repository lock (released on drop).
pub struct RepoLock {
	_file: File,
}

impl FsStore {
	/// Opens (creating if needed) the repository at `root`.
	pub fn open(root: impl AsRef<Path>) -> Result<Self, StoreError> {
		let root = root.as_ref().to_path_buf();
		let store = FsStore { blocks: root.join("blocks"), tmp: root.join("tmp"), root };
		for dir in [&store.root, &store.blocks, &store.tmp] {
			fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
		}
		let version = store.root.join("VERSION");
		match fs::read_to_string(&version) {
			Ok(found) if found.trim() == VERSION => {},
			Ok(found) => {
				return Err(StoreError::Version {
					path: version,
					found: found.trim().to_owned(),
					expected: VERSION,
				})
			},
			Err(e) if e.kind() == io::ErrorKind::NotFound => {
				write_atomically(&store.tmp, &version, format!("{VERSION}\n").as_bytes())?
			},
			Err(e) => return Err(StoreError::io(version, e)),
		}
		Ok(store)
	}

	/// The repository folder.
	pub fn root(&self) -> &Path {
		&self.root
	}

	fn lock_file(&self) -> Result<File, StoreError> {
		let path = self.root.join("repo.lock");
		OpenOptions::new()
			.create(true)
			.truncate(false)
			.write(true)
			.open(&path)
			.map_err(|e| StoreError::io(path, e))
	}

	/// Taken by anything that writes blocks meant to be pinned: gc waits for it.
	pub fn lock_shared(&self) -> Result<RepoLock, StoreError> {
		let file = self.lock_file()?;
		file.lock_shared().map_err(|e| StoreError::io(self.root.join("repo.lock"), e))?;
		Ok(RepoLock { _file: file })
	}

	/// Taken by gc: no writer runs meanwhile.
	pub fn lock_exclusive(&self) -> Result<RepoLock, StoreError> {
		let file = self.lock_file()?;
		file.lock().map_err(|e| StoreError::io(self.root.join("repo.lock"), e))?;
		Ok(RepoLock { _file: file })
	}

	/// The file of the block with `digest`.
	pub fn block_path(&self, digest: &[u8; 32]) -> PathBuf {
		let key = key_of(digest);
		let shard =
			key.get(key.len().saturating_sub(3)..key.len().saturating_sub(1)).unwrap_or("__");
		self.blocks.join(shard).join(key)
	}

	/// Flushes every written block to the disk (one `syncfs`), so pins recorded afterwards
	/// never point at blocks a power cut could lose.
	pub fn sync(&self) -> Result<(), StoreError> {
		let dir = File::open(&self.blocks).map_err(|e| StoreError::io(&self.blocks, e))?;
		rustix::fs::syncfs(&dir).map_err(|e| StoreError::io(&self.blocks, e.into()))
	}

	/// Every block in the store: (digest, file). Files that are not block keys are skipped.
	pub fn blocks(&self) -> Result<Vec<([u8; 32], PathBuf)>, StoreError> {
		let mut out = Vec::new();
		for shard in fs::read_dir(&self.blocks).map_err(|e| StoreError::io(&self.blocks, e))? {
			let shard = shard.map_err(|e| StoreError::io(&self.blocks, e))?.path();
			if !shard.is_dir() {
				continue;
			}
			for entry in fs::read_dir(&shard).map_err(|e| StoreError::io(&shard, e))? {
				let path = entry.map_err(|e| StoreError::io(&shard, e))?.path();
				if let Some(digest) =
					path.file_name().and_then(|n| n.to_str()).and_then(digest_of_key)
				{
					out.push((digest, path));
				}
			}
		}
		Ok(out)
	}

	/// Removes a block (gc, repair).
	pub fn remove(&self, digest: &[u8; 32]) -> Result<(), StoreError> {
		let path = self.block_path(digest);
		match fs::remove_file(&path) {
			Ok(()) => Ok(()),
			Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
			Err(e) => Err(StoreError::io(path, e)),
		}
	}

	/// Removes partly written blocks left by killed processes. Only under the exclusive lock:
	/// a running writer's `.part` files are not garbage.
	pub fn remove_partial_writes(&self, _exclusive: &RepoLock) -> Result<u64, StoreError> {
		let mut removed = 0;
		for entry in fs::read_dir(&self.tmp).map_err(|e| StoreError::io(&self.tmp, e))? {
			let path = entry.map_err(|e| StoreError::io(&self.tmp, e))?.path();
			// Only blocks: a `.new` file is a pin set or VERSION being replaced right now.
			if path.extension().is_some_and(|ext| ext == "part") {
				match fs::remove_file(&path) {
					Ok(()) => removed += 1,
					Err(e) if e.kind() == io::ErrorKind::NotFound => {},
					Err(e) => return Err(StoreError::io(&path, e)),
				}
			}
		}
		Ok(removed)
	}

	/// Partly written blocks currently in `tmp/`.
	pub fn partial_writes(&self) -> Result<usize, StoreError> {
		Ok(fs::read_dir(&self.tmp)
			.map_err(|e| StoreError::io(&self.tmp, e))?
			.filter(|e| {
				e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|ext| ext == "part"))
			})
			.count())
	}

	/// The temporary folder (same filesystem as the blocks, so renames are atomic).
	pub fn tmp_dir(&self) -> &Path {
		&self.tmp
	}
}

impl BlockStore for FsStore {
	fn put(&self, cid: &Cid, data: &[u8]) -> Result<(), StoreError> {
		let path = self.block_path(&cid.digest);
		// Already there (same content, same name) — unless a power cut left it short, in
		// which case it is written again.
		if fs::metadata(&path).is_ok_and(|m| m.len() == data.len() as u64) {
			return Ok(());
		}
		let tmp = self.tmp.join(format!(
			"{}-{}.part",
			std::process::id(),
			TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
		));
		let written = (|| {
			let mut file = File::create(&tmp)?;
			file.write_all(data)?;
			Ok::<_, io::Error>(())
		})();
		if let Err(e) = written {
			let _ = fs::remove_file(&tmp);
			return Err(StoreError::io(&path, e));
		}
		let renamed = match fs::rename(&tmp, &path) {
			Err(e) if e.kind() == io::ErrorKind::NotFound => {
				// First block of this shard.
				match path.parent().map(fs::create_dir_all) {
					Some(Err(e)) => Err(e),
					_ => fs::rename(&tmp, &path),
				}
			},
			other => other,
		};
		renamed.map_err(|e| {
			let _ = fs::remove_file(&tmp);
			StoreError::io(&path, e)
		})
	}

	fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, StoreError> {
		let path = self.block_path(&cid.digest);
		match fs::read(&path) {
			Ok(data) => Ok(Some(data)),
			Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
			Err(e) => Err(StoreError::io(path, e)),
		}
	}

	fn has(&self, cid: &Cid) -> Result<bool, StoreError> {
		Ok(self.block_path(&cid.digest).exists())
	}

	fn delete(&self, cid: &Cid) -> Result<(), StoreError> {
		self.remove(&cid.digest)
	}
}

/// kubo's flatfs key of a sha2-256 block: base32 (upper case, no padding) of its multihash.
fn key_of(digest: &[u8; 32]) -> String {
	let mut multihash = Vec::with_capacity(34);
	multihash.extend_from_slice(&SHA256_PREFIX);
	multihash.extend_from_slice(digest);
	multibase::base32_encode(&multihash).to_ascii_uppercase()
}

fn digest_of_key(key: &str) -> Option<[u8; 32]> {
	let bytes = multibase::base32_decode(&key.to_ascii_lowercase())?;
	let digest = bytes.strip_prefix(&SHA256_PREFIX[..])?;
	digest.try_into().ok()
}

/// Replaces `path` with `bytes` atomically and durably: a temporary file in `tmp` (same
/// filesystem), fsync, rename, fsync of the folder.
pub fn write_atomically(tmp: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
	let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
	let staged = tmp.join(format!("{name}.{}.new", std::process::id()));
	let result = (|| {
		let mut file = File::create(&staged)?;
		file.write_all(bytes)?;
		file.sync_all()?;
		fs::rename(&staged, path)?;
		if let Some(dir) = path.parent() {
			File::open(dir)?.sync_all()?;
		}
		Ok::<_, io::Error>(())
	})();
	result.map_err(|e| {
		let _ = fs::remove_file(&staged);
		StoreError::io(path, e)
	})
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use crate::content::{sha256, Codec};

	#[test]
	fn keys_are_kubos_flatfs_names() {
		// The empty block: kubo stores it as blocks/HQ/CIQOHMGEIKMPYHAUTL57JSEZN64SIJ5OIHSGJG4TJSSJLGI3PBJLQVI.data
		let key = key_of(&sha256(b""));
		assert_eq!(key, "CIQOHMGEIKMPYHAUTL57JSEZN64SIJ5OIHSGJG4TJSSJLGI3PBJLQVI");
		assert_eq!(digest_of_key(&key), Some(sha256(b"")));
		assert_eq!(digest_of_key("NOTAKEY"), None);
	}

	#[test]
	fn puts_are_idempotent_and_survive_reopening() {
		let dir = tempfile::tempdir().unwrap();
		let store = FsStore::open(dir.path()).unwrap();
		let data = b"hello".to_vec();
		let cid = Cid::v1(Codec::Raw, sha256(&data));
		store.put(&cid, &data).unwrap();
		store.put(&cid, &data).unwrap();
		let reopened = FsStore::open(dir.path()).unwrap();
		assert_eq!(reopened.get_verified(&cid).unwrap(), Some(data));
		assert_eq!(reopened.blocks().unwrap().len(), 1);
		assert_eq!(reopened.partial_writes().unwrap(), 0);
	}

	#[test]
	fn a_short_block_left_by_a_power_cut_is_written_again() {
		let dir = tempfile::tempdir().unwrap();
		let store = FsStore::open(dir.path()).unwrap();
		let cid = Cid::v1(Codec::Raw, sha256(b"complete"));
		fs::create_dir_all(store.block_path(&cid.digest).parent().unwrap()).unwrap();
		fs::write(store.block_path(&cid.digest), b"").unwrap();
		store.put(&cid, b"complete").unwrap();
		assert_eq!(store.get_verified(&cid).unwrap(), Some(b"complete".to_vec()));
	}

	#[test]
	fn refuses_a_repository_of_another_format() {
		let dir = tempfile::tempdir().unwrap();
		fs::write(dir.path().join("VERSION"), "dsynapse-blockstore 9\n").unwrap();
		assert!(matches!(FsStore::open(dir.path()), Err(StoreError::Version { .. })));
	}

	#[test]
	fn reports_a_corrupt_block() {
		let dir = tempfile::tempdir().unwrap();
		let store = FsStore::open(dir.path()).unwrap();
		let cid = Cid::v1(Codec::Raw, sha256(b"abc"));
		store.put(&cid, b"abc").unwrap();
		fs::write(store.block_path(&cid.digest), b"abd").unwrap();
		assert!(matches!(store.get_verified(&cid), Err(StoreError::Corrupt(_))));
	}
}
