//! HTTP: the IPFS trustless-gateway protocol, both ends.
//!
//! - [`server`]: serves the local store as a trustless gateway — `GET /ipfs/{cid}` with
//!   `?format=raw` (one block), `?format=car` (the DAG as a CAR v1, `dag-scope` and
//!   `entity-bytes` honoured) or no format (a file's bytes), each with HTTP byte ranges where
//!   they apply. Other workers and any IPFS client can fetch from it.
//! - [`client`]: fetches a DAG from one or more gateways block by block (`?format=raw`),
//!   hashing every block against its CID before storing it. A gateway that serves a wrong
//!   block is reported and dropped, and the block is asked of the next one.

pub mod client;
pub mod server;

pub use client::{FetchError, GatewayClient, PeerReport};
pub use server::serve;
