//! The Ethereum side: the light client's and the gateway's interfaces (the Solidity sources in
//! `bridges/ethereum/src` are the reference; the end-to-end test runs both against each other),
//! reading their state, and sending transactions whose hash is recorded before they are awaited.

use alloy::{
	network::EthereumWallet,
	primitives::{Address, B256, U256},
	providers::{DynProvider, Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, Context, Result};

// The generated call builders take one argument per Solidity parameter (the gateway's mint has nine).
#[allow(clippy::too_many_arguments)]
mod abi {
	use alloy::sol;
	sol! {
		/// A BEEFY validator set (wire format §4).
		#[derive(Debug, Default, PartialEq, Eq, Hash)]
		struct ValidatorSet {
			uint64 id;
			uint32 len;
			bytes32 root;
		}

		/// A BEEFY commitment (wire format §3).
		#[derive(Debug, Default, PartialEq, Eq, Hash)]
		struct Commitment {
			bytes32 mmrRoot;
			uint32 blockNumber;
			uint64 setId;
		}

		/// One validator's signature with its membership proof.
		#[derive(Debug, Default, PartialEq, Eq, Hash)]
		struct Signature {
			uint32 index;
			address signer;
			bytes32[] proof;
			uint8 v;
			bytes32 r;
			bytes32 s;
		}

		/// An MMR leaf (wire format §5).
		#[derive(Debug, Default, PartialEq, Eq, Hash)]
		struct MmrLeaf {
			uint8 version;
			uint32 parentNumber;
			bytes32 parentHash;
			uint64 nextSetId;
			uint32 nextSetLen;
			bytes32 nextSetRoot;
			bytes32 leafExtra;
		}

		/// A lock message (wire format §1).
		#[derive(Debug, Default, PartialEq, Eq, Hash)]
		struct Message {
			bytes32 genesisHash;
			uint64 chainId;
			address gateway;
			uint64 nonce;
			address recipient;
			uint128 amount;
		}

		#[sol(rpc, all_derives)]
		contract BeefyLightClient {
			function currentSet() external view returns (uint64 id, uint32 len, bytes32 root);
			function nextSet() external view returns (uint64 id, uint32 len, bytes32 root);
			function latestBlock() external view returns (uint32);
			function latestMmrRoot() external view returns (bytes32);
			function isAccepted(bytes32 root) external view returns (bool);
			function submit(Commitment calldata c, Signature[] calldata sigs) external;
			function submitHandover(
				Commitment calldata c,
				Signature[] calldata sigs,
				MmrLeaf calldata leaf,
				bytes32[] calldata leafItems,
				uint256 leafOrder
			) external;

			event CommitmentAccepted(bytes32 indexed mmrRoot, uint32 indexed blockNumber, uint64 setId);

			error InvalidValidatorSet();
			error StaleOrSkippedSetId(uint64 setId);
			error HandoverRequired(uint64 setId);
			error BlockNotIncreasing(uint32 blockNumber, uint32 latestBlock);
			error ZeroMmrRoot();
			error SignerIndexOutOfRange(uint32 index);
			error DuplicateSignerIndex(uint32 index);
			error InvalidSignerProof(uint32 index);
			error InvalidRecoveryId(uint32 index);
			error MalleableSignature(uint32 index);
			error InvalidSignature(uint32 index);
			error InsufficientSignatures(uint256 count, uint32 len);
			error InvalidLeafProof();
			error UnexpectedNextSet(uint64 nextSetId);
		}

		#[sol(rpc, all_derives)]
		contract Gateway {
			function client() external view returns (address);
			function chainGenesisHash() external view returns (bytes32);
			function wdsy() external view returns (address);
			function mintedTotal() external view returns (uint256);
			function isMinted(uint64 nonce) external view returns (bool);
			function mint(
				Message calldata m,
				bytes32[] calldata msgProof,
				uint32 msgIndex,
				uint32 msgCount,
				MmrLeaf calldata leaf,
				bytes32[] calldata leafItems,
				uint256 leafOrder,
				bytes32 mmrRoot
			) external;

			error RootNotAccepted(bytes32 mmrRoot);
			error WrongGenesisHash(bytes32 genesisHash);
			error WrongChainId(uint64 chainId);
			error WrongGateway(address gateway);
			error ZeroRecipient();
			error ZeroAmount();
			error NonceAlreadyMinted(uint64 nonce);
			error InvalidMessageProof();
			error InvalidLeafProof();
		}

		#[sol(rpc)]
		contract WrappedDSY {
			function balanceOf(address who) external view returns (uint256);
			function totalSupply() external view returns (uint256);
			function decimals() external view returns (uint8);
		}
	}
}
pub use abi::*;

/// The light client's state, read in one go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LightClientState {
	/// The set whose signatures `submit` accepts.
	pub current: ValidatorSet,
	/// The set whose signatures `submitHandover` accepts.
	pub next: ValidatorSet,
	/// The block of the latest accepted commitment.
	pub latest_block: u32,
	/// Its MMR root (zero before any).
	pub latest_root: B256,
}

