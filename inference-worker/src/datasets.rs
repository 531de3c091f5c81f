//! Datasets from the content layer: the manifest and its chunk-hash list read by CID, and the
//! answer to a dataset challenge, given only when the content is what the manifest describes.
//!
//! The challenge alone ([`dsynapse_challenge::dataset_challenge`]) only asks for the hashes of
//! sampled chunks of whatever bytes are there, so every honest verifier would agree on random
//! bytes of the registered size. The manifest binds the content to a format and to a list of
//! chunk digests fixed by the owner; [`answer`] checks every sampled chunk against both (see
//! [`dsynapse_inference::dataset`] for the format and the checks) and fails with an error that
//! is the asset's fault otherwise, which the verifier answers `Unavailable`.
//!
//! [`hash_file`] is the owner's side: the hash list of a file, every chunk checked against the
//! format as verifiers will check the ones they sample.

use crate::content::{
	dag::DagError,
	exporter::{self, ExportError},
	parse_cid, sha256,
	store::BlockStore,
	BadCid, Cid,
};
use dsynapse_challenge::{dataset_challenge, DatasetFingerprint, Fingerprint, Seed};
use dsynapse_inference::{
	dataset::{
		check_chunk, check_parquet_ends, DataFormat, DatasetManifest, DatasetManifestError,
		FormatError, CHUNK_SIZE, DIGEST_LEN,
	},
	manifest::MAX_MANIFEST_LEN,
};
use std::io::Read;

/// Why a dataset challenge was not answered.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
	/// The content, manifest or hash list is not (completely) in the local store, is not a
	/// file, or a block does not hash to its CID.
	#[error("content: {0}")]
	Content(#[from] ExportError),
	/// The manifest is not a usable dataset manifest, or does not fit the registration or the
	/// hash list.
	#[error(transparent)]
	Manifest(#[from] DatasetManifestError),
	/// The manifest's `chunk_hashes` is not a CID the worker reads.
	#[error("the manifest's chunk_hashes: {0}")]
	HashListCid(BadCid),
	/// The content is not the registered size.
	#[error("the content is {actual} bytes, registered as {registered}")]
	ContentSize {
		/// Its size.
		actual: u64,
		/// The registered size.
		registered: u64,
	},
	/// A sampled chunk whose digest is not the hash list's.
	#[error(
		"chunk {index} (bytes {start}..{end}) hashes to {actual}, the hash list says {declared}"
	)]
	ChunkHash {
		/// The chunk.
		index: u64,
		/// Its first byte.
		start: u64,
		/// One past its last byte.
		end: u64,
		/// sha2-256 of its bytes, hex.
		actual: String,
		/// The hash list's digest, hex.
		declared: String,
	},
	/// A sampled chunk not in the declared format.
	#[error("chunk {index} (bytes {start}..{end}) is not {format}: {error}")]
	Format {
		/// The chunk.
		index: u64,
		/// Its first byte.
		start: u64,
		/// One past its last byte.
		end: u64,
		/// The manifest's format.
		format: DataFormat,
		/// What is wrong.
		error: FormatError,
	},
	/// The content's ends are not those of its (binary) format.
	#[error("the content is not {format}: {error}")]
	Ends {
		/// The manifest's format.
		format: DataFormat,
		/// What is wrong.
		error: FormatError,
	},
	/// No challenge for this size (a zero-byte registration).
	#[error("no challenge for {0} bytes")]
	Challenge(u64),
	/// Reading the file to hash failed (owner's side).
	#[error("reading the dataset: {0}")]
	Read(#[source] std::io::Error),
}

impl DatasetError {
	/// Whether the failure is this machine's (the local store failing), not the asset's.
	pub fn is_local(&self) -> bool {
		matches!(
			self,
			DatasetError::Content(ExportError::Dag(DagError::Store(_)) | ExportError::Write(_))
				| DatasetError::Read(_)
		)
	}
}

