//! The bridge end to end: a `dev-fast` chain (one validator, BEEFY, a new validator set id every
//! 10-block session), anvil, the contracts deployed by `Deploy.s.sol` from the checkpoint
//! `dsynapse-relayer checkpoint` reads, and `dsynapse-relayer` processes.
//!
//! - Alice locks 100 DSY; the relayer is SIGKILLed after the light client accepted a root that
//!   covers the lock and before the mint, and restarted: her Ethereum address holds exactly
//!   100 wDSY;
//! - a second relayer (another Ethereum account, its own progress file) joins; the validator
//!   set is handed over on Ethereum at each session change, a later lock mints, and nothing is
//!   minted twice: 150 wDSY, the gateway's total equals the DSY locked, both relayers alive.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_client::{dsynapse, subxt};
use dsynapse_e2e::{
	chain::submit_in_block,
	ethereum::{checkpoint, deploy, relayer, Anvil, ANVIL_CHAIN_ID, ANVIL_KEYS},
	until, Node,
};
use dsynapse_relayer::{
	alloy::{
		primitives::{Address, U256},
		signers::local::PrivateKeySigner,
	},
	eth::Ethereum,
};
use std::time::Duration;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

const DSY: u128 = 1_000_000_000_000;
const RECIPIENT: [u8; 20] = [0xa1; 20];

async fn lock(api: &OnlineClient<PolkadotConfig>, amount: u128) -> (u64, u32) {
	let call = dsynapse::transactions().eth_bridge().lock(amount, subxt::utils::H160(RECIPIENT));
	let (events, block) = submit_in_block(api, &call, &dev::alice()).await;
	let locked = events.find_first::<dsynapse::eth_bridge::events::Locked>().unwrap().unwrap();
	assert_eq!(locked.amount, amount);
	(locked.nonce, u32::try_from(block).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn locked_dsy_is_minted_exactly_once_through_kills_races_and_handovers() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::dev_fast("bridge-relayer");
	let anvil = Anvil::start(dir.path());

	// Deploy from the chain's checkpoint, then point the bridge at the gateway.
	let env = checkpoint(&node.ws_url());
	let var = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
	let start_set: u64 = var("CURRENT_SET_ID").parse().unwrap();
	let deployment = deploy(&anvil.url, &env, dir.path());
	let gateway: Address = deployment.gateway.parse().unwrap();
	let eth = Ethereum::connect(&anvil.url, gateway, PrivateKeySigner::random()).await.unwrap();
	assert_eq!(eth.light_client().await.unwrap().current.id, start_set);

	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();
	let target = dsynapse::runtime_types::dsynapse_runtime::RuntimeCall::EthBridge(
		dsynapse::runtime_types::pallet_eth_bridge::pallet::Call::set_target {
			chain_id: ANVIL_CHAIN_ID,
			gateway: subxt::utils::H160(gateway.0 .0),
		},
	);
	submit_in_block(&api, &dsynapse::transactions().sudo().sudo(target), &dev::alice()).await;

	let recipient = Address::from(RECIPIENT);
	let wdsy = |n: u128| U256::from(n * DSY);
	let state_a = dir.path().join("relayer-a.json");
	let start_a = |name: &str| {
		relayer(
			&node.ws_url(),
			&anvil.url,
			&deployment.gateway,
			ANVIL_KEYS[1],
			&state_a,
			2000,
			dir.path().join(name),
		)
	};
	let mut a = start_a("relayer-a.log");

	// Alice locks 100 DSY (nonce 1) in block `b`: its root is in the MMR leaf of block b + 1.
	let (nonce, block) = lock(&api, 100 * DSY).await;
	assert_eq!(nonce, 1);
	let a_log = a.log.clone();
	let tail = |p: &std::path::Path| {
		let t = std::fs::read_to_string(p).unwrap_or_default();
		t.lines()
			.rev()
			.take(40)
			.collect::<Vec<_>>()
			.into_iter()
			.rev()
			.collect::<Vec<_>>()
			.join("\n")
	};
	until(
		"a commitment covering the lock",
		Duration::from_secs(240),
		|| tail(&a_log),
		|| async {
			let lc = eth.light_client().await.ok()?;
			(lc.latest_block > block).then_some(())
		},
	)
	.await;
	a.kill();
	assert!(
		!eth.is_minted(1).await.unwrap(),
		"the relayer minted before it could be killed between commitment and mint:\n{}",
		tail(&a_log)
	);
	assert_eq!(eth.balance_of(recipient).await.unwrap(), U256::ZERO);

	// Restarted on the same progress file, it mints once.
	let mut a = start_a("relayer-a-restarted.log");
	let a_log = a.log.clone();
	until(
		"100 wDSY after the restart",
		Duration::from_secs(120),
		|| tail(&a_log),
		|| async { (eth.balance_of(recipient).await.ok()? == wdsy(100)).then_some(()) },
	)
	.await;

	// A second relayer joins; both follow the handovers (a new set id every session).
	let state_b = dir.path().join("relayer-b.json");
	let mut b = relayer(
		&node.ws_url(),
		&anvil.url,
		&deployment.gateway,
		ANVIL_KEYS[2],
		&state_b,
		1000,
		dir.path().join("relayer-b.log"),
	);
	let b_log = b.log.clone();
	let both =
		|| format!("--- relayer a ---\n{}\n--- relayer b ---\n{}", tail(&a_log), tail(&b_log));
	let handed = until("a validator-set handover", Duration::from_secs(180), both, || async {
		let id = eth.light_client().await.ok()?.current.id;
		(id > start_set).then_some(id)
	})
	.await;

	// A lock after the handover mints too, once.
	let (nonce, _) = lock(&api, 50 * DSY).await;
	assert_eq!(nonce, 2);
	until("150 wDSY", Duration::from_secs(180), both, || async {
		(eth.balance_of(recipient).await.ok()? == wdsy(150)).then_some(())
	})
	.await;
	// Let both race through another handover: nothing more is minted, neither gives up.
	until("another handover", Duration::from_secs(180), both, || async {
		(eth.light_client().await.ok()?.current.id > handed).then_some(())
	})
	.await;
	assert_eq!(eth.balance_of(recipient).await.unwrap(), wdsy(150));
	assert_eq!(eth.minted_total().await.unwrap(), wdsy(150));
	let status = api
		.at_current_block()
		.await
		.unwrap()
		.runtime_apis()
		.call(dsynapse::runtime_apis().eth_bridge_api().status())
		.await
		.unwrap();
	assert_eq!(status.total_locked, 150 * DSY, "the chain's locked total equals the wDSY minted");
	assert!(a.is_running(), "relayer a stopped:\n{}", tail(&a_log));
	assert!(b.is_running(), "relayer b stopped:\n{}", tail(&b_log));
	for (name, log) in [("a", &a_log), ("b", &b_log)] {
		let text = std::fs::read_to_string(log).unwrap();
		assert!(!text.contains("panicked"), "relayer {name} panicked:\n{text}");
	}
}
