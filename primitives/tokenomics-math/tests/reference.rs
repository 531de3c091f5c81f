#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::needless_range_loop
)]
//! The fixed-point economy against an f64 model of the same equations, epoch by epoch.
//!
//! Tolerances: relative 1e-9, with an absolute floor of a few planck (10⁻¹² DSY): the chain
//! rounds every mint up to the planck and every payment down to it, which an f64 model does not.

use dsynapse_tokenomics_math::{
	fixed::{self, PLANCK_PER_TOKEN},
	params::bounds,
	Economy, Params, Sample,
};
use proptest::{
	prelude::*,
	test_runner::{RngAlgorithm, TestRng},
};
use sp_arithmetic::{traits::Zero, FixedPointNumber, FixedU128, Perbill};

const ASSETS: usize = 4;
const REL: f64 = 1e-9;
const PLANCK: f64 = 1e-12;

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
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
}

/// The f64 model.
#[derive(Default, Clone)]
struct Reference {
	v: [f64; ASSETS],
	r: [f64; ASSETS],
	d: [f64; ASSETS],
	earned: [f64; ASSETS],
	supply: f64,
	supply_start: f64,
	pot_minted: f64,
}

struct P64 {
	beta: f64,
	eta: f64,
	delta: f64,
	gamma: f64,
	budget: f64,
	kappa: f64,
	cap: f64,
	tail: f64,
	vault: f64,
}

impl P64 {
	/// The epoch's rate per token of V·R (the module docs of `aggregate`).
	fn rate(&self, g: f64, supply: f64) -> f64 {
		if g <= 0.0 {
			return 0.0;
		}
		(self.gamma + self.kappa.min(self.budget / g)).min(self.cap * supply / g)
	}
}

fn p64(p: &Params) -> P64 {
	P64 {
		beta: p.beta as f64 / PLANCK_PER_TOKEN as f64,
		eta: p.eta.into_inner() as f64 / FixedU128::DIV as f64,
		delta: p.delta.deconstruct() as f64 / 1e9,
		gamma: p.gamma.into_inner() as f64 / FixedU128::DIV as f64,
		budget: p.base_budget as f64 / PLANCK_PER_TOKEN as f64,
		kappa: p.base_rate.into_inner() as f64 / FixedU128::DIV as f64,
		cap: p.epoch_cap.deconstruct() as f64 / 1e9,
		tail: p.tail as f64 / PLANCK_PER_TOKEN as f64,
		vault: p.vault_ratio.deconstruct() as f64 / 1e9,
	}
}

fn close(expected: f64, got: f64, floor_planck: f64) -> bool {
	(expected - got).abs() <= (REL * expected.abs()).max(floor_planck * PLANCK)
}

/// Parameter sets that `validate` accepts, spread over the whole space: γ + κ anywhere up to
/// the payback bound (γ+κ)(1 − vault) ≤ 90%·δ ([`Params::sample`]).
fn params_strategy() -> impl Strategy<Value = Params> {
	(
		(bounds::BETA_MIN..=100 * PLANCK_PER_TOKEN, 1u32..=1_000), // β, η in thousandths
		bounds::DELTA_MIN.deconstruct()..=bounds::DELTA_MAX.deconstruct(),
		(0u32..=999_000, 0u32..=1_000_000), // γ + κ as a share of its bound, κ's share
		0u128..=1_000 * PLANCK_PER_TOKEN,   // base budget
		0u32..=10_000_000,                  // epoch cap, ppb (≤ 1%)
		0u128..=1_000 * PLANCK_PER_TOKEN,   // tail
		0u32..=500_000_000,                 // vault ratio, ppb
	)
		.prop_map(
			|(
				(beta, eta_milli),
				delta,
				(yield_share, base_share),
				base_budget,
				epoch_cap,
				tail,
				vault,
			)| {
				let params = Params::sample(Sample {
					beta,
					eta_milli,
					delta,
					yield_share,
					base_share,
					base_budget,
					epoch_cap,
					tail,
					vault,
				});
				assert_eq!(params.validate(), Ok(()), "{params:?}");
				params
			},
		)
}

