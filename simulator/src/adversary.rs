//! The adversary simulator: each way a profit-seeking user could game the economy, played
//! against the chain's own math, with the attacker's net DSY per epoch and over a year.
//!
//! The token side (farming, self-rating, late expiries, disputes) runs on
//! [`dsynapse_tokenomics_math::Economy`], the same code as the runtime. The committee side
//! (capture, crowding) is arithmetic over the verification pallet's slashes and set rules, with
//! the runtime's defaults ([`Verification::default`]).
//!
//! Every round is paid for (`round_fee`, held from the owner at registration, manifest change
//! and renewal; disputes are not charged) and its committee is drawn two blocks after the
//! request, from randomness that did not exist when it was asked for: a registrant gets its own
//! seats into the quorum only with the odds of a fair stake-weighted draw. Even a capture would
//! not pay: what it wins — a junk asset `Verified` — earns nothing unless it is rated, and rating
//! it is self-rating.
//!
//! Every strategy is scored from the attacker's side: what it receives minus what it burns,
//! pays or loses to slashes. Deposits that come back (the asset deposit, a verifier's stake)
//! are not costs; they are reported as capital locked.

use dsynapse_tokenomics_math::{
	fixed::{to_f64, PLANCK_PER_TOKEN},
	Economy, Params,
};
use sp_arithmetic::Perbill;

/// Epochs in a year of 4-hour epochs.
pub const EPOCHS_PER_YEAR: u32 = 2_190;

/// The verification side's economics, as the runtime sets them (runtime/src/configs/registry.rs).
#[derive(Clone, Copy, Debug)]
pub struct Verification {
	/// Seats per committee.
	pub committee_size: u32,
	/// Seats that must agree for a verdict.
	pub quorum_seats: u32,
	/// The non-refundable fee a verification costs its requester, in DSY (paid to the committee).
	pub round_fee: f64,
	/// The stake of one verifier seat the attacker runs, in DSY.
	pub seat_stake: f64,
	/// Share of stake burned from an outvoted member.
	pub outlier_slash: f64,
	/// Most verifiers in the active set.
	pub max_verifiers: u32,
	/// Epochs a verification stays valid.
	pub validity_epochs: u32,
	/// The deposit held for a registered asset, in DSY (returned on withdrawal).
	pub asset_deposit: f64,
	/// The fee of a `register` transaction, in DSY (an assumption: its weight and byte fee).
	pub register_tx_fee: f64,
}

impl Default for Verification {
	fn default() -> Self {
		Verification {
			committee_size: 3,
			quorum_seats: 2,
			round_fee: 3.0,
			seat_stake: 100.0,
			outlier_slash: 0.10,
			max_verifiers: 512,
			validity_epochs: 42,
			asset_deposit: 10.0,
			register_tx_fee: 0.01,
		}
	}
}

/// One strategy's outcome for the attacker.
#[derive(Clone, Debug, PartialEq)]
pub struct Attack {
	/// The strategy and its setting.
	pub name: String,
	/// The attacker's net DSY per epoch (received − burned − paid − slashed).
	pub net_per_epoch: f64,
	/// The same over a year.
	pub net_per_year: f64,
	/// What it needs or does beyond its net (capital locked, damage to others).
	pub note: String,
}

fn dsy(planck: u128) -> f64 {
	planck as f64 / PLANCK_PER_TOKEN as f64
}

fn attack(name: String, net_per_year: f64, note: String) -> Attack {
	Attack { name, net_per_epoch: net_per_year / f64::from(EPOCHS_PER_YEAR), net_per_year, note }
}

/// A community asset rated 20 actions (5★) every epoch, so that G is not the attacker's alone.
fn community(economy: &mut Economy) -> usize {
	let k = economy.add_asset();
	economy.set_score(k, Perbill::one());
	k
}

