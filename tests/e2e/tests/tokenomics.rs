//! Tokenomics end to end on a `dev-fast` chain (10-block epochs): a model is verified by three
//! verifiers, rated over several epochs, and every closed epoch — its `EpochClosed` event and the
//! `TokenomicsApi` history — is what the math crate's `Economy` predicts for the same events, to
//! the planck. Then a claim pays owner and verifiers what the prediction says.

// Test code: a failed expectation is a failed test, so panicking on one is the point.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_e2e::{
	chain::{answer_round, dsynapse, register_with_verifiers, submit_in_block},
	Node,
};
use dsynapse_tokenomics_math::{fixed::to_planck_floor, Economy, Params};
use sp_arithmetic::{FixedU128, Perbill};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

const EPOCH: u64 = 10;

/// The chain's parameters as the math crate's type.
fn params(p: &dsynapse::runtime_types::dsynapse_tokenomics_math::params::Params) -> Params {
	Params {
		beta: p.beta,
		eta: FixedU128::from_inner(p.eta.0),
		delta: Perbill::from_parts(p.delta.0),
		gamma: FixedU128::from_inner(p.gamma.0),
		base_budget: p.base_budget,
		base_rate: FixedU128::from_inner(p.base_rate.0),
		epoch_cap: Perbill::from_parts(p.epoch_cap.0),
		tail: p.tail,
		vault_ratio: Perbill::from_parts(p.vault_ratio.0),
		owner_share: Perbill::from_parts(p.owner_share.0),
		dispute_ratio: FixedU128::from_inner(p.dispute_ratio.0),
		dispute_floor: p.dispute_floor,
	}
}

async fn running_epoch(api: &OnlineClient<PolkadotConfig>) -> u32 {
	let at = api.at_current_block().await.unwrap();
	at.runtime_apis().call(dsynapse::runtime_apis().tokenomics_api().state()).await.unwrap().epoch
}

