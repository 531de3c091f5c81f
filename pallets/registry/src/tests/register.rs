use super::mock::*;
use crate::{
	AssetByContent, AssetKind, AssetStatus, Assets, CidDefect, Error, Event, HoldReason,
	NextAssetId, StatusTag,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

fn register(who: AccountId, cid: Vec<u8>) -> frame_support::dispatch::DispatchResult {
	register_call(
		RuntimeOrigin::signed(who),
		AssetKind::Model,
		cid,
		1_000,
		b"Apache-2.0".to_vec(),
		raw_cid(b"manifest"),
		vec![],
	)
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Registry(HoldReason::AssetDeposit), &who)
}

#[test]
fn registers_an_asset_and_holds_the_deposit() {
	test(|| {
		let cid = raw_cid(b"weights");
		assert_ok!(register_call(
			RuntimeOrigin::signed(ALICE),
			AssetKind::Model,
			cid.clone(),
			4_096,
			b"Apache-2.0 OR MIT".to_vec(),
			pb_cid(b"manifest"),
			vec![],
		));
		let a = Assets::<Test>::get(0).unwrap();
		assert_eq!(a.owner, ALICE);
		assert_eq!(a.kind, AssetKind::Model);
		assert_eq!(a.cid.to_bytes(), cid);
		assert_eq!(a.content_size, 4_096);
		assert_eq!(a.status, AssetStatus::Pending);
		assert_eq!(a.deposit, DEPOSIT);
		assert_eq!(held(ALICE), DEPOSIT);
		assert_eq!(Balances::free_balance(ALICE), 10_000 - DEPOSIT);
		assert_eq!(NextAssetId::<Test>::get(), 1);
		assert!(crate::StatusIndex::<Test>::contains_key(StatusTag::Pending, 0));
		assert_eq!(lifecycle(), vec![("needs_verification", 0)]);
		System::assert_has_event(
			Event::Registered {
				asset: 0,
				owner: ALICE,
				kind: AssetKind::Model,
				cid,
				deposit: DEPOSIT,
			}
			.into(),
		);
	});
}

#[test]
fn accepts_every_supported_cid_form() {
	test(|| {
		assert_ok!(register(ALICE, v0_cid(b"a")));
		assert_ok!(register(ALICE, pb_cid(b"b")));
		assert_ok!(register(ALICE, raw_cid(b"c")));
		assert_eq!(NextAssetId::<Test>::get(), 3);
	});
}

#[test]
fn each_cid_defect_has_its_own_error() {
	test(|| {
		let good = raw_cid(b"x");
		let mut trailing = good.clone();
		trailing.push(0);
		let mut dag_cbor = good.clone();
		dag_cbor[1] = 0x71;
		let mut blake3 = good.clone();
		blake3[2] = 0x1e;
		let mut short_digest = good.clone();
		short_digest[3] = 20;
		let cases: Vec<(Vec<u8>, CidDefect)> = vec![
			(vec![], CidDefect::Empty),
			(good[..10].to_vec(), CidDefect::Truncated),
			(vec![0x80; 12], CidDefect::VarintOverlong),
			(vec![2, 0x55, 0x12, 0x20], CidDefect::UnsupportedVersion),
			(dag_cbor, CidDefect::UnsupportedCodec),
			(blake3, CidDefect::UnsupportedHash),
			(short_digest, CidDefect::WrongDigestLength),
			(trailing, CidDefect::TrailingBytes),
		];
		for (bytes, defect) in cases {
			assert_noop!(register(ALICE, bytes.clone()), Error::<Test>::InvalidCid(defect));
			assert_noop!(
				register_call(
					RuntimeOrigin::signed(ALICE),
					AssetKind::Model,
					raw_cid(b"fine"),
					1,
					b"MIT".to_vec(),
					bytes,
					vec![],
				),
				Error::<Test>::InvalidManifestCid(defect)
			);
		}
	});
}

#[test]
fn duplicate_content_is_rejected_across_cid_versions() {
	test(|| {
		assert_ok!(register(ALICE, v0_cid(b"dir")));
		assert_noop!(register(BOB, v0_cid(b"dir")), Error::<Test>::DuplicateCid);
		// The same dag-pb block under CIDv1 is the same content.
		assert_noop!(register(BOB, pb_cid(b"dir")), Error::<Test>::DuplicateCid);
		// A raw block with the same digest is different content.
		assert_ok!(register(BOB, raw_cid(b"dir")));
	});
}

