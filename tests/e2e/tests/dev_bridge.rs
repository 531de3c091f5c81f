//! The dev chain's bridge: `scripts/dev-bridge.js`, what `scripts/dev-chain.sh` starts beside
//! the node (anvil, the contracts deployed from the chain's checkpoint, `ethBridge.setTarget` by
//! sudo, a relayer), against a `--dev` node.
//!
//! - Alice locks 10 DSY: the recipient holds exactly 10 wDSY;
//! - the script is stopped (SIGTERM: anvil writes its state) and started again on the same
//!   folder, as `dev-chain.sh --persist` does: it keeps the contracts (no second deployment), the
//!   balance survived, and a second lock of 5 DSY mints on top: 15 wDSY.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_client::{dsynapse, subxt};
use dsynapse_e2e::{
	chain::submit_in_block,
	ethereum::{free_low_port, relayer_binary, Process},
	node_binary, until, Node,
};
use dsynapse_relayer::{
	alloy::{
		primitives::{Address, U256},
		signers::local::PrivateKeySigner,
	},
	eth::Ethereum,
};
use std::{path::Path, process::Command, time::Duration};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

const DSY: u128 = 1_000_000_000_000;
const RECIPIENT: [u8; 20] = [0xb2; 20];

/// `node scripts/dev-bridge.js <dir> <ws> <port>`, logging to `<dir>/<log>`.
fn dev_bridge(dir: &Path, ws: &str, port: u16, log: &str) -> Process {
	let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/dev-bridge.js");
	let mut cmd = Command::new("node");
	cmd.arg(script)
		.arg(dir)
		.args([ws, &port.to_string()])
		.env("DSYNAPSE_NODE", node_binary())
		.env("DSYNAPSE_RELAYER", relayer_binary());
	Process::spawn(cmd, dir.join(log))
}

async fn lock(api: &OnlineClient<PolkadotConfig>, amount: u128) {
	let call = dsynapse::transactions().eth_bridge().lock(amount, subxt::utils::H160(RECIPIENT));
	let (events, _) = submit_in_block(api, &call, &dev::alice()).await;
	let locked = events.find_first::<dsynapse::eth_bridge::events::Locked>().unwrap().unwrap();
	assert_eq!(locked.amount, amount);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dev_chains_bridge_mints_locks_and_keeps_its_contracts_across_restarts() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::dev("dev-bridge");
	let port = free_low_port();
	let eth_url = format!("http://127.0.0.1:{port}");
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();

	let mut script = dev_bridge(dir.path(), &node.ws_url(), port, "first.log");
	let log = script.log.clone();
	let text = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
	let logs =
		|| format!("{}\n-- relayer --\n{}", text(&log), text(&dir.path().join("relayer.log")));
	until("the relayer to run", Duration::from_secs(240), &logs, || async {
		text(&log).contains("relayer running").then_some(())
	})
	.await;
	assert!(text(&log).contains("contracts deployed from block"), "{}", logs());
	let deployed: serde_json::Value =
		serde_json::from_str(&text(&dir.path().join("deployed.json"))).unwrap();
	let gateway: Address = deployed["gateway"].as_str().unwrap().parse().unwrap();
	let eth = Ethereum::connect(&eth_url, gateway, PrivateKeySigner::random()).await.unwrap();
	let recipient = Address::from(RECIPIENT);

	lock(&api, 10 * DSY).await;
	until("10 wDSY", Duration::from_secs(180), &logs, || async {
		(eth.balance_of(recipient).await.ok()? == U256::from(10 * DSY)).then_some(())
	})
	.await;

	// Stopped and started again on the same folder: the same contracts, the balance kept.
	script.stop();
	assert!(dir.path().join("anvil-state.json").exists(), "anvil wrote no state:\n{}", logs());
	let mut script = dev_bridge(dir.path(), &node.ws_url(), port, "second.log");
	let log = script.log.clone();
	let logs =
		|| format!("{}\n-- relayer --\n{}", text(&log), text(&dir.path().join("relayer.log")));
	until("the relayer to run again", Duration::from_secs(120), &logs, || async {
		text(&log).contains("relayer running").then_some(())
	})
	.await;
	assert!(text(&log).contains("contracts kept from the last run"), "{}", logs());
	assert_eq!(eth.balance_of(recipient).await.unwrap(), U256::from(10 * DSY));

	lock(&api, 5 * DSY).await;
	until("15 wDSY", Duration::from_secs(180), &logs, || async {
		(eth.balance_of(recipient).await.ok()? == U256::from(15 * DSY)).then_some(())
	})
	.await;
	assert_eq!(eth.minted_total().await.unwrap(), U256::from(15 * DSY), "{}", logs());
	script.stop();
}
