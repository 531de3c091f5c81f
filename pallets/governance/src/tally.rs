//! The two-chamber tally.
//!
//! Every vote carries two powers ([`crate::power`]): its **stake power** (the lock) and its
//! **reputation power**. A referendum measures
//!
//! ```text
//! support  = min(stake turnout / S₀, reputation turnout / R₀)
//! approval = min(stake ayes / stake turnout, reputation ayes / reputation turnout)
//! ```
//!
//! where S₀ and R₀ are the electorate totals **when the referendum was submitted** (kept in its
//! tally), so accounts that lock afterwards without voting cannot push its turnout down.
//! `pallet-referenda` compares both with each track's `min_support` and `min_approval` curves.
//! Both are minima over the chambers: **the chambers must concur**. Stake alone (however much,
//! however split) has no reputation turnout; a reputation clique has no stake majority; and
//! neither chamber's majority carries a referendum the other rejects.

use crate::{types::VoteRecord, Config, Electorate, Pallet};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::{traits::VoteTally, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// `part / whole` as a ratio, 0 when `whole` is 0, at most 100%.
pub fn ratio(part: u128, whole: u128) -> Perbill {
	if whole == 0 {
		return Perbill::zero();
	}
	Perbill::from_rational(part.min(whole), whole)
}

/// Turnout quorum: the smaller of the two chambers' turnouts against the electorate.
pub fn support(stake_turnout: u128, rep_turnout: u128, electorate: &Electorate) -> Perbill {
	ratio(stake_turnout, electorate.stake).min(ratio(rep_turnout, electorate.reputation))
}

/// Approval: the smaller of the two chambers' aye ratios.
pub fn approval(stake_ayes: u128, stake_nays: u128, rep_ayes: u128, rep_nays: u128) -> Perbill {
	let stake = ratio(stake_ayes, stake_ayes.saturating_add(stake_nays));
	let rep = ratio(rep_ayes, rep_ayes.saturating_add(rep_nays));
	stake.min(rep)
}

/// A referendum's tally: ayes and nays of each chamber, and the electorate it is measured
/// against (the totals when it was submitted).
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
	/// The electorate totals when the referendum was submitted.
	pub electorate: Electorate,
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
		Self {
			stake_ayes,
			stake_nays,
			reputation_ayes,
			reputation_nays,
			electorate: Electorate::default(),
			_phantom: PhantomData,
		}
	}

	/// An empty tally measured against `electorate`.
	pub fn against(electorate: Electorate) -> Self {
		Self { electorate, ..Self::default() }
	}

	/// Whether two tallies count the same votes (whatever their electorates).
	pub fn same_votes(&self, other: &Self) -> bool {
		(self.stake_ayes, self.stake_nays, self.reputation_ayes, self.reputation_nays)
			== (other.stake_ayes, other.stake_nays, other.reputation_ayes, other.reputation_nays)
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
		Self::against(Pallet::<T>::electorate())
	}

	fn ayes(&self, _: Class) -> u128 {
		self.stake_ayes.saturating_add(self.reputation_ayes)
	}

	fn support(&self, _: Class) -> Perbill {
		support(self.stake_turnout(), self.reputation_turnout(), &self.electorate)
	}

	fn approval(&self, _: Class) -> Perbill {
		approval(self.stake_ayes, self.stake_nays, self.reputation_ayes, self.reputation_nays)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn unanimity(_: Class) -> Self {
		let electorate = Pallet::<T>::electorate();
		Self { electorate, ..Self::from_parts(electorate.stake, 0, electorate.reputation, 0) }
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn rejection(_: Class) -> Self {
		let electorate = Pallet::<T>::electorate();
		Self { electorate, ..Self::from_parts(0, electorate.stake, 0, electorate.reputation) }
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn from_requirements(support: Perbill, approval: Perbill, _: Class) -> Self {
		let electorate = Pallet::<T>::electorate();
		let stake = support.mul_ceil(electorate.stake);
		let rep = support.mul_ceil(electorate.reputation);
		let stake_ayes = approval.mul_ceil(stake);
		let rep_ayes = approval.mul_ceil(rep);
		Self {
			electorate,
			..Self::from_parts(
				stake_ayes,
				stake.saturating_sub(stake_ayes),
				rep_ayes,
				rep.saturating_sub(rep_ayes),
			)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn setup(_: Class, _: Perbill) {
		crate::benchmarking::ensure_electorate::<T>();
	}
}