#[test]
fn field_errors_are_distinct_and_change_nothing() {
	test(|| {
		register_model(ALICE, b"base");
		let call = |size: u64, license: &[u8], related: Vec<u64>| {
			register_call(
				RuntimeOrigin::signed(BOB),
				AssetKind::Dataset,
				raw_cid(b"new"),
				size,
				license.to_vec(),
				raw_cid(b"m"),
				related,
			)
		};
		assert_noop!(call(0, b"MIT", vec![]), Error::<Test>::ZeroSize);
		assert_noop!(call(1, b"", vec![]), Error::<Test>::EmptyLicense);
		assert_noop!(call(1, b"MIT;rm -rf", vec![]), Error::<Test>::InvalidLicense);
		assert_noop!(call(1, b"MIT", vec![7]), Error::<Test>::UnknownRelated);
		assert_noop!(call(1, b"MIT", vec![0, 0]), Error::<Test>::DuplicateRelated);
		assert_ok!(call(1, &[b'A'; 64], vec![0]));
		assert_eq!(Assets::<Test>::get(1).unwrap().related.into_inner(), vec![0]);
	});
}

#[test]
fn a_withdrawn_asset_cannot_be_named_as_related() {
	test(|| {
		let base = register_model(ALICE, b"base");
		assert_ok!(Registry::withdraw(RuntimeOrigin::signed(ALICE), base));
		assert_noop!(
			register_call(
				RuntimeOrigin::signed(BOB),
				AssetKind::Model,
				raw_cid(b"ft"),
				1,
				b"MIT".to_vec(),
				raw_cid(b"m"),
				vec![base],
			),
			Error::<Test>::UnknownRelated
		);
	});
}

#[test]
fn registration_needs_the_deposit() {
	test(|| {
		assert!(register(POOR, raw_cid(b"p")).is_err());
		assert_eq!(NextAssetId::<Test>::get(), 0);
		assert!(AssetByContent::<Test>::iter().next().is_none());
		assert_eq!(Balances::free_balance(POOR), 50);
		assert!(lifecycle().is_empty());
	});
}

#[test]
fn unsigned_registration_is_refused() {
	test(|| {
		assert_noop!(
			register_call(
				RuntimeOrigin::none(),
				AssetKind::Model,
				raw_cid(b"x"),
				1,
				b"MIT".to_vec(),
				raw_cid(b"m"),
				vec![],
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn oversized_arguments_do_not_decode() {
	use codec::{Decode, Encode};
	// The call's arguments are bounded types: a longer license, more related assets or a longer
	// CID than their bounds is refused while decoding, before the call runs (and before the
	// transaction pool accepts it).
	let encode = |cid: Vec<u8>, license: Vec<u8>, related: Vec<u64>| {
		// Same SCALE layout as `Call::register` (call index 0), with plain vectors.
		let mut bytes = vec![0u8];
		(AssetKind::Model, cid, 1u64, license, raw_cid(b"m"), related).encode_to(&mut bytes);
		bytes
	};
	let decodes = |bytes: Vec<u8>| crate::Call::<Test>::decode(&mut &bytes[..]).is_ok();
	assert!(decodes(encode(raw_cid(b"x"), vec![b'A'; 64], vec![0; 8])));
	assert!(!decodes(encode(raw_cid(b"x"), vec![b'A'; 65], vec![])));
	assert!(!decodes(encode(raw_cid(b"x"), b"MIT".to_vec(), vec![0; 9])));
	assert!(!decodes(encode(vec![1; crate::MAX_CID_ARG as usize + 1], b"MIT".to_vec(), vec![])));
	// A length prefix claiming 4 GiB of license is refused without allocating it.
	let mut huge = vec![0u8];
	(AssetKind::Model, raw_cid(b"x"), 1u64).encode_to(&mut huge);
	codec::Compact(u32::MAX).encode_to(&mut huge);
	assert!(!decodes(huge));
}
