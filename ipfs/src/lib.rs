//! # dsynapse-ipfs
//!
//! The IPFS content layer of dsynapse: every asset on the chain is named by a CID, and this crate
//! is how the worker (and later the relayer, the libp2p host and the dApp's tooling) turns bytes
//! into those CIDs and back, checking every block against its CID. It depends on nothing of the
//! chain client or the model code, so it builds and tests on its own.
//!
//! - [`content`]: UnixFS import that gives the CIDs kubo and Helia give, a crash-safe local
//!   blockstore with pins and gc, DAG walking and export, CAR files;
//! - [`gateway`]: HTTP — a trustless-gateway server over the local store and a client that
//!   fetches DAGs from gateways, checking every block against its CID;
//! - [`kubo`]: an optional backend that hands adds and pins to a kubo node over its RPC API;
//! - [`testing`]: deterministic test data (the same bytes every run) for tests and benchmarks.

pub mod content;
pub mod gateway;
pub mod kubo;
pub mod testing;