/// Runs `epochs` epochs of random events on both models; checks them after every epoch.
fn run(first: Params, second: Params, seed: u64, epochs: u32, max_actions: u64, supply0: u128) {
	let mut chain = Economy::new(first, supply0);
	let mut model = Reference { supply: supply0 as f64 * PLANCK, ..Default::default() };
	for _ in 0..ASSETS {
		chain.add_asset();
	}
	let mut rng = Draw::new(seed);
	let mut paid = [0u128; ASSETS];
	let mut pot_minted = 0u128;
	for epoch in 0..epochs {
		if epoch == epochs / 2 {
			// Governance changes every parameter half way through.
			chain.params = second;
		}
		let p = p64(&chain.params);
		model.supply_start = model.supply;
		for _ in 0..rng.below(3) {
			let asset = rng.below(ASSETS as u64) as usize;
			let stars = 1 + rng.below(5) as u8;
			let actions = 1 + rng.below(max_actions) as u32;
			let rating = chain.rate(asset, stars, actions).expect("valid rating");
			let burn = p.beta * actions as f64;
			let q = (stars - 1) as f64 / 4.0;
			model.r[asset] += p.eta * burn * q;
			model.d[asset] += p.eta * burn * (1.0 - q);
			model.supply -= burn;
			assert!(close(burn, rating.burn as f64 * PLANCK, 0.0));
		}
		if rng.chance(5) {
			let asset = rng.below(ASSETS as u64) as usize;
			let v = if rng.chance(30) { 0 } else { 660_000_000 + rng.below(340_000_001) as u32 };
			chain.set_score(asset, Perbill::from_parts(v));
			model.v[asset] = v as f64 / 1e9;
		}
		if rng.chance(10) {
			let asset = rng.below(ASSETS as u64) as usize;
			paid[asset] += chain.claim(asset);
		}
		// Close the epoch on both sides.
		let g: f64 = (0..ASSETS).map(|k| model.v[k] * model.r[k]).sum();
		let rate = p.rate(g, model.supply_start);
		let gross = rate * g;
		let report = chain.close_epoch();
		pot_minted += report.mint.rewards_pot;
		model.supply += gross + p.tail;
		model.pot_minted += (1.0 - p.vault) * gross;
		for k in 0..ASSETS {
			model.earned[k] += (1.0 - p.vault) * model.v[k] * rate * model.r[k];
			model.r[k] *= 1.0 - p.delta;
			model.d[k] *= 1.0 - p.delta;
		}
		let expected_a: u64 = (0..ASSETS).map(|k| chain.assets[k].score.deconstruct() as u64).sum();
		assert_eq!(report.score_sum, expected_a, "A is exact");
		let g_chain = fixed::to_f64(report.weighted_endorsement);
		assert!(close(g, g_chain, 1.0), "epoch {epoch}: G {g_chain} vs {g}");
		assert!(
			close((gross + p.tail) / PLANCK, report.mint.total() as f64, 2.0),
			"epoch {epoch}: minted {} vs {}",
			report.mint.total(),
			(gross + p.tail) / PLANCK
		);
		assert!(
			close(model.supply, chain.supply as f64 * PLANCK, 2.0 * (epoch as f64 + 1.0)),
			"epoch {epoch}: supply {} vs {}",
			chain.supply,
			model.supply / PLANCK
		);
		assert_eq!(report.supply_end, report.supply_start + report.mint.total() - report.burned);
		assert!(chain.pot >= chain.total_claimable(), "the pot covers every claim");
	}
	for k in 0..ASSETS {
		let r_chain = fixed::to_f64(chain.endorsement(k));
		assert!(close(model.r[k], r_chain, 1.0), "R_{k}: {r_chain} vs {}", model.r[k]);
		// What the asset earned, claimed or not, against the epoch-by-epoch f64 sum.
		let total = paid[k] as f64 * PLANCK + fixed::to_f64(chain.claimable(k));
		let claims = paid[k] as f64 + 1.0;
		assert!(
			close(model.earned[k], total, claims + 1.0),
			"asset {k}: earned {total} vs {}",
			model.earned[k]
		);
	}
	let paid_total: u128 = paid.iter().sum();
	assert!(paid_total + chain.total_claimable() <= pot_minted, "claims never exceed the mint");
	assert!(close(model.pot_minted, pot_minted as f64 * PLANCK, epochs as f64));
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

	/// 10,000 epochs of random ratings, score changes and claims, with all parameters
	/// changed half way: aggregates, supply, R_j and every asset's reward stay within 1e-9.
	#[test]
	fn fixed_point_follows_the_f64_model(
		first in params_strategy(),
		second in params_strategy(),
		seed in any::<u64>(),
	) {
		run(first, second, seed, 10_000, 1_000, 1_000_000_000 * PLANCK_PER_TOKEN);
	}

	/// The lazy reward of one asset equals the closed form for a constant rate r (one asset, a
	/// supply large enough that the cap does not bind, κ below the budget's share):
	/// (1 − vault)·r·V·R₀·(1 − (1−δ)ⁿ)/δ with r = γ + κ.
	#[test]
	fn lazy_reward_is_the_closed_form(
		params in params_strategy(),
		score in 1u32..=1_000_000_000,
		actions in 1u32..=1_000_000,
		n in 1u32..=10_000,
	) {
		// The base budget covers κ·G at every epoch and the cap is far away.
		let params = Params { base_budget: bounds::BASE_BUDGET_MAX, epoch_cap: bounds::EPOCH_CAP_MAX, ..params };
		let mut chain = Economy::new(params, u128::MAX / 4);
		let asset = chain.add_asset();
		chain.set_score(asset, Perbill::from_parts(score));
		chain.rate(asset, 5, actions).unwrap();
		for _ in 0..n {
			chain.close_epoch();
		}
		let p = p64(&params);
		let v = score as f64 / 1e9;
		let r0 = p.eta * p.beta * actions as f64;
		let g0 = v * r0;
		prop_assume!(p.kappa * g0 <= p.budget);
		let expected = (1.0 - p.vault)
			* ((p.gamma + p.kappa) * v * r0 * (1.0 - (1.0 - p.delta).powi(n as i32)) / p.delta);
		let got = fixed::to_f64(chain.claimable(asset));
		prop_assert!(close(expected, got, 1.0), "{got} vs {expected}");
	}
}

