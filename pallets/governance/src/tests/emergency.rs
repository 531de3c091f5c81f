//! Emergency powers owned by governance: the cancellers (who cannot stop their own removal),
//! cancelling an approved enactment, killing a referendum, and Root-only calls enacted by a
//! referendum of the track allowed to make them.

use super::mock::*;
use crate::{Cancellers, Error, Event, GovernanceOrigin};
use frame_support::{assert_noop, assert_ok, traits::Currency};
use pallet_referenda::ReferendumInfo;
use sp_runtime::DispatchError;

fn set_cancellers(accounts: Vec<AccountId>) -> RuntimeCall {
	RuntimeCall::Governance(crate::Call::set_cancellers {
		cancellers: accounts.try_into().unwrap(),
	})
}

fn heap_pages(pages: u64) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_heap_pages { pages })
}

fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Governance(crate::Call::enact_as_root { call: Box::new(call) })
}

fn emergency() -> RuntimeOrigin {
	GovernanceOrigin::Emergency.into()
}

#[test]
fn emergency_cancel_errors() {
	test(|| {
		electorate_of_three();
		let index = propose(heap_pages_call());
		assert_noop!(
			Governance::emergency_cancel(RuntimeOrigin::signed(1), index),
			Error::<Test>::NotCanceller
		);
		assert_noop!(
			Governance::emergency_cancel(RuntimeOrigin::signed(CANCELLER), 99),
			Error::<Test>::NotOngoing
		);
		assert_ok!(Governance::emergency_cancel(RuntimeOrigin::signed(CANCELLER), index));
		assert!(events().contains(&Event::EmergencyCancelled { who: CANCELLER, index }));
		assert_noop!(
			Governance::emergency_cancel(RuntimeOrigin::signed(CANCELLER), index),
			Error::<Test>::NotOngoing
		);
	});
}

fn heap_pages_call() -> RuntimeCall {
	as_root(heap_pages(64))
}

/// The attack: the cancellers cancel every referendum, including the one that removes them. The
/// removal runs on the emergency track, which they cannot cancel; it passes and they are gone.
#[test]
fn cancellers_cannot_stop_their_own_removal() {
	test(|| {
		electorate_of_three();
		let other = propose(heap_pages_call());
		let removal = propose(set_cancellers(vec![]));
		assert!(events().contains(&Event::Proposed {
			index: removal,
			who: 1,
			track: GovernanceOrigin::Emergency
		}));
		assert_ok!(Governance::emergency_cancel(RuntimeOrigin::signed(CANCELLER), other));
		assert_noop!(
			Governance::emergency_cancel(RuntimeOrigin::signed(CANCELLER), removal),
			Error::<Test>::ProtectedTrack
		);
		// Nor can they go around governance to referenda itself.
		assert_noop!(
			Referenda::cancel(RuntimeOrigin::signed(CANCELLER), removal),
			DispatchError::BadOrigin
		);
		vote_all(removal, true);
		advance(PREPARE + CONFIRM + ENACTMENT + 2);
		assert!(is_approved(removal));
		assert!(Cancellers::<Test>::get().is_empty());
		let next = propose(heap_pages_call());
		assert_noop!(
			Governance::emergency_cancel(RuntimeOrigin::signed(CANCELLER), next),
			Error::<Test>::NotCanceller
		);
	});
}

/// An approved referendum is waiting out its enactment delay; an emergency referendum cancels
/// the enactment, and the call never runs.
#[test]
fn an_approved_enactment_can_be_cancelled() {
	test(|| {
		electorate_of_three();
		let index = propose(heap_pages_call());
		vote_all(index, true);
		advance(PREPARE + CONFIRM + 1);
		assert!(is_approved(index));
		assert_noop!(
			Governance::cancel_enactment(GovernanceOrigin::Parameters.into(), index),
			DispatchError::BadOrigin
		);
		assert_ok!(Governance::cancel_enactment(emergency(), index));
		assert!(events().contains(&Event::EnactmentCancelled { index }));
		advance(ENACTMENT + 5);
		assert_eq!(sp_io::storage::get(sp_core::storage::well_known_keys::HEAP_PAGES), None);
		assert!(!events().contains(&Event::EnactedAsRoot { track: GovernanceOrigin::Parameters }));
		assert_noop!(
			Governance::cancel_enactment(emergency(), index),
			Error::<Test>::NoPendingEnactment
		);
		let ongoing = propose(heap_pages_call());
		assert_noop!(
			Governance::cancel_enactment(emergency(), ongoing),
			Error::<Test>::NotApproved
		);
	});
}

