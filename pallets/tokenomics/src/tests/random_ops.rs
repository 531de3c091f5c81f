//! Random operations with `try_state` after every block: the issuance identity and the pot's
//! cover hold whatever users, verifiers and governance do.

use super::mock::*;
use crate::BurnKind;
use dsynapse_asset_types::{AssetStatus, OnSlashBurned};
use dsynapse_tokenomics_math::{params::bounds, Params, Sample};
use frame_support::assert_ok;
use frame_support::traits::{
	fungible::Mutate,
	tokens::{Fortitude, Precision, Preservation},
};
use proptest::{
	prelude::*,
	test_runner::{RngAlgorithm, TestRng},
};
use sp_runtime::Perbill;

/// Draws from proptest's deterministic ChaCha generator, seeded with `seed`.
struct Draw(TestRng);
impl Draw {
	fn new(seed: u64) -> Self {
		let mut bytes = [0u8; 32];
		bytes[..8].copy_from_slice(&seed.to_le_bytes());
		Draw(TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
	}
	fn below(&mut self, n: u64) -> u64 {
		self.0.next_u64() % n
	}
}

const USERS: [AccountId; 6] = [OWNER, ALICE, BOB, V1, V2, V3];

/// A random parameter set that `validate` accepts: γ + κ anywhere up to the payback bound.
fn random_params(rng: &mut Draw) -> Params {
	let params = Params {
		owner_share: Perbill::from_parts(rng.below(1_000_000_001) as u32),
		..Params::sample(Sample {
			beta: bounds::BETA_MIN + rng.below(10 * DSY as u64) as u128,
			eta_milli: 1 + rng.below(1_000) as u32,
			delta: bounds::DELTA_MIN.deconstruct()
				+ rng.below(
					(bounds::DELTA_MAX.deconstruct() - bounds::DELTA_MIN.deconstruct()) as u64,
				) as u32,
			yield_share: rng.below(999_001) as u32,
			base_share: rng.below(1_000_001) as u32,
			base_budget: rng.below(100 * DSY as u64) as u128,
			epoch_cap: rng.below(10_000_001) as u32,
			tail: rng.below(100 * DSY as u64) as u128,
			vault: rng.below(500_000_001) as u32,
		})
	};
	assert_eq!(params.validate(), Ok(()));
	params
}

/// Runs `ops` random operations; a block passes every ~8 operations (an epoch every ~80).
fn random_operations(seed: u64, ops: u32) {
	new_test_ext().execute_with(|| {
		let mut rng = Draw::new(seed);
		let assets: Vec<_> = (0..12).map(|i| add_asset(USERS[i % USERS.len()])).collect();
		let pick = |rng: &mut Draw| USERS[rng.below(USERS.len() as u64) as usize];
		for _ in 0..ops {
			let asset = assets[rng.below(assets.len() as u64) as usize];
			match rng.below(100) {
				0..=39 => {
					let stars = rng.below(7) as u8; // 0 and 6 are refused
					let actions = rng.below(50) as u32; // 0 is refused
					let _ = Tokenomics::rate(
						RuntimeOrigin::signed(pick(&mut rng)),
						asset,
						stars,
						actions,
					);
				},
				40..=47 => {
					let size = 1 + rng.below(4) as usize;
					let committee: Vec<_> = (0..size).map(|_| pick(&mut rng)).collect();
					verify(asset, 50 + rng.below(51) as u32, &committee);
				},
				48..=51 => {
					let status = match rng.below(4) {
						0 => AssetStatus::Expired,
						1 => AssetStatus::Pending,
						2 => AssetStatus::Rejected,
						_ => AssetStatus::Withdrawn,
					};
					set_status(asset, status);
				},
				52..=63 => {
					let _ = Tokenomics::claim_rewards(RuntimeOrigin::signed(pick(&mut rng)), asset);
				},
				64..=67 => {
					let _ = Tokenomics::payout(RuntimeOrigin::signed(pick(&mut rng)));
				},
				68..=69 => {
					assert_ok!(Tokenomics::set_params(
						RuntimeOrigin::root(),
						random_params(&mut rng)
					));
				},
				70..=79 => {
					// A fee or a slash burned elsewhere in the runtime, and recorded.
					let who = pick(&mut rng);
					let amount = rng.below(DSY as u64) as u128;
					if Balances::burn_from(
						&who,
						amount,
						Preservation::Preserve,
						Precision::Exact,
						Fortitude::Polite,
					)
					.is_ok()
					{
						if rng.below(2) == 0 {
							Tokenomics::note_burned(BurnKind::Fees, amount);
						} else {
							<Tokenomics as OnSlashBurned<u128>>::on_slash_burned(amount);
						}
					}
				},
				80..=83 => {
					// Staking pays the tail.
					let tail = Tokenomics::take_validator_payout();
					if tail > 0 && Balances::mint_into(&pick(&mut rng), tail).is_ok() {
						Tokenomics::note_tail_paid(tail);
					}
				},
				_ => run_to_block(System::block_number() + 1),
			}
		}
		run_to_block(System::block_number() + 1);
		// Everything owed can be paid, and then the pot holds only dust.
		for asset in &assets {
			let _ = Tokenomics::claim_rewards(RuntimeOrigin::signed(ALICE), *asset);
		}
		for who in USERS {
			let _ = Tokenomics::payout(RuntimeOrigin::signed(who));
			assert_eq!(Tokenomics::credit(&who), 0);
		}
		Tokenomics::do_try_state().unwrap();
	});
}

/// 100,000 random operations (about 12,000 blocks and 1,200 epochs).
#[test]
fn hundred_thousand_random_operations_keep_the_invariants() {
	random_operations(0x5eed, 100_000);
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

	#[test]
	fn random_operations_from_any_seed(seed in any::<u64>()) {
		random_operations(seed, 3_000);
	}
}
