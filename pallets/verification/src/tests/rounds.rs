//! Every error of `commit`, `reveal` and `request_round`, each leaving state unchanged.

use super::mock::*;
use crate::{Error, FingerprintDefect, Rounds};
use codec::Encode;
use dsynapse_asset_types::AssetKind;
use dsynapse_challenge::{DatasetFingerprint, Fingerprint, ModelFingerprint};
use frame_support::{assert_noop, assert_ok};

fn setup() -> (u64, Vec<u64>) {
	three_verifiers();
	assert_ok!(Verification::register_verifier(RuntimeOrigin::signed(14), MIN_STAKE));
	let asset = register_asset(AssetKind::Model, b"weights");
	let members = committee(asset);
	(asset, members)
}

/// The last block for commits of the asset's running round.
fn commit_end(asset: u64) -> u64 {
	Rounds::<Test>::get(asset).unwrap().commit_end
}

fn outsider(members: &[u64]) -> u64 {
	[V1, V2, V3, 14].into_iter().find(|v| !members.contains(v)).unwrap()
}

#[test]
fn commit_errors() {
	test(|| {
		let (asset, members) = setup();
		let fp = answer(asset, 0);
		assert_noop!(commit(members[0], 99, &fp), Error::<Test>::NoRound);
		assert_noop!(commit(outsider(&members), asset, &fp), Error::<Test>::NotInCommittee);
		assert_ok!(commit(members[0], asset, &fp));
		assert_noop!(commit(members[0], asset, &fp), Error::<Test>::AlreadyCommitted);
		run_to(commit_end(asset) + 1);
		assert_noop!(commit(members[1], asset, &fp), Error::<Test>::CommitPhaseOver);
	});
}

#[test]
fn reveal_phase_errors() {
	test(|| {
		let (asset, members) = setup();
		let fp = answer(asset, 0);
		assert_noop!(reveal(members[0], 99, &fp), Error::<Test>::NoRound);
		assert_noop!(reveal(outsider(&members), asset, &fp), Error::<Test>::NotInCommittee);
		assert_ok!(commit(members[0], asset, &fp));
		// Two members have not committed and the commit phase runs until `commit_end`.
		assert_noop!(reveal(members[0], asset, &fp), Error::<Test>::RevealNotOpen);
		let round = Rounds::<Test>::get(asset).unwrap();
		run_to(round.commit_end);
		assert_noop!(reveal(members[0], asset, &fp), Error::<Test>::RevealNotOpen);
		run_to(round.commit_end + 1);
		assert_noop!(reveal(members[1], asset, &fp), Error::<Test>::NotCommitted);
		assert_ok!(reveal(members[0], asset, &fp));
		assert_noop!(reveal(members[0], asset, &fp), Error::<Test>::AlreadyRevealed);
		run_to(round.reveal_end);
		// Past reveal_end, before the verdict is processed.
		System::set_block_number(round.reveal_end + 1);
		assert_noop!(reveal(members[0], asset, &fp), Error::<Test>::RevealPhaseOver);
	});
}

