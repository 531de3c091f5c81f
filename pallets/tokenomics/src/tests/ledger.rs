//! The supply ledger: every issuance change is recorded, and `try_state` notices one that is not.

use super::mock::*;
use crate::{pallet::*, BurnKind};
use dsynapse_asset_types::OnSlashBurned;
use frame_support::{
	assert_ok,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
};

#[test]
fn burns_from_outside_are_recorded_by_kind() {
	new_test_ext().execute_with(|| {
		assert_ok!(Balances::burn_from(
			&ALICE,
			5 * DSY,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite
		));
		Tokenomics::note_burned(BurnKind::Fees, 5 * DSY);
		assert_ok!(Balances::burn_from(
			&BOB,
			7 * DSY,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite
		));
		<Tokenomics as OnSlashBurned<u128>>::on_slash_burned(7 * DSY);
		let burned = Current::<Test>::get().burned;
		assert_eq!((burned.fees, burned.slashes, burned.rating), (5 * DSY, 7 * DSY, 0));
		Tokenomics::do_try_state().unwrap();
	});
}

#[test]
fn dust_of_reaped_accounts_is_recorded() {
	new_test_ext().execute_with(|| {
		// POOR sends all but a dust amount below the existential deposit away: it is reaped.
		let keep = ED / 2;
		let amount = Balances::balance(&POOR) - keep;
		assert_ok!(Balances::transfer(&POOR, &ALICE, amount, Preservation::Expendable));
		assert_eq!(Balances::balance(&POOR), 0);
		assert_eq!(Current::<Test>::get().burned.dust, keep);
		Tokenomics::do_try_state().unwrap();
	});
}

#[test]
fn an_unrecorded_mint_breaks_the_identity() {
	new_test_ext().execute_with(|| {
		Tokenomics::do_try_state().unwrap();
		assert_ok!(Balances::mint_into(&ALICE, DSY));
		assert!(Tokenomics::do_try_state().is_err());
	});
}

#[test]
fn staking_tail_payouts_are_recorded_as_minted() {
	new_test_ext().execute_with(|| {
		close_epoch();
		let tail = Tokenomics::take_validator_payout();
		assert_ok!(Balances::mint_into(&ALICE, tail));
		Tokenomics::note_tail_paid(tail);
		assert_eq!(Current::<Test>::get().minted.tail, tail);
		Tokenomics::do_try_state().unwrap();
	});
}

#[test]
fn a_pot_short_of_what_is_owed_is_caught() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100));
		close_epoch();
		let pot = Tokenomics::pot_account();
		let balance = Balances::balance(&pot);
		assert_ok!(Balances::burn_from(
			&pot,
			balance - ED,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Force
		));
		Tokenomics::note_burned(BurnKind::Fees, balance - ED);
		assert!(Tokenomics::do_try_state().is_err());
	});
}
