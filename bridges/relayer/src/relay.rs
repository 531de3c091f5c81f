//! The relaying loop. Each round reads both chains afresh and does the next thing Ethereum
//! needs, in this order:
//!
//! 1. **Settle** the transaction the previous run sent last (recorded before it was awaited), so
//!    that a restart never sends a second copy of something still on its way.
//! 2. **Hand over** the validator set when the chain's BEEFY set moved past the light client's:
//!    the commitment of the next set's first block (its justification is always stored, and its
//!    header names the set's members), with that block's MMR leaf, which announces the set after.
//!    One set per round, so a relayer that was away for many sessions walks through each.
//! 3. **Mint** every message whose MMR leaf is under the light client's latest root, from the
//!    lowest nonce not yet known minted; the gateway's `isMinted` is asked first, so work another
//!    relayer did is skipped, not repeated.
//! 4. **Commit** BEEFY's latest finalized block when a message waits for a root that covers it.
//!
//! Everything sent is checked here first against what the contracts will check (signatures,
//! set roots, MMR paths, message roots): a relayer spends gas only on transactions that succeed,
//! unless another relayer got there first, which the contracts refuse cheaply and this loop
//! counts as done.

use crate::{
	chain::{Chain, MessageView},
	eth::{Ethereum, LightClientState, Outcome, ValidatorSet},
	proofs,
	state::StateFile,
};
use alloy::primitives::{Address, B256};
use anyhow::{anyhow, bail, Context, Result};
use dsynapse_bridge_primitives::{keccak, merkle};
use sp_consensus_beefy::ecdsa_crypto::AuthorityId;
use sp_core::H256;
use std::{collections::BTreeMap, path::Path, time::Duration};
use tracing::{debug, info, warn};

/// At most this many nonces are looked at per round (the rest in the next rounds).
pub const NONCES_PER_ROUND: u64 = 256;

/// What one round did (for logs and tests).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
	/// A validator set was handed over to this id.
	pub handover: Option<u64>,
	/// A commitment of this block was accepted.
	pub committed: Option<u32>,
	/// These nonces were minted by this relayer.
	pub minted: Vec<u64>,
}

/// A set's first block: where its members are announced and its first commitment signed.
#[derive(Clone, Debug)]
struct SetStart {
	block: u32,
	hash: H256,
	authorities: Vec<AuthorityId>,
}

/// One relayer: both chains and its progress file.
pub struct Relayer {
	chain: Chain,
	eth: Ethereum,
	state: StateFile,
	eth_chain_id: u64,
	genesis: [u8; 32],
	/// Headers up to this block were scanned for set changes.
	scanned_to: u32,
	/// Set id → its first block, from the scanned headers.
	set_starts: BTreeMap<u64, SetStart>,
}

impl Relayer {
	/// Checks that the gateway serves this chain and opens (or creates) the progress file.
	pub async fn new(chain: Chain, eth: Ethereum, state_path: &Path) -> Result<Self> {
		let genesis = chain.genesis_hash();
		let served = eth.chain_genesis_hash().await?;
		if served.0 != genesis {
			bail!(
				"the gateway {} serves the dsynapse chain 0x{}, this node is 0x{}",
				eth.gateway,
				hex::encode(served),
				hex::encode(genesis)
			);
		}
		let eth_chain_id = eth.chain_id().await?;
		let state = StateFile::open(
			state_path,
			&format!("0x{}", hex::encode(genesis)),
			&format!("{:#x}", eth.gateway),
		)?;
		Ok(Self {
			chain,
			eth,
			state,
			eth_chain_id,
			genesis,
			scanned_to: 0,
			set_starts: BTreeMap::new(),
		})
	}

	/// The lowest nonce not yet known minted.
	pub fn next_nonce(&self) -> u64 {
		self.state.progress.next_nonce
	}

