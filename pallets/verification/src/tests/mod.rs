#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

mod fees_and_draws;
mod migration;
pub(crate) mod mock;
mod open_set;
mod params;
mod queues;
mod rounds;
mod scenarios;
mod selection;
mod verifiers;
