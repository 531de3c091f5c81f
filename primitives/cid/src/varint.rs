//! Unsigned LEB128 varints as multiformats use them: at most 9 bytes (63 bits), minimally
//! encoded.

use crate::CidError;

/// The longest varint multiformats allow.
pub const MAX_VARINT_LEN: usize = 9;

/// Reads one varint from the front of `bytes`; returns it and the bytes after it.
pub fn read(bytes: &[u8]) -> Result<(u64, &[u8]), CidError> {
	let mut value: u64 = 0;
	for (i, &b) in bytes.iter().enumerate().take(MAX_VARINT_LEN) {
		let payload = u64::from(b & 0x7f);
		// `i < 9`, so the shift is below 63 and the payload fits: no overflow possible.
		let shift = 7u32.saturating_mul(i as u32);
		value |= payload.checked_shl(shift).ok_or(CidError::VarintOverlong)?;
		if b & 0x80 == 0 {
			// A last byte of zero after the first means a non-minimal encoding.
			if b == 0 && i > 0 {
				return Err(CidError::VarintOverlong);
			}
			let rest = bytes.get(i.saturating_add(1)..).ok_or(CidError::Truncated)?;
			return Ok((value, rest));
		}
	}
	if bytes.len() >= MAX_VARINT_LEN {
		Err(CidError::VarintOverlong)
	} else {
		Err(CidError::Truncated)
	}
}

/// Appends the varint encoding of `value` to `out`.
pub fn write(mut value: u64, out: &mut alloc::vec::Vec<u8>) {
	loop {
		let byte = (value & 0x7f) as u8;
		value >>= 7;
		if value == 0 {
			out.push(byte);
			return;
		}
		out.push(byte | 0x80);
	}
}

/// The number of bytes [`write`] appends for `value`.
pub fn encoded_len(value: u64) -> usize {
	// Significant bits (at least one, for zero), seven per byte.
	let bits = 64u32.saturating_sub(value.leading_zeros()).max(1);
	bits.div_ceil(7) as usize
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec::Vec;

	#[test]
	fn round_trips_across_byte_boundaries() {
		for v in [0u64, 1, 0x7f, 0x80, 0x3fff, 0x4000, 0x70, 0x55, 0x12, u64::MAX >> 1] {
			let mut buf = Vec::new();
			write(v, &mut buf);
			assert_eq!(read(&buf), Ok((v, &[][..])), "{v}");
			assert_eq!(buf.len(), encoded_len(v), "{v}");
		}
	}

	#[test]
	fn rejects_truncated_overlong_and_non_minimal() {
		assert_eq!(read(&[]), Err(CidError::Truncated));
		assert_eq!(read(&[0x80]), Err(CidError::Truncated));
		assert_eq!(read(&[0x81, 0x00]), Err(CidError::VarintOverlong));
		assert_eq!(read(&[0xff; 10]), Err(CidError::VarintOverlong));
	}
}
