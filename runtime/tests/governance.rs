//! Governance in the real runtime, on the `local_governed` preset (the genesis a launched network
//! gets, with known keys: no sudo, no invulnerables): a parameter change and a runtime upgrade
//! authorization go through referenda decided by the hybrid tally, and Root-only paths are
//! closed.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing
)]

mod common;

use common::*;
use dsynapse_runtime::{
	configs::governance::{
		CONFIRM_EMERGENCY, CONFIRM_PARAMETERS, ENACT_EMERGENCY, ENACT_PARAMETERS, ENACT_UPGRADE,
		PREPARE, PREPARE_EMERGENCY,
	},
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
			pallet_verification::ReputationChangedAt::<Runtime>::insert(
				&who,
				System::block_number(),
			);
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
	let index = propose_and_vote(call, voters);
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
	new_ext("local_governed").execute_with(|| {
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
	new_ext("local_governed").execute_with(|| {
		System::set_block_number(1);
		let voters = voters();
		let propose = |call: RuntimeCall| {
			Governance::propose(RuntimeOrigin::signed(voters[0].clone()), Box::new(call), 0)
		};
		// Staking calls that demand Root are outside the allowed set unless wrapped in
		// `enact_as_root` (see below), as is a slash cancellation longer than the bound.
		assert_noop!(
			propose(RuntimeCall::Staking(pallet_staking::Call::set_validator_count { new: 4 })),
			pallet_governance::Error::<Runtime>::CallNotAllowed
		);
		let too_many = RuntimeCall::Staking(pallet_staking::Call::cancel_deferred_slash {
			era: 1,
			slash_indices: (0..=dsynapse_runtime::configs::governance::MAX_SLASHES_CANCELLED)
				.collect(),
		});
		assert_noop!(propose(too_many), pallet_governance::Error::<Runtime>::CallNotAllowed);
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
	new_ext("local_governed").execute_with(|| {
		System::set_block_number(1);
		let voters = voters();
		let signed = RuntimeOrigin::signed(voters[0].clone());
		// The Root paths are closed to everyone else.
		assert_noop!(System::set_code(signed.clone(), vec![1, 2, 3]), DispatchError::BadOrigin);
		let code = b"a runtime blob".to_vec();
		let code_hash = sp_io::hashing::blake2_256(&code).into();
		let call =
			RuntimeCall::Governance(pallet_governance::Call::authorize_upgrade { code_hash });
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
			pallet_governance::GovernanceOrigin::Parameters,
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
		let call = RuntimeCall::Governance(pallet_governance::Call::set_cancellers {
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
		// The emergency track's decision deposit: 10,000 DSY.
		let deposits = 100 * DSY + 10_000 * DSY;
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance - deposits);
		assert_eq!(
			pallet_tokenomics::Current::<Runtime>::get().burned.slashes - slashed_before,
			deposits
		);
		Tokenomics::do_try_state().unwrap();
		Governance::do_try_state().unwrap();
	});
}

/// Proposes `call`, places its decision deposit and has every voter vote aye; returns its index.
fn propose_and_vote(call: RuntimeCall, voters: &[AccountId]) -> u32 {
	let proposer = &voters[0];
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	assert_ok!(Governance::propose(RuntimeOrigin::signed(proposer.clone()), Box::new(call), 0));
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(proposer.clone()), index));
	for who in voters {
		assert_ok!(Governance::vote(RuntimeOrigin::signed(who.clone()), index, true));
	}
	index
}

fn is_approved(index: u32) -> bool {
	matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(pallet_referenda::ReferendumInfo::Approved(..))
	)
}

fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Governance(pallet_governance::Call::enact_as_root { call: Box::new(call) })
}

#[test]
fn testnet_changes_the_validator_count_by_referendum_and_the_next_era_elects_that_many() {
	use dsynapse_runtime::{Session, Staking};
	new_ext("local_governed").execute_with(|| {
		System::set_block_number(1);
		let voters = voters();
		assert!(pallet_staking::Invulnerables::<Runtime>::get().is_empty(), "none on testnet");
		// A fourth candidate: bonded, with session keys, validating.
		let dave = AccountId::from([9u8; 32]);
		let _ = Balances::set_balance(&dave, 100_000 * DSY);
		assert_ok!(Staking::bond(
			RuntimeOrigin::signed(dave.clone()),
			50_000 * DSY,
			pallet_staking::RewardDestination::Staked
		));
		let keys = dsynapse_runtime::SessionKeys {
			babe: sp_core::sr25519::Public::from_raw([9; 32]).into(),
			grandpa: sp_core::ed25519::Public::from_raw([9; 32]).into(),
			beefy: sp_core::ecdsa::Public::from_raw([9; 33]).into(),
		};
		// (Registered directly: `session.setKeys` wants an ownership proof signed by the keys.)
		pallet_session::NextKeys::<Runtime>::insert(&dave, keys);
		assert_ok!(Staking::validate(RuntimeOrigin::signed(dave.clone()), Default::default()));
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 3);

		let call =
			as_root(RuntimeCall::Staking(pallet_staking::Call::set_validator_count { new: 4 }));
		pass(call, &voters, ENACT_PARAMETERS);
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 4);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Governance(pallet_governance::Event::EnactedAsRoot { .. })
		)));

		// The next era elects four, Dave among them.
		let era = pallet_staking::CurrentEra::<Runtime>::get().unwrap_or(0);
		let sessions = dsynapse_runtime::time::SESSIONS_PER_ERA * 2;
		// BABE enacts each session's epoch change as if inside a block it initialized (its
		// debug assertion checks that; the real chain's blocks do it in `on_initialize`).
		pallet_babe::Initialized::<Runtime>::put(None::<sp_consensus_babe::digests::PreDigest>);
		for _ in 0..sessions {
			Session::rotate_session();
		}
		assert!(pallet_staking::CurrentEra::<Runtime>::get().unwrap_or(0) > era);
		let elected = Session::validators();
		assert_eq!(elected.len(), 4, "{elected:?}");
		assert!(elected.contains(&dave));
	});
}

