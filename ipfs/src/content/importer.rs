//! UnixFS import: bytes → blocks → one root CID, exactly as kubo and Helia build it.
//!
//! A file is cut into fixed-size chunks ([`Profile::chunk_size`]); each chunk becomes a leaf
//! (a raw block, or a dag-pb UnixFS node holding the bytes in the 2015 profile). Leaves are
//! grouped [`Profile::max_links`] at a time under file nodes, and those again, until one root
//! remains (the "balanced" layout). A file of one chunk is its own root. Every file node lists
//! each child's file bytes (`blocksizes`) and cumulative size (`Tsize`).
//!
//! Hashing is the cost, so chunks are hashed (and stored) on every core while one thread
//! reads the next ones; results are put back in order before the tree is built. A directory is
//! a dag-pb node whose links, sorted by name bytes, are its entries.

use crate::content::{
	dag_pb::{PbLink, PbNode},
	profile::{Profile, ShardSplit},
	sha256,
	store::{BlockStore, StoreError},
	unixfs::UnixFs,
	Cid, Codec, Version,
};
use std::{
	collections::BTreeMap,
	fs::{self, File},
	io::{self, Read},
	path::{Path, PathBuf},
};

/// A node of an imported DAG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Node {
	/// Its CID.
	pub cid: Cid,
	/// Cumulative size: the block plus everything under it (what a parent link records).
	pub tsize: u64,
	/// File bytes under it (0 for directories).
	pub file_size: u64,
}

/// Why an import failed. Nothing is pinned after a failed import; blocks already written are
/// garbage for the next gc.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
	/// Reading the input failed.
	#[error("reading {path}: {source}")]
	Read {
		/// The input.
		path: PathBuf,
		/// The OS error.
		#[source]
		source: io::Error,
	},
	/// Writing a block failed.
	#[error(transparent)]
	Store(#[from] StoreError),
	/// UnixFS names are UTF-8.
	#[error("{0}: file name is not UTF-8 (UnixFS names must be)")]
	NameNotUtf8(PathBuf),
	/// Symbolic links are not followed or stored.
	#[error("{0}: symbolic links are not imported; copy the target in its place")]
	Symlink(PathBuf),
	/// Devices, sockets, FIFOs.
	#[error("{0}: not a regular file or directory")]
	Special(PathBuf),
	/// A directory too large for one flat node: kubo and Helia would HAMT-shard it, which this
	/// worker does not build yet — refused rather than given a CID they would not give.
	#[error("{path}: {entries} entries make a directory node of {bytes} bytes, over the {threshold}-byte limit of profile {profile}; HAMT-sharded directories are not supported: split the folder")]
	NeedsSharding {
		/// The folder.
		path: PathBuf,
		/// Entries in it.
		entries: usize,
		/// Its size by the profile's rule.
		bytes: usize,
		/// The limit.
		threshold: usize,
		/// The profile.
		profile: &'static str,
	},
	/// A worker thread died (a bug).
	#[error("an import thread stopped unexpectedly")]
	Thread,
}

/// An entry reported while importing a tree: its path relative to the imported root and node.
pub type EntryCallback<'a> = &'a (dyn Fn(&Path, &Node) + Sync);
/// Called with the number of file bytes just imported.
pub type ProgressCallback<'a> = &'a (dyn Fn(u64) + Sync);

/// Imports files and directories into a block store under a profile.
pub struct Importer<'a> {
	profile: Profile,
	store: &'a dyn BlockStore,
	threads: usize,
	progress: Option<ProgressCallback<'a>>,
	hidden: bool,
}

impl<'a> Importer<'a> {
	/// An importer writing to `store`, hashing on every core.
	pub fn new(profile: Profile, store: &'a dyn BlockStore) -> Self {
		let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
		Importer { profile, store, threads, progress: None, hidden: false }
	}

	/// Hash on `threads` threads (at least 1).
	pub fn threads(mut self, threads: usize) -> Self {
		self.threads = threads.max(1);
		self
	}

	/// Include hidden entries (names starting with `.`) inside imported folders. Off by
	/// default, as in `ipfs add -r` (kubo's `--hidden`) and Helia's `globSource`, so a model
	/// folder with `.gitattributes` gets the CID those tools give.
	pub fn hidden(mut self, hidden: bool) -> Self {
		self.hidden = hidden;
		self
	}

