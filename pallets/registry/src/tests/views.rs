use super::mock::*;
use crate::{AssetStatus, Pallet, StatusTag};
use dsynapse_asset_types::AssetRegistry;
use frame_support::assert_ok;
use sp_runtime::Perbill;

#[test]
fn views_page_by_owner_and_status() {
	test(|| {
		for i in 0..12u8 {
			register_model(if i % 3 == 0 { BOB } else { ALICE }, &[i]);
		}
		assert_ok!(Registry::set_status(
			4,
			AssetStatus::Verified { score: Perbill::one(), until: 100 }
		));
		let one = Pallet::<Test>::asset_view(4).unwrap();
		assert_eq!(one.id, 4);
		assert_eq!(one.cid, raw_cid(&[4]));
		assert_eq!(one.license, b"Apache-2.0".to_vec());
		assert!(Pallet::<Test>::asset_view(99).is_none());

		let bob: Vec<u64> =
			Pallet::<Test>::assets_by_owner(BOB, 0, 100).iter().map(|a| a.id).collect();
		assert_eq!(bob, vec![0, 3, 6, 9]);
		let page: Vec<u64> =
			Pallet::<Test>::assets_by_owner(ALICE, 2, 3).iter().map(|a| a.id).collect();
		assert_eq!(page, vec![2, 4, 5]);
		let next: Vec<u64> =
			Pallet::<Test>::assets_by_owner(ALICE, 6, 3).iter().map(|a| a.id).collect();
		assert_eq!(next, vec![7, 8, 10]);

		let pending = Pallet::<Test>::assets_by_status(StatusTag::Pending, 0, 100);
		assert_eq!(pending.len(), 11);
		let verified = Pallet::<Test>::assets_by_status(StatusTag::Verified, 0, 100);
		assert_eq!(verified.iter().map(|a| a.id).collect::<Vec<_>>(), vec![4]);
		// Pages never exceed the cap.
		assert_eq!(Pallet::<Test>::assets_by_status(StatusTag::Pending, 0, u32::MAX).len(), 11);
	});
}
