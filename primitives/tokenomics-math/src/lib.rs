//! # dsynapse tokenomics math
//!
//! The whitepaper's supply equations, discretised per epoch and written in fixed point
//! (sp-arithmetic's `FixedU128` and `Perbill`, plus a 256-bit [`Wide`](wide::Wide) for the decay
//! index). The runtime's tokenomics pallet and the `dsynapse-sim` simulator both use this crate,
//! so a simulation predicts the chain.
//!
//! | whitepaper | here |
//! |---|---|
//! | dS/dt = I − B | [`engine::Economy::close_epoch`]: supply += minted, −= burned |
//! | B = Σ β·RateAction_j | [`asset::rating`]: `burn = β·actions` |
//! | dR_j/dt = η·B_j − δ·R_j | [`asset::rating`] adds η·burn·q (q = (stars−1)/4); [`index::GlobalIndex::advance`] decays every R_j by (1 − δ) at each epoch end |
//! | I_k = V_k·(RewardBase + γ·R_k) | [`aggregate::Aggregates::epoch_mint`] mints Σ I_k = RewardBase·A + γ·G; [`asset::AssetAccount::accrued`] owes each asset its I_k lazily |
//! | I = Σ I_k + I_tail | [`aggregate::EpochMint`]: rewards pot + vault + validators |
//! | 3% of the mint to the DAO | `vault_ratio` of both the contributions and the tail |
//!
//! Within an epoch ratings and score changes apply at once; at the epoch's end the epoch's
//! emission is computed from the current A and G, then every R_j decays:
//! `R(e+1) = (1 − δ)·(R(e) + η·B_j(e)·q)`. Per-asset rewards are never computed per epoch:
//! the index (module [`index`]) gives the closed form between two touches of an asset for any
//! sequence of parameters. Rounding is directed so that what is owed never exceeds what was
//! minted (module [`fixed`]).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod aggregate;
pub mod asset;
pub mod engine;
pub mod fixed;
pub mod index;
pub mod params;
pub mod wide;

/// The number types and traits every module uses.
mod prelude {
	pub use sp_arithmetic::{
		helpers_128bit::multiply_by_rational_with_rounding,
		per_things::Rounding,
		traits::{One, Saturating, Zero},
		FixedPointNumber, FixedU128, PerThing, Perbill,
	};
}

pub use aggregate::{Aggregates, EpochMint};
pub use asset::{rating, AssetAccount, Rating, RatingError};
pub use engine::{Economy, EpochReport};
pub use index::{Checkpoint, GlobalIndex};
pub use params::{ParamField, Params, Sample};
pub use wide::Wide;