	/// Runs rounds every `poll` until SIGINT or SIGTERM; a failed round is logged and retried.
	pub async fn run(&mut self, poll: Duration) -> Result<()> {
		let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
		info!(
			gateway = %self.eth.gateway,
			light_client = %self.eth.client,
			account = %self.eth.account,
			next_nonce = self.state.progress.next_nonce,
			"relaying"
		);
		loop {
			match self.round().await {
				Ok(r) if r != Round::default() => debug!(?r, "round"),
				Ok(_) => {},
				Err(e) => warn!("round failed (retrying): {e:#}"),
			}
			tokio::select! {
				_ = tokio::time::sleep(poll) => {},
				_ = tokio::signal::ctrl_c() => break,
				_ = term.recv() => break,
			}
		}
		info!("stopped");
		Ok(())
	}

	/// One round (see the module docs).
	pub async fn round(&mut self) -> Result<Round> {
		let mut round = Round::default();
		self.settle_pending().await?;
		let lc = self.eth.light_client().await?;
		let (head_hash, head) = self.chain.beefy_finalized_head().await?;
		let head_set = self.chain.validator_set(head_hash).await?;
		if head_set.id() > lc.current.id {
			round.handover = self.handover(&lc, head).await?;
			return Ok(round);
		}
		let need = self.mint_ready(&lc, &mut round).await?;
		if let Some(leaf_block) = need {
			if head >= leaf_block && head > lc.latest_block {
				round.committed = self.commit(head_hash, head_set.validators(), &lc).await?;
			}
		}
		Ok(round)
	}

	/// Waits for (or forgets) the transaction a previous run recorded.
	async fn settle_pending(&mut self) -> Result<()> {
		let Some(recorded) = self.state.progress.pending_tx.clone() else { return Ok(()) };
		let hash: B256 = recorded.parse().with_context(|| format!("a recorded hash {recorded}"))?;
		if self.eth.is_known(hash).await? {
			match self.eth.await_receipt(hash).await {
				Ok(_) => info!(tx = %hash, "the transaction sent before the restart is mined"),
				Err(e) => {
					warn!(tx = %hash, "the transaction sent before the restart failed: {e:#}")
				},
			}
		} else {
			info!(tx = %hash, "the transaction sent before the restart was never seen: dropped");
		}
		self.state.progress.pending_tx = None;
		self.state.save()
	}

	/// Sends one transaction through `send`, recording its hash before it is awaited. `None`:
	/// the contract says the work is done already. A refusal for any other reason is an error:
	/// what is sent was checked here first, so it means the two sides disagree.
	async fn send<F, Fut>(&mut self, what: &str, send: F) -> Result<Option<(B256, u64)>>
	where
		F: FnOnce(Ethereum, Box<dyn FnOnce(B256) -> Result<()> + Send>) -> Fut,
		Fut: std::future::Future<Output = Result<Outcome>>,
	{
		let recorder = self.state.recorder();
		let record: Box<dyn FnOnce(B256) -> Result<()> + Send> =
			Box::new(move |hash| recorder(format!("{hash:#x}")));
		let outcome = send(self.eth.clone(), record).await;
		// The recorded hash is settled here, whatever happened.
		self.state.progress.pending_tx = None;
		self.state.save()?;
		let outcome = outcome?;
		match outcome {
			Outcome::Included { hash, gas } => Ok(Some((hash, gas))),
			Outcome::Refused(ref why) if outcome.is_already_done() => {
				info!("{what}: done already ({why}): another relayer was first");
				Ok(None)
			},
			Outcome::Refused(why) => bail!("{what}: refused by the contract: {why}"),
		}
	}

