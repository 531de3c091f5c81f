//! Turning what the chain serves into what the contracts check: a commitment's signatures with
//! each signer's membership proof (just over two thirds of the set, checked here first so that no
//! gas is spent on a commitment Ethereum would refuse), MMR leaves and paths, messages.

use crate::{chain::SignedCommitment, eth};
use alloy::primitives::{Address, B256, U256};
use anyhow::{anyhow, bail, Result};
use dsynapse_bridge_primitives::{
	beefy::{commitment_hash, MmrLeaf, MmrPath},
	keccak, merkle, Message,
};
use sp_consensus_beefy::ecdsa_crypto::AuthorityId;

/// secp256k1's order divided by two: the contracts refuse signatures with a larger `s`.
const HALF_ORDER: [u8; 32] = [
	0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// The Ethereum address of a BEEFY key (keccak of the uncompressed public key, last 20 bytes).
pub fn eth_address(key: &AuthorityId) -> Result<Address> {
	let raw: &[u8] = key.as_ref();
	let vk = alloy::signers::k256::ecdsa::VerifyingKey::from_sec1_bytes(raw)
		.map_err(|_| anyhow!("a BEEFY key that is not a secp256k1 point"))?;
	Ok(Address::from_public_key(&vk))
}

/// The fewest signatures the light client accepts from a set of `len`: more than two thirds.
pub fn threshold(len: usize) -> usize {
	(len.saturating_mul(2) / 3).saturating_add(1)
}

/// The commitment and the signatures to submit with it: the first [`threshold`] signatures that
/// recover to their authority's address (a bad one is skipped, not sent), each with its proof.
pub fn signed_commitment(
	c: &SignedCommitment,
	authorities: &[AuthorityId],
) -> Result<(eth::Commitment, Vec<eth::Signature>)> {
	if c.signatures.len() != authorities.len() {
		bail!(
			"a commitment with {} signature slots for a set of {}",
			c.signatures.len(),
			authorities.len()
		);
	}
	let addresses = authorities.iter().map(eth_address).collect::<Result<Vec<_>>>()?;
	let leaves: Vec<[u8; 32]> = addresses.iter().map(|a| keccak(a.as_slice())).collect();
	let digest = B256::from(commitment_hash(&c.mmr_root, c.block, c.set_id));
	let need = threshold(authorities.len());
	let mut sigs = Vec::with_capacity(need);
	for (index, (sig, address)) in c.signatures.iter().zip(&addresses).enumerate() {
		let Some(sig) = sig else { continue };
		let (rs, v) = sig.split_at(64);
		let (r, s) = rs.split_at(32);
		let recovery = v.first().copied().unwrap_or(0xff);
		let parity = match recovery {
			0 | 27 => false,
			1 | 28 => true,
			_ => continue,
		};
		if s > HALF_ORDER.as_slice() {
			continue;
		}
		let recovered = alloy::primitives::Signature::from_bytes_and_parity(rs, parity)
			.recover_address_from_prehash(&digest);
		if recovered.ok() != Some(*address) {
			continue;
		}
		let Some(proof) = merkle::proof(&leaves, index) else { continue };
		sigs.push(eth::Signature {
			index: u32::try_from(index)?,
			signer: *address,
			proof: proof.into_iter().map(B256::from).collect(),
			v: if parity { 28 } else { 27 },
			r: B256::from_slice(r),
			s: B256::from_slice(s),
		});
		if sigs.len() == need {
			break;
		}
	}
	if sigs.len() < need {
		bail!(
			"commitment at block {} has {} valid signatures, {} needed of {}",
			c.block,
			sigs.len(),
			need,
			authorities.len()
		);
	}
	let commitment =
		eth::Commitment { mmrRoot: c.mmr_root.into(), blockNumber: c.block, setId: c.set_id };
	Ok((commitment, sigs))
}

/// An MMR leaf as the contracts take it.
pub fn leaf(l: &MmrLeaf) -> eth::MmrLeaf {
	eth::MmrLeaf {
		version: l.version,
		parentNumber: l.parent_number,
		parentHash: l.parent_hash.into(),
		nextSetId: l.next_set.id,
		nextSetLen: l.next_set.len,
		nextSetRoot: l.next_set.root.into(),
		leafExtra: l.leaf_extra.into(),
	}
}

/// An MMR path as the contracts take it: the items and the order bits as a `uint256`.
pub fn path(p: &MmrPath) -> (Vec<B256>, U256) {
	(p.items.iter().copied().map(B256::from).collect(), U256::from_be_bytes(p.order))
}

/// A message as the gateway takes it.
pub fn message(m: &Message) -> eth::Message {
	eth::Message {
		genesisHash: m.domain.genesis_hash.into(),
		chainId: m.domain.chain_id,
		gateway: Address::from(m.domain.gateway),
		nonce: m.nonce,
		recipient: Address::from(m.recipient),
		amount: m.amount,
	}
}

#[cfg(test)]
mod tests {
	#![allow(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects
	)]
	use super::*;
	use codec::Encode;
	use sp_core::{ecdsa, Pair};

	fn set(n: usize) -> Vec<ecdsa::Pair> {
		(0..n).map(|i| ecdsa::Pair::from_string(&format!("//v{i}"), None).unwrap()).collect()
	}

	fn signed(pairs: &[ecdsa::Pair], signers: &[usize]) -> SignedCommitment {
		let root = [7u8; 32];
		let hash = commitment_hash(&root, 40, 3);
		let signatures = pairs
			.iter()
			.enumerate()
			.map(|(i, p)| {
				signers.contains(&i).then(|| {
					let s = p.sign_prehashed(&hash);
					<[u8; 65]>::try_from(s.encode().as_slice()).unwrap()
				})
			})
			.collect();
		SignedCommitment { mmr_root: root, block: 40, set_id: 3, signatures }
	}

	fn ids(pairs: &[ecdsa::Pair]) -> Vec<AuthorityId> {
		pairs.iter().map(|p| AuthorityId::from(p.public())).collect()
	}

	#[test]
	fn thresholds_are_strictly_more_than_two_thirds() {
		for (len, need) in [(1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (6, 5), (7, 5), (100, 67)] {
			assert_eq!(threshold(len), need, "set of {len}");
			assert!(need * 3 > len * 2 && (need - 1) * 3 <= len * 2);
		}
	}

	#[test]
	fn picks_just_enough_valid_signatures_with_proofs_to_the_set_root() {
		let pairs = set(7);
		let authorities = ids(&pairs);
		let (c, sigs) =
			signed_commitment(&signed(&pairs, &[0, 1, 2, 3, 4, 5, 6]), &authorities).unwrap();
		assert_eq!((c.blockNumber, c.setId), (40, 3));
		assert_eq!(sigs.len(), 5);
		let leaves: Vec<[u8; 32]> =
			authorities.iter().map(|a| keccak(eth_address(a).unwrap().as_slice())).collect();
		let root = merkle::root(&leaves);
		for s in &sigs {
			let proof: Vec<[u8; 32]> = s.proof.iter().map(|p| p.0).collect();
			assert!(merkle::verify(&root, keccak(s.signer.as_slice()), s.index.into(), 7, &proof));
			assert!(s.v == 27 || s.v == 28);
		}
	}

	#[test]
	fn skips_a_signature_by_the_wrong_key_and_refuses_too_few() {
		let pairs = set(4);
		let authorities = ids(&pairs);
		let mut c = signed(&pairs, &[0, 1, 2, 3]);
		// Slot 1 carries a signature by someone outside the set: skipped, 3 of 4 still suffice.
		let outsider = ecdsa::Pair::from_string("//outsider", None).unwrap();
		let forged = outsider.sign_prehashed(&commitment_hash(&c.mmr_root, c.block, c.set_id));
		c.signatures[1] = Some(<[u8; 65]>::try_from(forged.encode().as_slice()).unwrap());
		let (_, sigs) = signed_commitment(&c, &authorities).unwrap();
		assert_eq!(sigs.iter().map(|s| s.index).collect::<Vec<_>>(), vec![0, 2, 3]);
		// Two honest of four is not more than two thirds.
		c.signatures[3] = None;
		let err = signed_commitment(&c, &authorities).unwrap_err().to_string();
		assert!(err.contains("2 valid signatures, 3 needed of 4"), "{err}");
	}

	#[test]
	fn a_beefy_key_maps_to_the_address_its_signatures_recover_to() {
		let alice = ecdsa::Pair::from_string("//Alice", None).unwrap();
		let digest = keccak(b"any 32-byte digest");
		let sig = <[u8; 65]>::try_from(alice.sign_prehashed(&digest).encode().as_slice()).unwrap();
		let recovered =
			alloy::primitives::Signature::from_bytes_and_parity(&sig[..64], sig[64] == 1)
				.recover_address_from_prehash(&B256::from(digest))
				.unwrap();
		assert_eq!(eth_address(&AuthorityId::from(alice.public())).unwrap(), recovered);
	}
}
