//! The dataset manifest, and the format checks a verifier runs on each sampled chunk.
//!
//! A dataset is registered with a manifest (JSON, at most [`MAX_MANIFEST_LEN`] bytes, like a
//! model's):
//!
//! ```json
//! {"name": "my-corpus", "kind": "dataset", "format": "jsonl", "size": 734003,
//!  "chunk_size": 262144, "chunk_hashes": "bafkrei…"}
//! ```
//!
//! - `kind` must be `"dataset"`; `format` one of `jsonl`, `csv`, `text`, `parquet`
//!   ([`DataFormat`]);
//! - `size` is the content's size in bytes, and must be the size the asset is registered with;
//! - `chunk_size` must be the challenge's chunk size ([`Shape::STANDARD`]`.chunk_size`, 256 KiB):
//!   chunk `i` is the byte range `i·chunk_size .. min(size, (i+1)·chunk_size)`;
//! - `chunk_hashes` is the CID of a file holding the 32-byte sha2-256 digest of every chunk, in
//!   order: exactly `32·⌈size / chunk_size⌉` bytes ([`DatasetManifest::hash_list_len`]).
//!
//! `name` is informative; other fields are ignored.
//!
//! A challenge samples a few chunks. For each, the verifier checks its digest against the hash
//! list and its content against the declared format as far as one chunk allows
//! ([`check_chunk`]); for parquet it also reads the first and last bytes of the content
//! ([`check_parquet_ends`]). Anything that does not match is the asset's fault: honest
//! verifiers answer `Unavailable`.

use crate::manifest::MAX_MANIFEST_LEN;
use dsynapse_challenge::Shape;
use serde::{Deserialize, Serialize};

/// Bytes of one digest in the hash list (sha2-256).
pub const DIGEST_LEN: u64 = 32;

/// The 4 bytes a parquet file starts and ends with.
pub const PARQUET_MAGIC: &[u8; 4] = b"PAR1";

/// The smallest parquet file: the leading magic, a footer length and the trailing magic.
pub const PARQUET_MIN_LEN: u64 = 12;

/// The chunk size every dataset manifest must declare: the challenge's.
pub const CHUNK_SIZE: u64 = Shape::STANDARD.chunk_size;

/// How the dataset's bytes are laid out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DataFormat {
	/// JSON Lines: one JSON value per line, UTF-8.
	Jsonl,
	/// Comma-separated values, one record per line, UTF-8 (see [`check_chunk`] for the quoting
	/// rules).
	Csv,
	/// UTF-8 text.
	Text,
	/// Apache Parquet (binary; starts and ends with `PAR1`).
	Parquet,
}

impl DataFormat {
	/// Every format, in the order error messages list them.
	pub const ALL: [DataFormat; 4] = [Self::Jsonl, Self::Csv, Self::Text, Self::Parquet];

	/// Parses the manifest's name.
	pub fn parse(name: &str) -> Option<Self> {
		Self::ALL.into_iter().find(|f| f.name() == name)
	}

	/// The name manifests use.
	pub fn name(&self) -> &'static str {
		match self {
			Self::Jsonl => "jsonl",
			Self::Csv => "csv",
			Self::Text => "text",
			Self::Parquet => "parquet",
		}
	}
}

impl std::fmt::Display for DataFormat {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(self.name())
	}
}

/// Why a dataset manifest is not usable, or does not fit the registration or its hash list.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DatasetManifestError {
	/// Not JSON of the expected shape.
	#[error("the dataset manifest is not valid JSON of the expected shape: {0}")]
	Malformed(String),
	/// Larger than [`MAX_MANIFEST_LEN`].
	#[error("the dataset manifest is larger than {MAX_MANIFEST_LEN} bytes")]
	TooLarge,
	/// A required field is absent.
	#[error("the dataset manifest lacks `{0}`, which a dataset needs")]
	Missing(&'static str),
	/// `kind` is not `"dataset"` (a model manifest registered as a dataset, say).
	#[error("the manifest's kind is {0:?}, not \"dataset\"")]
	NotADataset(String),
	/// A format the worker does not check.
	#[error("unknown dataset format {0:?} (supported: jsonl, csv, text, parquet)")]
	UnknownFormat(String),
	/// `size` is zero: nothing to sample.
	#[error("the dataset manifest declares a size of 0 bytes")]
	Empty,
	/// `chunk_size` is not the challenge's.
	#[error("the manifest's chunk_size is {declared}, the challenge's is {expected}")]
	WrongChunkSize {
		/// What the manifest says.
		declared: u64,
		/// [`CHUNK_SIZE`].
		expected: u64,
	},
	/// The manifest's `size` is not the size the asset is registered with.
	#[error("the manifest says the dataset is {manifest} bytes, it is registered as {registered}")]
	SizeMismatch {
		/// The manifest's `size`.
		manifest: u64,
		/// The registered size.
		registered: u64,
	},
	/// The hash list is not one digest per chunk.
	#[error("the chunk hash list is {actual} bytes, {expected} expected (32 per chunk)")]
	HashListLength {
		/// Its length.
		actual: u64,
		/// `32·⌈size / chunk_size⌉`.
		expected: u64,
	},
}