/// Without the cancellation, the same referendum sets the heap pages with Root's authority.
#[test]
fn a_root_only_call_is_enacted_by_its_track() {
	test(|| {
		electorate_of_three();
		let index = propose(heap_pages_call());
		assert!(events().contains(&Event::Proposed {
			index,
			who: 1,
			track: GovernanceOrigin::Parameters
		}));
		vote_all(index, true);
		advance(PREPARE + CONFIRM + ENACTMENT + 2);
		assert!(is_approved(index));
		assert_eq!(
			sp_io::storage::get(sp_core::storage::well_known_keys::HEAP_PAGES).map(|b| b.to_vec()),
			Some(64u64.to_le_bytes().to_vec())
		);
		assert!(events().contains(&Event::EnactedAsRoot { track: GovernanceOrigin::Parameters }));
	});
}

#[test]
fn enact_as_root_only_for_the_right_track_and_calls() {
	test(|| {
		let params: RuntimeOrigin = GovernanceOrigin::Parameters.into();
		assert_noop!(
			Governance::enact_as_root(RuntimeOrigin::signed(1), Box::new(heap_pages(8))),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Governance::enact_as_root(RuntimeOrigin::root(), Box::new(heap_pages(8))),
			DispatchError::BadOrigin
		);
		// The emergency track may not make the parameters track's Root calls, nor the reverse.
		assert_noop!(
			Governance::enact_as_root(emergency(), Box::new(heap_pages(8))),
			Error::<Test>::CallNotAllowed
		);
		let kill = RuntimeCall::System(frame_system::Call::kill_prefix {
			prefix: b"x".to_vec(),
			subkeys: 1,
		});
		assert_noop!(
			Governance::enact_as_root(params.clone(), Box::new(kill.clone())),
			Error::<Test>::CallNotAllowed
		);
		// Any other call: never.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_noop!(
			Governance::enact_as_root(params.clone(), Box::new(remark)),
			Error::<Test>::CallNotAllowed
		);
		assert_noop!(
			Governance::propose(
				RuntimeOrigin::signed(1),
				Box::new(as_root(RuntimeCall::System(frame_system::Call::remark {
					remark: vec![]
				}))),
				ENACTMENT
			),
			Error::<Test>::CallNotAllowed
		);
		assert_ok!(Governance::enact_as_root(params, Box::new(heap_pages(8))));
		assert_ok!(Governance::enact_as_root(emergency(), Box::new(kill)));
	});
}

/// Squatting the decision slots: junk referenda with decision deposits. An emergency referendum
/// kills them, which burns both deposits (5,100 DSY each in the runtime, 1,100 here).
#[test]
fn killing_a_squatter_burns_its_deposits() {
	test(|| {
		electorate_of_three();
		let squatter = 30;
		let index = pallet_referenda::ReferendumCount::<Test>::get();
		assert_ok!(Governance::propose(
			RuntimeOrigin::signed(squatter),
			Box::new(heap_pages_call()),
			ENACTMENT
		));
		assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(squatter), index));
		let before = Balances::total_balance(&squatter);
		assert_eq!(Balances::reserved_balance(squatter), SUBMISSION_DEPOSIT + DECISION_DEPOSIT);
		assert_noop!(
			Referenda::kill(RuntimeOrigin::signed(CANCELLER), index),
			DispatchError::BadOrigin
		);
		assert_ok!(Referenda::kill(emergency(), index));
		assert!(matches!(info(index), ReferendumInfo::Killed(..)));
		assert_eq!(
			Balances::total_balance(&squatter),
			before - SUBMISSION_DEPOSIT - DECISION_DEPOSIT
		);
	});
}