/// A transaction's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
	/// Mined and succeeded, using this much gas.
	Included {
		/// The transaction.
		hash: B256,
		/// Its gas used (21,000, calldata and execution).
		gas: u64,
	},
	/// Refused before sending, with the contract's error (its name, then its fields).
	Refused(String),
}

impl Outcome {
	/// Whether a refusal says only that the work is done already (by another relayer, or by
	/// an earlier run): the nonce is minted, or a commitment as late or a later set is in.
	pub fn is_already_done(&self) -> bool {
		const DONE: [&str; 3] = ["NonceAlreadyMinted", "BlockNotIncreasing", "StaleOrSkippedSetId"];
		matches!(self, Outcome::Refused(why) if DONE.iter().any(|d| why.starts_with(d)))
	}
}

/// The contracts one relayer talks to, with a signing provider.
#[derive(Clone)]
pub struct Ethereum {
	/// The provider (signing with the relayer's key).
	pub provider: DynProvider,
	/// The light client.
	pub client: Address,
	/// The gateway.
	pub gateway: Address,
	/// The relayer's Ethereum account (pays gas).
	pub account: Address,
}

impl Ethereum {
	/// Connects to `url` (HTTP JSON-RPC) and checks that `gateway` is a gateway whose light client
	/// code is deployed; `key` signs (and pays for) the relayer's transactions.
	pub async fn connect(url: &str, gateway: Address, key: PrivateKeySigner) -> Result<Self> {
		let account = key.address();
		let provider = ProviderBuilder::new()
			.wallet(EthereumWallet::from(key))
			.connect_http(url.parse().with_context(|| format!("not a URL: {url}"))?)
			.erased();
		let client = Gateway::new(gateway, &provider).client().call().await.with_context(|| {
			format!("reading the light client's address from the gateway {gateway} at {url}")
		})?;
		Ok(Self { provider, client, gateway, account })
	}

	/// The Ethereum chain id (`block.chainid`).
	pub async fn chain_id(&self) -> Result<u64> {
		Ok(self.provider.get_chain_id().await?)
	}

	/// The genesis hash of the dsynapse network the gateway serves.
	pub async fn chain_genesis_hash(&self) -> Result<B256> {
		Ok(Gateway::new(self.gateway, &self.provider).chainGenesisHash().call().await?)
	}

	/// The light client's sets, latest block and root.
	pub async fn light_client(&self) -> Result<LightClientState> {
		let lc = BeefyLightClient::new(self.client, &self.provider);
		let current = lc.currentSet().call().await?;
		let next = lc.nextSet().call().await?;
		Ok(LightClientState {
			current: ValidatorSet { id: current.id, len: current.len, root: current.root },
			next: ValidatorSet { id: next.id, len: next.len, root: next.root },
			latest_block: lc.latestBlock().call().await?,
			latest_root: lc.latestMmrRoot().call().await?,
		})
	}

	/// Whether the gateway minted `nonce`.
	pub async fn is_minted(&self, nonce: u64) -> Result<bool> {
		Ok(Gateway::new(self.gateway, &self.provider).isMinted(nonce).call().await?)
	}

	/// The wDSY token's address.
	pub async fn wdsy(&self) -> Result<Address> {
		Ok(Gateway::new(self.gateway, &self.provider).wdsy().call().await?)
	}

	/// `who`'s wDSY balance.
	pub async fn balance_of(&self, who: Address) -> Result<U256> {
		let token = self.wdsy().await?;
		Ok(WrappedDSY::new(token, &self.provider).balanceOf(who).call().await?)
	}