#[derive(Deserialize)]
struct Raw {
	name: Option<String>,
	kind: Option<String>,
	format: Option<String>,
	size: Option<u64>,
	chunk_size: Option<u64>,
	chunk_hashes: Option<String>,
}

#[derive(Serialize)]
struct Out<'a> {
	name: &'a str,
	kind: &'static str,
	format: &'static str,
	size: u64,
	chunk_size: u64,
	chunk_hashes: &'a str,
}

/// A dataset manifest, checked.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DatasetManifest {
	/// Display name.
	pub name: String,
	/// How the content is laid out.
	pub format: DataFormat,
	/// The content's size in bytes (never 0).
	pub size: u64,
	/// Always [`CHUNK_SIZE`] once parsed.
	pub chunk_size: u64,
	/// The CID (text) of the hash list; the worker parses and checks it.
	pub chunk_hashes: String,
}

impl DatasetManifest {
	/// A manifest for `size` bytes of `format`, with the challenge's chunk size.
	pub fn new(name: String, format: DataFormat, size: u64, chunk_hashes: String) -> Self {
		DatasetManifest { name, format, size, chunk_size: CHUNK_SIZE, chunk_hashes }
	}

	/// Parses and checks a dataset manifest.
	pub fn parse(bytes: &[u8]) -> Result<Self, DatasetManifestError> {
		if bytes.len() as u64 > MAX_MANIFEST_LEN {
			return Err(DatasetManifestError::TooLarge);
		}
		let raw: Raw = serde_json::from_slice(bytes)
			.map_err(|e| DatasetManifestError::Malformed(e.to_string()))?;
		let kind = raw.kind.ok_or(DatasetManifestError::Missing("kind"))?;
		if kind != "dataset" {
			return Err(DatasetManifestError::NotADataset(kind));
		}
		let format = raw.format.ok_or(DatasetManifestError::Missing("format"))?;
		let format =
			DataFormat::parse(&format).ok_or(DatasetManifestError::UnknownFormat(format))?;
		let size = raw.size.ok_or(DatasetManifestError::Missing("size"))?;
		if size == 0 {
			return Err(DatasetManifestError::Empty);
		}
		let chunk_size = raw.chunk_size.ok_or(DatasetManifestError::Missing("chunk_size"))?;
		if chunk_size != CHUNK_SIZE {
			return Err(DatasetManifestError::WrongChunkSize {
				declared: chunk_size,
				expected: CHUNK_SIZE,
			});
		}
		let chunk_hashes = raw.chunk_hashes.ok_or(DatasetManifestError::Missing("chunk_hashes"))?;
		Ok(DatasetManifest {
			name: raw.name.unwrap_or_default(),
			format,
			size,
			chunk_size,
			chunk_hashes,
		})
	}

	/// The manifest as JSON, fields in the documented order, ending with a newline (what
	/// `dataset manifest` writes).
	pub fn to_json(&self) -> String {
		let out = Out {
			name: &self.name,
			kind: "dataset",
			format: self.format.name(),
			size: self.size,
			chunk_size: self.chunk_size,
			chunk_hashes: &self.chunk_hashes,
		};
		let mut json = serde_json::to_string_pretty(&out).unwrap_or_default();
		json.push('\n');
		json
	}

	/// Number of chunks: `⌈size / chunk_size⌉`.
	pub fn chunks(&self) -> u64 {
		self.size.div_ceil(self.chunk_size.max(1))
	}