	/// Report imported bytes to `progress`.
	pub fn progress(mut self, progress: ProgressCallback<'a>) -> Self {
		self.progress = Some(progress);
		self
	}

	/// The profile in use.
	pub fn profile(&self) -> &Profile {
		&self.profile
	}

	fn node_cid(&self, block: &[u8]) -> Cid {
		match self.profile.cid_version {
			Version::V0 => Cid::v0(sha256(block)),
			Version::V1 => Cid::v1(Codec::DagPb, sha256(block)),
		}
	}

	/// Makes a leaf of one chunk and stores it; gives the chunk's buffer back when the store
	/// did not keep it.
	fn leaf(&self, chunk: Vec<u8>) -> Result<(Node, Option<Vec<u8>>), StoreError> {
		let file_size = chunk.len() as u64;
		if self.profile.raw_leaves {
			let cid = Cid::v1(Codec::Raw, sha256(&chunk));
			let spare = self.store.put_owned(&cid, chunk)?;
			Ok((Node { cid, tsize: file_size, file_size }, spare))
		} else {
			let block = dag_pb_leaf(&chunk);
			let cid = self.node_cid(&block);
			let tsize = block.len() as u64;
			self.store.put_owned(&cid, block)?;
			Ok((Node { cid, tsize, file_size }, Some(chunk)))
		}
	}

	/// A file node over `children`.
	fn file_node(&self, children: &[Node]) -> Result<Node, StoreError> {
		let links = children
			.iter()
			.map(|c| PbLink { cid: c.cid, name: Some(String::new()), tsize: Some(c.tsize) })
			.collect();
		let blocksizes: Vec<u64> = children.iter().map(|c| c.file_size).collect();
		let file_size = blocksizes.iter().sum();
		let block =
			PbNode { links, data: Some(UnixFs::file(Vec::new(), blocksizes).encode()) }.encode();
		let cid = self.node_cid(&block);
		let tsize = children.iter().fold(block.len() as u64, |a, c| a.saturating_add(c.tsize));
		self.store.put(&cid, &block)?;
		Ok(Node { cid, tsize, file_size })
	}

	/// Imports one file's bytes; returns its root.
	pub fn file(&self, reader: impl Read + Send) -> Result<Node, ImportError> {
		self.file_named(reader, Path::new("<input>"))
	}

	fn file_named(&self, mut reader: impl Read + Send, path: &Path) -> Result<Node, ImportError> {
		let chunk_size = self.profile.chunk_size;
		let workers = self.threads;
		let mut layout = Balanced::new(self);
		std::thread::scope(|scope| {
			let (job_tx, job_rx) = crossbeam_channel::bounded::<(u64, Vec<u8>)>(2 * workers);
			let (done_tx, done_rx) =
				crossbeam_channel::unbounded::<(u64, Result<Node, StoreError>)>();
			// Buffers the store handed back, for the reader to fill again (no fresh pages to
			// fault in for every chunk).
			let (spare_tx, spare_rx) = crossbeam_channel::bounded::<Vec<u8>>(4 * workers);
			for _ in 0..workers {
				let (job_rx, done_tx, spare_tx) =
					(job_rx.clone(), done_tx.clone(), spare_tx.clone());
				scope.spawn(move || {
					for (index, chunk) in job_rx {
						let result = self.leaf(chunk).map(|(node, spare)| {
							if let Some(buffer) = spare {
								let _ = spare_tx.try_send(buffer);
							}
							node
						});
						if done_tx.send((index, result)).is_err() {
							return;
						}
					}
				});
			}
			drop((job_rx, done_tx, spare_tx));
			let read = scope.spawn(move || -> io::Result<()> {
				let mut index = 0u64;
				loop {
					let mut chunk = match spare_rx.try_recv() {
						Ok(mut buffer) => {
							buffer.clear();
							buffer
						},
						Err(_) => Vec::with_capacity(chunk_size),
					};
					(&mut reader).take(chunk_size as u64).read_to_end(&mut chunk)?;
					let len = chunk.len();
					// An empty input is still one (empty) chunk.
					if len == 0 && index > 0 {
						return Ok(());
					}
					if job_tx.send((index, chunk)).is_err() {
						return Ok(());
					}
					index += 1;
					if len < chunk_size {
						return Ok(());
					}
				}
			});
			let collected = self.collect_leaves(done_rx, &mut layout);
			read.join()
				.map_err(|_| ImportError::Thread)?
				.map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
			collected.map(|_| ())
		})?;
		Ok(layout.finish()?)
	}

