//! What the validators sign and what a light client on Ethereum reads: the BEEFY commitment,
//! the MMR leaf, and a leaf's proof against an MMR root as a folded path.

use crate::{keccak, keccak_pair, Hash32};
use alloc::vec::Vec;

/// Length of a commitment whose only payload is the MMR root.
pub const COMMITMENT_LEN: usize = 48;
/// Length of an MMR leaf's SCALE encoding.
pub const LEAF_LEN: usize = 113;
/// The BEEFY payload id of the MMR root.
pub const MMR_ROOT_ID: [u8; 2] = *b"mh";

/// The SCALE encoding of `Commitment { payload: [("mh", root)], block_number, validator_set_id }`:
/// what every validator signs (its keccak).
pub fn commitment_bytes(mmr_root: &Hash32, block_number: u32, set_id: u64) -> [u8; COMMITMENT_LEN] {
	let mut out = [0u8; COMMITMENT_LEN];
	let parts: [&[u8]; 6] = [
		&[0x04],
		&MMR_ROOT_ID,
		&[0x80],
		mmr_root,
		&block_number.to_le_bytes(),
		&set_id.to_le_bytes(),
	];
	let mut at = 0usize;
	for part in parts {
		let end = at.saturating_add(part.len());
		if let Some(dst) = out.get_mut(at..end) {
			dst.copy_from_slice(part);
		}
		at = end;
	}
	out
}

/// The message a validator's BEEFY key signs for a commitment.
pub fn commitment_hash(mmr_root: &Hash32, block_number: u32, set_id: u64) -> Hash32 {
	keccak(&commitment_bytes(mmr_root, block_number, set_id))
}

/// A validator set as committed in MMR leaves: id, size, and the Merkle root of its members'
/// Ethereum addresses.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ValidatorSet {
	/// The BEEFY set id.
	pub id: u64,
	/// How many members.
	pub len: u32,
	/// [`crate::merkle::root`] of `keccak(address)` of each member, in authority order.
	pub root: Hash32,
}

/// One MMR leaf: the block's parent, the next validator set, and the root of the bridge
/// messages locked in the parent block.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct MmrLeaf {
	/// The leaf format version (0).
	pub version: u8,
	/// The parent block's number.
	pub parent_number: u32,
	/// The parent block's hash.
	pub parent_hash: Hash32,
	/// The next BEEFY validator set.
	pub next_set: ValidatorSet,
	/// The messages' Merkle root ([`crate::merkle::EMPTY_ROOT`] when none).
	pub leaf_extra: Hash32,
}

impl MmrLeaf {
	/// The leaf's SCALE encoding (113 bytes), as `pallet-beefy-mmr` writes it.
	pub fn scale_bytes(&self) -> [u8; LEAF_LEN] {
		let mut out = [0u8; LEAF_LEN];
		let parts: [&[u8]; 7] = [
			&[self.version],
			&self.parent_number.to_le_bytes(),
			&self.parent_hash,
			&self.next_set.id.to_le_bytes(),
			&self.next_set.len.to_le_bytes(),
			&self.next_set.root,
			&self.leaf_extra,
		];
		let mut at = 0usize;
		for part in parts {
			let end = at.saturating_add(part.len());
			if let Some(dst) = out.get_mut(at..end) {
				dst.copy_from_slice(part);
			}
			at = end;
		}
		out
	}

	/// Decodes the 113 bytes back; `None` for any other length.
	pub fn from_scale_bytes(bytes: &[u8]) -> Option<Self> {
		if bytes.len() != LEAF_LEN {
			return None;
		}
		let h32 =
			|at: usize| -> Option<Hash32> { bytes.get(at..at.checked_add(32)?)?.try_into().ok() };
		Some(Self {
			version: *bytes.first()?,
			parent_number: u32::from_le_bytes(bytes.get(1..5)?.try_into().ok()?),
			parent_hash: h32(5)?,
			next_set: ValidatorSet {
				id: u64::from_le_bytes(bytes.get(37..45)?.try_into().ok()?),
				len: u32::from_le_bytes(bytes.get(45..49)?.try_into().ok()?),
				root: h32(49)?,
			},
			leaf_extra: h32(81)?,
		})
	}

	/// The leaf's hash in the MMR.
	pub fn hash(&self) -> Hash32 {
		keccak(&self.scale_bytes())
	}
}

/// A leaf's proof against an MMR root as Ethereum checks it: fold `items` from the leaf's hash,
/// bit `i` of `order` set when `items[i]` is the left operand.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct MmrPath {
	/// The hashes, bottom-up.
	pub items: Vec<Hash32>,
	/// Which side each item is on (bit set: left). At most 256 items.
	pub order: [u8; 32],
}

impl MmrPath {
	/// Whether `items[i]` is the left operand.
	pub fn is_left(&self, i: usize) -> bool {
		// `order` is a big-endian uint256: bit 0 is the last byte's lowest bit.
		let byte = 31usize.checked_sub(i / 8).and_then(|b| self.order.get(b));
		byte.is_some_and(|b| b & (1 << (i % 8)) != 0)
	}

	fn push(&mut self, item: Hash32, left: bool) -> Option<()> {
		let i = self.items.len();
		if left {
			let b = self.order.get_mut(31usize.checked_sub(i / 8)?)?;
			*b |= 1 << (i % 8);
		}
		self.items.push(item);
		Some(())
	}

