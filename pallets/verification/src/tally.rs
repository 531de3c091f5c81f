//! The tally of a round: a pure function from the committee's answers to the outcome and to who
//! is rewarded, excused or punished. [`crate::Pallet`] applies it (statuses, reputation, slashes,
//! the fee); nothing here reads or writes storage, so the rules can be read and tested alone.
//!
//! The rules (module docs of the pallet, "Verdict"):
//! - the largest group of answers agreeing with one reference answer wins if its share of the
//!   *whole committee* reaches the quorum (a withheld answer counts against every group);
//! - a winning model or dataset answer verifies the asset; members who answered anything else are
//!   outliers;
//! - a winning `Unavailable` rejects it; members who answered with data are excused (neither
//!   rewarded nor punished), members who answered `Unavailable` agree;
//! - without a quorum nobody who revealed is judged (all are excused);
//! - members who never revealed are no-shows in every case.

use alloc::vec::Vec;
use dsynapse_challenge::{compare::largest_agreeing_group, Fingerprint};
use sp_runtime::Perbill;

/// What a round decided.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
	/// A model or dataset answer reached the quorum: the asset is verified.
	Verified,
	/// `Unavailable` reached the quorum: the asset is rejected.
	Unavailable,
	/// No answer reached the quorum: another attempt, or rejection after the last.
	NoQuorum,
}

/// The result of [`tally`]: the outcome and a partition of the committee.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Tally<A> {
	/// What the round decided.
	pub outcome: Outcome,
	/// The largest agreeing group's share of the committee (the asset's score when verified).
	pub share: Perbill,
	/// The winning answer (none without a quorum).
	pub winner: Option<Fingerprint>,
	/// Members in the winning group (empty without a quorum).
	pub agreeing: Vec<A>,
	/// Members who answered differently from a winning model or dataset answer (punished).
	pub outliers: Vec<A>,
	/// Members who revealed and are neither rewarded nor punished: data answers when
	/// `Unavailable` wins, every answer without a quorum.
	pub excused: Vec<A>,
	/// Members who never revealed (punished).
	pub no_shows: Vec<A>,
}

impl<A: Clone> Tally<A> {
	/// Members who did the work and are not punished: they share the round fee.
	pub fn earners(&self) -> Vec<A> {
		self.agreeing.iter().chain(self.excused.iter()).cloned().collect()
	}
}

