//! Warns when a node that was given boot nodes finds no peer of its own chain.
//!
//! Nodes exchange blocks only with peers of the same genesis: every protocol name starts with
//! the genesis hash. A node started with the wrong chain spec therefore reaches the boot nodes at
//! the transport level and then hears nothing — the network layer reports no error. This task
//! turns that silence into a warning an operator can act on: after [`GRACE`] without a single
//! peer of its chain, and again every [`REPEAT`] while it lasts.

use futures_timer::Delay;
use sc_network_sync::SyncingService;
use std::{sync::Arc, time::Duration};

/// How long a node may have no peer before the first warning.
pub const GRACE: Duration = Duration::from_secs(30);
/// How often the warning repeats while the node still has no peer.
pub const REPEAT: Duration = Duration::from_secs(300);
/// How often the peer count is read.
const POLL: Duration = Duration::from_secs(5);

/// Runs for the life of the node; returns at once when no boot node was configured (a first
/// node of a new network has nobody to wait for).
pub async fn warn_without_peers<B: sp_runtime::traits::Block>(
	sync: Arc<SyncingService<B>>,
	boot_nodes: usize,
	chain: String,
	genesis: B::Hash,
) {
	if boot_nodes == 0 {
		return;
	}
	let mut alone = Duration::ZERO;
	let mut next_warning = GRACE;
	loop {
		Delay::new(POLL).await;
		if sync.num_connected_peers() > 0 {
			alone = Duration::ZERO;
			next_warning = GRACE;
			continue;
		}
		alone = alone.saturating_add(POLL);
		if alone >= next_warning {
			log::warn!(
				"⚠️  No peer of chain `{chain}` (genesis {genesis:?}) after {} s, although {boot_nodes} \
				 boot node(s) are configured. Nodes of another chain are ignored without an error: \
				 check that --chain is this network's chain spec (its genesis hash must equal \
				 `chain_getBlockHash(0)` on a node of the network) and that the boot-node addresses \
				 and peer ids are right.",
				alone.as_secs(),
			);
			next_warning = next_warning.saturating_add(REPEAT);
		}
	}
}