	/// Feeds leaves arriving from the hashing threads, in any order, to the layout in file
	/// order; returns how many. Leaves left waiting for a missing one mean a thread died.
	fn collect_leaves<E>(
		&self,
		done: crossbeam_channel::Receiver<(u64, Result<Node, E>)>,
		layout: &mut Balanced<'_, 'a>,
	) -> Result<u64, ImportError>
	where
		ImportError: From<E>,
	{
		let mut waiting = BTreeMap::new();
		let mut next = 0u64;
		for (index, leaf) in done {
			waiting.insert(index, leaf?);
			while let Some(leaf) = waiting.remove(&next) {
				if let Some(progress) = self.progress {
					progress(leaf.file_size);
				}
				layout.push(0, leaf)?;
				next += 1;
			}
		}
		if waiting.is_empty() {
			Ok(next)
		} else {
			Err(ImportError::Thread)
		}
	}

	/// Imports a file on disk. Unlike a stream, every thread reads its own chunks (positional
	/// reads), so copying the bytes in is shared by all cores as well as hashing them. The
	/// file's length is taken when the import starts; a file that shrinks meanwhile is an error.
	pub fn file_at(&self, file: &File, path: &Path) -> Result<Node, ImportError> {
		use std::os::unix::fs::FileExt;
		use std::sync::atomic::{AtomicU64, Ordering};
		let read_error = |source| ImportError::Read { path: path.to_path_buf(), source };
		let size = file.metadata().map_err(read_error)?.len();
		let chunk_size = self.profile.chunk_size as u64;
		// An empty file is one empty chunk.
		let chunks = size.div_ceil(chunk_size).max(1);
		let next = AtomicU64::new(0);
		let mut layout = Balanced::new(self);
		std::thread::scope(|scope| {
			let (done_tx, done_rx) =
				crossbeam_channel::unbounded::<(u64, Result<Node, ImportError>)>();
			for _ in 0..self.threads.min(chunks as usize) {
				let (done_tx, next) = (done_tx.clone(), &next);
				scope.spawn(move || {
					let mut spare: Option<Vec<u8>> = None;
					loop {
						let index = next.fetch_add(1, Ordering::Relaxed);
						if index >= chunks {
							return;
						}
						let offset = index * chunk_size;
						let len = chunk_size.min(size - offset) as usize;
						let mut chunk =
							spare.take().unwrap_or_else(|| Vec::with_capacity(chunk_size as usize));
						chunk.resize(len, 0);
						let result = file
							.read_exact_at(&mut chunk, offset)
							.map_err(read_error)
							.and_then(|()| self.leaf(chunk).map_err(ImportError::from))
							.map(|(node, buffer)| {
								spare = buffer;
								node
							});
						let failed = result.is_err();
						if done_tx.send((index, result)).is_err() || failed {
							// Stop the others too.
							next.store(chunks, Ordering::Relaxed);
							return;
						}
					}
				});
			}
			drop(done_tx);
			if self.collect_leaves(done_rx, &mut layout)? != chunks {
				return Err(ImportError::Thread);
			}
			Ok(())
		})?;
		Ok(layout.finish()?)
	}

	/// Imports a file or a directory tree from disk. With `wrap`, the result is wrapped in a
	/// directory holding it under its own name (kubo's `--wrap-with-directory`). `on_entry`
	/// sees every file and directory with its path relative to the root (the root's is empty
	/// unless wrapped, its name then).
	pub fn path(
		&self,
		path: &Path,
		wrap: bool,
		on_entry: EntryCallback<'_>,
	) -> Result<Node, ImportError> {
		let meta = fs::symlink_metadata(path)
			.map_err(|source| ImportError::Read { path: path.into(), source })?;
		let name = path
			.file_name()
			.map(|n| {
				n.to_str().map(str::to_owned).ok_or_else(|| ImportError::NameNotUtf8(path.into()))
			})
			.transpose()?
			.unwrap_or_default();
		let relative = if wrap { PathBuf::from(&name) } else { PathBuf::new() };
		let node = self.entry(path, &meta, &relative, on_entry)?;
		if !wrap {
			return Ok(node);
		}
		let root = self.directory_node(path, vec![(name, node)])?;
		on_entry(Path::new(""), &root);
		Ok(root)
	}

