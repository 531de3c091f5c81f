#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

mod attacks;
mod emergency;
mod migration;
pub(crate) mod mock;
mod power;
mod proposals;
mod voting;
