//! The Ethereum bridge in the real runtime: BEEFY keys in the session, a lock's message root in
//! the next block's MMR leaf, and the whole proof Ethereum checks — message → messages root →
//! MMR leaf → MMR root — rebuilt in Rust from what the runtime APIs serve.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

mod common;

use codec::Encode;
use common::{build_block_on, new_ext, signed};
use dsynapse_bridge_primitives::{beefy::MmrPath, keccak, merkle};
use dsynapse_runtime::{
	currency::DSY, Beefy, BeefyMmrLeaf, EthBridge, Mmr, Runtime, RuntimeCall, System,
};
use sp_core::{
	offchain::{testing::TestOffchainExt, OffchainDbExt, OffchainWorkerExt},
	H160, H256,
};
use sp_keyring::Sr25519Keyring as K;

const GATEWAY: H160 = H160([0x77; 20]);
const RECIPIENT: H160 = H160([0x11; 20]);

fn set_target() -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo {
		call: Box::new(RuntimeCall::EthBridge(pallet_eth_bridge::Call::set_target {
			chain_id: 31337,
			gateway: GATEWAY,
		})),
	})
}

fn lock(amount: u128) -> RuntimeCall {
	RuntimeCall::EthBridge(pallet_eth_bridge::Call::lock { amount, recipient: RECIPIENT })
}

/// Externalities of the dev chain whose off-chain index (the MMR's nodes) is readable, as on a
/// node started with offchain indexing.
fn dev_ext() -> sp_io::TestExternalities {
	let mut ext = new_ext("development");
	let (offchain, _state) = TestOffchainExt::with_offchain_db(ext.offchain_db());
	ext.register_extension(OffchainDbExt::new(offchain.clone()));
	ext.register_extension(OffchainWorkerExt::new(offchain));
	ext
}

/// Builds blocks `1..` with the given extrinsics each, persisting the off-chain index after each.
/// A call, its signer and the signer's nonce.
type Tx = (RuntimeCall, K, u32);

fn blocks(ext: &mut sp_io::TestExternalities, per_block: Vec<Vec<Tx>>) -> Vec<H256> {
	let mut hashes = Vec::new();
	let mut parent = ext.execute_with(|| frame_system::BlockHash::<Runtime>::get(0));
	for (i, xts) in per_block.into_iter().enumerate() {
		let number = i as u32 + 1;
		let (block, results) = ext.execute_with(|| {
			let xts =
				xts.into_iter().map(|(call, who, nonce)| signed(call, who, nonce, 0)).collect();
			build_block_on(number, parent, 0, 100 + u64::from(number), xts)
		});
		for r in results {
			r.expect("valid").expect("dispatches");
		}
		parent = block.header.hash();
		hashes.push(parent);
		ext.persist_offchain_overlay();
	}
	hashes
}

#[test]
fn alices_beefy_key_is_in_the_genesis_validator_set() {
	dev_ext().execute_with(|| {
		let set = Beefy::validator_set().expect("a BEEFY set at genesis");
		let alice = sp_core::ecdsa::Pair::from_string("//Alice", None).unwrap();
		use sp_core::Pair;
		assert_eq!(set.validators().len(), 1);
		assert_eq!(set.validators()[0].encode(), alice.public().encode());
		assert_eq!(set.id(), 0);
		// The committed next set: one member, whose Ethereum address is the Merkle root's leaf.
		let next = BeefyMmrLeaf::next_authority_set_proof();
		// Alice's Ethereum address, derived independently: recover her uncompressed key from a
		// signature, keccak it, keep the last 20 bytes.
		let digest = keccak(b"any message");
		let sig = alice.sign_prehashed(&digest);
		let uncompressed = sp_io::crypto::secp256k1_ecdsa_recover(&sig.0, &digest).ok().unwrap();
		let address: [u8; 20] = keccak(&uncompressed)[12..].try_into().unwrap();
		assert_eq!(next.len, 1);
		assert_eq!(next.keyset_commitment.0, merkle::root(&[keccak(&address)]));
	});
}

