//! JSON-RPC methods beyond the standard `system_*`, `chain_*`, `state_*`, `author_*` and the new
//! `chainHead_*`/`transaction_*` families that `sc-service` always serves:
//!
//! - `system_accountNextIndex`, `system_dryRun` (account nonce, dry runs);
//! - `payment_queryInfo`, `payment_queryFeeDetails` (fee estimates);
//! - `babe_epochAuthorship` (which slots this node's keys may author);
//! - `grandpa_roundState`, `grandpa_proveFinality`, `grandpa_subscribeJustifications`;
//! - `beefy_getFinalizedHead`, `beefy_subscribeJustifications` (the signed commitments a bridge
//!   relayer carries to Ethereum);
//! - `mmr_root`, `mmr_generateProof`, `mmr_verifyProof`, `mmr_verifyProofStateless` (proofs of
//!   MMR leaves; they read the off-chain index, which this node always keeps).

use dsynapse_runtime::{
	configs::bridge::{BeefyId, MmrHash},
	opaque::Block,
	AccountId, Balance, Nonce,
};
use jsonrpsee::RpcModule;
use sc_consensus_babe::BabeWorkerHandle;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_consensus::SelectChain;
use sp_consensus_babe::BabeApi;
use sp_keystore::KeystorePtr;
use std::sync::Arc;

/// What the BABE RPC needs.
pub struct BabeDeps {
	/// The node's keystore (to tell which slots it may claim).
	pub keystore: KeystorePtr,
	/// Answers epoch queries.
	pub babe_worker_handle: BabeWorkerHandle<Block>,
}

/// What the GRANDPA RPC needs.
pub struct GrandpaDeps<B: sc_client_api::Backend<Block>> {
	/// The voter's state.
	pub shared_voter_state: SharedVoterState,
	/// The current authority set.
	pub shared_authority_set: SharedAuthoritySet<<Block as sp_runtime::traits::Block>::Hash, u32>,
	/// New justifications, as they are produced.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Runs subscriptions.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Builds finality proofs.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// What the BEEFY RPC needs.
pub struct BeefyDeps {
	/// Signed commitments, as the voter produces or imports them.
	pub finality_proof_stream:
		sc_consensus_beefy::communication::notification::BeefyVersionedFinalityProofStream<
			Block,
			BeefyId,
		>,
	/// The best BEEFY-finalized block, as it moves.
	pub best_block_stream:
		sc_consensus_beefy::communication::notification::BeefyBestBlockStream<Block>,
	/// Runs subscriptions.
	pub subscription_executor: SubscriptionTaskExecutor,
}

/// Everything [`create_full`] needs.
pub struct FullDeps<C, P, SC, B: sc_client_api::Backend<Block>> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The fork-choice rule.
	pub select_chain: SC,
	/// BABE.
	pub babe: BabeDeps,
	/// GRANDPA.
	pub grandpa: GrandpaDeps<B>,
	/// BEEFY.
	pub beefy: BeefyDeps,
	/// The off-chain database, where the MMR's nodes are indexed.
	pub offchain_storage: Option<B::OffchainStorage>,
}

/// Builds the node's extra RPC methods.
pub fn create_full<C, P, SC, B>(
	deps: FullDeps<C, P, SC, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ sc_client_api::AuxStore
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BabeApi<Block>,
	C::Api: BlockBuilder<Block>,
	C::Api: sp_mmr_primitives::MmrApi<Block, MmrHash, dsynapse_runtime::BlockNumber>,
	P: TransactionPool + 'static,
	SC: SelectChain<Block> + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_babe_rpc::{Babe, BabeApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, select_chain, babe, grandpa, beefy, offchain_storage } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	if let Some(storage) = offchain_storage {
		use mmr_rpc::{Mmr, MmrApiServer};
		module.merge(Mmr::new(client.clone(), storage).into_rpc())?;
	}
	{
		use sc_consensus_beefy_rpc::{Beefy, BeefyApiServer};
		module.merge(
			Beefy::<Block, BeefyId>::new(
				beefy.finality_proof_stream,
				beefy.best_block_stream,
				beefy.subscription_executor,
			)?
			.into_rpc(),
		)?;
	}
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(
		Babe::new(client, babe.babe_worker_handle, babe.keystore, select_chain).into_rpc(),
	)?;
	module.merge(
		Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc(),
	)?;

	Ok(module)
}
