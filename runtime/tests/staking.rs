//! Validator candidacy rules enforced by the runtime's `CheckValidatorKeys` transaction
//! extension, and staking's own bad-input errors, on the development preset.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing
)]

mod common;

use common::*;
use dsynapse_runtime::{
	configs::staking::MinValidatorBond,
	currency::DSY,
	validator_keys::{CHILL_BEFORE_PURGING_KEYS, NO_SESSION_KEYS},
	Runtime, RuntimeCall, SessionKeys,
};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring as K;
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError,
};

const SLOT: u64 = 1_000;

fn bond(value: u128) -> RuntimeCall {
	RuntimeCall::Staking(pallet_staking::Call::bond {
		value,
		payee: pallet_staking::RewardDestination::Staked,
	})
}

fn validate() -> RuntimeCall {
	RuntimeCall::Staking(pallet_staking::Call::validate { prefs: Default::default() })
}

/// Dave bonds `value` and then calls `validate`, both in block 1; the results of the two.
fn dave_bonds_and_validates(value: u128) -> Vec<sp_runtime::ApplyExtrinsicResult> {
	let (_, results) = build_block(
		0,
		SLOT,
		vec![signed(bond(value), K::Dave, 0, 0), signed(validate(), K::Dave, 1, 0)],
	);
	results
}

fn some_keys() -> SessionKeys {
	SessionKeys {
		babe: sp_core::sr25519::Pair::from_string("//Dave", None).unwrap().public().into(),
		grandpa: sp_core::ed25519::Pair::from_string("//Dave", None).unwrap().public().into(),
		beefy: sp_core::ecdsa::Pair::from_string("//Dave", None).unwrap().public().into(),
	}
}

fn staking_error(error: pallet_staking::Error<Runtime>) -> sp_runtime::ApplyExtrinsicResult {
	Ok(Err(DispatchError::from(error)))
}

#[test]
fn validating_without_session_keys_is_rejected_and_with_keys_accepted() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		let dave = K::Dave.to_account_id();
		// Bonded, no keys: `validate` is not even a valid transaction.
		let results = dave_bonds_and_validates(1_000 * DSY);
		assert!(matches!(results[0], Ok(Ok(()))), "{:?}", results[0]);
		assert_eq!(
			results[1],
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(NO_SESSION_KEYS)))
		);
		assert!(!pallet_staking::Validators::<Runtime>::contains_key(&dave));
		assert_eq!(pallet_staking::Pallet::<Runtime>::bonded(&dave), Some(dave.clone()));

		// With keys registered, the same call goes through.
		pallet_session::NextKeys::<Runtime>::insert(&dave, some_keys());
		assert_eq!(
			dsynapse_runtime::validator_keys::check(&dave, &validate()),
			Ok(()),
			"a stash with keys may validate"
		);
	});
}

#[test]
fn validate_with_keys_runs_in_a_block() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		let dave = K::Dave.to_account_id();
		pallet_session::NextKeys::<Runtime>::insert(&dave, some_keys());
		let results = dave_bonds_and_validates(1_000 * DSY);
		assert!(matches!(results[1], Ok(Ok(()))), "{:?}", results[1]);
		assert!(pallet_staking::Validators::<Runtime>::contains_key(&dave));
	});
}

#[test]
fn a_bond_below_the_validator_minimum_cannot_validate() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		let dave = K::Dave.to_account_id();
		pallet_session::NextKeys::<Runtime>::insert(&dave, some_keys());
		let min: u128 = <MinValidatorBond as frame_support::traits::Get<u128>>::get();
		let results = dave_bonds_and_validates(min - 1);
		assert!(matches!(results[0], Ok(Ok(()))), "{:?}", results[0]);
		assert_eq!(results[1], staking_error(pallet_staking::Error::InsufficientBond));
		assert!(!pallet_staking::Validators::<Runtime>::contains_key(&dave));
	});
}