	fn entry(
		&self,
		path: &Path,
		meta: &fs::Metadata,
		relative: &Path,
		on_entry: EntryCallback<'_>,
	) -> Result<Node, ImportError> {
		let kind = meta.file_type();
		let node = if kind.is_symlink() {
			return Err(ImportError::Symlink(path.into()));
		} else if kind.is_file() {
			let file = File::open(path)
				.map_err(|source| ImportError::Read { path: path.into(), source })?;
			self.file_at(&file, path)?
		} else if kind.is_dir() {
			let mut entries = Vec::new();
			let listing = fs::read_dir(path)
				.map_err(|source| ImportError::Read { path: path.into(), source })?;
			for item in listing {
				let item =
					item.map_err(|source| ImportError::Read { path: path.into(), source })?;
				let child = item.path();
				let name = item
					.file_name()
					.into_string()
					.map_err(|_| ImportError::NameNotUtf8(child.clone()))?;
				if !self.hidden && name.starts_with('.') {
					continue;
				}
				let meta = fs::symlink_metadata(&child)
					.map_err(|source| ImportError::Read { path: child.clone(), source })?;
				let node = self.entry(&child, &meta, &relative.join(&name), on_entry)?;
				entries.push((name, node));
			}
			self.directory_node(path, entries)?
		} else {
			return Err(ImportError::Special(path.into()));
		};
		on_entry(relative, &node);
		Ok(node)
	}

	/// A flat directory node over named entries (sorted here by name bytes, as dag-pb requires).
	pub fn directory_node(
		&self,
		path: &Path,
		mut entries: Vec<(String, Node)>,
	) -> Result<Node, ImportError> {
		entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
		let links: Vec<PbLink> = entries
			.iter()
			.map(|(name, node)| PbLink {
				cid: node.cid,
				name: Some(name.clone()),
				tsize: Some(node.tsize),
			})
			.collect();
		let block = PbNode { links, data: Some(UnixFs::directory().encode()) }.encode();
		let bytes = match self.profile.shard_split {
			ShardSplit::BlockBytes => block.len(),
			ShardSplit::LinksBytes => {
				entries.iter().map(|(name, node)| name.len() + node.cid.to_bytes().len()).sum()
			},
		};
		if bytes > self.profile.shard_threshold {
			return Err(ImportError::NeedsSharding {
				path: path.into(),
				entries: entries.len(),
				bytes,
				threshold: self.profile.shard_threshold,
				profile: self.profile.name,
			});
		}
		let cid = self.node_cid(&block);
		let tsize = entries.iter().fold(block.len() as u64, |a, (_, n)| a.saturating_add(n.tsize));
		self.store.put(&cid, &block)?;
		Ok(Node { cid, tsize, file_size: 0 })
	}
}

/// A dag-pb leaf holding `chunk`: `PbNode { Data: UnixFs { File, data, filesize } }`, written
/// in one pass (the same bytes as encoding the two messages in turn, with one copy of the
/// chunk instead of two).
fn dag_pb_leaf(chunk: &[u8]) -> Vec<u8> {
	use crate::content::pb;
	let n = chunk.len() as u64;
	let data_field = if chunk.is_empty() { 0 } else { 1 + pb::varint_len(n) + chunk.len() };
	let unixfs_len = 2 + data_field + 1 + pb::varint_len(n);
	let mut block = Vec::with_capacity(1 + pb::varint_len(unixfs_len as u64) + unixfs_len);
	pb::put_tag(&mut block, 1, pb::LEN);
	pb::put_varint(&mut block, unixfs_len as u64);
	pb::put_uint(&mut block, 1, 2); // Type: File
	if !chunk.is_empty() {
		pb::put_bytes(&mut block, 2, chunk);
	}
	pb::put_uint(&mut block, 3, n);
	block
}

/// The balanced layout, built as leaves arrive: level `k` collects nodes until it has
/// `max_links`, which then become one node of level `k + 1`. This gives the same tree as
/// grouping all leaves, then all groups, and so on (what the reference importers do), without
/// holding every leaf of a large file.
struct Balanced<'i, 'a> {
	importer: &'i Importer<'a>,
	levels: Vec<Vec<Node>>,
	/// Whether a level ever handed a full group up.
	grouped: Vec<bool>,
}

