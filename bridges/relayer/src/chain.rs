//! The dsynapse side: what the relayer reads from a node over its RPC — BEEFY's finalized head
//! and the justifications stored with blocks, the validator sets (from the runtime, and from the
//! `AuthoritiesChange` digest of each set's first block, which headers keep forever), MMR leaf
//! proofs, and the bridge's messages with their proofs (`EthBridgeApi`).

use anyhow::{anyhow, bail, Context, Result};
use codec::{Decode, Encode};
use dsynapse_bridge_primitives::beefy::{MmrLeaf, MmrPath, MMR_ROOT_ID};
use dsynapse_client::dsynapse;
use serde_json::Value;
use sp_consensus_beefy::{
	ecdsa_crypto::{AuthorityId, Signature as BeefySignature},
	mmr::{BeefyAuthoritySet, BeefyNextAuthoritySet},
	ConsensusLog, ValidatorSet, VersionedFinalityProof, BEEFY_ENGINE_ID,
};
use sp_core::H256;
use subxt::{
	rpcs::{rpc_params, RpcClient},
	OnlineClient, PolkadotConfig,
};

/// A commitment as the validators signed it: the MMR root at `block`, signed by set `set_id`;
/// `signatures[i]` is authority `i`'s 65-byte signature (r ‖ s ‖ recovery id), if it signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCommitment {
	/// The MMR root (the `mh` payload).
	pub mmr_root: [u8; 32],
	/// The block it is the root at.
	pub block: u32,
	/// The signing validator set's id.
	pub set_id: u64,
	/// One entry per authority of the set, in order.
	pub signatures: Vec<Option<[u8; 65]>>,
}

/// A bridge message as the runtime serves it, with its proof in its block's message tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
	/// The message.
	pub message: dsynapse_bridge_primitives::Message,
	/// The block it was locked in (its root is in the MMR leaf of `block + 1`).
	pub block: u32,
	/// Its index among the block's messages.
	pub index: u32,
	/// How many messages the block has.
	pub count: u32,
	/// Its Merkle proof.
	pub proof: Vec<[u8; 32]>,
	/// The block's messages root.
	pub root: [u8; 32],
}

/// A connection to one node.
#[derive(Clone)]
pub struct Chain {
	rpc: RpcClient,
	api: OnlineClient<PolkadotConfig>,
}

/// Bytes as the node's JSON gives them: a `0x` hex string, or (justifications are `Vec<u8>`
/// serialized as they are) an array of numbers.
fn bytes(v: &Value) -> Result<Vec<u8>> {
	match v {
		Value::String(s) => Ok(hex::decode(s.trim_start_matches("0x"))?),
		Value::Array(a) => a
			.iter()
			.map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
			.collect::<Option<Vec<u8>>>()
			.ok_or_else(|| anyhow!("an array that is not bytes ({} items)", a.len())),
		other => {
			let text = other.to_string();
			bail!("expected bytes, got {}", text.get(..80).unwrap_or(&text))
		},
	}
}

fn hash_of(v: &Value) -> Result<H256> {
	let b = bytes(v)?;
	let a: [u8; 32] = b.try_into().map_err(|_| anyhow!("not a 32-byte hash: {v}"))?;
	Ok(H256(a))
}

