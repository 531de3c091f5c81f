use super::mock::*;
use crate::{AssetByContent, AssetStatus, Assets, ContentKey, Error, Event, HoldReason, StatusTag};
use dsynapse_asset_types::AssetRegistry;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::Perbill;

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Registry(HoldReason::AssetDeposit), &who)
}

#[test]
fn update_manifest_resets_to_pending_and_asks_for_a_round() {
	test(|| {
		let id = register_model(ALICE, b"w");
		let verified = AssetStatus::Verified { score: Perbill::from_percent(100), until: 50 };
		assert_ok!(Registry::set_status(id, verified));
		System::set_block_number(System::block_number() + COOLDOWN);
		assert_ok!(update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"v2")));
		let a = Assets::<Test>::get(id).unwrap();
		assert_eq!(a.manifest.to_bytes(), raw_cid(b"v2"));
		assert_eq!(a.status, AssetStatus::Pending);
		// Verification is told (it ends the old verification's rewards, then opens a round).
		assert_eq!(lifecycle(), vec![("needs_verification", id), ("needs_verification", id)]);
		System::assert_has_event(
			Event::ManifestUpdated { asset: id, manifest: raw_cid(b"v2") }.into(),
		);
	});
}

/// Finding 2 of the review: a registrant re-drew its committee by changing the manifest at will.
#[test]
fn manifest_changes_are_rate_limited() {
	test(|| {
		let id = register_model(ALICE, b"w");
		let start = System::block_number();
		System::set_block_number(start + COOLDOWN - 1);
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"v2")),
			Error::<Test>::ManifestCooldown
		);
		System::set_block_number(start + COOLDOWN);
		assert_ok!(update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"v2")));
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"v3")),
			Error::<Test>::ManifestCooldown
		);
		System::set_block_number(start + 2 * COOLDOWN);
		assert_ok!(update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"v3")));
	});
}

#[test]
fn update_manifest_errors() {
	test(|| {
		let id = register_model(ALICE, b"w");
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(ALICE), 9, raw_cid(b"v2")),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(BOB), id, raw_cid(b"v2")),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"manifest")),
			Error::<Test>::SameManifest
		);
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(ALICE), id, vec![1, 2]),
			Error::<Test>::InvalidManifestCid(crate::CidDefect::UnsupportedCodec)
		);
		set_running(id);
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"v2")),
			Error::<Test>::RoundInProgress
		);
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			update_manifest_call(RuntimeOrigin::signed(ALICE), id, raw_cid(b"v2")),
			Error::<Test>::AssetWithdrawn
		);
	});
}

#[test]
fn withdraw_returns_the_deposit_and_stops_verification() {
	test(|| {
		let id = register_model(ALICE, b"w");
		set_running(id);
		assert_ok!(Registry::set_status(
			id,
			AssetStatus::Verified { score: Perbill::from_percent(60), until: 9 }
		));
		assert_eq!(held(ALICE), DEPOSIT);
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), 10_000);
		let a = Assets::<Test>::get(id).unwrap();
		assert_eq!(a.status, AssetStatus::Withdrawn);
		assert_eq!(a.deposit, 0);
		assert!(!AssetByContent::<Test>::contains_key(ContentKey::of(&a.cid)));
		assert!(crate::StatusIndex::<Test>::contains_key(StatusTag::Withdrawn, id));
		assert_eq!(lifecycle().last(), Some(&("withdrawn", id)));
		System::assert_has_event(Event::Withdrawn { asset: id, deposit: DEPOSIT }.into());
		// The content can be registered again, by anyone.
		assert_eq!(register_model(BOB, b"w"), id + 1);
	});
}

#[test]
fn withdraw_errors() {
	test(|| {
		let id = register_model(ALICE, b"w");
		assert_noop!(
			Registry::withdraw(RuntimeOrigin::signed(ALICE), 5),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(Registry::withdraw(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotOwner);
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Registry::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AssetWithdrawn
		);
	});
}

#[test]
fn status_driver_moves_assets_and_refuses_withdrawn_ones() {
	test(|| {
		let id = register_model(ALICE, b"w");
		assert_ok!(Registry::set_status(id, AssetStatus::Rejected));
		assert!(crate::StatusIndex::<Test>::contains_key(StatusTag::Rejected, id));
		assert!(!crate::StatusIndex::<Test>::contains_key(StatusTag::Pending, id));
		assert_noop!(
			Registry::set_status(id, AssetStatus::Withdrawn),
			Error::<Test>::AssetWithdrawn
		);
		assert_noop!(Registry::set_status(42, AssetStatus::Pending), Error::<Test>::UnknownAsset);
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(Registry::set_status(id, AssetStatus::Pending), Error::<Test>::AssetWithdrawn);
		let s = Registry::summary(id).unwrap();
		assert_eq!((s.owner, s.status), (ALICE, AssetStatus::Withdrawn));
	});
}

#[test]
fn try_state_catches_a_deposit_that_is_not_held() {
	new_test_ext().execute_with(|| {
		let id = register_model(ALICE, b"w");
		assert!(crate::Pallet::<Test>::do_try_state().is_ok());
		Assets::<Test>::mutate(id, |a| a.as_mut().unwrap().deposit = DEPOSIT + 1);
		assert!(crate::Pallet::<Test>::do_try_state().is_err());
	});
}