	/// The hash list's exact length: `32·⌈size / chunk_size⌉`.
	pub fn hash_list_len(&self) -> u64 {
		self.chunks().saturating_mul(DIGEST_LEN)
	}

	/// The byte range of chunk `index` (empty past the end).
	pub fn chunk_range(&self, index: u64) -> std::ops::Range<u64> {
		let start = index.saturating_mul(self.chunk_size).min(self.size);
		start..start.saturating_add(self.chunk_size).min(self.size)
	}

	/// Checks the manifest's `size` against the registered size.
	pub fn check_size(&self, registered: u64) -> Result<(), DatasetManifestError> {
		if self.size != registered {
			return Err(DatasetManifestError::SizeMismatch { manifest: self.size, registered });
		}
		Ok(())
	}

	/// Checks the hash list's length.
	pub fn check_hash_list_len(&self, actual: u64) -> Result<(), DatasetManifestError> {
		let expected = self.hash_list_len();
		if actual != expected {
			return Err(DatasetManifestError::HashListLength { actual, expected });
		}
		Ok(())
	}
}

/// Why a chunk is not in its declared format.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormatError {
	/// Bytes that are not UTF-8 (beyond a character cut by the chunk's edges).
	#[error("invalid UTF-8 at byte {offset} of the chunk")]
	NotUtf8 {
		/// Offset within the chunk.
		offset: usize,
	},
	/// A complete line that is not JSON.
	#[error("the line at byte {offset} of the chunk is not JSON: {reason}")]
	NotJson {
		/// Offset of the line within the chunk.
		offset: usize,
		/// serde_json's message.
		reason: String,
	},
	/// A complete CSV line with another number of fields than the chunk's first complete line.
	#[error("the line at byte {offset} of the chunk has {fields} fields, the first complete line has {expected}")]
	CsvFieldCount {
		/// Offset of the line within the chunk.
		offset: usize,
		/// Its fields.
		fields: usize,
		/// The first complete line's.
		expected: usize,
	},
	/// A complete CSV line whose quotes do not follow the rules.
	#[error("the line at byte {offset} of the chunk is not CSV: {reason}")]
	CsvQuoting {
		/// Offset of the line within the chunk.
		offset: usize,
		/// What is wrong.
		reason: &'static str,
	},
	/// The content does not begin and end like a parquet file.
	#[error("{0}")]
	NotParquet(String),
}

/// Checks one chunk against `format`, as far as a chunk allows. `first`: the chunk starts the
/// content; `last`: it ends it (a dataset of one chunk is both).
///
/// - **text**: the chunk is UTF-8, except a multi-byte character cut by either edge (up to 3
///   continuation bytes at the start unless `first`; an incomplete character at the end unless
///   `last`).
/// - **jsonl**: text, and every *complete* line parses as one JSON value. A line is complete
///   when both its ends are in the chunk: the bytes before the chunk's first `\n` are skipped
///   unless `first`, the bytes after its last `\n` unless `last`. A trailing `\r` is ignored;
///   blank lines are allowed.
/// - **csv**: text, and every complete line has as many fields as the chunk's first complete
///   line (blank lines skipped). Fields are separated by `,`; a field that starts with `"` is
///   quoted: it ends at the next lone `"` (a doubled `""` is a quote inside it), may contain
///   commas, and must be followed by `,` or the end of the line. Quoted fields cannot span
///   lines: a record is one line. A `"` inside an unquoted field is taken as is.
/// - **parquet**: nothing per chunk (binary); the content's ends are checked by
///   [`check_parquet_ends`].
pub fn check_chunk(
	format: DataFormat,
	chunk: &[u8],
	first: bool,
	last: bool,
) -> Result<(), FormatError> {
	match format {
		DataFormat::Parquet => Ok(()),
		DataFormat::Text => check_utf8(chunk, first, last),
		DataFormat::Jsonl => {
			check_utf8(chunk, first, last)?;
			for (offset, line) in complete_lines(chunk, first, last) {
				if is_blank(line) {
					continue;
				}
				serde_json::from_slice::<serde::de::IgnoredAny>(line)
					.map_err(|e| FormatError::NotJson { offset, reason: e.to_string() })?;
			}
			Ok(())
		},
		DataFormat::Csv => {
			check_utf8(chunk, first, last)?;
			let mut expected = None;
			for (offset, line) in complete_lines(chunk, first, last) {
				if is_blank(line) {
					continue;
				}
				let fields = csv_fields(line)
					.map_err(|reason| FormatError::CsvQuoting { offset, reason })?;
				match expected {
					None => expected = Some(fields),
					Some(expected) if expected != fields => {
						return Err(FormatError::CsvFieldCount { offset, fields, expected })
					},
					Some(_) => {},
				}
			}
			Ok(())
		},
	}
}

