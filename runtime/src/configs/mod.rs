//! Pallet configurations, one file per concern.
//!
//! - [`system`]: frame-system, timestamp, balances, sudo;
//! - [`consensus`]: BABE, GRANDPA, authorship, session (+ historical), offences;
//! - [`staking`]: NPoS staking and its on-chain election;
//! - [`fees`]: transaction payment: the fee is burned, the tip goes to the block author;
//! - [`registry`]: the registry (the deposit per asset, the manifest cooldown);
//! - [`verification`]: round seeds, verifier stakes, committees, deadlines;
//! - [`tokenomics`]: rating, emission, the DAO vault, rewards, and the supply ledger's wiring;
//! - [`bridge`]: BEEFY, the MMR it signs, and the Ethereum bridge's outbound messages;
//! - [`governance`]: referenda with the hybrid (stake + reputation) tally, tracks, the allowed calls;
//! - [`constants`]: what more than one of them reads (the bonding duration, the authority bound).

pub mod bridge;
pub mod consensus;
pub mod constants;
pub mod fees;
pub mod governance;
pub mod registry;
pub mod staking;
pub mod system;
pub mod tokenomics;
pub mod verification;

pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
