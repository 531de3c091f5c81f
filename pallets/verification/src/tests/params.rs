//! Governed parameters: origin, bounds, event.

use super::mock::*;
use crate::{CurrentParams, Error, Event, ParamField};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

#[test]
fn root_sets_parameters_within_bounds() {
	test(|| {
		let mut p = default_params();
		p.committee_size = 5;
		p.tolerance = 64;
		assert_ok!(Verification::set_params(RuntimeOrigin::root(), p));
		assert_eq!(CurrentParams::<Test>::get(), p);
		System::assert_has_event(Event::ParamsChanged { params: p }.into());
		assert_noop!(
			Verification::set_params(RuntimeOrigin::signed(V1), p),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn each_bound_has_its_error() {
	test(|| {
		type Edit = fn(&mut crate::Params<Balance, u64>);
		let cases: Vec<(Edit, ParamField)> = vec![
			(|p| p.committee_size = 0, ParamField::CommitteeSize),
			(|p| p.committee_size = 8, ParamField::CommitteeSize),
			(|p| p.quorum = Perbill::from_percent(50), ParamField::Quorum),
			(|p| p.commit_period = 0, ParamField::CommitPeriod),
			(|p| p.commit_period = 14_401, ParamField::CommitPeriod),
			(|p| p.reveal_period = 0, ParamField::RevealPeriod),
			// Both periods must end before unbonded stake (50 blocks) can leave.
			(
				|p| {
					p.commit_period = 25;
					p.reveal_period = 25
				},
				ParamField::RevealPeriod,
			),
			(|p| p.tolerance = 4_097, ParamField::Tolerance),
			(|p| p.no_show_slash = Perbill::from_percent(51), ParamField::NoShowSlash),
			(|p| p.outlier_slash = Perbill::from_percent(51), ParamField::OutlierSlash),
			// A no-show must never pay less than an outlier (20% in the mock).
			(|p| p.no_show_slash = Perbill::from_percent(19), ParamField::NoShowSlash),
			(
				|p| {
					p.outlier_slash = Perbill::from_percent(30);
				},
				ParamField::NoShowSlash,
			),
			(|p| p.reputation_gain = 1_001, ParamField::ReputationStep),
			(|p| p.reputation_loss = 1_001, ParamField::ReputationStep),
			(|p| p.validity_epochs = 0, ParamField::ValidityEpochs),
			(|p| p.validity_epochs = 1_001, ParamField::ValidityEpochs),
			(|p| p.max_attempts = 0, ParamField::MaxAttempts),
			(|p| p.max_attempts = 11, ParamField::MaxAttempts),
			(|p| p.min_stake = 0, ParamField::MinStake),
		];
		for (edit, field) in cases {
			let mut p = default_params();
			edit(&mut p);
			assert_noop!(
				Verification::set_params(RuntimeOrigin::root(), p),
				Error::<Test>::InvalidParameter(field)
			);
		}
	});
}
