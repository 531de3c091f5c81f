//! # dsynapse-relayer: DSY locked on dsynapse, minted as wDSY on Ethereum
//!
//! The bridge's outbound direction is trustless: the gateway on Ethereum mints only what a
//! message proves against an MMR root that more than two thirds of the chain's BEEFY validators
//! signed. A relayer adds no trust; it only carries bytes. This crate is one such carrier:
//!
//! - [`chain`] reads the dsynapse node (BEEFY justifications, set changes in headers, MMR
//!   proofs, the bridge's messages);
//! - [`eth`] talks to the light client, the gateway and wDSY;
//! - [`proofs`] turns the one into the other, checking on the way what the contracts will check;
//! - [`relay`] is the loop (settle, hand over, mint, commit), [`state`] its progress file;
//! - [`checkpoint`] reads what the contracts are deployed with.
//!
//! Anyone can run one; several at once only race to be first (the contracts refuse the second
//! copy of a commitment or a mint, and the loop counts that as done). After a kill it resumes
//! from what both chains say. See docs/bridge.md.

pub mod chain;
pub mod checkpoint;
pub mod eth;
pub mod proofs;
pub mod relay;
pub mod state;

/// The Ethereum library the relayer is built on (its types appear in [`eth`]'s API).
pub use alloy;
