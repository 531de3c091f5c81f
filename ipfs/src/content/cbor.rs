//! The few CBOR items IPLD needs here (a CAR header is dag-cbor): heads written in their
//! shortest form, and a decoder for definite-length items that never trusts a length (nesting
//! bounded at 16, arrays and maps at 65,536 entries before any allocation grows past the input).

/// Appends an item head: `major` type (0–7) and its argument (a value or a length), in the
/// shortest form, as deterministic (dag-)CBOR requires.
pub fn put_head(out: &mut Vec<u8>, major: u8, value: u64) {
	let m = major << 5;
	match value {
		0..=23 => out.push(m | value as u8),
		24..=0xff => out.extend_from_slice(&[m | 24, value as u8]),
		0x100..=0xffff => {
			out.push(m | 25);
			out.extend_from_slice(&(value as u16).to_be_bytes());
		},
		0x1_0000..=0xffff_ffff => {
			out.push(m | 26);
			out.extend_from_slice(&(value as u32).to_be_bytes());
		},
		_ => {
			out.push(m | 27);
			out.extend_from_slice(&value.to_be_bytes());
		},
	}
}

/// A decoded CBOR item (byte and text strings, unsigned integers, arrays, maps, tags; the
/// rest as [`Item::Simple`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Item {
	/// Major type 0.
	Uint(u64),
	/// Major type 2.
	Bytes(Vec<u8>),
	/// Major type 3 (UTF-8 checked).
	Text(String),
	/// Major type 4.
	Array(Vec<Item>),
	/// Major type 5, entries in the order read.
	Map(Vec<(Item, Item)>),
	/// Major type 6: the tag and the item it wraps (42 is a CID in IPLD).
	Tag(u64, Box<Item>),
	/// Negative integers, floats and simple values: read past, not kept.
	Simple,
}

/// Decodes one item from the front of `bytes`, advancing it.
pub fn decode(bytes: &mut &[u8]) -> Result<Item, String> {
	decode_at(bytes, 0)
}

fn decode_at(bytes: &mut &[u8], depth: usize) -> Result<Item, String> {
	if depth > 16 {
		return Err("CBOR nested too deep".into());
	}
	let (&first, rest) = bytes.split_first().ok_or("CBOR truncated")?;
	*bytes = rest;
	let major = first >> 5;
	let info = first & 0x1f;
	let mut take = |n: usize| -> Result<u64, String> {
		let (head, rest) = bytes.split_at_checked(n).ok_or("CBOR truncated")?;
		*bytes = rest;
		Ok(head.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b)))
	};
	let value = match info {
		0..=23 => u64::from(info),
		24 => take(1)?,
		25 => take(2)?,
		26 => take(4)?,
		27 => take(8)?,
		_ => return Err("indefinite-length CBOR is not dag-cbor".into()),
	};
	let len = usize::try_from(value).map_err(|_| "CBOR length too large")?;
	Ok(match major {
		0 => Item::Uint(value),
		2 | 3 => {
			let (head, rest) = bytes.split_at_checked(len).ok_or("CBOR truncated")?;
			*bytes = rest;
			if major == 2 {
				Item::Bytes(head.to_vec())
			} else {
				Item::Text(String::from_utf8(head.to_vec()).map_err(|_| "CBOR text is not UTF-8")?)
			}
		},
		4 => {
			let mut items = Vec::new();
			for _ in 0..len.min(1 << 16) {
				items.push(decode_at(bytes, depth + 1)?);
			}
			Item::Array(items)
		},
		5 => {
			let mut items = Vec::new();
			for _ in 0..len.min(1 << 16) {
				let key = decode_at(bytes, depth + 1)?;
				items.push((key, decode_at(bytes, depth + 1)?));
			}
			Item::Map(items)
		},
		6 => Item::Tag(value, Box::new(decode_at(bytes, depth + 1)?)),
		_ => Item::Simple,
	})
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used)]
	use super::*;
	use proptest::prelude::*;

	proptest! {
		#[test]
		fn heads_round_trip(major in 0u8..=4, value in any::<u64>()) {
			// Unsigned ints round-trip as values; strings and arrays with that length are cut
			// short by the missing body, which must be an error, never a panic.
			let mut out = Vec::new();
			put_head(&mut out, major, value);
			let mut bytes = &out[..];
			match decode(&mut bytes) {
				Ok(Item::Uint(v)) => prop_assert_eq!((major, v), (0, value)),
				Ok(Item::Array(items)) => prop_assert!(major == 4 && value == 0 && items.is_empty()),
				Ok(Item::Bytes(b)) => prop_assert!(major == 2 && value == 0 && b.is_empty()),
				Ok(Item::Text(t)) => prop_assert!(major == 3 && value == 0 && t.is_empty()),
				Ok(Item::Simple) => prop_assert_eq!(major, 1),
				Ok(other) => prop_assert!(false, "unexpected {other:?}"),
				Err(_) => prop_assert!(major != 0 && value > 0),
			}
		}

		#[test]
		fn decoding_garbage_never_panics(input in proptest::collection::vec(any::<u8>(), 0..256)) {
			let mut bytes = &input[..];
			let _ = decode(&mut bytes);
		}
	}

	#[test]
	fn heads_are_shortest() {
		for (value, len) in [(23u64, 1), (24, 2), (255, 2), (256, 3), (65_536, 5), (1 << 32, 9)] {
			let mut out = Vec::new();
			put_head(&mut out, 0, value);
			assert_eq!(out.len(), len, "{value}");
		}
	}

	#[test]
	fn refuses_indefinite_lengths_and_deep_nesting() {
		assert!(decode(&mut &[0x9f, 0xff][..]).unwrap_err().contains("indefinite"));
		let deep = [0x81u8; 40];
		assert!(decode(&mut &deep[..]).unwrap_err().contains("deep"));
	}
}
