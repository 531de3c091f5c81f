//! The relayer's progress on disk: which deployment it serves, the lowest nonce not yet known to
//! be minted, and the transaction it sent last and has not seen mined. Written atomically
//! (temporary file, fsync, rename, fsync of the folder), so a kill at any instant leaves either
//! the old or the new file.
//!
//! The file only saves work: both chains are the truth. On start the relayer checks the recorded
//! transaction's fate before sending anything, and skips every nonce the gateway reports minted,
//! so a lost or stale file costs a rescan, never a double mint (the gateway refuses one anyway).

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::{
	fs,
	io::Write,
	path::{Path, PathBuf},
};

/// What is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
	/// The file format.
	pub version: u32,
	/// The dsynapse chain's genesis hash (hex).
	pub genesis: String,
	/// The gateway's address (hex).
	pub gateway: String,
	/// Every nonce below this one is minted (or not for this gateway).
	pub next_nonce: u64,
	/// A sent transaction not yet seen mined (hex hash).
	pub pending_tx: Option<String>,
}

/// The progress file and its contents.
pub struct StateFile {
	path: PathBuf,
	/// The contents (written by [`StateFile::save`]).
	pub progress: Progress,
}

impl StateFile {
	/// Opens `path`, or starts afresh at nonce 1 when it does not exist. A file written for
	/// another chain or gateway is refused: mixing deployments is an operator's mistake.
	pub fn open(path: &Path, genesis: &str, gateway: &str) -> Result<Self> {
		let progress = match fs::read(path) {
			Ok(bytes) => {
				let p: Progress = serde_json::from_slice(&bytes)
					.with_context(|| format!("{} is not a relayer state file", path.display()))?;
				if p.version != 1 {
					bail!("{}: unknown state version {}", path.display(), p.version);
				}
				if !p.genesis.eq_ignore_ascii_case(genesis)
					|| !p.gateway.eq_ignore_ascii_case(gateway)
				{
					bail!(
						"{} belongs to chain {} and gateway {}, not {genesis} and {gateway}: give each deployment its own state file",
						path.display(),
						p.genesis,
						p.gateway
					);
				}
				p
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Progress {
				version: 1,
				genesis: genesis.to_string(),
				gateway: gateway.to_string(),
				next_nonce: 1,
				pending_tx: None,
			},
			Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
		};
		Ok(Self { path: path.to_path_buf(), progress })
	}

	/// Where the file is.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// A one-shot writer of the current contents with `pending_tx` set to the hash it is given,
	/// for recording a transaction while the relayer's state is borrowed elsewhere.
	pub fn recorder(&self) -> Box<dyn FnOnce(String) -> Result<()> + Send> {
		let mut copy = StateFile { path: self.path.clone(), progress: self.progress.clone() };
		Box::new(move |hash| {
			copy.progress.pending_tx = Some(hash);
			copy.save()
		})
	}

	/// Writes the contents durably.
	pub fn save(&self) -> Result<()> {
		let dir = match self.path.parent() {
			Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
			_ => PathBuf::from("."),
		};
		fs::create_dir_all(&dir)?;
		let mut tmp = tempfile_in(&dir, &self.path)?;
		tmp.1.write_all(&serde_json::to_vec_pretty(&self.progress)?)?;
		tmp.1.sync_all()?;
		fs::rename(&tmp.0, &self.path)
			.with_context(|| format!("replacing {}", self.path.display()))?;
		fs::File::open(&dir)?.sync_all()?;
		Ok(())
	}
}

fn tempfile_in(dir: &Path, target: &Path) -> Result<(PathBuf, fs::File)> {
	let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
	let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
	let file = fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
	Ok((tmp, file))
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used)]
	use super::*;

	#[test]
	fn survives_a_reopen_and_refuses_another_deployment() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("relayer.json");
		let mut s = StateFile::open(&path, "0xaa", "0xbb").unwrap();
		assert_eq!(s.progress.next_nonce, 1);
		s.progress.next_nonce = 7;
		s.progress.pending_tx = Some("0x01".into());
		s.save().unwrap();
		let again = StateFile::open(&path, "0xAA", "0xBB").unwrap();
		assert_eq!(again.progress, s.progress);
		assert!(StateFile::open(&path, "0xaa", "0xcc").is_err());
		assert!(StateFile::open(&path, "0xdd", "0xbb").is_err());
		// No temporary file is left behind.
		assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
	}

	#[test]
	fn a_corrupt_file_is_an_error_not_a_fresh_start() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("relayer.json");
		fs::write(&path, b"{ not json").unwrap();
		assert!(StateFile::open(&path, "0xaa", "0xbb").is_err());
	}
}