/// Checks the content's first 4 bytes (`head`) and last 8 bytes (`tail`: the footer length,
/// little-endian, then the magic) against the parquet layout: `PAR1` at both ends, and a
/// footer that fits in `size` bytes.
pub fn check_parquet_ends(head: &[u8], tail: &[u8], size: u64) -> Result<(), FormatError> {
	if size < PARQUET_MIN_LEN {
		return Err(FormatError::NotParquet(format!(
			"{size} bytes, a parquet file has at least {PARQUET_MIN_LEN}"
		)));
	}
	if head != PARQUET_MAGIC {
		return Err(FormatError::NotParquet("the content does not start with PAR1".into()));
	}
	let (Some(len), Some(magic)) = (tail.get(..4), tail.get(4..)) else {
		return Err(FormatError::NotParquet("the content's last 8 bytes are missing".into()));
	};
	if magic != PARQUET_MAGIC {
		return Err(FormatError::NotParquet("the content does not end with PAR1".into()));
	}
	let footer = len.try_into().map(u32::from_le_bytes).unwrap_or(u32::MAX);
	if u64::from(footer) > size - PARQUET_MIN_LEN {
		return Err(FormatError::NotParquet(format!(
			"the footer length {footer} does not fit in {size} bytes"
		)));
	}
	Ok(())
}

fn is_blank(line: &[u8]) -> bool {
	line.iter().all(u8::is_ascii_whitespace)
}

fn check_utf8(chunk: &[u8], first: bool, last: bool) -> Result<(), FormatError> {
	let mut start = 0;
	if !first {
		// A character cut by the chunk's start leaves at most 3 continuation bytes.
		while start < 3 && chunk.get(start).is_some_and(|b| b & 0xC0 == 0x80) {
			start += 1;
		}
	}
	let body = chunk.get(start..).unwrap_or_default();
	match std::str::from_utf8(body) {
		Ok(_) => Ok(()),
		// An incomplete character at the very end: the next chunk holds its remaining bytes.
		Err(e) if e.error_len().is_none() && !last => Ok(()),
		Err(e) => Err(FormatError::NotUtf8 { offset: start + e.valid_up_to() }),
	}
}

/// The complete lines of a chunk, with their offsets, without the `\n` and a trailing `\r`.
fn complete_lines(chunk: &[u8], first: bool, last: bool) -> Vec<(usize, &[u8])> {
	let start = if first {
		0
	} else {
		match chunk.iter().position(|&b| b == b'\n') {
			Some(i) => i + 1,
			None => return Vec::new(),
		}
	};
	let end = if last {
		chunk.len()
	} else {
		match chunk.iter().rposition(|&b| b == b'\n') {
			Some(i) => i,
			None => return Vec::new(),
		}
	};
	let Some(body) = chunk.get(start..end) else { return Vec::new() };
	let mut lines = Vec::new();
	let mut offset = start;
	for line in body.split(|&b| b == b'\n') {
		let len = line.len();
		lines.push((offset, line.strip_suffix(b"\r").unwrap_or(line)));
		offset += len + 1;
	}
	lines
}

