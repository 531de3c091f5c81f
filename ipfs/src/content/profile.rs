//! IPIP-0499 import profiles: the parameters that decide a file's CID.
//!
//! The same bytes give different CIDs under different chunk sizes, leaf formats, tree widths and
//! CID versions. A profile fixes all of them, so kubo (`--cid-version`, `--raw-leaves`,
//! `--chunker`), Helia/`ipfs-unixfs-importer` (`profile: '…'`) and this worker agree.

use crate::content::Version;
use std::{fmt, str::FromStr};

/// How the importer decides that a directory has become too big for one flat node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardSplit {
	/// Sum of name bytes and CID bytes of the links (the 2015 rule).
	LinksBytes,
	/// The encoded size of the directory block (the 2025 rule).
	BlockBytes,
}

/// A UnixFS import profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
	/// The profile's IPIP-0499 name.
	pub name: &'static str,
	/// CID version of dag-pb nodes (raw leaves are always CIDv1).
	pub cid_version: Version,
	/// Leaves as raw blocks (true) or dag-pb UnixFS nodes holding the bytes (false).
	pub raw_leaves: bool,
	/// Fixed chunk size in bytes.
	pub chunk_size: usize,
	/// Most links in one file node (the balanced tree's width).
	pub max_links: usize,
	/// The directory-size rule, against [`Profile::shard_threshold`].
	pub shard_split: ShardSplit,
	/// Bytes above which a directory would be HAMT-sharded.
	pub shard_threshold: usize,
}

/// `unixfs-v1-2025`: CIDv1, raw leaves, 1 MiB chunks, 1024 links per node. The default.
pub const UNIXFS_V1_2025: Profile = Profile {
	name: "unixfs-v1-2025",
	cid_version: Version::V1,
	raw_leaves: true,
	chunk_size: 1 << 20,
	max_links: 1024,
	shard_split: ShardSplit::BlockBytes,
	shard_threshold: 256 << 10,
};

/// `unixfs-v0-2015`: CIDv0, dag-pb leaves, 256 KiB chunks, 174 links per node (kubo's historic
/// defaults).
pub const UNIXFS_V0_2015: Profile = Profile {
	name: "unixfs-v0-2015",
	cid_version: Version::V0,
	raw_leaves: false,
	chunk_size: 256 << 10,
	max_links: 174,
	shard_split: ShardSplit::LinksBytes,
	shard_threshold: 256 << 10,
};

/// Every profile, by name.
pub const PROFILES: [Profile; 2] = [UNIXFS_V1_2025, UNIXFS_V0_2015];

impl Default for Profile {
	fn default() -> Self {
		UNIXFS_V1_2025
	}
}

impl fmt::Display for Profile {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.name)
	}
}

impl FromStr for Profile {
	type Err = String;

	fn from_str(name: &str) -> Result<Self, String> {
		PROFILES.iter().find(|p| p.name == name).copied().ok_or_else(|| {
			format!("unknown profile {name:?}: expected unixfs-v1-2025 (default) or unixfs-v0-2015")
		})
	}
}
