//! # The dsynapse runtime
//!
//! The state transition function of the dsynapse chain, compiled both natively (for tests and
//! the node's tooling) and to `wasm32v1-none` (the on-chain code every node executes).
//!
//! ## What is in it
//!
//! | pallet | role |
//! |---|---|
//! | `System`, `Timestamp` | accounts, nonces, events, block time |
//! | `Babe` | block production: slots + VRF randomness (verifier committees draw from it) |
//! | `Grandpa` | deterministic finality |
//! | `Balances` | the native token **DSY** (12 decimals), see [`currency`] |
//! | `TransactionPayment` | fees; the fee is **burned**, the tip goes to the block author ([`configs::fees`]) |
//! | `Authorship` | who authored the current block (tips, staking points) |
//! | `Staking` | NPoS: bond, validate, nominate; an on-chain Phragmén election every era |
//! | `Session`, `Historical` | session keys and validator-set rotation, proofs of past sets |
//! | `Offences` | equivocation reports from BABE/GRANDPA/BEEFY flow into staking slashes |
//! | `Beefy`, `Mmr`, `BeefyMmrLeaf` | BEEFY: validators sign the root of a Merkle mountain range of all blocks with ECDSA keys, which Ethereum can check ([`configs::bridge`]) |
//! | `Sudo` | a key only in the `dev` and `local` presets; none in `local_governed` nor in a launched network (`testnet`) |
//! | `Registry` | models and datasets registered by IPFS CID, with a held deposit |
//! | `Verification` | staked verifiers, random committees, commit-reveal verdicts, slashing, reputation |
//! | `EthBridge` | DSY locked here for wDSY on Ethereum: messages whose root each MMR leaf carries |
//!
//! ## Where to change things
//!
//! - block time, epochs, sessions, eras: [`time`] (and the `fast-runtime` feature);
//! - token constants and the existential deposit: [`currency`];
//! - pallet parameters: `configs/`, one file per concern;
//! - genesis presets (`dev`, `local`, `local_governed`) and a launched network's genesis:
//!   [`genesis_config_presets`];
//! - runtime APIs exposed to clients: `apis.rs`.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`/`impl_runtime_apis` expand to large enums and recursion-heavy types.
#![recursion_limit = "512"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

/// The same runtime built with `fast-runtime` (10-block epochs, 2-session eras), for the
/// `dev-fast` chain: local networks and tests that need epochs and eras to pass quickly.
#[cfg(feature = "std")]
pub mod fast_runtime_binary {
	include!(concat!(env!("OUT_DIR"), "/fast_runtime_binary.rs"));
}

extern crate alloc;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod validator_keys;
pub mod weights;

/// The runtime API collection the node's client is parameterised with.
#[cfg(feature = "std")]
pub use apis::RuntimeApi;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_staking::StakerStatus;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;
pub use sp_runtime::{Perbill, Permill};

/// Block number.
pub type BlockNumber = u32;
/// Signature of a transaction: sr25519, ed25519 or ecdsa (polkadot.js and subxt sign with sr25519).
pub type Signature = MultiSignature;
/// An account on the chain: the public key of the signing scheme (32 bytes, SS58 prefix 42).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance of DSY in its smallest unit (10^-12 DSY).
pub type Balance = u128;
/// A transaction counter of an account.
pub type Nonce = u32;
/// A block or state hash.
pub type Hash = sp_core::H256;
/// Index of a staking era.
pub type EraIndex = sp_staking::EraIndex;

/// Token constants of DSY.
pub mod currency {
	use super::Balance;

	/// Decimals of DSY.
	pub const DECIMALS: u8 = 12;
	/// The ticker.
	pub const SYMBOL: &str = "DSY";
	/// One DSY in the smallest unit.
	pub const DSY: Balance = 1_000_000_000_000;
	/// 10^-3 DSY.
	pub const MILLI_DSY: Balance = 1_000_000_000;
	/// 10^-6 DSY.
	pub const MICRO_DSY: Balance = 1_000_000;
	/// The minimum balance an account must keep to exist: 0.001 DSY.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_DSY;
}

/// Block, epoch, session and era lengths.
///
/// A BABE epoch and a session have the same length (sessions rotate on BABE epoch changes); an
/// era is `SESSIONS_PER_ERA` sessions. `fast-runtime` shortens everything for local networks and
/// tests (an era becomes two minutes).
pub mod time {
	use super::BlockNumber;

	/// Target block time; also the BABE slot duration. Cannot change once the chain has started.
	pub const MILLISECS_PER_BLOCK: u64 = 6000;
	/// The BABE slot duration.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

	/// Blocks per minute.
	pub const MINUTES: BlockNumber = 10;
	/// Blocks per hour.
	pub const HOURS: BlockNumber = 600;
	/// Blocks per day.
	pub const DAYS: BlockNumber = 14_400;

	/// BABE epoch (= session) length in blocks: 4 hours, or 10 blocks with `fast-runtime`.
	#[cfg(not(feature = "fast-runtime"))]
	pub const EPOCH_DURATION_IN_BLOCKS: BlockNumber = 4 * HOURS;
	/// BABE epoch (= session) length in blocks: 4 hours, or 10 blocks with `fast-runtime`.
	#[cfg(feature = "fast-runtime")]
	pub const EPOCH_DURATION_IN_BLOCKS: BlockNumber = 10;