#[test]
fn validating_without_a_bond_fails_with_staking_s_error() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		let (_, results) = build_block(0, SLOT, vec![signed(validate(), K::Dave, 0, 0)]);
		assert_eq!(results[0], staking_error(pallet_staking::Error::NotController));
	});
}

#[test]
fn a_validating_stash_must_chill_before_purging_its_keys() {
	let mut ext = new_ext("development");
	ext.execute_with(|| {
		// Alice's stash validates from genesis.
		let stash = K::AliceStash.to_account_id();
		assert!(pallet_staking::Validators::<Runtime>::contains_key(&stash));
		let purge = RuntimeCall::Session(pallet_session::Call::purge_keys {});
		let chill = RuntimeCall::Staking(pallet_staking::Call::chill {});
		let (_, results) = build_block(
			0,
			SLOT,
			vec![
				signed(purge.clone(), K::AliceStash, 0, 0),
				signed(chill, K::AliceStash, 0, 0),
				signed(purge, K::AliceStash, 1, 0),
			],
		);
		assert_eq!(
			results[0],
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				CHILL_BEFORE_PURGING_KEYS
			)))
		);
		assert!(matches!(results[1], Ok(Ok(()))), "{:?}", results[1]);
		assert!(matches!(results[2], Ok(Ok(()))), "{:?}", results[2]);
		assert!(!pallet_session::NextKeys::<Runtime>::contains_key(&stash));
	});
}

/// The attack: flood the voter list with dust nominators so that the election's voter bound
/// (5,000) is filled before an honest nominator is read. A nominator must bond 10 DSY, and the
/// voter list is sorted by stake: the honest nominator, bonded last, is read first.
#[test]
fn dust_nominators_cannot_crowd_out_a_large_one() {
	use dsynapse_runtime::{
		configs::staking::MIN_NOMINATOR_BOND, Balances, RuntimeOrigin, Staking,
	};
	use frame_election_provider_support::SortedListProvider;
	use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
	new_ext("development").execute_with(|| {
		let alice = K::Alice.to_account_id();
		let targets = || vec![sp_runtime::MultiAddress::Id(alice.clone())];
		let bond = |who: &dsynapse_runtime::AccountId, value: u128| {
			let _ = Balances::set_balance(who, value + DSY);
			assert_ok!(Staking::bond(
				RuntimeOrigin::signed(who.clone()),
				value,
				pallet_staking::RewardDestination::Staked
			));
		};
		let nominate = |who: &dsynapse_runtime::AccountId, value: u128| {
			bond(who, value);
			Staking::nominate(RuntimeOrigin::signed(who.clone()), targets())
		};
		// Below the minimum: refused.
		let dust = dsynapse_runtime::AccountId::from([200u8; 32]);
		bond(&dust, MIN_NOMINATOR_BOND - 1);
		assert_noop!(
			Staking::nominate(RuntimeOrigin::signed(dust.clone()), targets()),
			pallet_staking::Error::<Runtime>::InsufficientBond
		);
		// 300 nominators at the minimum, then one honest nominator with 50,000 DSY.
		for i in 0..300u32 {
			let mut raw = [7u8; 32];
			raw[..4].copy_from_slice(&i.to_le_bytes());
			assert_ok!(nominate(&dsynapse_runtime::AccountId::from(raw), MIN_NOMINATOR_BOND));
		}
		let honest = dsynapse_runtime::AccountId::from([201u8; 32]);
		assert_ok!(nominate(&honest, 50_000 * DSY));
		// The election reads voters in list order: the validators' self-votes (100,000 DSY each)
		// and the honest nominator come before every dust one.
		let first: Vec<_> = pallet_bags_list::Pallet::<Runtime>::iter().take(2).collect();
		assert!(first.contains(&honest), "{first:?}");
		assert_eq!(pallet_bags_list::Pallet::<Runtime>::count(), 302);
	});
}
