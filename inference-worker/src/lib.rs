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
//! - [`models`]: models read by CID from the content layer and loaded as their manifest says
//!   (the model code itself is the `dsynapse-inference` crate);
//! - [`datasets`]: datasets read by CID and checked against their manifest (format, size,
//!   chunk-hash list) before a challenge is answered, and the owner's hash list;
//! - [`verifier`]: `dsynapse-worker verify` — the chain client (subxt) that registers the
//!   account as a verifier, follows finalized blocks, answers its rounds, commits and reveals,
//!   with its progress on disk and Prometheus metrics;
//! - [`cli`]: the `dsynapse-worker` command line (`main.rs` only calls it).
//!

pub mod cli;
pub mod content;
pub mod datasets;
pub mod gateway;
pub mod kubo;
pub mod models;
pub mod testing;
pub mod verifier;
