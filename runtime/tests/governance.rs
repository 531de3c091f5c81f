//! Governance in the real runtime, on the `testnet` preset (no sudo): a parameter change and a
//! runtime upgrade authorization go through referenda decided by the hybrid tally, and Root-only
//! paths are closed.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing
)]

mod common;

use common::*;
use dsynapse_runtime::{
	configs::governance::{ENACT_PARAMETERS, ENACT_UPGRADE, PREPARE},
	currency::DSY,
	AccountId, Balances, Governance, Referenda, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	Scheduler, System, Tokenomics,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Mutate, Hooks},
};
use sp_runtime::{DispatchError, FixedU128};

/// Three voters with different stake and reputation: together over 20% of both chambers.
fn voters() -> Vec<AccountId> {
	let stakes = [(1u8, 50_000 * DSY, 300u32), (2, 20_000 * DSY, 100), (3, 5_000 * DSY, 600)];
	stakes
		.into_iter()
		.map(|(n, stake, reputation)| {
			let who = AccountId::from([n; 32]);
			let _ = Balances::set_balance(&who, stake + 10_000 * DSY);
			// A verifier with 1,000 DSY at risk (backing up to 1,000 points) whose points
			// changed now.
			assert_ok!(dsynapse_runtime::Verification::register_verifier(
				RuntimeOrigin::signed(who.clone()),
				1_000 * DSY
			));
			pallet_verification::Reputation::<Runtime>::insert(&who, reputation);
			pallet_verification::ReputationChangedAt::<Runtime>::insert(&who, System::block_number());
			assert_ok!(Governance::lock(RuntimeOrigin::signed(who.clone()), stake));
			who
		})
		.collect()
}

/// Runs blocks until `until`, servicing the scheduler (referenda alarms, enactments) in each.
fn run_to(until: u32) {
	while System::block_number() < until {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
	}
}

/// Proposes, places the decision deposit, has every voter vote aye and runs until the
/// referendum is approved and enacted.
fn pass(call: RuntimeCall, voters: &[AccountId], enactment: u32) -> u32 {
	let proposer = &voters[0];
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	assert_ok!(Governance::propose(RuntimeOrigin::signed(proposer.clone()), Box::new(call), 0));
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(proposer.clone()), index));
	for who in voters {
		assert_ok!(Governance::vote(RuntimeOrigin::signed(who.clone()), index, true));
	}
	let start = System::block_number();
	// Prepare, then the approval curve falls to what the tally gives, confirm, enact.
	run_to(start + PREPARE + 7 * dsynapse_runtime::time::DAYS + enactment + 10);
	let info = pallet_referenda::ReferendumInfoFor::<Runtime>::get(index);
	assert!(
		matches!(&info, Some(pallet_referenda::ReferendumInfo::Approved(..))),
		"{info:?} at {}, electorate {:?}",
		System::block_number(),
		Governance::electorate()
	);
	assert!(matches!(info, Some(pallet_referenda::ReferendumInfo::Approved(..))));
	Governance::do_try_state().unwrap();
	index
}

