//! Every adversary strategy loses money, at the defaults and under every parameter set the
//! chain accepts.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing
)]

use dsynapse_sim::adversary::{self, Verification};
use dsynapse_tokenomics_math::{fixed::PLANCK_PER_TOKEN, params::bounds, Params, Sample};
use proptest::prelude::*;
use std::process::Command;

#[test]
fn no_strategy_pays_at_the_defaults() {
	let attacks = adversary::all(Params::default(), &Verification::default());
	assert_eq!(attacks.len(), 14);
	for a in &attacks {
		assert!(
			a.net_per_year <= 0.0,
			"{} pays {} DSY a year ({})",
			a.name,
			a.net_per_year,
			a.note
		);
	}
	println!("{}", adversary::table(&attacks));
}

#[test]
fn unrated_copies_earn_nothing() {
	let farm = adversary::base_farm(Params::default(), &Verification::default(), 100);
	assert!(farm.note.starts_with("copies earned 0.000000 DSY"), "{}", farm.note);
}

#[test]
fn self_rating_returns_what_the_payback_bound_says() {
	// Alone, κ binds (G stays under the 50 DSY budget's share): the owner gets back
	// (γ + κ)(1 − vault)/δ = 58.2% of the burn, less the decay left after the year.
	let a = adversary::self_rating(Params::default(), 1, false);
	let share: f64 = a.note.split('(').nth(1).unwrap().split('%').next().unwrap().parse().unwrap();
	assert!((share - 58.2).abs() < 0.1, "{}", a.note);
}

#[test]
fn a_late_expiry_earns_nothing_more() {
	let a = adversary::expiry_starvation(Params::default(), &Verification::default());
	assert!(a.net_per_year <= 0.0, "{}", a.note);
	assert!(a.note.starts_with("earned"), "{}", a.note);
	let amounts: Vec<&str> = a.note.split_whitespace().filter(|w| w.contains('.')).collect();
	assert_eq!(amounts[0], amounts[1], "starved and on-time earnings differ: {}", a.note);
}

#[test]
fn capture_probability_is_the_binomial_tail() {
	assert!((adversary::capture_probability(0.1, 3, 2) - 0.028).abs() < 1e-12);
	assert!(
		(adversary::capture_probability(0.33, 3, 2) - (3.0 * 0.1089 * 0.67 + 0.035937)).abs()
			< 1e-12
	);
}

#[test]
fn the_cli_prints_the_table_and_succeeds() {
	let out = Command::new(env!("CARGO_BIN_EXE_dsynapse-sim")).arg("--attacks").output().unwrap();
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let stdout = String::from_utf8_lossy(&out.stdout);
	assert!(stdout.contains("| base farm, 10000 unrated copies |"), "{stdout}");
	assert!(stdout.contains("every strategy's net is ≤ 0"), "{stdout}");
}

/// Parameter sets `validate` accepts, across the whole space (γ + κ up to the payback bound).
fn valid_params() -> impl Strategy<Value = Params> {
	(
		bounds::BETA_MIN..=10 * PLANCK_PER_TOKEN,
		1u32..=1_000,
		bounds::DELTA_MIN.deconstruct()..=bounds::DELTA_MAX.deconstruct(),
		0u32..=1_000_000,
		0u32..=1_000_000,
		0u128..=bounds::BASE_BUDGET_MAX,
		0u32..=bounds::EPOCH_CAP_MAX.deconstruct(),
		0u32..=bounds::VAULT_RATIO_MAX.deconstruct(),
	)
		.prop_map(
			|(beta, eta_milli, delta, yield_share, base_share, base_budget, epoch_cap, vault)| {
				Params::sample(Sample {
					beta,
					eta_milli,
					delta,
					yield_share,
					base_share,
					base_budget,
					epoch_cap,
					vault,
					..Sample::default()
				})
			},
		)
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

	/// Self-rating and base farming never pay, whatever parameters governance sets.
	#[test]
	fn no_valid_parameter_set_makes_farming_pay(params in valid_params(), actions in 1u32..1_000) {
		let v = Verification::default();
		for a in [
			adversary::self_rating(params, actions, false),
			adversary::self_rating(params, actions, true),
			adversary::base_farm(params, &v, 10),
			adversary::expiry_starvation(params, &v),
		] {
			prop_assert!(a.net_per_year <= 0.0, "{} pays {} ({}) with {:?}", a.name, a.net_per_year, a.note, params);
		}
	}
}