#[test]
fn reveal_must_match_the_commitment() {
	test(|| {
		let (asset, members) = setup();
		let fp = answer(asset, 0);
		for m in &members {
			assert_ok!(commit(*m, asset, &fp));
		}
		// Other answer, other salt, someone else's reveal: all mismatches.
		assert_noop!(
			reveal(members[0], asset, &answer(asset, 1)),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(
			Verification::reveal(
				RuntimeOrigin::signed(members[0]),
				asset,
				[9; 32],
				bounded(fp.encode())
			),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(
			Verification::reveal(
				RuntimeOrigin::signed(members[1]),
				asset,
				salt_of(members[0]),
				bounded(fp.encode())
			),
			Error::<Test>::CommitmentMismatch
		);
		assert_ok!(reveal(members[0], asset, &fp));
	});
}

/// A fingerprint longer than `MAX_FINGERPRINT_LEN` cannot even reach the pallet: a `reveal`
/// carrying one does not decode as a call (the bound is in the call's argument type).
#[test]
fn an_overlong_fingerprint_does_not_decode() {
	use codec::Decode;
	let max = dsynapse_challenge::MAX_FINGERPRINT_LEN as usize;
	let call = |len: usize| {
		let longest = RuntimeCall::Verification(crate::Call::reveal {
			asset: 7,
			salt: [9; 32],
			fingerprint: bounded(vec![0; max]),
		})
		.encode();
		// The pallet and call indices, then the arguments with a fingerprint of `len` bytes
		// (a bounded vector encodes as a vector).
		let mut bytes = longest[..2].to_vec();
		(7u64, [9u8; 32], vec![0u8; len]).encode_to(&mut bytes);
		assert_eq!(bytes.len() == longest.len(), len == max);
		bytes
	};
	assert!(RuntimeCall::decode(&mut &call(max)[..]).is_ok());
	assert!(RuntimeCall::decode(&mut &call(max + 1)[..]).is_err());
	assert!(crate::BoundedFingerprint::try_from(vec![0; max + 1]).is_err());
}

#[test]
fn malformed_answers_name_their_defect() {
	let cases = |good: ModelFingerprint| -> Vec<(Vec<u8>, FingerprintDefect)> {
		let mut short = good.clone();
		short.tokens.pop();
		let mut fewer = good.clone();
		fewer.top.pop();
		let mut wrong_k = good.clone();
		wrong_k.top[0].pop();
		let mut dup = good.clone();
		dup.top[0][1].token = dup.top[0][0].token;
		vec![
			(vec![7, 7, 7], FingerprintDefect::Undecodable),
			(
				Fingerprint::Dataset(DatasetFingerprint { chunk_hashes: vec![] }).encode(),
				FingerprintDefect::KindMismatch,
			),
			(Fingerprint::Model(short).encode(), FingerprintDefect::WrongTokenCount),
			(Fingerprint::Model(fewer).encode(), FingerprintDefect::WrongPositionCount),
			(Fingerprint::Model(wrong_k).encode(), FingerprintDefect::WrongK),
			(Fingerprint::Model(dup).encode(), FingerprintDefect::DuplicateTopToken),
		]
	};
	for case in 0..6 {
		test(|| {
			let (asset, members) = setup();
			let Fingerprint::Model(good) = answer(asset, 0) else { unreachable!() };
			let (bytes, defect) = cases(good.clone()).swap_remove(case);
			// Everyone commits (so reveals open at once); members[0] committed to the bad bytes.
			let c =
				dsynapse_challenge::commitment(&salt_of(members[0]), &members[0].encode(), &bytes);
			assert_ok!(Verification::commit(RuntimeOrigin::signed(members[0]), asset, c));
			for m in &members[1..] {
				assert_ok!(commit(*m, asset, &Fingerprint::Model(good.clone())));
			}
			assert_noop!(
				Verification::reveal(
					RuntimeOrigin::signed(members[0]),
					asset,
					salt_of(members[0]),
					bounded(bytes)
				),
				Error::<Test>::MalformedFingerprint(defect)
			);
		});
	}
}

#[test]
fn dataset_answers_need_one_hash_per_chunk() {
	test(|| {
		three_verifiers();
		let asset = register_asset(AssetKind::Dataset, b"corpus");
		let m = committee(asset)[0];
		let wrong = Fingerprint::Dataset(DatasetFingerprint { chunk_hashes: vec![[0; 32]; 2] });
		assert_ok!(commit(m, asset, &wrong));
		run_to(commit_end(asset) + 1);
		assert_noop!(
			reveal(m, asset, &wrong),
			Error::<Test>::MalformedFingerprint(FingerprintDefect::WrongChunkCount)
		);
	});
}

#[test]
fn request_round_errors() {
	test(|| {
		let (asset, _) = setup();
		assert_noop!(
			Verification::request_round(RuntimeOrigin::signed(OTHER), 99),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Verification::request_round(RuntimeOrigin::signed(OTHER), asset),
			Error::<Test>::RoundInProgress
		);
		// A round waiting for its committee draw is in progress too.
		let undrawn = register_undrawn(AssetKind::Dataset, b"corpus");
		assert_noop!(
			Verification::request_round(RuntimeOrigin::signed(OTHER), undrawn),
			Error::<Test>::RoundInProgress
		);
		let fp = answer(asset, 0);
		for m in committee(asset) {
			assert_ok!(commit(m, asset, &fp));
		}
		for m in committee(asset) {
			assert_ok!(reveal(m, asset, &fp));
		}
		assert!(Rounds::<Test>::get(asset).is_none());
		assert_noop!(
			Verification::request_round(RuntimeOrigin::signed(OTHER), asset),
			Error::<Test>::WrongStatus
		);
		assert_noop!(
			Verification::request_round(RuntimeOrigin::none(), asset),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
