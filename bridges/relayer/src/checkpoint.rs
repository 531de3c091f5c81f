//! The light client's starting point: the chain's genesis hash, a GRANDPA-finalized block, and
//! the BEEFY sets (current and next) at that block, as the deployment script takes them.

use crate::chain::Chain;
use anyhow::Result;

/// What `script/Deploy.s.sol` is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
	/// The chain's genesis hash.
	pub genesis: [u8; 32],
	/// The checkpoint block: commitments must be later.
	pub block: u32,
	/// The current set: id, length, address root.
	pub current: (u64, u32, [u8; 32]),
	/// The next set.
	pub next: (u64, u32, [u8; 32]),
}

impl Checkpoint {
	/// Reads the checkpoint at the chain's GRANDPA-finalized head.
	pub async fn read(chain: &Chain) -> Result<Self> {
		let (hash, block) = chain.finalized_head().await?;
		let (current, next) = chain.authority_sets(hash).await?;
		Ok(Self {
			genesis: chain.genesis_hash(),
			block,
			current: (current.id, current.len, current.keyset_commitment.0),
			next: (next.id, next.len, next.keyset_commitment.0),
		})
	}

	/// The environment `Deploy.s.sol` reads, one `NAME=value` per line.
	pub fn env(&self) -> Vec<(&'static str, String)> {
		let hex32 = |b: &[u8; 32]| format!("0x{}", hex::encode(b));
		vec![
			("GENESIS_HASH", hex32(&self.genesis)),
			("START_BLOCK", self.block.to_string()),
			("CURRENT_SET_ID", self.current.0.to_string()),
			("CURRENT_SET_LEN", self.current.1.to_string()),
			("CURRENT_SET_ROOT", hex32(&self.current.2)),
			("NEXT_SET_ID", self.next.0.to_string()),
			("NEXT_SET_LEN", self.next.1.to_string()),
			("NEXT_SET_ROOT", hex32(&self.next.2)),
		]
	}
}