/// Base farming: `copies` re-imports of an open model, each verified with V = 1 and never rated,
/// beside a rated community asset, for a year. The farmer claims everything the copies earned
/// and pays a round fee for every verification and renewal.
pub fn base_farm(params: Params, v: &Verification, copies: u32) -> Attack {
	let mut economy = Economy::new(params, 100_000_000 * PLANCK_PER_TOKEN);
	let honest = community(&mut economy);
	let farm: Vec<usize> = (0..copies)
		.map(|_| {
			let k = economy.add_asset();
			economy.set_score(k, Perbill::one());
			k
		})
		.collect();
	for _ in 0..EPOCHS_PER_YEAR {
		let _ = economy.rate(honest, 5, 20);
		economy.close_epoch();
	}
	let earned: u128 = farm.iter().map(|k| economy.claim(*k)).sum();
	let rounds = f64::from(EPOCHS_PER_YEAR.div_ceil(v.validity_epochs.max(1)));
	let paid = f64::from(copies) * (v.round_fee * rounds + v.register_tx_fee);
	attack(
		format!("base farm, {copies} unrated copies"),
		dsy(earned) - paid,
		format!(
			"copies earned {:.6} DSY; {:.0} DSY of deposits locked",
			dsy(earned),
			f64::from(copies) * v.asset_deposit
		),
	)
}

/// Self-rating: the owner of a verified asset, who also runs every seat of its committee (so it
/// collects 100% of the asset's reward), burns `actions` rating actions at 5★ every epoch for a
/// year, then collects what the endorsement keeps earning until it has decayed away.
pub fn self_rating(params: Params, actions: u32, with_community: bool) -> Attack {
	let mut economy = Economy::new(params, 100_000_000 * PLANCK_PER_TOKEN);
	let honest = with_community.then(|| community(&mut economy));
	let own = economy.add_asset();
	economy.set_score(own, Perbill::one());
	let mut burned = 0u128;
	for _ in 0..EPOCHS_PER_YEAR {
		if let Some(h) = honest {
			let _ = economy.rate(h, 5, 20);
		}
		if let Ok(r) = economy.rate(own, 5, actions) {
			burned = burned.saturating_add(r.burn);
		}
		economy.close_epoch();
	}
	// The endorsement keeps earning after the last burn: wait until it is below a planck's worth.
	let tail_epochs = tail_epochs(&params);
	for _ in 0..tail_epochs {
		economy.close_epoch();
	}
	let received = economy.claim(own);
	attack(
		format!(
			"self-rating, {actions} action(s)/epoch{}",
			if with_community { ", beside a rated community asset" } else { ", alone" }
		),
		dsy(received) - dsy(burned),
		format!(
			"received {:.3} of {:.3} DSY burned ({:.1}%; bound {:.1}%)",
			dsy(received),
			dsy(burned),
			100.0 * dsy(received) / dsy(burned).max(f64::MIN_POSITIVE),
			100.0 * params.payback()
		),
	)
}

/// Epochs after which an endorsement has decayed below 10⁻⁹ of itself (at most 100,000).
fn tail_epochs(params: &Params) -> u32 {
	let keep = 1.0 - f64::from(params.delta.deconstruct()) / 1e9;
	let n = (1e-9f64).ln() / keep.ln();
	if n.is_finite() {
		n.ceil().clamp(1.0, 100_000.0) as u32
	} else {
		100_000
	}
}

/// The chance that an attacker with stake share `p` wins at least `quorum` of `seats` seats
/// (independent stake-weighted draws: exact for a large honest set, an upper bound otherwise).
pub fn capture_probability(p: f64, seats: u32, quorum: u32) -> f64 {
	(quorum..=seats)
		.map(|k| {
			binomial(seats, k) * p.powi(k as i32) * (1.0 - p).powi(seats.saturating_sub(k) as i32)
		})
		.sum()
}

fn binomial(n: u32, k: u32) -> f64 {
	(0..k).fold(1.0, |acc, i| acc * f64::from(n.saturating_sub(i)) / f64::from(i.saturating_add(1)))
}

/// Committee capture: a registrant who also runs verifier seats (stake share `p`) registers a
/// junk asset and hopes its own seats hold the quorum. The committee is drawn after the
/// registration from randomness nobody knew then, so it succeeds with the odds of a fair draw
/// (in the note). A captured round makes the junk `Verified`, which earns nothing unrated
/// (rating it is self-rating); the honest member is slashed as an outlier — damage to it, not
/// income to the attacker. One try per epoch, each paying the registration's transaction fee
/// and the round fee (the fee goes to the committee: to the attacker's own seats only in the
/// share they hold, which the net leaves out, against the attacker).
pub fn committee_capture(v: &Verification, p: f64) -> Attack {
	let fair = capture_probability(p, v.committee_size, v.quorum_seats);
	let per_try = -(v.register_tx_fee + v.round_fee);
	let honest_loss = v.outlier_slash * v.seat_stake;
	attack(
		format!("committee capture, stake share {:.0}%", p * 100.0),
		per_try * f64::from(EPOCHS_PER_YEAR),
		format!(
			"captured in {:.1}% of tries (a fair draw); the junk earns 0 unrated; the honest \
			 member loses {honest_loss:.0} DSY per capture (griefing)",
			fair * 100.0
		),
	)
}

