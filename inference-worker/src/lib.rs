//! # dsynapse-worker
//!
//! The off-chain worker that verifiers and IP owners run beside a dsynapse chain. This crate is
//! organised by what each part does:
//!
//! - [`content`], [`gateway`], [`kubo`]: the IPFS content layer, re-exported from the
//!   `dsynapse-ipfs` crate (UnixFS import with kubo's and Helia's CIDs, the crash-safe
//!   blockstore, CAR files, the trustless gateway, the kubo backend);
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
pub mod datasets;
pub mod models;
pub mod verifier;

pub use dsynapse_ipfs::{content, gateway, kubo};
