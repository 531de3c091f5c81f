//! The Ethereum bridge's chain side on a real `--dev` node: Alice locks DSY, the validator set
//! (Alice's BEEFY key) signs an MMR root, and everything the light client and the gateway check
//! on Ethereum is rebuilt in Rust from what the node serves — the signed commitment from the
//! block's BEEFY justification, the MMR leaf and its proof (`mmr_generateProof`), the message and
//! its proof (`ethBridgeApi.message`) — and verified byte for byte as the contracts do.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use codec::Decode;
use dsynapse_bridge_primitives::{
	beefy::{commitment_bytes, MmrLeaf, MmrPath, MMR_ROOT_ID},
	keccak, merkle,
};
use dsynapse_client::dsynapse;
use dsynapse_e2e::{parse_number, Node};
use serde_json::{json, Value};
use sp_core::{ecdsa, Pair};
use std::time::Duration;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

const DSY: u128 = 1_000_000_000_000;
const RECIPIENT: [u8; 20] = [0x70; 20];
const GATEWAY: [u8; 20] = [0x5f; 20];

/// Bytes as JSON-RPC serves them: a `0x` hex string, or an array of numbers.
fn bytes(v: &Value) -> Vec<u8> {
	match v {
		Value::String(s) => hex::decode(s.trim_start_matches("0x")).unwrap(),
		Value::Array(a) => a.iter().map(|b| b.as_u64().unwrap() as u8).collect(),
		other => panic!("not bytes: {other}"),
	}
}

/// The BEEFY justification stored with block `hash`, if any.
fn beefy_justification(node: &Node, hash: &str) -> Option<Vec<u8>> {
	let block = node.rpc("chain_getBlock", json!([hash])).ok()?;
	let justifications = block["justifications"].as_array()?;
	justifications.iter().find_map(|j| (bytes(&j[0]) == b"BEEF").then(|| bytes(&j[1])))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lock_is_provable_to_ethereum_from_what_the_node_serves() {
	let node = Node::dev("bridge-chain-side");
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();

	// Governance (sudo on the dev chain) names the target; Alice locks 100 DSY.
	let target = dsynapse::runtime_types::dsynapse_runtime::RuntimeCall::EthBridge(
		dsynapse::runtime_types::pallet_eth_bridge::pallet::Call::set_target {
			chain_id: 31337,
			gateway: subxt::utils::H160(GATEWAY),
		},
	);
	let at = api.at_current_block().await.unwrap();
	at.transactions()
		.sign_and_submit_then_watch_default(
			&dsynapse::transactions().sudo().sudo(target),
			&dev::alice(),
		)
		.await
		.unwrap()
		.wait_for_finalized_success()
		.await
		.unwrap();
	let at = api.at_current_block().await.unwrap();
	let lock = dsynapse::transactions().eth_bridge().lock(100 * DSY, subxt::utils::H160(RECIPIENT));
	let events = at
		.transactions()
		.sign_and_submit_then_watch_default(&lock, &dev::alice())
		.await
		.unwrap()
		.wait_for_finalized_success()
		.await
		.unwrap();
	let locked = events
		.find_first::<dsynapse::eth_bridge::events::Locked>()
		.unwrap()
		.expect("a Locked event");
	assert_eq!((locked.nonce, locked.amount), (1, 100 * DSY));

	// The message and its Merkle proof, from the runtime API.
	let view = node
		.rpc(
			"state_call",
			json!(["EthBridgeApi_message", format!("0x{}", hex::encode(1u64.to_le_bytes()))]),
		)
		.unwrap();
	let view =
		Option::<pallet_eth_bridge::MessageView<[u8; 32], u32>>::decode(&mut &bytes(&view)[..])
			.unwrap()
			.expect("message 1");
	assert_eq!(view.message.recipient, RECIPIENT);
	assert_eq!(view.message.amount, 100 * DSY);
	assert_eq!(view.message.domain.gateway, GATEWAY);
	let genesis = node.block_hash(0).unwrap();
	assert_eq!(hex::encode(view.message.domain.genesis_hash), genesis.trim_start_matches("0x"));
	assert!(merkle::verify(
		&view.root,
		view.message.leaf_hash(),
		view.index.into(),
		view.count.into(),
		&view.proof
	));

	// Wait until BEEFY has finalized a block past the one whose MMR leaf carries the message
	// root (the leaf of `view.block + 1`), with a justification stored.
	let leaf_block = view.block + 1;
	let (commitment_hash, justification) =
		node.wait_for("a BEEFY justification past the lock", Duration::from_secs(120), |n| {
			let head = n.rpc("beefy_getFinalizedHead", json!([])).ok()?;
			let head = head.as_str()?.to_string();
			let number = parse_number(&n.header(&head)["number"]);
			(number >= u64::from(leaf_block))
				.then(|| beefy_justification(n, &head).map(|j| (head, j)))
				.flatten()
		});

	// The signed commitment: one validator (Alice), her BEEFY key signed keccak of the 48
	// bytes the light client rebuilds.
	let proof = sp_consensus_beefy::VersionedFinalityProof::<
		u32,
		sp_consensus_beefy::ecdsa_crypto::Signature,
	>::decode(&mut &justification[..])
	.unwrap();
	let sp_consensus_beefy::VersionedFinalityProof::V1(signed) = proof;
	let commitment = &signed.commitment;
	let root: [u8; 32] =
		commitment.payload.get_raw(&MMR_ROOT_ID).unwrap().clone().try_into().unwrap();
	let ours = commitment_bytes(&root, commitment.block_number, commitment.validator_set_id);
	assert_eq!(codec::Encode::encode(commitment), ours.to_vec(), "the 48 bytes of §3");
	let signature = signed.signatures[0].clone().expect("Alice signed");
	let signature = ecdsa::Signature::decode(&mut &codec::Encode::encode(&signature)[..]).unwrap();
	let signer = signature.recover_prehashed(&keccak(&ours)).unwrap();
	assert_eq!(signer, ecdsa::Pair::from_string("//Alice", None).unwrap().public());

	// The MMR leaf of `leaf_block` and its proof against the signed root.
	let leaves_proof = node
		.rpc("mmr_generateProof", json!([[leaf_block], commitment.block_number, commitment_hash]))
		.unwrap();
	let leaves = Vec::<sp_mmr_primitives::EncodableOpaqueLeaf>::decode(
		&mut &bytes(&leaves_proof["leaves"])[..],
	)
	.unwrap();
	let mmr_proof = sp_mmr_primitives::LeafProof::<sp_core::H256>::decode(
		&mut &bytes(&leaves_proof["proof"])[..],
	)
	.unwrap();
	let leaf_bytes = &leaves[0].0;
	let leaf = MmrLeaf::from_scale_bytes(leaf_bytes).expect("a 113-byte leaf");
	assert_eq!(leaf.parent_number, view.block);
	assert_eq!(leaf.leaf_extra, view.root, "the leaf carries the messages root");
	assert_eq!(leaf.next_set.len, 1);
	let items: Vec<[u8; 32]> = mmr_proof.items.iter().map(|h| h.0).collect();
	let path = MmrPath::from_mmr_proof(mmr_proof.leaf_indices[0], mmr_proof.leaf_count, &items)
		.expect("an MMR-shaped proof");
	assert_eq!(path.fold(keccak(leaf_bytes)), root, "the leaf folds to the signed MMR root");
}
