//! The supply ledger in the real runtime: genesis, fees, the filtered `Balances::burn`, a rating
//! in a block, and the tail handed to staking.

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
	BalancesCall, Runtime, RuntimeCall, RuntimeEvent, System, Tokenomics,
};
use frame_support::traits::fungible::Inspect;
use pallet_staking::EraPayout;
use sp_keyring::Sr25519Keyring as K;

const SLOT: u64 = 1_000;

fn ledger() -> pallet_tokenomics::EpochStats {
	pallet_tokenomics::Current::<Runtime>::get()
}

#[test]
fn genesis_opens_the_ledger_with_the_pot_and_the_vault_funded() {
	new_ext("development").execute_with(|| {
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		assert_eq!(ledger().issuance_start, issuance);
		assert_eq!(ledger().epoch, 0);
		for account in [Tokenomics::pot_account(), Tokenomics::vault_account()] {
			assert_eq!(dsynapse_runtime::Balances::balance(&account), EXISTENTIAL_DEPOSIT);
		}
		assert_eq!(pallet_tokenomics::Parameters::<Runtime>::get(), Default::default());
		Tokenomics::do_try_state().unwrap();
	});
}

#[test]
fn a_burned_fee_is_on_the_books() {
	new_ext("development").execute_with(|| {
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: K::Dave.to_account_id().into(),
			value: DSY,
		});
		let (_, results) = build_block(0, SLOT, vec![signed(call, K::Bob, 0, DSY / 100)]);
		results[0].expect("valid").expect("dispatched");
		let fee = System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						actual_fee, tip, ..
					},
				) => Some(actual_fee - tip),
				_ => None,
			})
			.expect("fee event");
		assert_eq!(ledger().burned.fees, fee);
		Tokenomics::do_try_state().unwrap();
	});
}

#[test]
fn balances_burn_is_filtered_out() {
	new_ext("development").execute_with(|| {
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		let call = RuntimeCall::Balances(BalancesCall::burn { value: DSY, keep_alive: true });
		let (_, results) = build_block(0, SLOT, vec![signed(call, K::Bob, 0, 0)]);
		let dispatched = results[0].expect("the transaction is valid: it pays its fee");
		assert_eq!(dispatched, Err(frame_system::Error::<Runtime>::CallFiltered.into()));
		// Only the fee left circulation, and it is on the books.
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			issuance - ledger().burned.fees
		);
		Tokenomics::do_try_state().unwrap();
	});
}

#[test]
fn the_tail_goes_to_staking_at_the_era_end() {
	new_ext("development").execute_with(|| {
		pallet_tokenomics::PendingTail::<Runtime>::put(123 * DSY);
		let (payout, rest) = <dsynapse_runtime::configs::tokenomics::TailPayout as EraPayout<
			u128,
		>>::era_payout(0, 0, 0);
		assert_eq!((payout, rest), (123 * DSY, 0));
		assert_eq!(pallet_tokenomics::PendingTail::<Runtime>::get(), 0);
	});
}