/// A dataset's manifest with its hash list's CID.
#[derive(Clone, Debug)]
pub struct Described {
	/// The manifest, checked.
	pub manifest: DatasetManifest,
	/// The hash list.
	pub hash_list: Cid,
}

/// Reads and parses the dataset manifest stored at `cid` (at most 64 KiB).
pub fn read_manifest(store: &dyn BlockStore, cid: &Cid) -> Result<Described, DatasetError> {
	let size = exporter::file_size(store, cid)?;
	if size > MAX_MANIFEST_LEN {
		return Err(DatasetManifestError::TooLarge.into());
	}
	let bytes = read_range(store, cid, 0..size)?;
	let manifest = DatasetManifest::parse(&bytes)?;
	let hash_list = parse_cid(&manifest.chunk_hashes).map_err(DatasetError::HashListCid)?;
	Ok(Described { manifest, hash_list })
}

/// The answer to the dataset challenge of `seed`, for content registered with `registered`
/// bytes and described by `described`. Everything must be in the store. Checks, in order: the
/// manifest's size is the registered size, so is the content's, the hash list has one digest
/// per chunk; then, for parquet, the content's first 4 and last 8 bytes; then every sampled
/// chunk's sha2-256 against the hash list and its bytes against the format.
pub fn answer_described(
	store: &dyn BlockStore,
	content: &Cid,
	described: &Described,
	registered: u64,
	seed: &Seed,
) -> Result<Fingerprint, DatasetError> {
	let Described { manifest, hash_list } = described;
	manifest.check_size(registered)?;
	let actual = exporter::file_size(store, content)?;
	if actual != registered {
		return Err(DatasetError::ContentSize { actual, registered });
	}
	manifest.check_hash_list_len(exporter::file_size(store, hash_list)?)?;
	let size = manifest.size;
	if manifest.format == DataFormat::Parquet {
		let head = read_range(store, content, 0..4)?;
		let tail = read_range(store, content, size.saturating_sub(8)..size)?;
		check_parquet_ends(&head, &tail, size)
			.map_err(|error| DatasetError::Ends { format: manifest.format, error })?;
	}
	let challenge = dataset_challenge(seed, size).map_err(|_| DatasetError::Challenge(size))?;
	let mut chunk_hashes = Vec::with_capacity(challenge.indices.len());
	for &index in &challenge.indices {
		let range = manifest.chunk_range(index);
		let (start, end) = (range.start, range.end);
		let bytes = read_range(store, content, range)?;
		let digest = sha256(&bytes);
		let at = index.saturating_mul(DIGEST_LEN);
		let declared = read_range(store, hash_list, at..at.saturating_add(DIGEST_LEN))?;
		if declared != digest {
			return Err(DatasetError::ChunkHash {
				index,
				start,
				end,
				actual: hex::encode(digest),
				declared: hex::encode(declared),
			});
		}
		check_chunk(manifest.format, &bytes, start == 0, end == size).map_err(|error| {
			DatasetError::Format { index, start, end, format: manifest.format, error }
		})?;
		chunk_hashes.push(digest);
	}
	Ok(Fingerprint::Dataset(DatasetFingerprint { chunk_hashes }))
}

/// [`read_manifest`] then [`answer_described`]: the whole check, with the content, the manifest
/// and the hash list already in the store (the verifier fetches them first).
pub fn answer(
	store: &dyn BlockStore,
	content: &Cid,
	manifest: &Cid,
	registered: u64,
	seed: &Seed,
) -> Result<Fingerprint, DatasetError> {
	let described = read_manifest(store, manifest)?;
	answer_described(store, content, &described, registered, seed)
}