	/// The same in slots (one slot per block at target).
	pub const EPOCH_DURATION_IN_SLOTS: u64 = EPOCH_DURATION_IN_BLOCKS as u64;

	/// Sessions per staking era: 6 (one day), or 2 with `fast-runtime`.
	#[cfg(not(feature = "fast-runtime"))]
	pub const SESSIONS_PER_ERA: sp_staking::SessionIndex = 6;
	/// Sessions per staking era: 6 (one day), or 2 with `fast-runtime`.
	#[cfg(feature = "fast-runtime")]
	pub const SESSIONS_PER_ERA: sp_staking::SessionIndex = 2;

	/// The probability that a slot has a primary (VRF) winner: 1/4. Secondary slots fill the rest,
	/// so every slot gets a block while at least one validator is online.
	pub const PRIMARY_PROBABILITY: (u64, u64) = (1, 4);

	// Compile-time checks of the relations above: a build with inconsistent lengths fails.
	const _: () = {
		assert!(EPOCH_DURATION_IN_BLOCKS > 0 && SESSIONS_PER_ERA > 0);
		assert!(PRIMARY_PROBABILITY.0 > 0 && PRIMARY_PROBABILITY.0 <= PRIMARY_PROBABILITY.1);
		// One slot per block at target: an epoch of N blocks is N slots.
		assert!(EPOCH_DURATION_IN_SLOTS == EPOCH_DURATION_IN_BLOCKS as u64);
		// A normal era is one day; a fast one two minutes.
		#[cfg(not(feature = "fast-runtime"))]
		assert!(EPOCH_DURATION_IN_BLOCKS * SESSIONS_PER_ERA == DAYS);
		#[cfg(feature = "fast-runtime")]
		assert!(
			EPOCH_DURATION_IN_BLOCKS as u64 * SESSIONS_PER_ERA as u64 * MILLISECS_PER_BLOCK
				== 120_000
		);
	};

	/// The BABE configuration used at genesis.
	pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
		sp_consensus_babe::BabeEpochConfiguration {
			c: PRIMARY_PROBABILITY,
			allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
		};
}

/// Opaque types for the node: it handles blocks and extrinsics without knowing the runtime's
/// call or extension types, so it keeps syncing across runtime upgrades.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: BABE (sr25519) for block production, GRANDPA (ed25519)
	/// for finality, and BEEFY (ecdsa, secp256k1) for the finality proofs Ethereum checks.
	/// `author_rotateKeys` generates all three in the node's keystore.
	pub struct SessionKeys {
		/// Block production key (`babe`, sr25519).
		pub babe: Babe,
		/// Finality key (`gran`, ed25519).
		pub grandpa: Grandpa,
		/// Bridge finality key (`beef`, ecdsa): signs MMR roots for Ethereum.
		pub beefy: Beefy,
	}
}

/// The runtime version: bump `spec_version` on every runtime change that reaches a network.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("dsynapse"),
	impl_name: alloc::borrow::Cow::Borrowed("dsynapse"),
	authoring_version: 1,
	spec_version: 106,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

#[frame_support::runtime]
mod runtime {
	/// The dsynapse runtime.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Babe = pallet_babe;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(4)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(5)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(6)]
	pub type Staking = pallet_staking;
	#[runtime::pallet_index(7)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(8)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(9)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(10)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(11)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(12)]
	pub type VoterList = pallet_bags_list;
	#[runtime::pallet_index(13)]
	pub type Beefy = pallet_beefy;
	#[runtime::pallet_index(14)]
	pub type Mmr = pallet_mmr;
	#[runtime::pallet_index(15)]
	pub type BeefyMmrLeaf = pallet_beefy_mmr;

	#[runtime::pallet_index(20)]
	pub type Registry = pallet_registry;
	#[runtime::pallet_index(21)]
	pub type Verification = pallet_verification;
	#[runtime::pallet_index(22)]
	pub type Tokenomics = pallet_tokenomics;
	#[runtime::pallet_index(23)]
	pub type Governance = pallet_governance;
	#[runtime::pallet_index(24)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(25)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(26)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(27)]
	pub type EthBridge = pallet_eth_bridge;
}

/// The address format: an account id, or an index (unused), as polkadot.js expects.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions every signed transaction carries, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
	validator_keys::CheckValidatorKeys,
);
/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade, beyond the pallets' own.
type Migrations = (
	pallet_tokenomics::migrations::v1::InitializeLedger<Runtime>,
	pallet_verification::migrations::v2::Migrate<Runtime>,
	pallet_governance::migrations::v2::MigrateToV2<Runtime>,
);

/// Executive: dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[cfg(feature = "runtime-benchmarks")]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, BaselineBench::<Runtime>]
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_sudo, Sudo]
		[pallet_registry, Registry]
		[pallet_verification, Verification]
		[pallet_tokenomics, Tokenomics]
		[pallet_governance, Governance]
		[pallet_referenda, Referenda]
		[pallet_scheduler, Scheduler]
		[pallet_preimage, Preimage]
		[pallet_eth_bridge, EthBridge]
	);
}
