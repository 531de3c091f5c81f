//! The Ethereum bridge: BEEFY, the Merkle mountain range it signs, and the outbound messages.
//!
//! Every block appends a leaf to the MMR (`pallet-mmr`, keccak-256): the parent block's number
//! and hash, the next BEEFY validator set (id, size, Merkle root of its members' Ethereum
//! addresses — `pallet-beefy-mmr`), and as extra data the root of the bridge messages locked in
//! the parent block (`pallet-eth-bridge`). The validators' BEEFY keys (ECDSA, a session key)
//! sign the MMR root of finalized blocks; a light-client contract on Ethereum checks those
//! signatures, and the gateway mints wDSY for messages proven against an accepted root.
//! `docs/bridge.md` is the user's and operator's view; `docs/bridge-wire-format.md` the bytes.

use super::{
	consensus::{ReportLongevity, MAX_NOMINATORS},
	constants::MAX_AUTHORITIES,
};
use crate::{
	currency::DSY,
	time::{EPOCH_DURATION_IN_BLOCKS, SESSIONS_PER_ERA},
	Balances, BlockNumber, EthBridge, Historical, Offences, Runtime,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, EitherOfDiverse, KeyOwnerProofSystem},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_core::{crypto::KeyTypeId, H256};
use sp_runtime::traits::Keccak256;

/// A validator's BEEFY key: ECDSA over secp256k1, what Ethereum's `ecrecover` checks.
pub type BeefyId = sp_consensus_beefy::ecdsa_crypto::AuthorityId;
/// A BEEFY signature.
pub type BeefySignature = sp_consensus_beefy::ecdsa_crypto::Signature;
/// The MMR's hash function: keccak-256, as Ethereum computes it.
pub type MmrHashing = Keccak256;
/// An MMR hash.
pub type MmrHash = H256;
/// One MMR leaf (`docs/bridge-wire-format.md` §5).
pub type MmrLeaf = sp_consensus_beefy::mmr::MmrLeaf<BlockNumber, crate::Hash, MmrHash, H256>;

impl pallet_beefy::Config for Runtime {
	type BeefyId = BeefyId;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<MAX_NOMINATORS>;
	/// Keep set-id → session mappings for the bonding period, so old equivocations can be proven.
	type MaxSetIdSessionEntries =
		ConstU64<{ super::constants::BONDING_DURATION as u64 * SESSIONS_PER_ERA as u64 }>;
	/// Each new validator set's Ethereum-address Merkle root goes into the MMR leaves.
	type OnNewValidatorSet = crate::BeefyMmrLeaf;
	type AncestryHelper = crate::BeefyMmrLeaf;
	type WeightInfo = ();
	type KeyOwnerProof = <Historical as KeyOwnerProofSystem<(KeyTypeId, BeefyId)>>::Proof;
	/// Signing two different commitments for one block (or a fork) is reported and slashed
	/// like a GRANDPA equivocation.
	type EquivocationReportSystem =
		pallet_beefy::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_mmr::Config for Runtime {
	const INDEXING_PREFIX: &'static [u8] = sp_mmr_primitives::INDEXING_PREFIX;
	type Hashing = MmrHashing;
	type LeafData = crate::BeefyMmrLeaf;
	/// The new root goes into the block's digest, where the BEEFY voter reads it.
	type OnNewRoot = pallet_beefy_mmr::DepositBeefyDigest<Runtime>;
	type BlockHashProvider = pallet_mmr::DefaultBlockHashProvider<Runtime>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	/// Leaf format 0.0.
	pub LeafVersion: sp_consensus_beefy::mmr::MmrLeafVersion =
		sp_consensus_beefy::mmr::MmrLeafVersion::new(0, 0);
}

/// The MMR leaf's extra data: the root of the bridge messages locked in the parent block.
pub struct BridgeMessagesRoot;
impl sp_consensus_beefy::mmr::BeefyDataProvider<H256> for BridgeMessagesRoot {
	fn extra_data() -> H256 {
		EthBridge::parent_messages_root()
	}
}

impl pallet_beefy_mmr::Config for Runtime {
	type LeafVersion = LeafVersion;
	/// Validators appear in the leaves as their Ethereum addresses.
	type BeefyAuthorityToMerkleLeaf = pallet_beefy_mmr::BeefyEcdsaToEthereum;
	type LeafExtra = H256;
	type BeefyDataProvider = BridgeMessagesRoot;
	type WeightInfo = ();
}

/// Messages stay in state for a week (a relayer that falls further behind reads them from an
/// archive node), or 200 blocks with `fast-runtime`.
#[cfg(not(feature = "fast-runtime"))]
pub const MESSAGE_RETENTION: BlockNumber = 7 * crate::time::DAYS;
/// Messages stay in state for a week, or 200 blocks with `fast-runtime`.
#[cfg(feature = "fast-runtime")]
pub const MESSAGE_RETENTION: BlockNumber = 200;

parameter_types! {
	/// The bridge account's id (`modl` + this, truncated to an account).
	pub const BridgePalletId: PalletId = PalletId(*b"dsy/brdg");
	/// 1 DSY to 100,000 DSY per transfer until governance says otherwise.
	pub const DefaultBridgeLimits: pallet_eth_bridge::Limits =
		pallet_eth_bridge::Limits { min: DSY, max: 100_000 * DSY };
}

// A session is at least one block, and messages outlive a session (proofs are built meanwhile).
const _: () = assert!(MESSAGE_RETENTION > EPOCH_DURATION_IN_BLOCKS);

impl pallet_eth_bridge::Config for Runtime {
	type Currency = Balances;
	type PalletId = BridgePalletId;
	/// 64 messages per block: a leaf's proof is at most 6 hashes.
	type MaxMessagesPerBlock = ConstU32<64>;
	type MessageRetention = frame_support::traits::ConstU32<MESSAGE_RETENTION>;
	type DefaultLimits = DefaultBridgeLimits;
	/// The target and limits: a parameters-track referendum (or Root where sudo exists).
	type AdminOrigin =
		EitherOfDiverse<EnsureRoot<crate::AccountId>, super::governance::ParamsOrigin>;
	/// Pause and resume: an emergency-track referendum (or Root where sudo exists).
	type PauseOrigin = super::governance::EmergencyOrigin;
	type WeightInfo = crate::weights::pallet_eth_bridge::WeightInfo<Runtime>;
}