	/// The root this path leads to from `leaf_hash`.
	pub fn fold(&self, leaf_hash: Hash32) -> Hash32 {
		self.items.iter().enumerate().fold(leaf_hash, |node, (i, item)| {
			if self.is_left(i) {
				keccak_pair(item, &node)
			} else {
				keccak_pair(&node, item)
			}
		})
	}

	/// Converts the chain's proof of one leaf (`mmr_generateProof`: the leaf's index, the
	/// number of leaves, and the items in the MMR's order — peaks left of the leaf's peak, the
	/// siblings up to that peak, then the bagged peaks to its right) into a path. `None` when the
	/// item count does not fit the shape of an MMR of `leaf_count` leaves.
	pub fn from_mmr_proof(leaf_index: u64, leaf_count: u64, items: &[Hash32]) -> Option<Self> {
		if leaf_index >= leaf_count {
			return None;
		}
		// The peaks are the perfect trees of leaf_count's binary digits, tallest first.
		let mut start = 0u64;
		let mut left_peaks = 0usize;
		let mut found: Option<(u32, u64, bool)> = None; // (height, local index, peaks to the right)
		for height in (0..64u32).rev() {
			let size = 1u64 << height;
			if leaf_count & size == 0 {
				continue;
			}
			let end = start.checked_add(size)?;
			match found {
				None if leaf_index < end => {
					let rest = leaf_count & size.saturating_sub(1);
					found = Some((height, leaf_index.saturating_sub(start), rest != 0));
				},
				None => left_peaks = left_peaks.checked_add(1)?,
				Some(_) => {},
			}
			start = end;
		}
		let (height, local, rhs) = found?;
		let expected = left_peaks.checked_add(height as usize)?.checked_add(usize::from(rhs))?;
		if items.len() != expected || expected > 256 {
			return None;
		}
		let (peaks, rest) = items.split_at(left_peaks);
		let (siblings, bagged) = rest.split_at(height as usize);
		let mut path = Self::default();
		for (level, sibling) in siblings.iter().enumerate() {
			path.push(*sibling, (local >> level) & 1 == 1)?;
		}
		if let Some(r) = bagged.first() {
			path.push(*r, true)?;
		}
		for peak in peaks.iter().rev() {
			path.push(*peak, false)?;
		}
		Some(path)
	}
}

#[cfg(test)]
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod tests {
	use super::*;
	use sp_mmr_primitives::mmr_lib::{self, util::MemStore, Merge};

	struct KeccakMerge;
	impl Merge for KeccakMerge {
		type Item = Hash32;
		fn merge(left: &Hash32, right: &Hash32) -> mmr_lib::Result<Hash32> {
			Ok(keccak_pair(left, right))
		}
	}

	#[test]
	fn commitment_layout() {
		let bytes = commitment_bytes(&[7; 32], 0x0102_0304, 0x0a0b);
		assert_eq!(&bytes[..4], &[0x04, b'm', b'h', 0x80]);
		assert_eq!(&bytes[4..36], &[7; 32]);
		assert_eq!(&bytes[36..40], &[0x04, 0x03, 0x02, 0x01]);
		assert_eq!(&bytes[40..48], &[0x0b, 0x0a, 0, 0, 0, 0, 0, 0]);
	}

	#[test]
	fn leaf_round_trips() {
		let leaf = MmrLeaf {
			version: 0,
			parent_number: 99,
			parent_hash: [1; 32],
			next_set: ValidatorSet { id: 3, len: 4, root: [2; 32] },
			leaf_extra: [3; 32],
		};
		assert_eq!(MmrLeaf::from_scale_bytes(&leaf.scale_bytes()), Some(leaf));
		assert_eq!(MmrLeaf::from_scale_bytes(&[0; 112]), None);
	}

	#[test]
	fn paths_from_real_mmr_proofs_fold_to_the_root_for_every_leaf_up_to_70() {
		for count in 1..=70u64 {
			let store = MemStore::default();
			let mut mmr = mmr_lib::MMR::<Hash32, KeccakMerge, _>::new(0, &store);
			let leaves: Vec<Hash32> = (0..count).map(|i| keccak(&i.to_le_bytes())).collect();
			let positions: Vec<u64> = leaves.iter().map(|l| mmr.push(*l).unwrap()).collect();
			let root = mmr.get_root().unwrap();
			for (i, pos) in positions.iter().enumerate() {
				let proof = mmr.gen_proof(vec![*pos]).unwrap();
				let path = MmrPath::from_mmr_proof(i as u64, count, proof.proof_items())
					.unwrap_or_else(|| panic!("count={count} leaf={i}"));
				assert_eq!(path.fold(leaves[i]), root, "count={count} leaf={i}");
				// Another leaf does not fold to the root along this path.
				let other = leaves[(i + 1) % count as usize];
				if count > 1 {
					assert_ne!(path.fold(other), root);
				}
			}
		}
	}

	#[test]
	fn wrong_shapes_are_refused() {
		assert!(MmrPath::from_mmr_proof(0, 0, &[]).is_none());
		assert!(MmrPath::from_mmr_proof(3, 3, &[]).is_none());
		// Three leaves: peaks of 2 and 1. Leaf 0 needs its sibling and the right peak.
		assert!(MmrPath::from_mmr_proof(0, 3, &[[0; 32]]).is_none());
		assert!(MmrPath::from_mmr_proof(0, 3, &[[0; 32], [1; 32]]).is_some());
		assert!(MmrPath::from_mmr_proof(0, 3, &[[0; 32], [1; 32], [2; 32]]).is_none());
	}
}
