//! The two-chamber tally and the voting power math.
//!
//! Every vote carries two powers: **stake power** `⌊√locked⌋` (locked in planck) and
//! **reputation** (the verifier's points). Each is capped at `max_account_share` of its
//! chamber's electorate (all accounts with a governance lock). A referendum then measures
//!
//! ```text
//! support  = min(stake turnout / S, reputation turnout / R)
//! approval = w · stake ayes / stake turnout + (1 − w) · reputation ayes / reputation turnout
//! ```
//!
//! where S and R are the electorate totals and w is `stake_weight`. `pallet-referenda` compares
//! them with each track's `min_support` and `min_approval` curves. Because support is the
//! smaller of the two chambers' turnouts, a referendum that one chamber ignores cannot pass:
//! stake alone (however split) or reputation alone never reaches quorum.

use crate::{types::VoteRecord, Config, Pallet};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::{traits::VoteTally, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{IntegerSquareRoot, Saturating},
	PerThing, Perbill,
};

/// Stake power of a locked balance: `⌊√locked⌋`, locked in planck.
pub fn stake_power(locked: u128) -> u128 {
	locked.integer_sqrt()
}

/// `power`, capped at `share` of the chamber total `total`.
pub fn capped(power: u128, total: u128, share: Perbill) -> u128 {
	power.min(share.mul_floor(total))
}

/// `part / whole` as a ratio, 0 when `whole` is 0, at most 100%.
pub fn ratio(part: u128, whole: u128) -> Perbill {
	if whole == 0 {
		return Perbill::zero();
	}
	Perbill::from_rational(part.min(whole), whole)
}

/// Turnout quorum: the smaller of the two chambers' turnouts.
pub fn support(
	stake_turnout: u128,
	stake_total: u128,
	rep_turnout: u128,
	rep_total: u128,
) -> Perbill {
	ratio(stake_turnout, stake_total).min(ratio(rep_turnout, rep_total))
}

/// Approval: each chamber's aye ratio, weighted `w` (stake) and `1 − w` (reputation).
pub fn approval(
	stake_ayes: u128,
	stake_nays: u128,
	rep_ayes: u128,
	rep_nays: u128,
	stake_weight: Perbill,
) -> Perbill {
	let stake = ratio(stake_ayes, stake_ayes.saturating_add(stake_nays));
	let rep = ratio(rep_ayes, rep_ayes.saturating_add(rep_nays));
	combine(stake, rep, stake_weight)
}

/// `w·stake + (1 − w)·reputation`, rounded down.
pub fn combine(stake: Perbill, reputation: Perbill, stake_weight: Perbill) -> Perbill {
	let part = |w: Perbill, p: Perbill| Perbill::from_parts(w.mul_floor(p.deconstruct()));
	part(stake_weight, stake).saturating_add(part(stake_weight.left_from_one(), reputation))
}

/// A referendum's tally: ayes and nays of each chamber.
///
/// The electorate totals are read when support is asked for, so a referendum is always
/// measured against the electorate of the moment.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Tally<T: Config> {
	/// Stake power voting aye.
	pub stake_ayes: u128,
	/// Stake power voting nay.
	pub stake_nays: u128,
	/// Reputation voting aye.
	pub reputation_ayes: u128,
	/// Reputation voting nay.
	pub reputation_nays: u128,
	#[codec(skip)]
	_phantom: PhantomData<T>,
}

impl<T: Config> Default for Tally<T> {
	fn default() -> Self {
		Self::from_parts(0, 0, 0, 0)
	}
}

impl<T: Config> Tally<T> {
	/// A tally with these totals.
	pub fn from_parts(
		stake_ayes: u128,
		stake_nays: u128,
		reputation_ayes: u128,
		reputation_nays: u128,
	) -> Self {
		Self { stake_ayes, stake_nays, reputation_ayes, reputation_nays, _phantom: PhantomData }
	}

	/// Adds a vote.
	pub fn add(&mut self, vote: &VoteRecord) {
		if vote.aye {
			self.stake_ayes = self.stake_ayes.saturating_add(vote.stake);
			self.reputation_ayes = self.reputation_ayes.saturating_add(vote.reputation);
		} else {
			self.stake_nays = self.stake_nays.saturating_add(vote.stake);
			self.reputation_nays = self.reputation_nays.saturating_add(vote.reputation);
		}
	}

	/// Removes a vote added before.
	pub fn remove(&mut self, vote: &VoteRecord) {
		if vote.aye {
			self.stake_ayes = self.stake_ayes.saturating_sub(vote.stake);
			self.reputation_ayes = self.reputation_ayes.saturating_sub(vote.reputation);
		} else {
			self.stake_nays = self.stake_nays.saturating_sub(vote.stake);
			self.reputation_nays = self.reputation_nays.saturating_sub(vote.reputation);
		}
	}

	/// Stake turnout (ayes + nays).
	pub fn stake_turnout(&self) -> u128 {
		self.stake_ayes.saturating_add(self.stake_nays)
	}

	/// Reputation turnout (ayes + nays).
	pub fn reputation_turnout(&self) -> u128 {
		self.reputation_ayes.saturating_add(self.reputation_nays)
	}
}

impl<T: Config, Class> VoteTally<u128, Class> for Tally<T> {
	fn new(_: Class) -> Self {
		Self::default()
	}

	fn ayes(&self, _: Class) -> u128 {
		self.stake_ayes.saturating_add(self.reputation_ayes)
	}

	fn support(&self, _: Class) -> Perbill {
		let electorate = Pallet::<T>::electorate();
		support(
			self.stake_turnout(),
			electorate.stake,
			self.reputation_turnout(),
			electorate.reputation,
		)
	}

	fn approval(&self, _: Class) -> Perbill {
		approval(
			self.stake_ayes,
			self.stake_nays,
			self.reputation_ayes,
			self.reputation_nays,
			Pallet::<T>::params().stake_weight,
		)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn unanimity(_: Class) -> Self {
		let electorate = Pallet::<T>::electorate();
		Self::from_parts(electorate.stake, 0, electorate.reputation, 0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn rejection(_: Class) -> Self {
		let electorate = Pallet::<T>::electorate();
		Self::from_parts(0, electorate.stake, 0, electorate.reputation)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn from_requirements(support: Perbill, approval: Perbill, _: Class) -> Self {
		let electorate = Pallet::<T>::electorate();
		let stake = support.mul_ceil(electorate.stake);
		let rep = support.mul_ceil(electorate.reputation);
		let stake_ayes = approval.mul_ceil(stake);
		let rep_ayes = approval.mul_ceil(rep);
		Self::from_parts(
			stake_ayes,
			stake.saturating_sub(stake_ayes),
			rep_ayes,
			rep.saturating_sub(rep_ayes),
		)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn setup(_: Class, _: Perbill) {
		crate::benchmarking::ensure_electorate::<T>();
	}
}
