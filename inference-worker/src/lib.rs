//! # dsynapse-worker
//!
//! The off-chain worker that verifiers and IP owners run beside a dsynapse chain. This crate is
//! organised by what each part does:
//!
//! - [`content`]: the IPFS content layer — UnixFS import that gives the CIDs kubo and Helia
//!   give, a crash-safe local blockstore with pins and gc, CAR files;
//! - [`gateway`]: HTTP — a trustless-gateway server over the local store and a client that
//!   fetches DAGs from gateways, checking every block against its CID;
//! - [`kubo`]: an optional backend that hands adds and pins to a kubo node over its RPC API;
//! - [`cli`]: the `dsynapse-worker` command line (`main.rs` only calls it).
//!
//! Later parts (inference, verification jobs, the chain client) join as their own modules.

pub mod cli;
pub mod content;
pub mod gateway;
pub mod kubo;
pub mod testing;
