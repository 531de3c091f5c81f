#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

pub mod mock;

mod attacks;
mod claims;
mod epochs;
mod ledger;
mod params;
mod random_ops;
mod rating;
