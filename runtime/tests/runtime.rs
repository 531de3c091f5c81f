//! Runtime integration tests: genesis presets, block execution, fees and tips, bad transactions.
//!
//! They run the native build of the runtime against real genesis state (no mocks).

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing
)]

mod common;

use common::*;
use dsynapse_runtime::{
	currency::{DSY, EXISTENTIAL_DEPOSIT},
	genesis_config_presets::{self, ENDOWMENT, STASH_BOND},
	AccountId, Balances, BalancesCall, Runtime, RuntimeCall, RuntimeEvent, System,
};
use frame_support::traits::fungible::Inspect;
use sp_keyring::Sr25519Keyring as K;
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};

const SLOT: u64 = 1_000;

fn stash(name: &str) -> AccountId {
	genesis_config_presets::GenesisValidator::from_suri(&format!("//{name}")).unwrap().stash
}

/// The election orders validators by its own rules; compare sets.
fn sorted(mut v: Vec<AccountId>) -> Vec<AccountId> {
	v.sort();
	v
}

fn total_issuance() -> u128 {
	pallet_balances::TotalIssuance::<Runtime>::get()
}

fn free(who: &AccountId) -> u128 {
	Balances::balance(who)
}

/// A block filled with bytes costs at least what a block filled with the heaviest calls does,
/// so junk bytes are no cheaper a way to fill the chain's history than weight.
#[test]
fn a_block_of_bytes_costs_at_least_a_block_of_weight() {
	use frame_support::{dispatch::DispatchClass, weights::WeightToFee as _};
	let length = <Runtime as frame_system::Config>::BlockLength::get();
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let max_len = u128::from(*length.max.get(DispatchClass::Normal));
	let max_weight = weights.get(DispatchClass::Normal).max_total.expect("normal class is bounded");
	let weight_fee =
		<Runtime as pallet_transaction_payment::Config>::WeightToFee::weight_to_fee(&max_weight);
	let length_fee = max_len * dsynapse_runtime::configs::fees::TRANSACTION_BYTE_FEE;
	assert!(length_fee >= weight_fee, "{length_fee} < {weight_fee}");
	// 3.75 MiB at 0.4 µDSY a byte, against 1.5 s of weight at 1 planck per picosecond.
	assert_eq!((max_len, weight_fee), (3_932_160, 1_500_000_000_000));
	assert_eq!(length_fee, 1_572_864_000_000);
}

#[test]
fn every_preset_is_listed_and_builds() {
	let names: Vec<String> = genesis_config_presets::preset_names()
		.into_iter()
		.map(|p| AsRef::<str>::as_ref(&p).to_string())
		.collect();
	assert_eq!(names, ["development", "local_testnet", "local_governed"]);
	for name in &names {
		new_ext(name).execute_with(|| {
			assert!(total_issuance() > 0, "{name}: someone is funded");
			assert!(!pallet_session::Validators::<Runtime>::get().is_empty(), "{name}: validators");
		});
	}
	assert!(genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

#[test]
fn dev_preset_has_alice_validating_and_sudo() {
	new_ext("development").execute_with(|| {
		let alice = stash("Alice");
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(K::Alice.to_account_id()));
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 1);
		// Every dev account is funded; the stash has its bond held in staking.
		for who in genesis_config_presets::dev_accounts() {
			assert_eq!(Balances::total_balance(&who), ENDOWMENT, "{who}");
		}
		let ledger = pallet_staking::Ledger::<Runtime>::get(&alice).expect("alice is bonded");
		assert_eq!(ledger.total, STASH_BOND);
		// 12 dev accounts, and the existential deposit of the rewards pot and the DAO vault.
		assert_eq!(total_issuance(), 12 * ENDOWMENT + 2 * EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn local_preset_has_three_validators() {
	new_ext("local_testnet").execute_with(|| {
		let expected: Vec<_> = ["Alice", "Bob", "Charlie"].iter().map(|n| stash(n)).collect();
		assert_eq!(sorted(pallet_session::Validators::<Runtime>::get()), sorted(expected));
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 3);
		assert_eq!(pallet_grandpa::Authorities::<Runtime>::get().len(), 3);
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 3);
		assert!(pallet_sudo::Key::<Runtime>::get().is_some());
	});
}

#[test]
fn local_governed_preset_is_a_launched_network_with_known_keys() {
	new_ext("local_governed").execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "governed, not sudo'd");
		let expected: Vec<_> = ["Alice", "Bob", "Charlie"].iter().map(|n| stash(n)).collect();
		assert_eq!(sorted(pallet_session::Validators::<Runtime>::get()), sorted(expected.clone()));
		assert!(pallet_staking::Invulnerables::<Runtime>::get().is_empty(), "slashable");
		let cancellers = pallet_governance::Cancellers::<Runtime>::get().into_inner();
		assert_eq!(sorted(cancellers), sorted(expected));
		assert_eq!(free(&K::Ferdie.to_account_id()), genesis_config_presets::ENDOWMENT);
	});
}

