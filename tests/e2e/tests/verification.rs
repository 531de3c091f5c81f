//! Verification end to end on a `dev-fast` chain: Alice registers a model, Bob, Charlie and Dave
//! stake as verifiers, answer the round's challenge (computed here with the same
//! `dsynapse-challenge` crate the runtime checks against), commit, reveal, and the asset becomes
//! Verified.

use codec::Encode;
use dsynapse_challenge::{
	commitment, model_challenge, Fingerprint, ModelFingerprint, ModelSpec, TopEntry,
};
use dsynapse_e2e::Node;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::{dev, Keypair};

#[subxt::subxt(runtime_metadata_path = "metadata/dsynapse.scale")]
pub mod dsynapse {}

use dsynapse::runtime_types::dsynapse_asset_types::{AssetKind, AssetStatus};

const DSY: u128 = 1_000_000_000_000;

/// The CIDv1 (raw, sha2-256) of `data`.
fn raw_cid(data: &[u8]) -> Vec<u8> {
	dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, sp_crypto_hashing::sha2_256(data)).to_bytes()
}

/// What a worker running the registered model would answer: a deterministic function of the
/// challenge's prompts (a stand-in for greedy decoding of a real model), in the exact shape the
/// challenge asks for.
fn run_model(challenge: &dsynapse_challenge::ModelChallenge) -> Fingerprint {
	let layout = &challenge.layout;
	let mut tokens = Vec::new();
	for prompt in &challenge.prompts {
		let mut state = prompt.iter().fold(17u32, |acc, t| acc.wrapping_mul(31).wrapping_add(*t));
		for _ in 0..layout.gen_len {
			state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
			tokens.push(state % 32_000);
		}
	}
	let top = layout
		.positions
		.iter()
		.map(|p| {
			(0..u32::from(layout.k))
				.map(|r| TopEntry {
					token: tokens[*p as usize].wrapping_add(r),
					logit: 4_000 - 256 * r as i32,
				})
				.collect()
		})
		.collect();
	Fingerprint::Model(ModelFingerprint { tokens, top })
}

async fn submit<Call: subxt::transactions::Payload>(
	api: &OnlineClient<PolkadotConfig>,
	call: &Call,
	signer: &Keypair,
) -> subxt::extrinsics::ExtrinsicEvents<PolkadotConfig> {
	api.at_current_block()
		.await
		.unwrap()
		.transactions()
		.sign_and_submit_then_watch_default(call, signer)
		.await
		.unwrap()
		.wait_for_finalized_success()
		.await
		.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_verifiers_verify_a_model_on_a_fast_runtime_chain() {
	let node = Node::dev_fast("verification");
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();
	let chain = node.rpc("system_chain", serde_json::json!([])).unwrap();
	assert_eq!(chain, "dsynapse Development (fast)");

	// Three verifiers stake the minimum.
	let verifiers = [dev::bob(), dev::charlie(), dev::dave()];
	let min_stake = 100 * DSY;
	let register = dsynapse::transactions().verification().register_verifier(min_stake);
	let joins = verifiers.iter().map(|v| submit(&api, &register, v));
	for events in subxt::ext::futures::future::join_all(joins).await {
		assert!(events.has::<dsynapse::verification::events::VerifierRegistered>());
	}

	// Alice registers a model; the round opens in the same block.
	let manifest = raw_cid(
		br#"{"name":"tiny-llama","architecture":"llama","format":"gguf","vocab_size":32000}"#,
	);
	let tx = dsynapse::transactions().registry().register(
		AssetKind::Model,
		raw_cid(b"tiny seeded llama weights"),
		4_096,
		b"Apache-2.0".to_vec(),
		manifest.clone(),
		vec![],
	);
	let events = submit(&api, &tx, &dev::alice()).await;
	let asset = events
		.find_first::<dsynapse::registry::events::Registered>()
		.unwrap()
		.expect("Registered")
		.asset;
	let opened = events
		.find_first::<dsynapse::verification::events::RoundOpened>()
		.unwrap()
		.expect("RoundOpened");
	let mut committee: Vec<_> = opened.committee.iter().map(|a| a.0).collect();
	committee.sort();
	let mut expected: Vec<_> = verifiers.iter().map(|v| v.public_key().0).collect();
	expected.sort();
	assert_eq!(committee, expected, "the committee is the three verifiers");

	// Every member derives the challenge from the round seed and the manifest and runs it.
	let challenge =
		model_challenge(&opened.seed, &manifest, &ModelSpec { vocab_size: 32_000 }).unwrap();
	let answer = run_model(&challenge).encode();
	let salts: Vec<[u8; 32]> = (0..3u8).map(|i| [i + 1; 32]).collect();

	let commits = verifiers.iter().zip(&salts).map(|(v, salt)| {
		let c = commitment(salt, &v.public_key().0.encode(), &answer);
		let tx = dsynapse::transactions().verification().commit(asset, c);
		let api = &api;
		async move { submit(api, &tx, v).await }
	});
	subxt::ext::futures::future::join_all(commits).await;

	let reveals = verifiers.iter().zip(&salts).map(|(v, salt)| {
		let tx = dsynapse::transactions().verification().reveal(asset, *salt, answer.clone());
		let api = &api;
		async move { submit(api, &tx, v).await }
	});
	let outcomes = subxt::ext::futures::future::join_all(reveals).await;
	let concluded = outcomes
		.iter()
		.find_map(|e| {
			e.find_first::<dsynapse::verification::events::RoundConcluded>().and_then(|r| r.ok())
		})
		.expect("the last reveal concludes the round");
	assert_eq!(concluded.agreeing.len(), 3);
	assert!(concluded.outliers.is_empty() && concluded.no_shows.is_empty());

	// The runtime API shows the asset verified with full agreement, and the attesters.
	let at = api.at_current_block().await.unwrap();
	let view = at
		.runtime_apis()
		.call(dsynapse::runtime_apis().asset_registry_api().asset(asset))
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
