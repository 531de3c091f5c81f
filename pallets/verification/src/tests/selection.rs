//! Committee selection against stake shares.

use super::mock::*;
use crate::committee::select;
use dsynapse_asset_types::AssetKind;
use frame_support::assert_ok;

/// With one seat, each verifier is drawn with its stake share: 20,000 draws over stakes
/// 1:2:3:4 land within 1.5 percentage points of 10/20/30/40%.
#[test]
fn single_seat_frequencies_follow_stake_shares() {
	let stakes = [1_000u128, 2_000, 3_000, 4_000];
	let mut counts = [0u32; 4];
	let draws = 20_000u32;
	for i in 0..draws {
		let seed = sp_crypto_hashing::blake2_256(&i.to_le_bytes());
		counts[select(&seed, &stakes, 1).unwrap()[0]] += 1;
	}
	for (i, c) in counts.iter().enumerate() {
		let observed = f64::from(*c) / f64::from(draws);
		let expected = (i + 1) as f64 / 10.0;
		assert!((observed - expected).abs() < 0.015, "verifier {i}: {observed} vs {expected}");
	}
}

/// With three seats out of five, heavier verifiers sit more often, never twice, and the
/// frequencies match the exact probabilities of sequential draws without replacement.
#[test]
fn three_seat_frequencies_match_sequential_draws() {
	let stakes = [1u128, 1, 2, 2, 4];
	let total: f64 = stakes.iter().sum::<u128>() as f64;
	// Exact inclusion probabilities by enumerating ordered draws.
	let mut exact = [0f64; 5];
	for a in 0..5 {
		for b in 0..5 {
			for c in 0..5 {
				if a == b || b == c || a == c {
					continue;
				}
				let pa = stakes[a] as f64 / total;
				let pb = stakes[b] as f64 / (total - stakes[a] as f64);
				let pc = stakes[c] as f64 / (total - stakes[a] as f64 - stakes[b] as f64);
				for x in [a, b, c] {
					exact[x] += pa * pb * pc;
				}
			}
		}
	}
	let draws = 20_000u32;
	let mut counts = [0u32; 5];
	for i in 0..draws {
		let seed = sp_crypto_hashing::blake2_256(&(i + 1_000_000).to_le_bytes());
		for x in select(&seed, &stakes, 3).unwrap() {
			counts[x] += 1;
		}
	}
	for i in 0..5 {
		let observed = f64::from(counts[i]) / f64::from(draws);
		assert!((observed - exact[i]).abs() < 0.02, "verifier {i}: {observed} vs {}", exact[i]);
	}
}

#[test]
fn the_same_seed_gives_the_same_committee_in_the_runtime() {
	let committee_with_salt = |salt: u64| {
		let mut out = vec![];
		new_test_ext().execute_with(|| {
			for v in [V1, V2, V3, 14, 15, 16] {
				assert_ok!(Verification::register_verifier(
					RuntimeOrigin::signed(v),
					MIN_STAKE * (v as u128 - 10)
				));
			}
			RANDOM_SALT.with(|s| *s.borrow_mut() = salt);
			let asset = register_asset(AssetKind::Model, b"w");
			out = committee(asset);
		});
		out
	};
	assert_eq!(committee_with_salt(5), committee_with_salt(5));
	let differing = (0..20).filter(|s| committee_with_salt(*s) != committee_with_salt(5)).count();
	assert!(differing > 10, "seeds barely change the committee: {differing}");
}