#[test]
fn metadata_versions_14_to_16_are_served() {
	let versions = Runtime::metadata_versions();
	for v in [14, 15, 16] {
		assert!(versions.contains(&v), "metadata v{v} missing: {versions:?}");
		assert!(Runtime::metadata_at_version(v).is_some());
	}
}

#[test]
fn an_empty_block_executes_and_reexecutes() {
	let mut builder = new_ext("development");
	let (block, results) = builder.execute_with(|| build_block(0, SLOT, vec![]));
	assert!(results.is_empty());
	assert_eq!(block.header.number, 1);
	// A fresh node replaying the block reaches the same state root.
	let mut replay = new_ext("development");
	execute(&mut replay, &block);
	replay.execute_with(|| assert_eq!(System::block_number(), 1));
}

#[test]
fn transfer_burns_the_fee_and_pays_the_tip_to_the_author() {
	let amount = 10 * DSY;
	let tip = DSY / 100;
	let bob = K::Bob.to_account_id();
	let dave = K::Dave.to_account_id();
	let author = stash("Alice");

	let mut ext = new_ext("development");
	let block = ext.execute_with(|| {
		let issuance_before = total_issuance();
		let (bob_before, dave_before, author_before) = (free(&bob), free(&dave), free(&author));

		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: dave.clone().into(),
			value: amount,
		});
		let (block, results) = build_block(0, SLOT, vec![signed(call, K::Bob, 0, tip)]);
		results[0].expect("valid").expect("dispatched");

		let (actual_fee, paid_tip) = System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, tip },
				) if who == bob => Some((actual_fee, tip)),
				_ => None,
			})
			.expect("fee event");
		assert_eq!(paid_tip, tip);
		let fee = actual_fee - tip;
		assert!(fee > 0, "a transfer pays a fee");

		// The fee left circulation; the tip and the transfer only moved money.
		assert_eq!(total_issuance(), issuance_before - fee);
		assert_eq!(free(&bob), bob_before - amount - actual_fee);
		assert_eq!(free(&dave), dave_before + amount);
		assert_eq!(free(&author), author_before + tip);
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, to, amount: a })
				if from == &bob && to == &dave && *a == amount
		)));
		block
	});

	// The block replays on a fresh node.
	let mut replay = new_ext("development");
	execute(&mut replay, &block);
	replay.execute_with(|| assert_eq!(free(&dave), ENDOWMENT + amount));
}

#[test]
fn an_underfunded_account_cannot_pay_and_nothing_changes() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		// `//One` is a well-known key that no preset funds.
		let pauper = K::One;
		assert_eq!(free(&pauper.to_account_id()), 0);
		let issuance = total_issuance();
		let call = RuntimeCall::Balances(BalancesCall::transfer_allow_death {
			dest: K::Dave.to_account_id().into(),
			value: DSY,
		});
		let (_, results) = build_block(0, SLOT, vec![signed(call, pauper, 0, 0)]);
		assert_eq!(results[0], Err(TransactionValidityError::Invalid(InvalidTransaction::Payment)));
		assert_eq!(total_issuance(), issuance);
		assert_eq!(free(&K::Dave.to_account_id()), ENDOWMENT);
	});
}

#[test]
fn a_forged_signature_and_a_stale_nonce_are_rejected() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: K::Dave.to_account_id().into(),
			value: DSY,
		});
		// Signed by Eve, claimed to be from Bob.
		let mut forged = signed(call.clone(), K::Eve, 0, 0);
		if let sp_runtime::generic::Preamble::Signed(addr, _, _) = &mut forged.preamble {
			*addr = dsynapse_runtime::Address::Id(K::Bob.to_account_id());
		}
		// A nonce from the future is not applicable now.
		let future = signed(call, K::Bob, 5, 0);
		let (_, results) = build_block(0, SLOT, vec![forged, future]);
		assert_eq!(
			results[0],
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		assert_eq!(results[1], Err(TransactionValidityError::Invalid(InvalidTransaction::Future)));
		assert_eq!(free(&K::Bob.to_account_id()), ENDOWMENT);
	});
}

#[test]
fn a_transfer_below_the_existential_deposit_to_a_new_account_fails_cleanly() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		let fresh = K::Two.to_account_id();
		let call = RuntimeCall::Balances(BalancesCall::transfer_allow_death {
			dest: fresh.clone().into(),
			value: EXISTENTIAL_DEPOSIT - 1,
		});
		let (_, results) = build_block(0, SLOT, vec![signed(call, K::Bob, 0, 0)]);
		// The transaction is included (it pays its fee) but the dispatch fails with a clear error.
		let dispatch = results[0].expect("valid transaction");
		assert!(dispatch.is_err(), "{dispatch:?}");
		assert_eq!(free(&fresh), 0);
	});
}
