//! Hybrid governance end to end on a `dev-fast` chain (referenda decide in 1–3 minutes):
//!
//! - Bob, Charlie and Dave verify a model (so they hold reputation) and lock different stakes;
//!   Eve locks a large stake and has no reputation. Bob, Charlie and Dave vote for a γ change,
//!   Eve against: both chambers approve (the stake chamber by 72%, the reputation chamber
//!   unanimously), so it passes, is enacted after the track's delay, and `TokenomicsApi` shows
//!   it.
//! - A DAO-vault spend passes the same way and reaches its beneficiary.
//! - A proposal only Eve votes for (stake without reputation) stays under the turnout quorum and
//!   is rejected: the decision deposit comes back, the submission deposit stays reserved (as
//!   documented).

// Test code: a failed expectation is a failed test, so panicking on one is the point.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec, dsynapse_runtime::RuntimeCall,
	pallet_governance::pallet::Call as GovernanceCall, pallet_referenda::types::ReferendumInfo,
	pallet_tokenomics::pallet::Call as TokenomicsCall,
};
use dsynapse_e2e::{
	chain::{answer_round, dsynapse, register_with_verifiers, submit},
	Node,
};
use subxt::{utils::AccountId32, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::{dev, Keypair};

const DSY: u128 = 1_000_000_000_000;
/// `fast-runtime` enactment delay of the parameters and treasury tracks.
const ENACTMENT: u64 = 2;

type Api = OnlineClient<PolkadotConfig>;

/// Where a referendum stands (with the block it ended in).
#[derive(Debug, PartialEq)]
enum Outcome {
	Ongoing,
	Approved(u32),
	Rejected(u32),
	Other(String),
}

async fn referendum(api: &Api, index: u32) -> Outcome {
	let at = api.at_current_block().await.unwrap();
	let info = at
		.storage()
		.fetch(dsynapse::storage().referenda().referendum_info_for(), (index,))
		.await
		.unwrap()
		.decode()
		.unwrap();
	match info {
		ReferendumInfo::Ongoing(_) => Outcome::Ongoing,
		ReferendumInfo::Approved(at, ..) => Outcome::Approved(at),
		ReferendumInfo::Rejected(at, ..) => Outcome::Rejected(at),
		other => Outcome::Other(format!("{other:?}")),
	}
}

/// `proposer` proposes `call` and places its decision deposit; returns the referendum index.
async fn propose(api: &Api, proposer: &Keypair, call: RuntimeCall) -> u32 {
	let tx = dsynapse::transactions().governance().propose(call, ENACTMENT as u32);
	let events = submit(api, &tx, proposer).await;
	let proposed =
		events.find_first::<dsynapse::governance::events::Proposed>().unwrap().expect("Proposed");
	let deposit = dsynapse::transactions().referenda().place_decision_deposit(proposed.index);
	submit(api, &deposit, proposer).await;
	proposed.index
}

async fn vote(api: &Api, index: u32, voter: &Keypair, aye: bool) {
	let tx = dsynapse::transactions().governance().vote(index, aye);
	let events = submit(api, &tx, voter).await;
	assert!(events.has::<dsynapse::governance::events::Voted>());
}

/// Waits until referendum `index` is no longer ongoing; returns how it ended.
async fn wait_until_decided(api: &Api, index: u32) -> Outcome {
	for _ in 0..600 {
		let outcome = referendum(api, index).await;
		if outcome != Outcome::Ongoing {
			return outcome;
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
	panic!("referendum {index} was not decided");
}

async fn gamma_at(api: &Api, block: u64) -> u128 {
	let at = api.at_block(block).await.unwrap();
	at.runtime_apis()
		.call(dsynapse::runtime_apis().tokenomics_api().state())
		.await
		.unwrap()
		.params
		.gamma
		.0
}

async fn free_balance(api: &Api, who: &AccountId32) -> (u128, u128) {
	let at = api.at_current_block().await.unwrap();
	let account = at
		.storage()
		.fetch(dsynapse::storage().system().account(), (*who,))
		.await
		.unwrap()
		.decode()
		.unwrap();
	(account.data.free, account.data.reserved)
}

#[tokio::test(flavor = "multi_thread")]
async fn governance_changes_gamma_spends_the_vault_and_rejects_under_quorum() {
	let node = Node::dev_fast("governance");
	let api = Api::from_insecure_url(node.ws_url()).await.unwrap();

	// First, so that its decision period runs while the rest happens: a proposal that only Eve
	// supports — with a large lock, and no reputation. Her stake alone gives no reputation
	// turnout: under quorum.
	let eve_lock = dsynapse::transactions().governance().lock(100_000 * DSY);
	submit(&api, &eve_lock, &dev::eve()).await;
	let lonely_ref = propose(
		&api,
		&dev::alice(),
		RuntimeCall::Governance(GovernanceCall::set_cancellers {
			cancellers: BoundedVec(vec![dev::eve().public_key().into()]),
		}),
	)
	.await;
	vote(&api, lonely_ref, &dev::eve(), true).await;

	// Reputation: Bob, Charlie and Dave verify a model together.
	let verifiers = [dev::bob(), dev::charlie(), dev::dave()];
	let round = register_with_verifiers(&api, &dev::alice(), &verifiers, "governed-llama").await;
	answer_round(&api, &round, &verifiers).await;

	// Locks: three verifiers with different stakes (Eve, with no reputation, locked already).
	// The stake chamber: 260,000 DSY for the verifiers, 100,000 for Eve.
	let locks =
		[(dev::bob(), 200_000 * DSY), (dev::charlie(), 50_000 * DSY), (dev::dave(), 10_000 * DSY)];
	let lock_all = locks.iter().map(|(who, amount)| {
		let api = &api;
		async move {
			let events =
				submit(api, &dsynapse::transactions().governance().lock(*amount), who).await;
			let locked = events
				.find_first::<dsynapse::governance::events::Locked>()
				.unwrap()
				.expect("Locked");
			assert_eq!(locked.locked, *amount);
		}
	});
	subxt::ext::futures::future::join_all(lock_all).await;
	let at = api.at_current_block().await.unwrap();
	let governance = dsynapse::runtime_apis().governance_api();
	for (who, _) in &locks {
		let power =
			at.runtime_apis().call(governance.voting_power(who.public_key().into())).await.unwrap();
		assert!(power.reputation > 0, "a verifier carries reputation");
	}
	let eve = at.runtime_apis().call(governance.voting_power(dev::eve().public_key().into())).await;
	assert_eq!(eve.unwrap().reputation, 0);

	// 1. γ + 0.01 on the parameters track.
	let state =
		at.runtime_apis().call(dsynapse::runtime_apis().tokenomics_api().state()).await.unwrap();
	let mut params = state.params;
	let old_gamma = params.gamma.0;
	params.gamma.0 = old_gamma + 10_000_000_000_000_000;
	let new_gamma = params.gamma.0;
	let gamma_call = RuntimeCall::Tokenomics(TokenomicsCall::set_params { params });

	// 2. A vault spend on the treasury track: half of what the vault can spend now.
	let spendable = at.runtime_apis().call(governance.vault_spendable()).await.unwrap();
	assert!(spendable > DSY, "the vault has received its share of the mint");
	let beneficiary: AccountId32 = dev::ferdie().public_key().into();
	let (before, _) = free_balance(&api, &beneficiary).await;
	let amount = spendable / 2;
	let spend_call = RuntimeCall::Governance(GovernanceCall::spend { beneficiary, amount });

	// Alice proposes the first, Charlie the second, at the same time.
	let (gamma_ref, spend_ref) = subxt::ext::futures::future::join(
		propose(&api, &dev::alice(), gamma_call),
		propose(&api, &dev::charlie(), spend_call),
	)
	.await;

	// Each account votes on its referenda in turn; the accounts vote in parallel. The three
	// verifiers vote aye, Eve nay.
	let voters =
		[(dev::bob(), true), (dev::charlie(), true), (dev::dave(), true), (dev::eve(), false)];
	let ballots = voters.iter().map(|(who, aye)| {
		let api = &api;
		async move {
			vote(api, gamma_ref, who, *aye).await;
			vote(api, spend_ref, who, *aye).await;
		}
	});
	subxt::ext::futures::future::join_all(ballots).await;

	// Voting twice is refused.
	let twice = api
		.at_current_block()
		.await
		.unwrap()
		.transactions()
		.sign_and_submit_then_watch_default(
			&dsynapse::transactions().governance().vote(gamma_ref, false),
			&dev::bob(),
		)
		.await
		.unwrap()
		.wait_for_finalized_success()
		.await;
	assert!(format!("{:?}", twice.err()).contains("AlreadyVoted"));

	// The γ change: approved, then enacted no earlier than the delay after approval.
	let outcome = wait_until_decided(&api, gamma_ref).await;
	let Outcome::Approved(approved_at) = outcome else {
		panic!("the γ change was not approved: {outcome:?}")
	};
	let approved_at = u64::from(approved_at);
	for _ in 0..120 {
		if gamma_at(&api, api.at_current_block().await.unwrap().block_number()).await == new_gamma {
			break;
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
	assert_eq!(gamma_at(&api, approved_at).await, old_gamma, "not enacted at approval");
	assert_eq!(
		gamma_at(&api, approved_at + ENACTMENT - 1).await,
		old_gamma,
		"not before the delay"
	);
	let now = api.at_current_block().await.unwrap().block_number();
	assert_eq!(gamma_at(&api, now).await, new_gamma, "TokenomicsApi shows the new γ");

	// The vault spend reached Ferdie.
	let outcome = wait_until_decided(&api, spend_ref).await;
	assert!(matches!(outcome, Outcome::Approved(_)), "the spend: {outcome:?}");
	let mut received = 0;
	for _ in 0..120 {
		received = free_balance(&api, &beneficiary).await.0 - before;
		if received > 0 {
			break;
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
	assert_eq!(received, amount);

	// Under quorum: rejected at the end of the decision period.
	let outcome = wait_until_decided(&api, lonely_ref).await;
	assert!(matches!(outcome, Outcome::Rejected(_)), "under quorum: {outcome:?}");
	let (_, reserved_before) = free_balance(&api, &dev::alice().public_key().into()).await;
	let refund = dsynapse::transactions().referenda().refund_decision_deposit(lonely_ref);
	let events = submit(&api, &refund, &dev::ferdie()).await;
	let refunded = events
		.find_first::<dsynapse::referenda::events::DecisionDepositRefunded>()
		.unwrap()
		.expect("DecisionDepositRefunded");
	// `set_cancellers` runs on the emergency track: a 10,000 DSY decision deposit.
	assert_eq!(refunded.amount, 10_000 * DSY);
	let (_, reserved_after) = free_balance(&api, &dev::alice().public_key().into()).await;
	assert_eq!(reserved_before - reserved_after, 10_000 * DSY);
	let kept = api
		.at_current_block()
		.await
		.unwrap()
		.transactions()
		.sign_and_submit_then_watch_default(
			&dsynapse::transactions().referenda().refund_submission_deposit(lonely_ref),
			&dev::ferdie(),
		)
		.await
		.unwrap()
		.wait_for_finalized_success()
		.await;
	assert!(
		format!("{:?}", kept.err()).contains("BadStatus"),
		"a rejected submission deposit stays"
	);
}