/// Tallies one answer per committee member (`None`: never revealed), in committee order.
pub fn tally<A: Clone>(
	answers: &[(A, Option<Fingerprint>)],
	quorum: Perbill,
	tolerance: u32,
) -> Tally<A> {
	let revealed: Vec<(&A, &Fingerprint)> =
		answers.iter().filter_map(|(who, a)| a.as_ref().map(|a| (who, a))).collect();
	let no_shows: Vec<A> =
		answers.iter().filter(|(_, a)| a.is_none()).map(|(who, _)| who.clone()).collect();
	let refs: Vec<&Fingerprint> = revealed.iter().map(|(_, a)| *a).collect();
	let group = largest_agreeing_group(&refs, tolerance);
	let size = u32::try_from(answers.len()).unwrap_or(u32::MAX).max(1);
	let share = Perbill::from_rational(u32::try_from(group.len()).unwrap_or(u32::MAX), size);
	let winner = group.first().and_then(|i| revealed.get(*i)).map(|(_, a)| (*a).clone());

	let mut result = Tally {
		outcome: Outcome::NoQuorum,
		share,
		winner: None,
		agreeing: Vec::new(),
		outliers: Vec::new(),
		excused: Vec::new(),
		no_shows,
	};
	let winner = match winner {
		Some(w) if share >= quorum => w,
		_ => {
			result.excused = revealed.iter().map(|(who, _)| (*who).clone()).collect();
			return result;
		},
	};
	let unavailable = winner == Fingerprint::Unavailable;
	result.outcome = if unavailable { Outcome::Unavailable } else { Outcome::Verified };
	for (i, (who, answer)) in revealed.iter().enumerate() {
		if group.contains(&i) {
			result.agreeing.push((*who).clone());
		} else if unavailable && **answer != Fingerprint::Unavailable {
			// It held the data and did the work; the data may be unavailable only to the others.
			result.excused.push((*who).clone());
		} else {
			result.outliers.push((*who).clone());
		}
	}
	result.winner = Some(winner);
	result
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
	use super::*;
	use dsynapse_challenge::DatasetFingerprint;
	use proptest::prelude::*;

	fn data(byte: u8) -> Fingerprint {
		Fingerprint::Dataset(DatasetFingerprint { chunk_hashes: alloc::vec![[byte; 32]] })
	}

	fn two_thirds() -> Perbill {
		Perbill::from_rational(2u32, 3)
	}

	#[test]
	fn a_quorum_of_data_answers_verifies_and_punishes_the_rest() {
		let answers = [
			(1u64, Some(data(1))),
			(2, Some(data(1))),
			(3, Some(Fingerprint::Unavailable)),
			(4, None),
		];
		let t = tally(&answers, Perbill::from_percent(50), 0);
		assert_eq!(t.outcome, Outcome::Verified);
		assert_eq!(t.share, Perbill::from_percent(50));
		assert_eq!(
			(t.agreeing, t.outliers, t.excused, t.no_shows.clone()),
			(alloc::vec![1, 2], alloc::vec![3], alloc::vec![], alloc::vec![4])
		);
	}

	#[test]
	fn unavailable_winning_excuses_the_members_who_had_the_data() {
		let answers = [
			(1u64, Some(Fingerprint::Unavailable)),
			(2, Some(Fingerprint::Unavailable)),
			(3, Some(data(9))),
		];
		let t = tally(&answers, two_thirds(), 0);
		assert_eq!(t.outcome, Outcome::Unavailable);
		assert_eq!(t.agreeing, alloc::vec![1, 2]);
		assert!(t.outliers.is_empty());
		assert_eq!(t.excused, alloc::vec![3]);
		assert_eq!(t.earners(), alloc::vec![1, 2, 3]);
	}

	#[test]
	fn without_a_quorum_only_no_shows_are_judged() {
		let answers = [(1u64, Some(data(1))), (2, Some(data(2))), (3, None)];
		let t = tally(&answers, two_thirds(), 0);
		assert_eq!(t.outcome, Outcome::NoQuorum);
		assert_eq!(t.winner, None);
		assert!(t.agreeing.is_empty() && t.outliers.is_empty());
		assert_eq!(t.excused, alloc::vec![1, 2]);
		assert_eq!(t.no_shows, alloc::vec![3]);
	}

	#[test]
	fn withheld_answers_count_against_the_quorum() {
		// Two of three agree, but the quorum is a share of the committee: 2/4 < 2/3.
		let answers = [(1u64, Some(data(1))), (2, Some(data(1))), (3, None), (4, None)];
		assert_eq!(tally(&answers, two_thirds(), 0).outcome, Outcome::NoQuorum);
		assert_eq!(tally(&answers[..3], two_thirds(), 0).outcome, Outcome::Verified);
	}

	fn answer() -> impl Strategy<Value = Option<Fingerprint>> {
		prop_oneof![
			Just(None),
			Just(Some(Fingerprint::Unavailable)),
			(0u8..3).prop_map(|b| Some(data(b))),
		]
	}

	proptest! {
		/// The four groups partition the committee; outliers exist only under a data verdict; a
		/// verdict's group reaches the quorum; the tally does not depend on anything but its input.
		#[test]
		fn the_groups_partition_the_committee(
			answers in proptest::collection::vec(answer(), 1..8),
			quorum in 501_000_000u32..=1_000_000_000,
		) {
			let answers: Vec<(usize, Option<Fingerprint>)> =
				answers.into_iter().enumerate().collect();
			let quorum = Perbill::from_parts(quorum);
			let t = tally(&answers, quorum, 0);
			let mut all: Vec<usize> = t.agreeing.iter()
				.chain(&t.outliers).chain(&t.excused).chain(&t.no_shows).copied().collect();
			all.sort_unstable();
			prop_assert_eq!(all, (0..answers.len()).collect::<Vec<_>>());
			prop_assert!(t.no_shows.iter().all(|i| answers[*i].1.is_none()));
			match t.outcome {
				Outcome::NoQuorum => {
					prop_assert!(t.agreeing.is_empty() && t.outliers.is_empty());
					prop_assert!(t.share < quorum || t.winner.is_none());
				},
				Outcome::Unavailable => {
					prop_assert!(t.share >= quorum);
					prop_assert!(t.outliers.is_empty());
					prop_assert!(t.agreeing.iter()
						.all(|i| answers[*i].1 == Some(Fingerprint::Unavailable)));
				},
				Outcome::Verified => {
					prop_assert!(t.share >= quorum);
					prop_assert!(t.excused.is_empty());
					let w = t.winner.clone();
					prop_assert!(t.agreeing.iter().all(|i| answers[*i].1 == w));
				},
			}
			prop_assert_eq!(t.clone(), tally(&answers, quorum, 0));
		}
	}
}