	/// Hands the light client over to its next set; returns the new current set's id.
	async fn handover(&mut self, lc: &LightClientState, head: u32) -> Result<Option<u64>> {
		let set_id = lc.next.id;
		let start = self.find_set_start(set_id, lc.latest_block, head).await?;
		let Some(start) = start else {
			debug!(set_id, "the first block of set {set_id} is not BEEFY-final yet");
			return Ok(None);
		};
		check_set(&start.authorities, &lc.next)?;
		let Some(signed) = self.chain.justification(start.hash).await? else {
			bail!(
				"block {} starts set {set_id} but has no BEEFY justification stored",
				start.block
			);
		};
		if signed.set_id != set_id || signed.block != start.block {
			bail!(
				"block {}'s justification is for block {} of set {}",
				start.block,
				signed.block,
				signed.set_id
			);
		}
		let (leaf, path) = self.chain.leaf_proof(signed.block, signed.block).await?;
		if leaf.next_set.id != set_id.saturating_add(1) {
			bail!(
				"the leaf of block {} announces set {}, not {}",
				signed.block,
				leaf.next_set.id,
				set_id.saturating_add(1)
			);
		}
		if path.fold(leaf.hash()) != signed.mmr_root {
			bail!("the leaf of block {} does not fold to its signed MMR root", signed.block);
		}
		let (commitment, sigs) = proofs::signed_commitment(&signed, &start.authorities)?;
		let (items, order) = proofs::path(&path);
		let eth_leaf = proofs::leaf(&leaf);
		let signers = sigs.len();
		let tx = self
			.send("handover", move |eth, record| async move {
				eth.submit_handover(commitment, sigs, eth_leaf, items, order, record).await
			})
			.await?;
		if let Some((tx, gas)) = tx {
			info!(set_id, block = start.block, signers, gas, tx = %tx, "validator set handed over");
			return Ok(Some(set_id));
		}
		Ok(None)
	}

	/// Finds the first block of set `set_id` among blocks `after + 1 ..= head`, scanning headers
	/// not scanned before.
	async fn find_set_start(
		&mut self,
		set_id: u64,
		after: u32,
		head: u32,
	) -> Result<Option<SetStart>> {
		if let Some(s) = self.set_starts.get(&set_id) {
			return Ok(Some(s.clone()));
		}
		let mut n = self.scanned_to.max(after).saturating_add(1);
		while n <= head {
			let hash = self
				.chain
				.block_hash(n)
				.await?
				.ok_or_else(|| anyhow!("block {n} (≤ BEEFY's finalized {head}) has no hash"))?;
			if let Some(set) = self.chain.authorities_change(hash).await? {
				let start = SetStart { block: n, hash, authorities: set.validators().to_vec() };
				self.set_starts.insert(set.id(), start);
			}
			self.scanned_to = n;
			if self.set_starts.contains_key(&set_id) {
				break;
			}
			n = n.saturating_add(1);
		}
		// Sets the light client has passed are of no more use.
		self.set_starts.retain(|id, _| *id >= set_id);
		Ok(self.set_starts.get(&set_id).cloned())
	}

	/// Mints what the light client's latest root covers; returns the highest leaf block a waiting
	/// message needs a commitment for.
	async fn mint_ready(
		&mut self,
		lc: &LightClientState,
		round: &mut Round,
	) -> Result<Option<u32>> {
		let next = self.chain.next_nonce().await?;
		let first = self.state.progress.next_nonce;
		let last = next.min(first.saturating_add(NONCES_PER_ROUND));
		let mut contiguous = true;
		let mut need: Option<u32> = None;
		for nonce in first..last {
			let done = if self.eth.is_minted(nonce).await? {
				true
			} else {
				match self.chain.message(nonce).await? {
					None => {
						warn!(nonce, "message {nonce} is no longer in the chain's state: it cannot be proven from this node");
						true
					},
					Some(view) if !self.is_ours(&view) => {
						debug!(nonce, "message {nonce} is for another gateway or chain");
						true
					},
					Some(view) => {
						let leaf_block = view.block.saturating_add(1);
						if leaf_block <= lc.latest_block {
							if self.mint(&view, leaf_block, lc).await? {
								round.minted.push(nonce);
							}
							true
						} else {
							need = need.max(Some(leaf_block));
							false
						}
					},
				}
			};
			if done && contiguous {
				self.state.progress.next_nonce = nonce.saturating_add(1);
				self.state.save()?;
			} else {
				contiguous = false;
			}
		}
		Ok(need)
	}

