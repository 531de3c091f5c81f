//! subxt helpers shared by the end-to-end tests: the chain's types (`dsynapse-client`),
//! submitting and waiting for finality (panicking on failure), and verifying a model with three
//! verifiers.

use codec::Encode;
use dsynapse_challenge::{
	commitment, model_challenge, Fingerprint, ModelFingerprint, ModelSpec, TopEntry,
};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::Keypair;

pub use dsynapse_client::{dsynapse, DSY};

use dsynapse::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec, dsynapse_asset_types::AssetKind,
};

/// The CIDv1 (raw, sha2-256) of `data`.
pub fn raw_cid(data: &[u8]) -> Vec<u8> {
	dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, sp_crypto_hashing::sha2_256(data)).to_bytes()
}

/// What a worker running the registered model would answer: a deterministic function of the
/// challenge's prompts (a stand-in for greedy decoding of a real model), in the exact shape the
/// challenge asks for.
pub fn run_model(challenge: &dsynapse_challenge::ModelChallenge) -> Fingerprint {
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
					token: tokens.get(*p as usize).copied().unwrap_or_default().wrapping_add(r),
					logit: 4_000 - 256 * r as i32,
				})
				.collect()
		})
		.collect();
	Fingerprint::Model(ModelFingerprint { tokens, top })
}

/// Signs, submits and waits for finality; panics on a dispatch error.
pub async fn submit<Call: subxt::transactions::Payload>(
	api: &OnlineClient<PolkadotConfig>,
	call: &Call,
	signer: &Keypair,
) -> subxt::extrinsics::ExtrinsicEvents<PolkadotConfig> {
	submit_in_block(api, call, signer).await.0
}

/// [`submit`], also returning the number of the block that included the transaction.
pub async fn submit_in_block<Call: subxt::transactions::Payload>(
	api: &OnlineClient<PolkadotConfig>,
	call: &Call,
	signer: &Keypair,
) -> (subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>, u64) {
	dsynapse_client::submit_in_block(api, call, signer).await.unwrap()
}

/// The committee's view of a round once it has opened.
pub struct OpenedRound {
	/// The asset under verification.
	pub asset: u64,
	/// The manifest CID it was registered with.
	pub manifest: Vec<u8>,
	/// The events of the registration (with `Registered` and `RoundRequested`).
	pub events: subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>,
	/// `RoundRequested`, from the registration.
	pub requested: dsynapse::verification::events::RoundRequested,
	/// `RoundOpened`, from the draw block's `on_initialize`.
	pub opened: dsynapse::verification::events::RoundOpened,
}

/// Waits until block `at` is finalized and returns the `RoundOpened` of `asset` drawn in it.
pub async fn round_opened_at(
	api: &OnlineClient<PolkadotConfig>,
	asset: u64,
	at: u32,
) -> dsynapse::verification::events::RoundOpened {
	let at = u64::from(at);
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
	while api.at_current_block().await.unwrap().block_number() < at {
		assert!(std::time::Instant::now() < deadline, "block #{at} was not finalized in 120 s");
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
	let events = api.at_block(at).await.unwrap().events().fetch().await.unwrap();
	let opened = events
		.find::<dsynapse::verification::events::RoundOpened>()
		.filter_map(Result::ok)
		.find(|e| e.asset == asset);
	opened.unwrap_or_else(|| panic!("no RoundOpened for asset {asset} in its draw block #{at}"))
}

/// `verifiers` stake the minimum, `owner` registers a model (paying the round fee) and the
/// round's committee is drawn two blocks later.
pub async fn register_with_verifiers(
	api: &OnlineClient<PolkadotConfig>,
	owner: &Keypair,
	verifiers: &[Keypair],
	name: &str,
) -> OpenedRound {
	let register = dsynapse::transactions().verification().register_verifier(100 * DSY);
	let joins = verifiers.iter().map(|v| submit(api, &register, v));
	for events in subxt::ext::futures::future::join_all(joins).await {
		assert!(events.has::<dsynapse::verification::events::VerifierRegistered>());
	}
	let manifest = raw_cid(
		format!(r#"{{"name":"{name}","architecture":"llama","format":"gguf","vocab_size":32000}}"#)
			.as_bytes(),
	);
	let tx = dsynapse::transactions().registry().register(
		AssetKind::Model,
		BoundedVec(raw_cid(format!("{name} weights").as_bytes())),
		4_096,
		BoundedVec(b"Apache-2.0".to_vec()),
		BoundedVec(manifest.clone()),
		BoundedVec(vec![]),
	);
	let events = submit(api, &tx, owner).await;
	let asset = events
		.find_first::<dsynapse::registry::events::Registered>()
		.unwrap()
		.expect("Registered")
		.asset;
	let requested = events
		.find_first::<dsynapse::verification::events::RoundRequested>()
		.unwrap()
		.expect("RoundRequested");
	assert_eq!(requested.fee, 3 * DSY, "the owner pays the round fee");
	assert!(
		events.find_first::<dsynapse::verification::events::RoundOpened>().is_none(),
		"the committee is not drawn in the registering block"
	);
	let opened = round_opened_at(api, asset, requested.draw_at).await;
	OpenedRound { asset, manifest, events, requested, opened }
}

/// Every member answers the round's challenge honestly: commit, then reveal. Returns the events
/// of the reveal that concluded the round, and its block number.
pub async fn answer_round(
	api: &OnlineClient<PolkadotConfig>,
	round: &OpenedRound,
	verifiers: &[Keypair],
) -> (subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>, u64) {
	let challenge =
		model_challenge(&round.opened.seed, &round.manifest, &ModelSpec { vocab_size: 32_000 })
			.unwrap();
	let answer = run_model(&challenge).encode();
	let salts: Vec<[u8; 32]> = (0..verifiers.len() as u8).map(|i| [i + 1; 32]).collect();
	let commits = verifiers.iter().zip(&salts).map(|(v, salt)| {
		let c = commitment(salt, &v.public_key().0.encode(), &answer);
		let tx = dsynapse::transactions().verification().commit(round.asset, c);
		async move { submit(api, &tx, v).await }
	});
	subxt::ext::futures::future::join_all(commits).await;
	let reveals = verifiers.iter().zip(&salts).map(|(v, salt)| {
		let tx = dsynapse::transactions().verification().reveal(
			round.asset,
			*salt,
			BoundedVec(answer.clone()),
		);
		async move { submit_in_block(api, &tx, v).await }
	});
	subxt::ext::futures::future::join_all(reveals)
		.await
		.into_iter()
		.find(|(e, _)| e.has::<dsynapse::verification::events::RoundConcluded>())
		.expect("the last reveal concludes the round")
}