/// The hash list of a dataset (the sha2-256 of every 256 KiB chunk, concatenated) read from
/// `reader`, which must yield exactly `size` bytes; every chunk is checked against `format` as
/// verifiers check the ones they sample (and, for parquet, the ends). The owner's side of
/// [`answer`].
pub fn hash_file(
	reader: &mut dyn Read,
	size: u64,
	format: DataFormat,
) -> Result<Vec<u8>, DatasetError> {
	if size == 0 {
		return Err(DatasetManifestError::Empty.into());
	}
	let chunk_len = usize::try_from(CHUNK_SIZE).unwrap_or(usize::MAX);
	let mut hashes = Vec::new();
	let mut chunk = vec![0u8; chunk_len];
	let mut head = Vec::new();
	let mut tail = Vec::new();
	let mut start = 0u64;
	while start < size {
		let want = usize::try_from((size - start).min(CHUNK_SIZE)).unwrap_or(chunk_len);
		let bytes = chunk.get_mut(..want).unwrap_or_default();
		reader.read_exact(bytes).map_err(DatasetError::Read)?;
		let end = start + want as u64;
		check_chunk(format, bytes, start == 0, end == size).map_err(|error| {
			DatasetError::Format { index: start / CHUNK_SIZE, start, end, format, error }
		})?;
		hashes.extend_from_slice(&sha256(bytes));
		if start == 0 {
			head = bytes.iter().take(4).copied().collect();
		}
		// The last 8 bytes may straddle the last two chunks.
		tail.extend_from_slice(bytes);
		let keep = tail.len().saturating_sub(8);
		tail.drain(..keep);
		start = end;
	}
	if reader.read(&mut [0u8; 1]).map_err(DatasetError::Read)? != 0 {
		return Err(DatasetError::Read(std::io::Error::other(format!(
			"the file is longer than {size} bytes (it changed while being read?)"
		))));
	}
	if format == DataFormat::Parquet {
		check_parquet_ends(&head, &tail, size)
			.map_err(|error| DatasetError::Ends { format, error })?;
	}
	Ok(hashes)
}

fn read_range(
	store: &dyn BlockStore,
	cid: &Cid,
	range: std::ops::Range<u64>,
) -> Result<Vec<u8>, ExportError> {
	let mut bytes = Vec::with_capacity(usize::try_from(range.end - range.start).unwrap_or(0));
	exporter::write_file(store, cid, range, &mut bytes)?;
	Ok(bytes)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;

	#[test]
	fn hash_file_hashes_every_chunk_and_checks_the_format() {
		let text: Vec<u8> = (0..100_000u32)
			.flat_map(|i| format!("{{\"i\":{i},\"s\":\"é日🦀\"}}\n").into_bytes())
			.collect();
		let size = text.len() as u64;
		let hashes = hash_file(&mut &text[..], size, DataFormat::Jsonl).unwrap();
		assert_eq!(hashes.len() as u64, size.div_ceil(CHUNK_SIZE) * 32);
		assert_eq!(&hashes[32..64], sha256(&text[CHUNK_SIZE as usize..2 * CHUNK_SIZE as usize]));
		assert!(hash_file(&mut &text[..], size, DataFormat::Text).is_ok());
		let e = hash_file(&mut &text[..], size, DataFormat::Parquet).unwrap_err();
		assert!(matches!(e, DatasetError::Ends { .. }), "{e}");
		let e = hash_file(&mut &text[..size as usize - 1], size, DataFormat::Jsonl).unwrap_err();
		assert!(e.is_local(), "{e}");
		let e = hash_file(&mut &text[..], size - 1, DataFormat::Jsonl).unwrap_err();
		assert!(e.to_string().contains("longer than"), "{e}");
		let mut parquet = b"PAR1".to_vec();
		parquet.extend_from_slice(&[0xffu8; 300_000]);
		parquet.extend_from_slice(&10u32.to_le_bytes());
		parquet.extend_from_slice(b"PAR1");
		let n = parquet.len() as u64;
		assert!(hash_file(&mut &parquet[..], n, DataFormat::Parquet).is_ok());
		let e = hash_file(&mut &parquet[..], n, DataFormat::Text).unwrap_err();
		assert!(
			matches!(e, DatasetError::Format { index: 0, format: DataFormat::Text, .. }),
			"{e}"
		);
	}
}