impl Chain {
	/// Connects to a node's WebSocket RPC (`ws://` for loopback, `wss://` otherwise).
	pub async fn connect(url: &str) -> Result<Self> {
		let rpc = if url.starts_with("ws://") {
			RpcClient::from_insecure_url(url).await
		} else {
			RpcClient::from_url(url).await
		}
		.map_err(|e| anyhow!("cannot connect to {url}: {e}"))?;
		let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone())
			.await
			.map_err(|e| anyhow!("cannot read the chain at {url}: {e}"))?;
		Ok(Self { rpc, api })
	}

	/// The chain's genesis hash (the messages' domain).
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.api.genesis_hash().0
	}

	async fn request(&self, method: &str, params: subxt::rpcs::client::RpcParams) -> Result<Value> {
		self.rpc
			.request::<Value>(method, params)
			.await
			.map_err(|e| anyhow!("RPC {method} failed: {e}"))
	}

	/// The latest block BEEFY finalized: its hash and number.
	pub async fn beefy_finalized_head(&self) -> Result<(H256, u32)> {
		let hash = hash_of(&self.request("beefy_getFinalizedHead", rpc_params![]).await?)?;
		let header = self.request("chain_getHeader", rpc_params![hash]).await?;
		Ok((hash, number_of(&header)?))
	}

	/// GRANDPA's finalized head: its hash and number.
	pub async fn finalized_head(&self) -> Result<(H256, u32)> {
		let hash = hash_of(&self.request("chain_getFinalizedHead", rpc_params![]).await?)?;
		let header = self.request("chain_getHeader", rpc_params![hash]).await?;
		Ok((hash, number_of(&header)?))
	}

	/// The hash of block `number` on the canonical chain.
	pub async fn block_hash(&self, number: u32) -> Result<Option<H256>> {
		let v = self.request("chain_getBlockHash", rpc_params![number]).await?;
		if v.is_null() {
			return Ok(None);
		}
		hash_of(&v).map(Some)
	}

	/// The BEEFY justification stored with block `hash`, if BEEFY finalized that block itself.
	pub async fn justification(&self, hash: H256) -> Result<Option<SignedCommitment>> {
		let block = self.request("chain_getBlock", rpc_params![hash]).await?;
		let Some(list) = block.get("justifications").and_then(Value::as_array) else {
			return Ok(None);
		};
		for j in list {
			let (Some(engine), Some(data)) = (j.get(0), j.get(1)) else { continue };
			if engine_id(engine)? != BEEFY_ENGINE_ID {
				continue;
			}
			let proof =
				VersionedFinalityProof::<u32, BeefySignature>::decode(&mut &bytes(data)?[..])
					.context("decoding a BEEFY justification")?;
			let VersionedFinalityProof::V1(signed) = proof;
			let root = signed
				.commitment
				.payload
				.get_raw(&MMR_ROOT_ID)
				.ok_or_else(|| anyhow!("a BEEFY commitment without an MMR root"))?;
			let mmr_root: [u8; 32] = root
				.as_slice()
				.try_into()
				.map_err(|_| anyhow!("an MMR root of {} bytes", root.len()))?;
			let signatures = signed
				.signatures
				.iter()
				.map(|s| {
					s.as_ref()
						.map(|s| <[u8; 65]>::try_from(s.encode().as_slice()))
						.transpose()
						.map_err(|_| anyhow!("a BEEFY signature not of 65 bytes"))
				})
				.collect::<Result<Vec<_>>>()?;
			return Ok(Some(SignedCommitment {
				mmr_root,
				block: signed.commitment.block_number,
				set_id: signed.commitment.validator_set_id,
				signatures,
			}));
		}
		Ok(None)
	}

	/// The validator set announced in block `hash`'s header (the first block of that set's
	/// session), if the block starts one.
	pub async fn authorities_change(
		&self,
		hash: H256,
	) -> Result<Option<ValidatorSet<AuthorityId>>> {
		let header = self.request("chain_getHeader", rpc_params![hash]).await?;
		let logs = header
			.get("digest")
			.and_then(|d| d.get("logs"))
			.and_then(Value::as_array)
			.ok_or_else(|| anyhow!("a header without digest logs"))?;
		for log in logs {
			let item = sp_runtime::DigestItem::decode(&mut &bytes(log)?[..])?;
			if let Some(ConsensusLog::AuthoritiesChange(set)) =
				item.consensus_try_to::<ConsensusLog<AuthorityId>>(&BEEFY_ENGINE_ID)
			{
				return Ok(Some(set));
			}
		}
		Ok(None)
	}

	async fn state_call<T: Decode>(
		&self,
		method: &str,
		args: &[u8],
		at: Option<H256>,
	) -> Result<T> {
		let v = self
			.request("state_call", rpc_params![method, format!("0x{}", hex::encode(args)), at])
			.await?;
		T::decode(&mut &bytes(&v)?[..]).with_context(|| format!("decoding the answer of {method}"))
	}

	/// The BEEFY validator set active at block `hash` (`BeefyApi::validator_set`).
	pub async fn validator_set(&self, at: H256) -> Result<ValidatorSet<AuthorityId>> {
		self.state_call::<Option<ValidatorSet<AuthorityId>>>(
			"BeefyApi_validator_set",
			&[],
			Some(at),
		)
		.await?
		.ok_or_else(|| anyhow!("BEEFY has no validator set at {at:?}"))
	}

	/// The current and next sets as Ethereum sees them, at block `at` (the light client's
	/// checkpoint).
	pub async fn authority_sets(
		&self,
		at: H256,
	) -> Result<(BeefyAuthoritySet<H256>, BeefyNextAuthoritySet<H256>)> {
		let current = self.state_call("BeefyMmrApi_authority_set_proof", &[], Some(at)).await?;
		let next = self.state_call("BeefyMmrApi_next_authority_set_proof", &[], Some(at)).await?;
		Ok((current, next))
	}

	/// The MMR leaf of block `leaf_block` and its path to the MMR root at block `root_block`.
	pub async fn leaf_proof(&self, leaf_block: u32, root_block: u32) -> Result<(MmrLeaf, MmrPath)> {
		let v = self
			.request(
				"mmr_generateProof",
				rpc_params![vec![leaf_block], Some(root_block), Option::<H256>::None],
			)
			.await?;
		let field = |k: &str| v.get(k).ok_or_else(|| anyhow!("mmr_generateProof: no `{k}`"));
		let leaves = Vec::<sp_mmr_primitives::EncodableOpaqueLeaf>::decode(
			&mut &bytes(field("leaves")?)?[..],
		)?;
		let proof =
			sp_mmr_primitives::LeafProof::<H256>::decode(&mut &bytes(field("proof")?)?[..])?;
		let (Some(leaf), Some(index), 1, 1) =
			(leaves.first(), proof.leaf_indices.first(), leaves.len(), proof.leaf_indices.len())
		else {
			bail!("mmr_generateProof answered {} leaves for one block", leaves.len());
		};
		let leaf = MmrLeaf::from_scale_bytes(&leaf.0)
			.ok_or_else(|| anyhow!("an MMR leaf of {} bytes (113 expected)", leaf.0.len()))?;
		let items: Vec<[u8; 32]> = proof.items.iter().map(|h| h.0).collect();
		let path = MmrPath::from_mmr_proof(*index, proof.leaf_count, &items)
			.ok_or_else(|| anyhow!("an MMR proof whose shape does not fit its leaf count"))?;
		Ok((leaf, path))
	}

	/// The nonce the next lock gets (every lower nonce was assigned).
	pub async fn next_nonce(&self) -> Result<u64> {
		let at = self.api.at_current_block().await?;
		let status =
			at.runtime_apis().call(dsynapse::runtime_apis().eth_bridge_api().status()).await?;
		Ok(status.next_nonce)
	}

	/// Message `nonce` with its proof (`None`: not assigned yet, or pruned).
	pub async fn message(&self, nonce: u64) -> Result<Option<MessageView>> {
		let at = self.api.at_current_block().await?;
		let view = at
			.runtime_apis()
			.call(dsynapse::runtime_apis().eth_bridge_api().message(nonce))
			.await?;
		Ok(view.map(|v| MessageView {
			message: dsynapse_bridge_primitives::Message {
				domain: dsynapse_bridge_primitives::Domain {
					genesis_hash: v.message.domain.genesis_hash,
					chain_id: v.message.domain.chain_id,
					gateway: v.message.domain.gateway,
				},
				nonce: v.message.nonce,
				recipient: v.message.recipient,
				amount: v.message.amount,
			},
			block: v.block,
			index: v.index,
			count: v.count,
			proof: v.proof,
			root: v.root,
		}))
	}
}

