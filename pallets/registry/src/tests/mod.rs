#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

pub(crate) mod mock;
mod register;
mod status;
mod views;