#[test]
fn a_lock_is_minted_from_a_proof_that_folds_to_the_mmr_root() {
	let mut ext = dev_ext();
	let hashes = blocks(
		&mut ext,
		vec![vec![(set_target(), K::Alice, 0)], vec![(lock(100 * DSY), K::Bob, 0)], vec![], vec![]],
	);
	ext.execute_with(|| {
		// The message, its domain, and its proof against the root of block 2's messages.
		let view = EthBridge::message_view(1).expect("message 1 in state");
		assert_eq!((view.block, view.index, view.count), (2, 0, 1));
		assert_eq!(view.message.recipient, RECIPIENT.0);
		assert_eq!(view.message.amount, 100 * DSY);
		assert_eq!(view.message.domain.chain_id, 31337);
		assert_eq!(view.message.domain.gateway, GATEWAY.0);
		assert_eq!(view.message.domain.genesis_hash, frame_system::BlockHash::<Runtime>::get(0).0);
		assert!(merkle::verify(&view.root, view.message.leaf_hash(), 0, 1, &view.proof));
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::free_balance(EthBridge::account_id()),
			100 * DSY
		);

		// The MMR leaf of block 3 describes block 2 and carries that root.
		let (leaves, proof) = Mmr::generate_proof(vec![3], None).expect("a proof of leaf 3");
		let leaf = &leaves[0];
		assert_eq!(leaf.parent_number_and_hash, (2, hashes[1]));
		assert_eq!(leaf.leaf_extra.0, view.root);
		// Blocks without messages carry zero.
		let (others, _) = Mmr::generate_proof(vec![2, 4], None).unwrap();
		assert!(others.iter().all(|l| l.leaf_extra == H256::zero()));

		// The leaf's 113 bytes are what the contracts decode, and the folded path reaches the
		// MMR root the validators sign.
		let bytes = leaf.encode();
		let ours = dsynapse_bridge_primitives::beefy::MmrLeaf::from_scale_bytes(&bytes).unwrap();
		assert_eq!(ours.leaf_extra, view.root);
		assert_eq!(ours.next_set.len, 1);
		let items: Vec<[u8; 32]> = proof.items.iter().map(|h| h.0).collect();
		let path = MmrPath::from_mmr_proof(proof.leaf_indices[0], proof.leaf_count, &items)
			.expect("the proof has an MMR's shape");
		assert_eq!(path.fold(keccak(&bytes)), Mmr::mmr_root().0);
		assert_eq!(System::block_number(), 4);
	});
}

#[test]
fn pausing_stops_locks_and_governance_calls_are_classified() {
	use pallet_governance::{Action, ClassifyCall};
	let classify = dsynapse_runtime::configs::governance::AllowedCalls::classify;
	assert!(matches!(
		classify(&RuntimeCall::EthBridge(pallet_eth_bridge::Call::set_target {
			chain_id: 1,
			gateway: GATEWAY
		})),
		Some(Action::Parameters)
	));
	assert!(matches!(
		classify(&RuntimeCall::EthBridge(pallet_eth_bridge::Call::set_paused { paused: true })),
		Some(Action::Emergency)
	));
	assert!(classify(&lock(DSY)).is_none());

	let mut ext = dev_ext();
	let pause = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
		call: Box::new(RuntimeCall::EthBridge(pallet_eth_bridge::Call::set_paused {
			paused: true,
		})),
	});
	blocks(&mut ext, vec![vec![(set_target(), K::Alice, 0), (pause, K::Alice, 1)]]);
	ext.execute_with(|| {
		let r = frame_support::dispatch::RawOrigin::Signed(K::Bob.to_account_id());
		assert_eq!(
			EthBridge::lock(r.into(), 100 * DSY, RECIPIENT),
			Err(pallet_eth_bridge::Error::<Runtime>::Paused.into())
		);
	});
}