fn number_of(header: &Value) -> Result<u32> {
	let n = header
		.get("number")
		.and_then(Value::as_str)
		.ok_or_else(|| anyhow!("a header without a number"))?;
	Ok(u32::from_str_radix(n.trim_start_matches("0x"), 16)?)
}

/// A justification's engine id, as JSON serves it (an array of four numbers, or hex).
fn engine_id(v: &Value) -> Result<[u8; 4]> {
	bytes(v)?.try_into().map_err(|_| anyhow!("an engine id not of 4 bytes: {v}"))
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use serde_json::json;

	#[test]
	fn bytes_come_as_hex_or_as_arrays_of_numbers() {
		assert_eq!(bytes(&json!("0x0102ff")).unwrap(), vec![1, 2, 255]);
		assert_eq!(bytes(&json!([1, 2, 255])).unwrap(), vec![1, 2, 255]);
		assert!(bytes(&json!([1, 256])).is_err());
		assert!(bytes(&json!([1, -1])).is_err());
		assert!(bytes(&json!({"x": 1})).is_err());
		assert_eq!(engine_id(&json!([66, 69, 69, 70])).unwrap(), *b"BEEF");
		assert_eq!(engine_id(&json!("0x42454546")).unwrap(), *b"BEEF");
		assert!(engine_id(&json!([66, 69, 69])).is_err());
	}
}