/// Verifier-set crowding: holding every seat of a full active set against a newcomer with
/// stake `newcomer` DSY. A newcomer with more stake than the smallest member displaces it, so
/// the crowd must lock more than the newcomer in every seat; the crowd only earns what honest
/// work earns (its share of round fees), so the exclusion itself pays nothing.
pub fn crowding(v: &Verification, newcomer: f64) -> Attack {
	attack(
		format!("verifier-set crowding against a {newcomer:.0} DSY newcomer"),
		0.0,
		format!(
			"needs {:.0} DSY locked ({} seats above the newcomer's stake)",
			f64::from(v.max_verifiers) * newcomer,
			v.max_verifiers
		),
	)
}

/// Expiry starvation: a verified, rated asset whose expiry is never processed (the hook is
/// starved) keeps its score; the attacker hopes it earns after its verification ran out. The
/// chain clamps accrual at the verification's last epoch: compare its claim a year later with
/// the claim of the same asset expired on time.
pub fn expiry_starvation(params: Params, v: &Verification) -> Attack {
	let run = |late: bool| {
		let mut economy = Economy::new(params, 100_000_000 * PLANCK_PER_TOKEN);
		let k = economy.add_asset();
		economy.set_score_until(k, Perbill::one(), Some(v.validity_epochs));
		let _ = economy.rate(k, 5, 100);
		for epoch in 0..EPOCHS_PER_YEAR {
			if !late && epoch == v.validity_epochs {
				economy.set_score(k, Perbill::zero());
			}
			economy.close_epoch();
		}
		economy.claim(k)
	};
	let (on_time, starved) = (run(false), run(true));
	attack(
		"expiry starvation (expiry never processed)".into(),
		dsy(starved) - dsy(on_time) - v.round_fee,
		format!(
			"earned {:.6} DSY starved vs {:.6} on time: accrual stops at `until`",
			dsy(starved),
			dsy(on_time)
		),
	)
}

/// Dispute griefing: 1★ ratings that push an honest asset's dispute signal over the threshold
/// reopen its verification. The griefer burns at least the dispute floor (and more than
/// `dispute_ratio·R_j`); a dispute round charges nobody a fee. The asset stays verified and
/// earning while the new committee runs, so the victim loses nothing but the time of an honest
/// re-verification.
pub fn dispute_griefing(params: Params, victim_endorsement: f64) -> Attack {
	let ratio = to_f64(params.dispute_ratio);
	let floor = dsy(params.dispute_floor);
	let eta = to_f64(params.eta);
	// D_j must reach the floor and exceed ratio·R_j: one-star actions of η·β each.
	let step = eta * dsy(params.beta);
	let actions = (floor / step).ceil().max((ratio * victim_endorsement / step).floor() + 1.0);
	let beta = dsy(params.beta);
	let cost = actions * beta;
	attack(
		format!("dispute griefing, victim R = {victim_endorsement:.0} DSY"),
		-cost * f64::from(EPOCHS_PER_YEAR),
		format!("{cost:.2} DSY per dispute (one per epoch); the victim keeps earning"),
	)
}

/// Every strategy with the given parameters.
pub fn all(params: Params, v: &Verification) -> Vec<Attack> {
	let mut out = vec![
		base_farm(params, v, 1),
		base_farm(params, v, 100),
		base_farm(params, v, 10_000),
		self_rating(params, 1, false),
		self_rating(params, 100, false),
		self_rating(params, 100, true),
	];
	out.extend([0.01, 0.10, 0.33].map(|p| committee_capture(v, p)));
	out.extend([100.0, 10_000.0].map(|s| crowding(v, s)));
	out.push(expiry_starvation(params, v));
	out.extend([0.0, 1_000.0].map(|r| dispute_griefing(params, r)));
	out
}

/// The table as Markdown (what docs/tokenomics.md shows).
pub fn table(attacks: &[Attack]) -> String {
	let mut out = String::from(
		"| strategy | net DSY / epoch | net DSY / year | note |\n|---|---:|---:|---|\n",
	);
	for a in attacks {
		out.push_str(&format!(
			"| {} | {:.4} | {:.2} | {} |\n",
			a.name, a.net_per_epoch, a.net_per_year, a.note
		));
	}
	out
}
