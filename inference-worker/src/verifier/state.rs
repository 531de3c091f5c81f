//! What the verifier must not forget: the salt and answer of every round it committed to, and
//! how far each round got. Without the salt a commitment can never be opened, and an unopened
//! commitment is slashed as a no-show, so the salt is on disk **before** the commitment is
//! submitted.
//!
//! The state is one JSON file replaced atomically (written beside, flushed, renamed, the folder
//! flushed): a crash leaves the previous or the new version, never a mix.

use serde::{Deserialize, Serialize};
use std::{
	collections::BTreeMap,
	fs::{self, File},
	io::Write,
	path::{Path, PathBuf},
};

/// Identifies one committee seat: asset, round and attempt.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub struct RoundKey {
	/// The asset.
	pub asset: u64,
	/// The round id.
	pub round: u64,
	/// The attempt within the round.
	pub attempt: u8,
}

impl std::fmt::Display for RoundKey {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "asset {} round {} attempt {}", self.asset, self.round, self.attempt)
	}
}

/// How far a seat got.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
	/// Salt and answer stored; the commitment may or may not have reached the chain.
	Committing,
	/// The commitment is in a finalized block.
	Committed,
	/// The reveal is in a finalized block.
	Revealed,
	/// The round ended before this worker could finish (or it was never able to commit).
	Missed,
}

/// One seat's record.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Seat {
	/// The round.
	pub key: RoundKey,
	/// Hex of the 32-byte salt.
	pub salt: String,
	/// Hex of the SCALE-encoded answer, exactly what is revealed.
	pub fingerprint: String,
	/// Hex of the commitment.
	pub commitment: String,
	/// Progress.
	pub phase: Phase,
	/// The round's last reveal block: the record can be dropped after it.
	pub reveal_end: u32,
}

#[derive(Default, Serialize, Deserialize)]
struct File_ {
	version: u32,
	seats: Vec<Seat>,
}

/// The state file and its contents.
pub struct State {
	path: PathBuf,
	seats: BTreeMap<RoundKey, Seat>,
}

const VERSION: u32 = 1;

impl State {
	/// Opens (or starts) the state in `dir`.
	pub fn open(dir: &Path) -> anyhow::Result<State> {
		fs::create_dir_all(dir)?;
		let path = dir.join("state.json");
		let seats = match fs::read(&path) {
			Ok(bytes) => {
				let file: File_ = serde_json::from_slice(&bytes).map_err(|e| {
					anyhow::anyhow!("{} is damaged ({e}); it holds commitment salts: restore it from a backup or move it away to start over", path.display())
				})?;
				if file.version != VERSION {
					anyhow::bail!(
						"{} has version {}, this worker reads {VERSION}",
						path.display(),
						file.version
					);
				}
				file.seats.into_iter().map(|s| (s.key, s)).collect()
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
			Err(e) => return Err(anyhow::anyhow!("reading {}: {e}", path.display())),
		};
		Ok(State { path, seats })
	}

	/// The record of a seat.
	pub fn get(&self, key: &RoundKey) -> Option<&Seat> {
		self.seats.get(key)
	}

	/// All records.
	pub fn seats(&self) -> impl Iterator<Item = &Seat> {
		self.seats.values()
	}

	/// Stores or replaces a record. The record counts only once the file holding it is on
	/// disk: if writing fails, memory is left as it was, so nothing is ever submitted from a
	/// record that a crash would lose.
	pub fn put(&mut self, seat: Seat) -> anyhow::Result<()> {
		let mut next = self.seats.clone();
		next.insert(seat.key, seat);
		self.replace(next)
	}

	/// Moves a seat to `phase` and writes the file (memory unchanged if writing fails).
	pub fn set_phase(&mut self, key: &RoundKey, phase: Phase) -> anyhow::Result<()> {
		match self.seats.get(key) {
			Some(seat) if seat.phase != phase => {
				let mut seat = seat.clone();
				seat.phase = phase;
				self.put(seat)
			},
			_ => Ok(()),
		}
	}

	/// Forgets seats whose reveal phase ended before `block`.
	pub fn prune(&mut self, block: u32) -> anyhow::Result<()> {
		if self.seats.values().all(|s| s.reveal_end >= block) {
			return Ok(());
		}
		let next = self
			.seats
			.iter()
			.filter(|(_, s)| s.reveal_end >= block)
			.map(|(k, s)| (*k, s.clone()))
			.collect();
		self.replace(next)
	}

	fn replace(&mut self, next: BTreeMap<RoundKey, Seat>) -> anyhow::Result<()> {
		Self::write(&self.path, &next)?;
		self.seats = next;
		Ok(())
	}

	fn write(path: &Path, seats: &BTreeMap<RoundKey, Seat>) -> anyhow::Result<()> {
		let file = File_ { version: VERSION, seats: seats.values().cloned().collect() };
		let path = path.to_path_buf();
		let tmp = path.with_extension("json.tmp");
		{
			let mut f = File::create(&tmp)?;
			f.write_all(&serde_json::to_vec_pretty(&file)?)?;
			f.sync_all()?;
		}
		fs::rename(&tmp, &path)?;
		if let Some(dir) = path.parent() {
			File::open(dir)?.sync_all()?;
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used)]
	use super::*;

	fn seat(asset: u64, reveal_end: u32) -> Seat {
		Seat {
			key: RoundKey { asset, round: 1, attempt: 0 },
			salt: "00".repeat(32),
			fingerprint: "02".into(),
			commitment: "11".repeat(32),
			phase: Phase::Committing,
			reveal_end,
		}
	}

	#[test]
	fn survives_reopening_and_prunes_finished_rounds() {
		let dir = tempfile::tempdir().unwrap();
		let mut s = State::open(dir.path()).unwrap();
		s.put(seat(1, 10)).unwrap();
		s.put(seat(2, 20)).unwrap();
		s.set_phase(&seat(1, 10).key, Phase::Committed).unwrap();
		let mut s = State::open(dir.path()).unwrap();
		assert_eq!(s.get(&seat(1, 10).key).unwrap().phase, Phase::Committed);
		s.prune(11).unwrap();
		let s = State::open(dir.path()).unwrap();
		assert!(s.get(&seat(1, 10).key).is_none());
		assert_eq!(s.seats().count(), 1);
	}

	#[test]
	fn a_record_that_cannot_be_written_is_not_kept() {
		let dir = tempfile::tempdir().unwrap();
		let mut s = State::open(dir.path()).unwrap();
		s.put(seat(1, 10)).unwrap();
		// The folder becomes unwritable: a directory where the temporary file goes.
		fs::create_dir(dir.path().join("state.json.tmp")).unwrap();
		assert!(s.put(seat(2, 10)).is_err());
		assert!(s.get(&seat(2, 10).key).is_none(), "a seat not on disk must not be used");
		assert!(s.set_phase(&seat(1, 10).key, Phase::Committed).is_err());
		assert_eq!(s.get(&seat(1, 10).key).unwrap().phase, Phase::Committing);
	}

	#[test]
	fn a_damaged_file_is_an_error_not_a_fresh_start() {
		let dir = tempfile::tempdir().unwrap();
		fs::write(dir.path().join("state.json"), b"{ half").unwrap();
		let err = State::open(dir.path()).err().unwrap().to_string();
		assert!(err.contains("damaged") && err.contains("salts"), "{err}");
	}
}
