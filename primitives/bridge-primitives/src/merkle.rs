//! The binary Merkle tree of a block's messages and of a validator set's addresses.
//!
//! Leaves are hashed (`keccak(leaf bytes)`, done by the caller: these functions take leaf
//! hashes), each row pairs nodes left to right as `keccak(left ‖ right)`, and an odd last node
//! is promoted unchanged. A proof lists the siblings bottom-up and skips the rows where the node
//! was promoted; the leaf's position decides every left/right choice, so a proof binds a leaf to
//! its index. This is the tree `pallet-beefy-mmr` commits validator sets with (a test below
//! compares the two), and the one the Ethereum contracts verify.

use crate::{keccak_pair, Hash32};
use alloc::vec::Vec;

/// The root of no leaves: never the root of anything provable.
pub const EMPTY_ROOT: Hash32 = [0u8; 32];

/// Hashes one row into the next.
fn next_row(row: &[Hash32]) -> Vec<Hash32> {
	row.chunks(2)
		.map(|pair| match pair {
			[left, right] => keccak_pair(left, right),
			[single] => *single,
			_ => EMPTY_ROOT,
		})
		.collect()
}

/// The root over `leaves` (leaf hashes, in order); [`EMPTY_ROOT`] for none.
pub fn root(leaves: &[Hash32]) -> Hash32 {
	let mut row = leaves.to_vec();
	while row.len() > 1 {
		row = next_row(&row);
	}
	row.first().copied().unwrap_or(EMPTY_ROOT)
}

/// The proof of the leaf at `index`: its siblings bottom-up, without promoted rows. `None` when
/// `index` is out of range.
pub fn proof(leaves: &[Hash32], index: usize) -> Option<Vec<Hash32>> {
	if index >= leaves.len() {
		return None;
	}
	let mut siblings = Vec::new();
	let mut row = leaves.to_vec();
	let mut pos = index;
	while row.len() > 1 {
		let sibling = if pos % 2 == 1 { pos.checked_sub(1) } else { pos.checked_add(1) };
		if let Some(hash) = sibling.and_then(|s| row.get(s)) {
			siblings.push(*hash);
		}
		row = next_row(&row);
		pos /= 2;
	}
	Some(siblings)
}

/// The root that `proof` leads to from `leaf` at `index` of `width` leaves; `None` when the
/// index is out of range or the proof has too few or too many items.
pub fn compute_root(leaf: Hash32, index: u64, width: u64, proof: &[Hash32]) -> Option<Hash32> {
	if index >= width {
		return None;
	}
	let (mut node, mut pos, mut w) = (leaf, index, width);
	let mut items = proof.iter();
	while w > 1 {
		if pos % 2 == 1 {
			node = keccak_pair(items.next()?, &node);
		} else if pos.saturating_add(1) < w {
			node = keccak_pair(&node, items.next()?);
		}
		pos /= 2;
		w = w.div_ceil(2);
	}
	if items.next().is_some() {
		return None;
	}
	Some(node)
}

/// Whether `proof` proves `leaf` at `index` of `width` leaves under `root`.
pub fn verify(root: &Hash32, leaf: Hash32, index: u64, width: u64, proof: &[Hash32]) -> bool {
	compute_root(leaf, index, width, proof).as_ref() == Some(root)
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
	use crate::keccak;
	use proptest::prelude::*;

	fn leaves(n: usize) -> Vec<Hash32> {
		(0..n).map(|i| keccak(&(i as u64).to_le_bytes())).collect()
	}

	#[test]
	fn small_trees_by_hand() {
		let l = leaves(3);
		assert_eq!(root(&[]), EMPTY_ROOT);
		assert_eq!(root(&l[..1]), l[0]);
		assert_eq!(root(&l[..2]), keccak_pair(&l[0], &l[1]));
		// Three leaves: the third is promoted to the second row.
		assert_eq!(root(&l), keccak_pair(&keccak_pair(&l[0], &l[1]), &l[2]));
		assert_eq!(proof(&l, 2), Some(vec![keccak_pair(&l[0], &l[1])]));
		assert_eq!(proof(&l, 0), Some(vec![l[1], l[2]]));
		assert_eq!(proof(&l, 3), None);
	}

	#[test]
	fn every_leaf_of_every_width_up_to_70_verifies_at_its_index_only() {
		for n in 1..=70usize {
			let l = leaves(n);
			let r = root(&l);
			for i in 0..n {
				let p = proof(&l, i).unwrap();
				assert!(verify(&r, l[i], i as u64, n as u64, &p), "n={n} i={i}");
				for j in 0..n {
					if j != i {
						assert!(!verify(&r, l[i], j as u64, n as u64, &p), "n={n} i={i} at {j}");
					}
				}
			}
		}
	}

	#[test]
	fn agrees_with_the_tree_the_beefy_mmr_pallet_commits() {
		use sp_runtime::traits::Keccak256;
		for n in 1..=40u32 {
			let addresses: Vec<[u8; 20]> = (0..n).map(|i| [i as u8; 20]).collect();
			let hashed: Vec<Hash32> = addresses.iter().map(|a| keccak(a)).collect();
			let theirs = binary_merkle_tree::merkle_root::<Keccak256, _>(addresses.clone());
			assert_eq!(root(&hashed), theirs.0, "n={n}");
			for i in 0..n {
				let p = binary_merkle_tree::merkle_proof::<Keccak256, _, _>(addresses.clone(), i);
				let theirs: Vec<Hash32> = p.proof.iter().map(|h| h.0).collect();
				assert_eq!(proof(&hashed, i as usize).unwrap(), theirs, "n={n} i={i}");
			}
		}
	}

	proptest! {
		#[test]
		fn a_changed_proof_item_or_leaf_fails(n in 1usize..300, seed in any::<usize>(), bit in 0usize..256) {
			let l = leaves(n);
			let i = seed % n;
			let r = root(&l);
			let p = proof(&l, i).unwrap();
			prop_assert!(verify(&r, l[i], i as u64, n as u64, &p));
			let mut leaf = l[i];
			leaf[bit / 8] ^= 1 << (bit % 8);
			prop_assert!(!verify(&r, leaf, i as u64, n as u64, &p));
			if !p.is_empty() {
				let mut q = p.clone();
				let k = seed % q.len();
				q[k][bit / 8] ^= 1 << (bit % 8);
				prop_assert!(!verify(&r, l[i], i as u64, n as u64, &q));
				let mut short = p.clone();
				short.pop();
				prop_assert!(!verify(&r, l[i], i as u64, n as u64, &short));
			}
			let mut long = p.clone();
			long.push(r);
			prop_assert!(!verify(&r, l[i], i as u64, n as u64, &long));
		}
	}
}
