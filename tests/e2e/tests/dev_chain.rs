//! A `--dev` node: blocks, finality, RPC surface, metrics, and a signed transfer through subxt.

// Test code: a failed expectation is a failed test, so panicking on one is the point.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_e2e::Node;
use serde_json::json;
use std::time::Duration;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

/// The typed interface `dsynapse-client` generates from the committed metadata
/// (`client/metadata/dsynapse.scale`, refreshed by `scripts/generate-metadata.sh`;
/// `committed_metadata_matches_the_node` below fails when it is stale).
use dsynapse_client::dsynapse;

const DSY: u128 = 1_000_000_000_000;

/// The free balance of `who` at the latest finalized block.
async fn free_balance(api: &OnlineClient<PolkadotConfig>, who: &subxt::utils::AccountId32) -> u128 {
	let at = api.at_current_block().await.unwrap();
	let entry = at.storage().entry(dsynapse::storage().system().account()).unwrap();
	entry.fetch((*who,)).await.unwrap().decode().unwrap().data.free
}

#[test]
fn dev_node_produces_and_finalizes_blocks() {
	let node = Node::dev("dev-blocks");
	node.wait_for("block 3 to be finalized", Duration::from_secs(90), |n| {
		(n.finalized_number() >= 3).then_some(())
	});
	let chain = node.rpc("system_chain", json!([])).unwrap();
	assert_eq!(chain, "dsynapse Development");
	let props = node.rpc("system_properties", json!([])).unwrap();
	assert_eq!(props["tokenSymbol"], "DSY");
	assert_eq!(props["tokenDecimals"], 12);
	// Prometheus serves the block height.
	let metrics = node.metrics();
	assert!(
		metrics.contains("substrate_block_height"),
		"metrics: {}",
		&metrics[..metrics.len().min(500)]
	);
}

#[test]
fn rpc_serves_the_documented_methods() {
	let node = Node::dev("dev-rpc");
	let methods = node.rpc("rpc_methods", json!([])).unwrap();
	let methods: Vec<&str> =
		methods["methods"].as_array().unwrap().iter().filter_map(|m| m.as_str()).collect();
	for m in [
		"system_health",
		"system_accountNextIndex",
		"chain_getFinalizedHead",
		"state_getMetadata",
		"state_call",
		"author_submitExtrinsic",
		"author_rotateKeys",
		"payment_queryInfo",
		"babe_epochAuthorship",
		"grandpa_roundState",
		"beefy_getFinalizedHead",
		"mmr_generateProof",
		"chainHead_v1_follow",
	] {
		assert!(methods.contains(&m), "{m} missing from {methods:?}");
	}
	// The account nonce RPC answers for a funded dev account.
	let alice = dev::alice().public_key().to_account_id().to_string();
	assert_eq!(node.rpc("system_accountNextIndex", json!([alice])).unwrap(), 0);
}

#[test]
fn committed_metadata_matches_the_node() {
	let node = Node::dev("dev-metadata");
	// Metadata v15, the version that describes runtime APIs: `Option<Vec<u8>>` SCALE-encoded.
	let live =
		node.rpc("state_call", json!(["Metadata_metadata_at_version", "0x0f000000"])).unwrap();
	let live = hex::decode(live.as_str().unwrap().trim_start_matches("0x")).unwrap();
	assert_eq!(live[0], 1, "the node serves metadata v15");
	let live = <Option<Vec<u8>> as codec::Decode>::decode(&mut &live[..]).unwrap().unwrap();
	assert!(
		live == dsynapse_client::METADATA,
		"client/metadata/dsynapse.scale is stale: run scripts/generate-metadata.sh"
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_transfer_is_finalized_and_moves_balances() {
	let node = Node::dev("dev-transfer");
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();

	// A runtime constant read through the metadata.
	let at = api.at_current_block().await.unwrap();
	let ed = at.constants().entry(dsynapse::constants().balances().existential_deposit()).unwrap();
	assert_eq!(ed, DSY / 1000);

	let bob = dev::bob().public_key().to_account_id();
	let alice = dev::alice().public_key().to_account_id();
	let alice_before = free_balance(&api, &alice).await;
	let bob_before = free_balance(&api, &bob).await;

	let amount = 7 * DSY;
	let tx = dsynapse::transactions().balances().transfer_keep_alive(bob.into(), amount);
	let events = at
		.transactions()
		.sign_and_submit_then_watch_default(&tx, &dev::alice())
		.await
		.unwrap()
		.wait_for_finalized_success()
		.await
		.unwrap();

	let transfer = events
		.find_first::<dsynapse::balances::events::Transfer>()
		.unwrap()
		.expect("a Transfer event");
	assert_eq!(transfer.from, alice);
	assert_eq!(transfer.to, bob);
	assert_eq!(transfer.amount, amount);
	let fee = events
		.find_first::<dsynapse::transaction_payment::events::TransactionFeePaid>()
		.unwrap()
		.expect("a fee event");

	assert_eq!(fee.who, alice);
	assert_eq!(free_balance(&api, &bob).await, bob_before + amount);
	assert_eq!(free_balance(&api, &alice).await, alice_before - amount - fee.actual_fee);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_underfunded_transfer_is_rejected_with_a_clear_error() {
	let node = Node::dev("dev-underfunded");
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();
	let at = api.at_current_block().await.unwrap();
	// `//Pauper` holds nothing on the dev chain.
	let pauper = subxt_signer::sr25519::Keypair::from_uri(&"//Pauper".parse().unwrap()).unwrap();
	let tx = dsynapse::transactions()
		.balances()
		.transfer_keep_alive(dev::bob().public_key().to_account_id().into(), DSY);
	// Depending on the RPC path the pool's verdict arrives as the submission's error or as the
	// first status of the watch stream; either way the transaction must not be included.
	let msg = match at.transactions().sign_and_submit_then_watch_default(&tx, &pauper).await {
		Err(e) => e.to_string(),
		Ok(progress) => match progress.wait_for_finalized_success().await {
			Err(e) => e.to_string(),
			Ok(_) => panic!("an underfunded transfer was finalized"),
		},
	};
	assert!(msg.contains("Inability to pay some fees"), "unexpected error: {msg}");
}
