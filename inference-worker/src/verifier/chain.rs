//! The chain as the verifier sees it: `dsynapse-client`'s typed interface and helpers, and how
//! long the worker waits for a submission.

pub use dsynapse_client::{connect, dsynapse, Api, Job};
use subxt_signer::sr25519::Keypair;

/// How long a submission may take to be finalized before the worker gives up on it (and
/// decides again from the chain's state at the next block).
pub const SUBMIT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Signs, submits and waits until the transaction is in a finalized block and succeeded, for at
/// most [`SUBMIT_TIMEOUT`]. The error of a failed dispatch names the pallet error (e.g.
/// `AlreadyCommitted`).
pub async fn submit<Call: dsynapse_client::subxt::transactions::Payload>(
	api: &Api,
	call: &Call,
	signer: &Keypair,
) -> anyhow::Result<dsynapse_client::Events> {
	dsynapse_client::submit_within(api, call, signer, SUBMIT_TIMEOUT).await
}