	fn is_ours(&self, view: &MessageView) -> bool {
		let d = &view.message.domain;
		d.genesis_hash == self.genesis
			&& d.chain_id == self.eth_chain_id
			&& Address::from(d.gateway) == self.eth.gateway
	}

	/// Mints one message against the light client's latest root; `true` when this relayer's
	/// transaction minted it (`false`: another was first).
	async fn mint(
		&mut self,
		view: &MessageView,
		leaf_block: u32,
		lc: &LightClientState,
	) -> Result<bool> {
		let nonce = view.message.nonce;
		if !merkle::verify(
			&view.root,
			view.message.leaf_hash(),
			view.index.into(),
			view.count.into(),
			&view.proof,
		) {
			bail!("message {nonce}: its proof does not reach its block's root");
		}
		let (leaf, path) = self.chain.leaf_proof(leaf_block, lc.latest_block).await?;
		if leaf.leaf_extra != view.root {
			bail!(
				"message {nonce}: the leaf of block {leaf_block} does not carry its block's root"
			);
		}
		if path.fold(leaf.hash()) != lc.latest_root.0 {
			bail!(
				"message {nonce}: the node's MMR at block {} is not the root Ethereum accepted",
				lc.latest_block
			);
		}
		let m = proofs::message(&view.message);
		let msg_proof: Vec<B256> = view.proof.iter().copied().map(B256::from).collect();
		let (index, count) = (view.index, view.count);
		let (items, order) = proofs::path(&path);
		let eth_leaf = proofs::leaf(&leaf);
		let root = lc.latest_root;
		let tx = self
			.send("mint", move |eth, record| async move {
				eth.mint(m, msg_proof, index, count, eth_leaf, items, order, root, record).await
			})
			.await?;
		match tx {
			Some((tx, gas)) => {
				info!(nonce, amount = view.message.amount, recipient = %Address::from(view.message.recipient), gas, tx = %tx, "minted");
				Ok(true)
			},
			None => Ok(false),
		}
	}

	/// Submits the commitment of BEEFY's finalized head (signed by the current set).
	async fn commit(
		&mut self,
		head_hash: H256,
		authorities: &[AuthorityId],
		lc: &LightClientState,
	) -> Result<Option<u32>> {
		let Some(signed) = self.chain.justification(head_hash).await? else {
			debug!("BEEFY's finalized head has no justification stored yet");
			return Ok(None);
		};
		if signed.set_id != lc.current.id || signed.block <= lc.latest_block {
			return Ok(None);
		}
		check_set(authorities, &lc.current)?;
		let (commitment, sigs) = proofs::signed_commitment(&signed, authorities)?;
		let signers = sigs.len();
		let block = signed.block;
		let tx = self
			.send("commitment", move |eth, record| async move {
				eth.submit(commitment, sigs, record).await
			})
			.await?;
		if let Some((tx, gas)) = tx {
			info!(block, set_id = signed.set_id, signers, gas, tx = %tx, "commitment accepted");
			return Ok(Some(block));
		}
		Ok(None)
	}
}

/// Checks that `authorities` are the set the light client holds (size and address root).
fn check_set(authorities: &[AuthorityId], set: &ValidatorSet) -> Result<()> {
	let leaves = authorities
		.iter()
		.map(|a| proofs::eth_address(a).map(|addr| keccak(addr.as_slice())))
		.collect::<Result<Vec<_>>>()?;
	if leaves.len() != set.len as usize || merkle::root(&leaves) != set.root.0 {
		bail!(
			"the chain's set {} ({} members) is not the one the light client holds ({} members, root {})",
			set.id,
			leaves.len(),
			set.len,
			set.root
		);
	}
	Ok(())
}