#[test]
fn testnet_has_no_sudo_and_governance_changes_parameters() {
	new_ext("testnet").execute_with(|| {
		System::set_block_number(1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		let voters = voters();
		// Root no longer sets parameters (and no one holds Root here anyway).
		let mut params = pallet_tokenomics::Parameters::<Runtime>::get();
		params.gamma = params.gamma + FixedU128::from_rational(1, 100);
		assert_noop!(
			Tokenomics::set_params(RuntimeOrigin::root(), params),
			DispatchError::BadOrigin
		);
		let call = RuntimeCall::Tokenomics(pallet_tokenomics::Call::set_params { params });
		pass(call, &voters, ENACT_PARAMETERS);
		assert_eq!(pallet_tokenomics::Parameters::<Runtime>::get(), params);
	});
}

#[test]
fn testnet_sets_staking_s_minimum_commission_through_governance() {
	new_ext("testnet").execute_with(|| {
		System::set_block_number(1);
		let voters = voters();
		let propose = |call: RuntimeCall| {
			Governance::propose(RuntimeOrigin::signed(voters[0].clone()), Box::new(call), 0)
		};
		// Staking calls that demand Root are outside the allowed set, as is a slash cancellation
		// longer than the bound.
		assert_noop!(
			propose(RuntimeCall::Staking(pallet_staking::Call::set_validator_count { new: 4 })),
			pallet_hybrid_governance::Error::<Runtime>::CallNotAllowed
		);
		let too_many = RuntimeCall::Staking(pallet_staking::Call::cancel_deferred_slash {
			era: 1,
			slash_indices: (0..=dsynapse_runtime::configs::governance::MAX_SLASHES_CANCELLED)
				.collect(),
		});
		assert_noop!(propose(too_many), pallet_hybrid_governance::Error::<Runtime>::CallNotAllowed);
		// A plain account cannot set the commission floor; a parameters referendum can.
		let five = sp_runtime::Perbill::from_percent(5);
		assert_noop!(
			dsynapse_runtime::Staking::set_min_commission(
				RuntimeOrigin::signed(voters[0].clone()),
				five
			),
			DispatchError::BadOrigin
		);
		let call = RuntimeCall::Staking(pallet_staking::Call::set_min_commission { new: five });
		pass(call, &voters, ENACT_PARAMETERS);
		assert_eq!(pallet_staking::MinCommission::<Runtime>::get(), five);
	});
}

#[test]
fn testnet_upgrades_the_runtime_through_governance() {
	new_ext("testnet").execute_with(|| {
		System::set_block_number(1);
		let voters = voters();
		let signed = RuntimeOrigin::signed(voters[0].clone());
		// The Root paths are closed to everyone else.
		assert_noop!(System::set_code(signed.clone(), vec![1, 2, 3]), DispatchError::BadOrigin);
		let code = b"a runtime blob".to_vec();
		let code_hash = sp_io::hashing::blake2_256(&code).into();
		let call = RuntimeCall::Governance(pallet_hybrid_governance::Call::authorize_upgrade {
			code_hash,
		});
		pass(call, &voters, ENACT_UPGRADE);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::System(frame_system::Event::UpgradeAuthorized { code_hash: h, .. })
				if h == code_hash
		)));
		// Anyone may now submit the code with that hash; other code is refused.
		assert_noop!(
			System::apply_authorized_upgrade(signed, b"other code".to_vec()),
			frame_system::Error::<Runtime>::Unauthorized
		);
	});
}

#[test]
fn direct_referenda_submission_is_filtered() {
	use frame_support::traits::Contains;
	let call = RuntimeCall::Referenda(pallet_referenda::Call::submit {
		proposal_origin: Box::new(dsynapse_runtime::OriginCaller::Governance(
			pallet_hybrid_governance::GovernanceOrigin::Parameters,
		)),
		proposal: frame_support::traits::Bounded::Inline(Default::default()),
		enactment_moment: frame_support::traits::schedule::DispatchTime::After(0),
	});
	assert!(!<Runtime as frame_system::Config>::BaseCallFilter::contains(&call));
}

#[test]
fn killing_a_referendum_burns_its_deposits_on_the_books() {
	new_ext("development").execute_with(|| {
		System::set_block_number(1);
		// A funded dev account (minting new balances would be off the supply ledger's books).
		let proposer = sp_keyring::Sr25519Keyring::Alice.to_account_id();
		let index = pallet_referenda::ReferendumCount::<Runtime>::get();
		let call = RuntimeCall::Governance(pallet_hybrid_governance::Call::set_cancellers {
			cancellers: Default::default(),
		});
		assert_ok!(Governance::propose(RuntimeOrigin::signed(proposer.clone()), Box::new(call), 0));
		assert_ok!(Referenda::place_decision_deposit(
			RuntimeOrigin::signed(proposer.clone()),
			index
		));
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		let slashed_before = pallet_tokenomics::Current::<Runtime>::get().burned.slashes;
		// Only Root kills (sudo, on dev chains); a signed account may not.
		assert_noop!(
			Referenda::kill(RuntimeOrigin::signed(proposer), index),
			DispatchError::BadOrigin
		);
		assert_ok!(Referenda::kill(RuntimeOrigin::root(), index));
		let deposits = 100 * DSY + 5_000 * DSY;
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance - deposits);
		assert_eq!(
			pallet_tokenomics::Current::<Runtime>::get().burned.slashes - slashed_before,
			deposits
		);
		Tokenomics::do_try_state().unwrap();
		Governance::do_try_state().unwrap();
	});
}
