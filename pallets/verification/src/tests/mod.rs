#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

pub(crate) mod mock;
mod params;
mod rounds;
mod scenarios;
mod selection;
mod verifiers;
