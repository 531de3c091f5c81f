//! Verification end to end on a `dev-fast` chain: Alice registers a model, Bob, Charlie and Dave
//! stake as verifiers, answer the round's challenge (computed here with the same
//! `dsynapse-challenge` crate the runtime checks against), commit, reveal, and the asset becomes
//! Verified.

// Test code: a failed expectation is a failed test, so panicking on one is the point.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_e2e::{
	chain::{answer_round, dsynapse, register_with_verifiers, DSY},
	Node,
};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

use dsynapse::runtime_types::dsynapse_asset_types::AssetStatus;

#[tokio::test(flavor = "multi_thread")]
async fn three_verifiers_verify_a_model_on_a_fast_runtime_chain() {
	let node = Node::dev_fast("verification");
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();
	let chain = node.rpc("system_chain", serde_json::json!([])).unwrap();
	assert_eq!(chain, "dsynapse Development (fast)");

	// Three verifiers stake the minimum; Alice registers a model, paying the round fee; the
	// committee is drawn two blocks later, from randomness that did not exist at registration.
	let verifiers = [dev::bob(), dev::charlie(), dev::dave()];
	let round = register_with_verifiers(&api, &dev::alice(), &verifiers, "tiny-llama").await;
	let asset = round.asset;
	let mut committee: Vec<_> = round.opened.committee.iter().map(|a| a.0).collect();
	committee.sort();
	let mut expected: Vec<_> = verifiers.iter().map(|v| v.public_key().0).collect();
	expected.sort();
	assert_eq!(committee, expected, "the committee is the three verifiers");

	// Every member derives the challenge from the round seed and the manifest, runs it, commits
	// and reveals.
	let (events, _) = answer_round(&api, &round, &verifiers).await;
	let concluded = events
		.find_first::<dsynapse::verification::events::RoundConcluded>()
		.unwrap()
		.expect("RoundConcluded");
	assert_eq!(concluded.agreeing.len(), 3);
	assert!(concluded.outliers.is_empty() && concluded.no_shows.is_empty());
	// The fee went to the three members, 1 DSY each.
	let settled = events
		.find_first::<dsynapse::verification::events::FeeSettled>()
		.unwrap()
		.expect("FeeSettled");
	assert_eq!((settled.paid_to.len(), settled.share, settled.burned), (3, DSY, 0));

	// The runtime API shows the asset verified with full agreement, and the attesters.
	let at = api.at_current_block().await.unwrap();
	let view = at
		.runtime_apis()
		.call(dsynapse::runtime_apis().registry_api().asset(asset))
		.await
		.unwrap()
		.expect("the asset");
	match view.status {
		AssetStatus::Verified { score, until } => {
			assert_eq!(score.0, 1_000_000_000);
			// 42 epochs of 10 blocks on the fast runtime.
			assert!(until > 400, "until {until}");
		},
		other => panic!("not verified: {other:?}"),
	}
	let attesters = at
		.runtime_apis()
		.call(dsynapse::runtime_apis().verification_api().attesters(asset))
		.await
		.unwrap();
	assert_eq!(attesters.len(), 3);
	for v in &verifiers {
		let rep = at
			.runtime_apis()
			.call(
				dsynapse::runtime_apis()
					.verification_api()
					.reputation(v.public_key().to_account_id()),
			)
			.await
			.unwrap();
		assert_eq!(rep, 10);
	}
}