async fn wait_for_epoch(api: &OnlineClient<PolkadotConfig>, epoch: u32) {
	for _ in 0..600 {
		if running_epoch(api).await >= epoch {
			return;
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
	panic!("epoch {epoch} did not start");
}

/// What happened in an epoch, in order.
enum Step {
	Verified(Perbill),
	Rated(u8, u32),
}

#[tokio::test(flavor = "multi_thread")]
async fn epochs_follow_the_math_crate() {
	let node = Node::dev_fast("tokenomics");
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.unwrap();
	let at = api.at_current_block().await.unwrap();
	let state =
		at.runtime_apis().call(dsynapse::runtime_apis().tokenomics_api().state()).await.unwrap();
	assert_eq!(state.epoch_length, EPOCH as u32);
	let p = params(&state.params);
	assert_eq!(p, Params::default(), "genesis has the default parameters");

	// A model, verified by Bob, Charlie and Dave with full agreement.
	let verifiers = [dev::bob(), dev::charlie(), dev::dave()];
	let round = register_with_verifiers(&api, &dev::alice(), &verifiers, "rated-llama").await;
	let asset = round.asset;
	let (_, concluded_in) = answer_round(&api, &round, &verifiers).await;
	let mut steps: Vec<(u64, Step)> = vec![(concluded_in / EPOCH, Step::Verified(Perbill::one()))];

	// Eve rates it in three consecutive epochs with different stars.
	let rater = dev::eve();
	for (stars, actions) in [(5u8, 20u32), (2, 30), (4, 10)] {
		let tx = dsynapse::transactions().tokenomics().rate(asset, stars, actions);
		let (events, block) = submit_in_block(&api, &tx, &rater).await;
		let rated = events.find_first::<dsynapse::tokenomics::events::Rated>().unwrap().unwrap();
		assert_eq!(rated.burned, u128::from(actions) * p.beta);
		steps.push((block / EPOCH, Step::Rated(stars, actions)));
		wait_for_epoch(&api, (block / EPOCH) as u32 + 1).await;
	}
	let last_rated = steps.last().map(|(e, _)| *e).unwrap_or_default() as u32;
	wait_for_epoch(&api, last_rated + 1).await;

	// Replay the same events on the math crate, epoch by epoch, and compare every closed epoch.
	let at = api.at_current_block().await.unwrap();
	let closed = running_epoch(&api).await;
	let history = at
		.runtime_apis()
		.call(dsynapse::runtime_apis().tokenomics_api().epoch_stats(0, closed - 1))
		.await
		.unwrap();
	assert_eq!(history.len() as u32, closed);
	let mut model = Economy::new(p, 0);
	let k = model.add_asset();
	for (epoch, stats) in history.iter().enumerate() {
		assert_eq!(stats.epoch, epoch as u32);
		for (_, step) in steps.iter().filter(|(e, _)| *e == epoch as u64) {
			match step {
				Step::Verified(v) => model.set_score(k, *v),
				Step::Rated(stars, actions) => {
					model.rate(k, *stars, *actions).unwrap();
				},
			}
		}
		// The epoch cap is measured against the chain's issuance (fees and the tail move it).
		let report = model.close_epoch_at(stats.issuance_start);
		assert_eq!(stats.minted.contributions, report.mint.rewards_pot, "epoch {epoch}");
		assert_eq!(stats.minted.vault, report.mint.vault, "epoch {epoch}");
		assert_eq!(stats.emission, report.mint.total(), "epoch {epoch}");
		assert_eq!(stats.burned.rating, report.burned, "epoch {epoch}");
		assert_eq!(stats.score_sum, report.score_sum, "epoch {epoch}");
		assert_eq!(
			stats.weighted_endorsement,
			to_planck_floor(report.weighted_endorsement),
			"epoch {epoch}"
		);
		assert_eq!(
			stats.issuance_end,
			stats.issuance_start
				+ stats.minted.contributions
				+ stats.minted.tail
				+ stats.minted.vault
				- (stats.burned.rating
					+ stats.burned.fees
					+ stats.burned.slashes
					+ stats.burned.dust)
		);
		assert_eq!(
			stats.ultrasound,
			stats.burned.rating + stats.burned.fees + stats.burned.slashes + stats.burned.dust
				> stats.emission
		);
	}
	assert!(history.iter().any(|s| s.emission > p.tail), "the verified model earned emission");

	// The EpochClosed event of the last closed epoch carries the same record.
	let closing_block = u64::from(closed) * EPOCH;
	let events = api.at_block(closing_block).await.unwrap().events().fetch().await.unwrap();
	let event = events.find_first::<dsynapse::tokenomics::events::EpochClosed>().unwrap().unwrap();
	assert_eq!(format!("{:?}", event.stats), format!("{:?}", history.last().unwrap()));

	// The asset's view and a claim.
	let view = at
		.runtime_apis()
		.call(dsynapse::runtime_apis().tokenomics_api().asset(asset))
		.await
		.unwrap()
		.expect("the asset has an account");
	assert_eq!(view.endorsement, to_planck_floor(model.endorsement(k)));
	assert_eq!(view.pending_reward, to_planck_floor(model.claimable(k)));
	assert_eq!(view.verifiers.len(), 3);

	let claim = dsynapse::transactions().tokenomics().claim_rewards(asset);
	let (events, claimed_in) = submit_in_block(&api, &claim, &dev::ferdie()).await;
	let claim_epoch = (claimed_in / EPOCH) as u32;
	let at_claim = api.at_block(claimed_in).await.unwrap();
	while model.index.epoch < claim_epoch {
		let issuance = at_claim
			.runtime_apis()
			.call(
				dsynapse::runtime_apis()
					.tokenomics_api()
					.epoch_stats(model.index.epoch, model.index.epoch),
			)
			.await
			.unwrap()
			.first()
			.expect("the epoch is in the ledger's history")
			.issuance_start;
		model.close_epoch_at(issuance);
	}
	let expected = model.claim(k);
	let paid: u128 =
		events.find::<dsynapse::tokenomics::events::RewardPaid>().map(|e| e.unwrap().amount).sum();
	assert_eq!(paid, expected);
	let to_owner = events
		.find::<dsynapse::tokenomics::events::RewardPaid>()
		.map(|e| e.unwrap())
		.find(|e| e.who.0 == dev::alice().public_key().0)
		.expect("the owner is paid")
		.amount;
	assert!(to_owner >= expected * 7 / 10 && to_owner <= expected * 7 / 10 + 3);
}
