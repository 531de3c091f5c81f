//! `set_params`: origin, bounds, event.

use super::mock::*;
use crate::{pallet::*, Event};
use dsynapse_tokenomics_math::{ParamField, Params};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, FixedU128, Perbill};

#[test]
fn root_sets_parameters() {
	new_test_ext().execute_with(|| {
		let old = Parameters::<Test>::get();
		assert_eq!(old, Params::default());
		let new = Params { gamma: FixedU128::from_rational(2, 100), ..old };
		assert_ok!(Tokenomics::set_params(RuntimeOrigin::root(), new));
		assert_eq!(Parameters::<Test>::get(), new);
		System::assert_last_event(Event::ParamsChanged { old, new }.into());
	});
}

#[test]
fn only_the_params_origin_may_change_them() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Tokenomics::set_params(RuntimeOrigin::signed(ALICE), Params::default()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn each_bound_has_its_error() {
	new_test_ext().execute_with(|| {
		let ok = Params::default();
		let cases = [
			(Params { beta: 0, ..ok }, ParamField::Beta),
			(Params { eta: FixedU128::from_u32(11), ..ok }, ParamField::Eta),
			(Params { delta: Perbill::zero(), ..ok }, ParamField::Delta),
			(Params { gamma: FixedU128::from_u32(2), ..ok }, ParamField::Gamma),
			(Params { base_budget: u128::MAX, ..ok }, ParamField::BaseBudget),
			(Params { base_rate: FixedU128::from_u32(2), ..ok }, ParamField::BaseRate),
			(Params { epoch_cap: Perbill::from_percent(5), ..ok }, ParamField::EpochCap),
			(Params { gamma: FixedU128::from_rational(5, 100), ..ok }, ParamField::Payback),
			(Params { tail: u128::MAX, ..ok }, ParamField::Tail),
			(Params { vault_ratio: Perbill::from_percent(60), ..ok }, ParamField::VaultRatio),
			(Params { dispute_ratio: FixedU128::from_u32(1_000), ..ok }, ParamField::DisputeRatio),
			(Params { dispute_floor: u128::MAX, ..ok }, ParamField::DisputeFloor),
		];
		for (params, field) in cases {
			assert_noop!(
				Tokenomics::set_params(RuntimeOrigin::root(), params),
				Error::<Test>::InvalidParameter(field)
			);
		}
	});
}

#[test]
fn a_new_rate_applies_from_the_next_epoch_close() {
	new_test_ext().execute_with(|| {
		let asset = add_asset(OWNER);
		verify(asset, 100, &[V1]);
		assert_ok!(Tokenomics::rate(RuntimeOrigin::signed(ALICE), asset, 5, 100));
		close_epoch();
		let p = Params {
			gamma: FixedU128::from_rational(25, 1000),
			vault_ratio: Perbill::zero(),
			..Params::default()
		};
		assert_ok!(Tokenomics::set_params(RuntimeOrigin::root(), p));
		close_epoch();
		// R = 100 DSY, then 95: one epoch at 0.03 less 3%, one at 0.045 with no vault share.
		let pending = Tokenomics::asset_view(asset).unwrap().pending_reward;
		let expected = 3 * DSY * 97 / 100 + 95 * DSY * 45 / 1000;
		assert!(pending <= expected && pending + 2 >= expected, "{pending} vs {expected}");
	});
}