/// The largest parameters and ratings for 10,000 epochs: nothing overflows or panics, and
/// the pot still covers every claim.
#[test]
fn extreme_parameters_do_not_overflow() {
	// Ratings of up to 4·10⁹ actions at β = 1,000 DSY burn up to 4·10¹² DSY each: the supply
	// starts at 10²¹ DSY so that it can pay for them.
	let supply = 1_000_000_000 * 1_000_000_000_000 * PLANCK_PER_TOKEN;
	let shrinking = Params { delta: bounds::DELTA_MAX, ..Params::extreme() };
	run(Params::extreme(), shrinking, 7, 10_000, u32::MAX as u64 - 1, supply);
}

/// The smallest parameters: no division by zero, nothing minted from nothing.
#[test]
fn smallest_parameters() {
	let smallest = Params {
		beta: bounds::BETA_MIN,
		eta: FixedU128::from_inner(1),
		delta: bounds::DELTA_MIN,
		gamma: FixedU128::zero(),
		base_budget: 0,
		base_rate: FixedU128::zero(),
		tail: 0,
		vault_ratio: Perbill::zero(),
		..Params::default()
	};
	let mut chain = Economy::new(smallest, PLANCK_PER_TOKEN);
	let a = chain.add_asset();
	chain.set_score(a, Perbill::one());
	chain.rate(a, 5, 1).unwrap();
	for _ in 0..100 {
		let report = chain.close_epoch();
		assert_eq!(report.mint.total(), 0);
	}
	assert_eq!(chain.claim(a), 0);
}
