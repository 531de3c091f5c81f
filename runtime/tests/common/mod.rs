//! Helpers shared by the runtime integration tests: genesis from presets, block building,
//! transaction signing.

#![allow(
	dead_code,
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing
)]

use codec::{Decode, Encode};
use dsynapse_runtime::{
	genesis_config_presets, time::SLOT_DURATION, Address, Block, BuildStorage, Executive, Header,
	Runtime, RuntimeCall, RuntimeGenesisConfig, SignedPayload, TimestampCall, TxExtension,
	UncheckedExtrinsic,
};
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	BABE_ENGINE_ID,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::{Block as BlockT, Header as HeaderT},
	Digest, DigestItem, MultiSignature,
};

/// Merges the JSON `patch` into `base` (objects key by key, anything else replaced).
pub fn json_merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				json_merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

/// The full genesis config of a preset: the runtime's defaults with the preset's patch applied.
pub fn genesis_config(preset: &str) -> RuntimeGenesisConfig {
	let patch = genesis_config_presets::get_preset(&preset.into())
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut full = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	json_merge(&mut full, patch);
	serde_json::from_value(full).expect("preset deserializes into the genesis config")
}

/// Externalities holding the genesis state of `preset`.
pub fn new_ext(preset: &str) -> sp_io::TestExternalities {
	let storage = genesis_config(preset).build_storage().expect("genesis builds");
	sp_io::TestExternalities::new(storage)
}

/// The BABE pre-runtime digest of a secondary-plain block by authority `index` in `slot`.
pub fn babe_digest(index: u32, slot: u64) -> Digest {
	let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: index,
		slot: slot.into(),
	});
	Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre.encode())] }
}

/// The timestamp inherent for `slot`.
pub fn timestamp_inherent(slot: u64) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(TimestampCall::set {
		now: slot * SLOT_DURATION,
	}))
}

/// Signs `call` as `signer` with `nonce` and `tip` (immortal era).
pub fn signed(
	call: RuntimeCall,
	signer: Sr25519Keyring,
	nonce: u32,
	tip: u128,
) -> UncheckedExtrinsic {
	let ext = tx_extension(nonce, tip);
	let payload = SignedPayload::new(call.clone(), ext.clone()).expect("implicit data available");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		Address::Id(signer.to_account_id()),
		MultiSignature::Sr25519(signature),
		ext,
	)
}

/// The transaction extensions of an immortal transaction.
pub fn tx_extension(nonce: u32, tip: u128) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_system::WeightReclaim::<Runtime>::new(),
		dsynapse_runtime::validator_keys::CheckValidatorKeys,
	)
}

/// Builds block 1 on top of genesis in the current externalities: BABE digest for `author_index`
/// at `slot`, the timestamp inherent, then `extrinsics`. Returns the sealed-less block and the
/// result of applying each extrinsic (after the inherent).
pub fn build_block(
	author_index: u32,
	slot: u64,
	extrinsics: Vec<UncheckedExtrinsic>,
) -> (Block, Vec<sp_runtime::ApplyExtrinsicResult>) {
	let parent = frame_system::BlockHash::<Runtime>::get(0);
	build_block_on(1, parent, author_index, slot, extrinsics)
}

/// Builds block `number` on `parent` (the previous block's header hash), as [`build_block`].
pub fn build_block_on(
	number: u32,
	parent: sp_core::H256,
	author_index: u32,
	slot: u64,
	extrinsics: Vec<UncheckedExtrinsic>,
) -> (Block, Vec<sp_runtime::ApplyExtrinsicResult>) {
	let header = Header::new(
		number,
		Default::default(),
		Default::default(),
		parent,
		babe_digest(author_index, slot),
	);
	Executive::initialize_block(&header);
	let inherent = timestamp_inherent(slot);
	Executive::apply_extrinsic(inherent.clone())
		.expect("inherent is valid")
		.expect("inherent dispatches");
	let mut included = vec![inherent];
	let mut results = Vec::new();
	for xt in extrinsics {
		let r = Executive::apply_extrinsic(xt.clone());
		if r.is_ok() {
			included.push(xt);
		}
		results.push(r);
	}
	let header = Executive::finalize_block();
	(Block::new(header, included), results)
}

/// Re-executes `block` from scratch in `ext` (state root and extrinsics root are checked).
pub fn execute(ext: &mut sp_io::TestExternalities, block: &Block) {
	let lazy = <<Block as BlockT>::LazyBlock as Decode>::decode(&mut &block.encode()[..])
		.expect("a block decodes as a lazy block");
	ext.execute_with(|| Executive::execute_block(lazy));
}