impl<'i, 'a> Balanced<'i, 'a> {
	fn new(importer: &'i Importer<'a>) -> Self {
		Balanced { importer, levels: Vec::new(), grouped: Vec::new() }
	}

	fn push(&mut self, level: usize, node: Node) -> Result<(), StoreError> {
		while self.levels.len() <= level {
			self.levels.push(Vec::new());
			self.grouped.push(false);
		}
		let Some(nodes) = self.levels.get_mut(level) else { return Ok(()) };
		nodes.push(node);
		if nodes.len() >= self.importer.profile.max_links {
			let group = std::mem::take(nodes);
			if let Some(flag) = self.grouped.get_mut(level) {
				*flag = true;
			}
			let parent = self.importer.file_node(&group)?;
			self.push(level + 1, parent)?;
		}
		Ok(())
	}

	fn finish(mut self) -> Result<Node, StoreError> {
		let mut level = 0;
		loop {
			let nodes = self.levels.get_mut(level).map(std::mem::take).unwrap_or_default();
			let grouped = self.grouped.get(level).copied().unwrap_or(false);
			match (nodes.as_slice(), grouped) {
				// The top: one node that nothing was grouped with. For level 0 this is a
				// one-chunk file, which is its own root.
				([only], false) => return Ok(*only),
				([], false) => return self.importer.leaf(Vec::new()).map(|(node, _)| node),
				([], true) => {},
				(rest, _) => {
					let parent = self.importer.file_node(rest)?;
					self.push(level + 1, parent)?;
				},
			}
			level += 1;
		}
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use crate::content::{
		profile::{UNIXFS_V0_2015, UNIXFS_V1_2025},
		store::MemoryStore,
	};

	fn import(profile: Profile, bytes: &[u8], threads: usize) -> Node {
		let store = MemoryStore::new();
		Importer::new(profile, &store).threads(threads).file(bytes).unwrap()
	}

	#[test]
	fn known_cids_of_small_inputs() {
		// Published CIDs: the empty file and "hello world\n" under both profiles.
		assert_eq!(
			import(UNIXFS_V1_2025, b"", 1).cid.to_text(),
			"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
		);
		assert_eq!(
			import(UNIXFS_V0_2015, b"", 1).cid.to_text(),
			"QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"
		);
		assert_eq!(
			import(UNIXFS_V0_2015, b"hello world\n", 1).cid.to_text(),
			"QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"
		);
	}

	#[test]
	fn positional_reads_give_the_same_dag_as_a_stream() {
		let dir = tempfile::tempdir().unwrap();
		let mut profile = UNIXFS_V0_2015;
		profile.chunk_size = 16;
		profile.max_links = 3;
		for size in [0usize, 1, 15, 16, 17, 47, 48, 49, 145, 1000] {
			let bytes: Vec<u8> = (0..size).map(|i| (i * 7 % 256) as u8).collect();
			let path = dir.path().join(format!("f{size}"));
			std::fs::write(&path, &bytes).unwrap();
			let store = MemoryStore::new();
			let importer = Importer::new(profile, &store).threads(3);
			let at = importer.file_at(&File::open(&path).unwrap(), &path).unwrap();
			assert_eq!(at, importer.file(bytes.as_slice()).unwrap(), "{size} bytes");
		}
	}

	#[test]
	fn one_pass_leaves_equal_the_two_message_encoding() {
		for len in [0usize, 1, 127, 128, 300, 262_144] {
			let chunk: Vec<u8> = (0..len).map(|i| i as u8).collect();
			let reference = PbNode {
				links: Vec::new(),
				data: Some(UnixFs::file(chunk.clone(), Vec::new()).encode()),
			};
			assert_eq!(dag_pb_leaf(&chunk), reference.encode(), "{len} bytes");
		}
	}

	#[test]
	fn thread_count_does_not_change_the_cid() {
		let mut profile = UNIXFS_V1_2025;
		profile.chunk_size = 7;
		profile.max_links = 3;
		let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 31 % 251) as u8).collect();
		let one = import(profile, &bytes, 1);
		assert_eq!(one, import(profile, &bytes, 4));
		assert_eq!(one.file_size, 1000);
	}
}
