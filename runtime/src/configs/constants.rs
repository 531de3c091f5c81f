//! Constants that more than one pallet's configuration reads. They live here, not in one of
//! those configurations, so that `consensus` and `staking` each import from this module instead
//! of from each other.

use crate::EraIndex;

/// Eras a stash stays bonded after `unbond`; also how long equivocation reports stay valid
/// and how far back GRANDPA keeps set-id → session mappings.
pub const BONDING_DURATION: EraIndex = 28;

/// The largest validator set BABE and GRANDPA accept, and so the most validators an election
/// may elect.
pub const MAX_AUTHORITIES: u32 = 100;