/// Fields of one CSV line under the rules of [`check_chunk`].
fn csv_fields(line: &[u8]) -> Result<usize, &'static str> {
	let mut fields = 1;
	let mut i = 0;
	loop {
		if line.get(i) == Some(&b'"') {
			i += 1;
			loop {
				match line.get(i) {
					None => return Err("a quoted field is not closed"),
					Some(b'"') if line.get(i + 1) == Some(&b'"') => i += 2,
					Some(b'"') => {
						i += 1;
						break;
					},
					Some(_) => i += 1,
				}
			}
			match line.get(i) {
				None => return Ok(fields),
				Some(b',') => {
					i += 1;
					fields += 1;
				},
				Some(_) => return Err("text follows a closing quote"),
			}
		} else {
			match line.get(i..).unwrap_or_default().iter().position(|&b| b == b',') {
				None => return Ok(fields),
				Some(p) => {
					i += p + 1;
					fields += 1;
				},
			}
		}
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;

	const CID: &str = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

	fn manifest(format: DataFormat, size: u64) -> DatasetManifest {
		DatasetManifest::new("set".into(), format, size, CID.into())
	}

	fn parse(json: &str) -> Result<DatasetManifest, DatasetManifestError> {
		DatasetManifest::parse(json.as_bytes())
	}

	#[test]
	fn parses_and_round_trips() {
		for format in DataFormat::ALL {
			let m = manifest(format, 1_000_000);
			assert_eq!(DatasetManifest::parse(m.to_json().as_bytes()), Ok(m.clone()));
			assert_eq!(DataFormat::parse(format.name()), Some(format));
		}
		let json = manifest(DataFormat::Jsonl, 5).to_json();
		let order: Vec<usize> = [
			"\"name\"",
			"\"kind\"",
			"\"format\"",
			"\"size\"",
			"\"chunk_size\"",
			"\"chunk_hashes\"",
		]
		.iter()
		.map(|k| json.find(k).unwrap())
		.collect();
		assert!(order.windows(2).all(|w| w[0] < w[1]), "{json}");
		// Unknown fields are ignored; the name is optional.
		let m = parse(&format!(
			r#"{{"kind":"dataset","format":"csv","size":7,"chunk_size":262144,"chunk_hashes":"{CID}","license":"CC0-1.0"}}"#
		))
		.unwrap();
		assert_eq!((m.name.as_str(), m.format, m.size), ("", DataFormat::Csv, 7));
	}

	#[test]
	fn chunk_arithmetic() {
		let m = manifest(DataFormat::Text, 2 * CHUNK_SIZE + 1);
		assert_eq!(m.chunks(), 3);
		assert_eq!(m.hash_list_len(), 96);
		assert_eq!(m.chunk_range(1), CHUNK_SIZE..2 * CHUNK_SIZE);
		assert_eq!(m.chunk_range(2), 2 * CHUNK_SIZE..2 * CHUNK_SIZE + 1);
		assert_eq!(m.chunk_range(3), m.size..m.size);
		assert_eq!(manifest(DataFormat::Text, CHUNK_SIZE).chunks(), 1);
	}

	#[test]
	fn missing_fields_are_named() {
		let full = [
			("kind", r#""dataset""#),
			("format", r#""jsonl""#),
			("size", "10"),
			("chunk_size", "262144"),
			("chunk_hashes", &format!("\"{CID}\"")),
		];
		for (skip, _) in full {
			let body: Vec<String> = full
				.iter()
				.filter(|(k, _)| *k != skip)
				.map(|(k, v)| format!("\"{k}\":{v}"))
				.collect();
			let e = parse(&format!("{{{}}}", body.join(","))).unwrap_err();
			assert_eq!(e, DatasetManifestError::Missing(skip));
			assert!(e.to_string().contains(&format!("lacks `{skip}`")), "{e}");
		}
	}

	#[test]
	fn malformed_too_large_and_not_a_dataset() {
		assert!(matches!(parse("{"), Err(DatasetManifestError::Malformed(_))));
		assert!(matches!(
			parse(r#"{"kind":"dataset","size":-1}"#),
			Err(DatasetManifestError::Malformed(_))
		));
		let big = format!(r#"{{"name":"{}"}}"#, "x".repeat(70_000));
		assert_eq!(parse(&big), Err(DatasetManifestError::TooLarge));
		let model = r#"{"name":"tiny","architecture":"llama","format":"gguf","vocab_size":512}"#;
		assert_eq!(parse(model), Err(DatasetManifestError::Missing("kind")));
		let e = parse(r#"{"kind":"model","format":"gguf"}"#).unwrap_err();
		assert_eq!(e, DatasetManifestError::NotADataset("model".into()));
		assert!(e.to_string().contains("not \"dataset\""), "{e}");
	}

	#[test]
	fn unknown_format_is_refused() {
		let e = parse(&format!(
			r#"{{"kind":"dataset","format":"xlsx","size":1,"chunk_size":262144,"chunk_hashes":"{CID}"}}"#
		))
		.unwrap_err();
		assert_eq!(e, DatasetManifestError::UnknownFormat("xlsx".into()));
		assert!(e.to_string().contains("unknown dataset format \"xlsx\""), "{e}");
		assert_eq!(DataFormat::parse("JSONL"), None);
	}

	#[test]
	fn empty_and_wrong_chunk_size_are_refused() {
		let json = |size: u64, chunk: u64| {
			format!(
				r#"{{"kind":"dataset","format":"text","size":{size},"chunk_size":{chunk},"chunk_hashes":"{CID}"}}"#
			)
		};
		assert_eq!(parse(&json(0, CHUNK_SIZE)), Err(DatasetManifestError::Empty));
		let e = parse(&json(10, 1 << 20)).unwrap_err();
		assert_eq!(
			e,
			DatasetManifestError::WrongChunkSize { declared: 1 << 20, expected: 262_144 }
		);
		assert!(e.to_string().contains("chunk_size is 1048576, the challenge's is 262144"), "{e}");
	}

	#[test]
	fn size_mismatch_is_refused() {
		let m = manifest(DataFormat::Jsonl, 1000);
		assert_eq!(m.check_size(1000), Ok(()));
		let e = m.check_size(1001).unwrap_err();
		assert_eq!(e, DatasetManifestError::SizeMismatch { manifest: 1000, registered: 1001 });
		assert!(e.to_string().contains("1000 bytes, it is registered as 1001"), "{e}");
	}

	#[test]
	fn hash_list_of_the_wrong_length_is_refused() {
		let m = manifest(DataFormat::Jsonl, 3 * CHUNK_SIZE);
		assert_eq!(m.check_hash_list_len(96), Ok(()));
		for wrong in [0, 64, 95, 97, 128] {
			assert_eq!(
				m.check_hash_list_len(wrong),
				Err(DatasetManifestError::HashListLength { actual: wrong, expected: 96 })
			);
		}
		assert!(m
			.check_hash_list_len(64)
			.unwrap_err()
			.to_string()
			.contains("64 bytes, 96 expected"));
	}

	#[test]
	fn text_allows_characters_cut_by_the_edges_only() {
		let text = "héllo wörld — 日本語 🦀 end".as_bytes();
		assert_eq!(check_chunk(DataFormat::Text, text, true, true), Ok(()));
		// Every cut of the text into a "middle" chunk is accepted...
		for a in 0..text.len() {
			for b in a..=text.len() {
				assert_eq!(
					check_chunk(DataFormat::Text, &text[a..b], a == 0, b == text.len()),
					Ok(()),
					"{a}..{b}"
				);
			}
		}
		// ...but not a cut character where the content itself starts or ends.
		let crab = "🦀".as_bytes();
		assert_eq!(
			check_chunk(DataFormat::Text, &crab[1..], true, false),
			Err(FormatError::NotUtf8 { offset: 0 })
		);
		assert_eq!(
			check_chunk(DataFormat::Text, &crab[..3], false, true),
			Err(FormatError::NotUtf8 { offset: 0 })
		);
		// Invalid bytes in the middle are refused wherever the chunk is.
		let bad = b"abc\xffdef";
		for (first, last) in [(true, true), (false, false), (true, false), (false, true)] {
			assert_eq!(
				check_chunk(DataFormat::Text, bad, first, last),
				Err(FormatError::NotUtf8 { offset: 3 })
			);
		}
		// Four leading continuation bytes cannot be one cut character.
		assert!(check_chunk(DataFormat::Text, b"\x80\x80\x80\x80a", false, false).is_err());
	}

	#[test]
	fn jsonl_checks_complete_lines() {
		let good = b"{\"a\":1}\n[1,2,3]\r\n\n\"s\"\n{\"b\":{\"c\":null}}\n";
		assert_eq!(check_chunk(DataFormat::Jsonl, good, true, true), Ok(()));
		// Without a trailing newline the last line is complete only at the end of the content.
		assert_eq!(check_chunk(DataFormat::Jsonl, b"{\"a\":1}\n{\"b\":", true, false), Ok(()));
		assert!(matches!(
			check_chunk(DataFormat::Jsonl, b"{\"a\":1}\n{\"b\":", true, true),
			Err(FormatError::NotJson { offset: 8, .. })
		));
		// A middle chunk: the partial first and last lines are skipped.
		assert_eq!(
			check_chunk(DataFormat::Jsonl, b"\":2}\n{\"x\":[]}\n{\"y", false, false),
			Ok(())
		);
		let e = check_chunk(DataFormat::Jsonl, b"\":2}\n{\"x\":[]}\nnot json\n{\"y", false, false)
			.unwrap_err();
		assert!(matches!(e, FormatError::NotJson { offset: 14, .. }), "{e}");
		assert!(e.to_string().contains("at byte 14 of the chunk is not JSON"), "{e}");
		// A chunk inside one long line has nothing complete to check.
		assert_eq!(check_chunk(DataFormat::Jsonl, b"no newline here", false, false), Ok(()));
		// Two values on one line are not JSON Lines.
		assert!(check_chunk(DataFormat::Jsonl, b"{} {}\n", true, true).is_err());
		// Not UTF-8.
		assert!(matches!(
			check_chunk(DataFormat::Jsonl, b"\"\xff\"\n", true, true),
			Err(FormatError::NotUtf8 { offset: 1 })
		));
	}

	#[test]
	fn csv_checks_field_counts_with_simple_quoting() {
		let good = b"id,name,note\n1,\"Smith, J\",\"said \"\"hi\"\"\"\r\n2,Bob,\n\n3,\"\",x\n";
		assert_eq!(check_chunk(DataFormat::Csv, good, true, true), Ok(()));
		let e = check_chunk(DataFormat::Csv, b"a,b,c\n1,2\n", true, true).unwrap_err();
		assert_eq!(e, FormatError::CsvFieldCount { offset: 6, fields: 2, expected: 3 });
		// The partial first line of a middle chunk does not set the count.
		assert_eq!(check_chunk(DataFormat::Csv, b"x\n1,2,3\n4,5,6\n7,", false, false), Ok(()));
		assert_eq!(
			check_chunk(DataFormat::Csv, b"1,\"open\n", true, true),
			Err(FormatError::CsvQuoting { offset: 0, reason: "a quoted field is not closed" })
		);
		assert_eq!(
			check_chunk(DataFormat::Csv, b"\"a\"b,c\n", true, true),
			Err(FormatError::CsvQuoting { offset: 0, reason: "text follows a closing quote" })
		);
		// A quote inside an unquoted field is taken as is.
		assert_eq!(check_chunk(DataFormat::Csv, b"5\" disk,2\n3,4\n", true, true), Ok(()));
		assert_eq!(csv_fields(b""), Ok(1));
		assert_eq!(csv_fields(b",,"), Ok(3));
		assert_eq!(csv_fields(b"\"a,b\",\"\"\"\""), Ok(2));
	}

	#[test]
	fn parquet_checks_both_ends() {
		let size = 100;
		let tail = |len: u32, magic: &[u8; 4]| [&len.to_le_bytes()[..], magic].concat();
		assert_eq!(check_parquet_ends(b"PAR1", &tail(50, b"PAR1"), size), Ok(()));
		assert_eq!(check_parquet_ends(b"PAR1", &tail(88, b"PAR1"), size), Ok(()));
		let e = |head: &[u8], tail: &[u8], size| match check_parquet_ends(head, tail, size) {
			Err(FormatError::NotParquet(m)) => m,
			other => panic!("{other:?}"),
		};
		assert!(e(b"PAR0", &tail(50, b"PAR1"), size).contains("does not start with PAR1"));
		assert!(e(b"PAR1", &tail(50, b"PAR0"), size).contains("does not end with PAR1"));
		assert!(e(b"PAR1", &tail(89, b"PAR1"), size).contains("footer length 89 does not fit"));
		assert!(e(b"PAR1", b"PAR1", 8).contains("at least 12"));
		// Nothing to check per chunk.
		assert_eq!(check_chunk(DataFormat::Parquet, b"\xff\x00 anything", false, false), Ok(()));
	}

	#[test]
	fn random_bytes_fail_every_text_format() {
		let mut state = 0x9E37_79B9_7F4A_7C15u64;
		let bytes: Vec<u8> = (0..CHUNK_SIZE)
			.map(|_| {
				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				state as u8
			})
			.collect();
		for format in [DataFormat::Text, DataFormat::Jsonl, DataFormat::Csv] {
			assert!(check_chunk(format, &bytes, false, false).is_err(), "{format}");
		}
	}
}