/// A parameters referendum is approved and waits out its one-day enactment delay; an emergency
/// referendum, decided within that day, cancels the enactment, and the change never happens.
#[test]
fn testnet_cancels_an_approved_but_unenacted_referendum() {
	new_ext("local_governed").execute_with(|| {
		System::set_block_number(1);
		let voters = voters();
		let before = pallet_tokenomics::Parameters::<Runtime>::get();
		let mut params = before;
		params.gamma = params.gamma + FixedU128::from_rational(1, 100);
		let index = propose_and_vote(
			RuntimeCall::Tokenomics(pallet_tokenomics::Call::set_params { params }),
			&voters,
		);
		run_to(System::block_number() + PREPARE + CONFIRM_PARAMETERS + 2);
		assert!(is_approved(index), "approved, waiting for its enactment");

		let cancel = RuntimeCall::Governance(pallet_governance::Call::cancel_enactment { index });
		let emergency = propose_and_vote(cancel, &voters);
		run_to(
			System::block_number() + PREPARE_EMERGENCY + CONFIRM_EMERGENCY + ENACT_EMERGENCY + 3,
		);
		assert!(is_approved(emergency));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Governance(pallet_governance::Event::EnactmentCancelled { index: i })
				if i == index
		)));
		run_to(System::block_number() + ENACT_PARAMETERS + 10);
		assert_eq!(pallet_tokenomics::Parameters::<Runtime>::get(), before, "never enacted");
		Governance::do_try_state().unwrap();
	});
}

/// The cancellers (the bootstrap validators) cancel every referendum they can; the one removing
/// them runs on the emergency track, which they cannot cancel, and passes.
#[test]
fn testnet_cancellers_are_removed_by_a_referendum_they_cannot_cancel() {
	new_ext("local_governed").execute_with(|| {
		System::set_block_number(1);
		let voters = voters();
		let cancellers = pallet_governance::Cancellers::<Runtime>::get();
		assert!(!cancellers.is_empty());
		let canceller = RuntimeOrigin::signed(cancellers[0].clone());
		let params = pallet_tokenomics::Parameters::<Runtime>::get();
		let other = propose_and_vote(
			RuntimeCall::Tokenomics(pallet_tokenomics::Call::set_params { params }),
			&voters,
		);
		assert_ok!(Governance::emergency_cancel(canceller.clone(), other));
		let removal = propose_and_vote(
			RuntimeCall::Governance(pallet_governance::Call::set_cancellers {
				cancellers: Default::default(),
			}),
			&voters,
		);
		assert_noop!(
			Governance::emergency_cancel(canceller.clone(), removal),
			pallet_governance::Error::<Runtime>::ProtectedTrack
		);
		assert_noop!(Referenda::cancel(canceller.clone(), removal), DispatchError::BadOrigin);
		run_to(
			System::block_number() + PREPARE_EMERGENCY + CONFIRM_EMERGENCY + ENACT_EMERGENCY + 3,
		);
		assert!(is_approved(removal));
		assert!(pallet_governance::Cancellers::<Runtime>::get().is_empty());
		let next = propose_and_vote(
			RuntimeCall::Tokenomics(pallet_tokenomics::Call::set_params { params }),
			&voters,
		);
		assert_noop!(
			Governance::emergency_cancel(canceller, next),
			pallet_governance::Error::<Runtime>::NotCanceller
		);
	});
}