	/// The sum the gateway ever minted.
	pub async fn minted_total(&self) -> Result<U256> {
		Ok(Gateway::new(self.gateway, &self.provider).mintedTotal().call().await?)
	}

	/// `submit(c, sigs)`; `record` is called with the transaction's hash before it is awaited.
	pub async fn submit(
		&self,
		c: Commitment,
		sigs: Vec<Signature>,
		record: impl FnOnce(B256) -> Result<()>,
	) -> Result<Outcome> {
		let lc = BeefyLightClient::new(self.client, &self.provider);
		let call = lc.submit(c, sigs);
		match call.send().await {
			Ok(pending) => self.finish(pending, record).await,
			Err(e) => refused::<BeefyLightClient::BeefyLightClientErrors>(e),
		}
	}

	/// `submitHandover(c, sigs, leaf, items, order)`; `record` as for [`Self::submit`].
	pub async fn submit_handover(
		&self,
		c: Commitment,
		sigs: Vec<Signature>,
		leaf: MmrLeaf,
		items: Vec<B256>,
		order: U256,
		record: impl FnOnce(B256) -> Result<()>,
	) -> Result<Outcome> {
		let lc = BeefyLightClient::new(self.client, &self.provider);
		let call = lc.submitHandover(c, sigs, leaf, items, order);
		match call.send().await {
			Ok(pending) => self.finish(pending, record).await,
			Err(e) => refused::<BeefyLightClient::BeefyLightClientErrors>(e),
		}
	}

	/// `mint(...)` with the message's and the leaf's proofs; `record` as for [`Self::submit`].
	#[allow(clippy::too_many_arguments)]
	pub async fn mint(
		&self,
		m: Message,
		msg_proof: Vec<B256>,
		index: u32,
		count: u32,
		leaf: MmrLeaf,
		items: Vec<B256>,
		order: U256,
		root: B256,
		record: impl FnOnce(B256) -> Result<()>,
	) -> Result<Outcome> {
		let gw = Gateway::new(self.gateway, &self.provider);
		let call = gw.mint(m, msg_proof, index, count, leaf, items, order, root);
		match call.send().await {
			Ok(pending) => self.finish(pending, record).await,
			Err(e) => refused::<Gateway::GatewayErrors>(e),
		}
	}

	async fn finish(
		&self,
		pending: alloy::providers::PendingTransactionBuilder<alloy::network::Ethereum>,
		record: impl FnOnce(B256) -> Result<()>,
	) -> Result<Outcome> {
		let hash = *pending.tx_hash();
		record(hash)?;
		self.await_receipt(hash).await
	}

	/// Waits (up to two minutes) for `hash` to be mined; an error if it failed or never was.
	pub async fn await_receipt(&self, hash: B256) -> Result<Outcome> {
		let deadline = tokio::time::Instant::now()
			.checked_add(std::time::Duration::from_secs(120))
			.ok_or_else(|| anyhow!("a deadline past the clock's range"))?;
		loop {
			if let Some(receipt) = self.provider.get_transaction_receipt(hash).await? {
				return if receipt.status() {
					Ok(Outcome::Included { hash, gas: receipt.gas_used })
				} else {
					Err(anyhow!("transaction {hash} reverted"))
				};
			}
			if tokio::time::Instant::now() >= deadline {
				return Err(anyhow!("transaction {hash} not mined within 120 s"));
			}
			tokio::time::sleep(std::time::Duration::from_millis(500)).await;
		}
	}

	/// Whether `hash` is known to the node (mined or waiting in its pool).
	pub async fn is_known(&self, hash: B256) -> Result<bool> {
		Ok(self.provider.get_transaction_by_hash(hash).await?.is_some())
	}
}

/// A send that failed: a decoded contract error is a refusal (the caller decides whether it is
/// harmless); anything else (transport, funds) an error.
fn refused<E: alloy::sol_types::SolInterface + std::fmt::Debug>(
	e: alloy::contract::Error,
) -> Result<Outcome> {
	match e.as_decoded_interface_error::<E>() {
		Some(decoded) => Ok(Outcome::Refused(format!("{decoded:?}"))),
		None => Err(anyhow!(e)),
	}
}
