//! # Ethereum bridge, outbound: DSY locked here, wDSY minted on Ethereum
//!
//! A user calls [`lock`](Pallet::lock) with an amount and an Ethereum address. The DSY moves into
//! the bridge's account (it stays there: the wDSY on Ethereum is backed by it one to one) and the
//! pallet records a **message**: a nonce that is never reused, the recipient, the amount, and a
//! **domain** — this chain's genesis hash, the Ethereum chain id and the gateway contract — so
//! the message can be minted once, by that gateway only.
//!
//! At the end of each block the messages locked in it become the leaves of a binary Merkle tree
//! (`dsynapse_bridge_primitives::merkle`). The next block's MMR leaf (`pallet-mmr` with
//! `pallet-beefy-mmr`) carries that tree's root as its *extra data*, and the validators' BEEFY
//! keys sign the MMR root. On Ethereum a light-client contract accepts an MMR root signed by more
//! than two thirds of the current validator set; the gateway then mints a message proven by
//! (message → messages root → MMR leaf → accepted MMR root). Relayers only carry data: they can
//! delay a transfer, never forge or repeat one. `docs/bridge.md` explains the whole path and
//! `docs/bridge-wire-format.md` its bytes.
//!
//! ```text
//! lock ─► Messages[nonce], BlockMessages[block] ─(on_finalize)─► LastRoot
//!        ─(next block, pallet-mmr)─► MMR leaf extra ─► BEEFY signatures ─► Ethereum
//! ```
//!
//! ## Calls
//!
//! - [`lock`](Pallet::lock) (any account): moves `amount` into the bridge account and records the
//!   message. Refused while paused, before governance has named the target chain and gateway,
//!   below [`Limits::min`] or above [`Limits::max`], for the zero address, and when the block
//!   already holds [`Config::MaxMessagesPerBlock`] messages.
//! - [`set_target`](Pallet::set_target) ([`Config::AdminOrigin`]): the Ethereum chain id and the
//!   gateway address messages are for (a new gateway means new domains: messages already locked
//!   keep theirs).
//! - [`set_paused`](Pallet::set_paused) ([`Config::PauseOrigin`]): stops and restarts `lock`.
//! - [`set_limits`](Pallet::set_limits) ([`Config::AdminOrigin`]): the per-transfer minimum and
//!   maximum.
//!
//! ## Reading
//!
//! The runtime API [`runtime_api::EthBridgeApi`] gives a message by nonce with its Merkle proof
//! (what the relayer submits), the nonces of a block, and the bridge's state.
//!
//! ## Storage lifetime
//!
//! A message stays readable from state for [`Config::MessageRetention`] blocks, then it is
//! pruned (its event, and the state of older blocks on archive nodes, keep it). The gateway needs
//! only the proof, which the relayer builds while the message is in state.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - the bridge account holds at least [`TotalLocked`] (part 2 of the bridge releases from it);
//! - every stored message's nonce is below [`NextNonce`] and sits at its index in its block's
//!   leaves, with the leaf hash of its content;
//! - the limits satisfy `0 < min <= max`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(any(feature = "try-runtime", feature = "std"))]
mod invariants;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
mod views;
pub mod weights;

pub use dsynapse_bridge_primitives::{Domain, EthAddress, Message};
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion calls `expect` on values it builds itself (metadata, pallet info);
// only that lint is relaxed here, the others stay denied.
#[frame_support::pallet]
#[allow(clippy::expect_used)]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::Mutate, tokens::Preservation},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H160;
	use sp_runtime::traits::{AccountIdConversion, Saturating, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>, Hash = H256> {
		/// The native currency; amounts are `u128` as the message format carries them.
		type Currency: Mutate<Self::AccountId, Balance = u128>;
		/// The bridge account's id: locked DSY is kept there.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Most messages one block may carry (bounds the block's tree and the relayer's work).
		#[pallet::constant]
		type MaxMessagesPerBlock: Get<u32>;
		/// Blocks a message stays in state before it is pruned.
		#[pallet::constant]
		type MessageRetention: Get<BlockNumberFor<Self>>;
		/// The limits before governance sets any.
		#[pallet::constant]
		type DefaultLimits: Get<Limits>;
		/// Who names the target chain and gateway and sets the limits.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Who pauses and resumes `lock`.
		type PauseOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	#[pallet::type_value]
	pub fn FirstNonce() -> u64 {
		1
	}

	#[pallet::type_value]
	pub fn DefaultLimitsOf<T: Config>() -> Limits {
		T::DefaultLimits::get()
	}

	/// The nonce the next message gets (the first is 1).
	#[pallet::storage]
	pub type NextNonce<T> = StorageValue<_, u64, ValueQuery, FirstNonce>;

	/// The domain messages are locked for (absent: the bridge is not open yet).
	#[pallet::storage]
	pub type Target<T> = StorageValue<_, Domain, OptionQuery>;

	/// Whether `lock` is stopped.
	#[pallet::storage]
	pub type Paused<T> = StorageValue<_, bool, ValueQuery>;

	/// The per-transfer limits.
	#[pallet::storage]
	pub type TransferLimits<T: Config> = StorageValue<_, Limits, ValueQuery, DefaultLimitsOf<T>>;

	/// The DSY locked by all messages so far (the bridge account holds at least this).
	#[pallet::storage]
	pub type TotalLocked<T> = StorageValue<_, u128, ValueQuery>;

	/// Each message still in state, by nonce.
	#[pallet::storage]
	pub type Messages<T: Config> = StorageMap<_, Twox64Concat, u64, LockedMessageOf<T>>;

	/// The messages of each block still in state: the first nonce and the leaf hashes, in order
	/// (the nonces are consecutive within a block).
	#[pallet::storage]
	pub type BlockMessages<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, BlockLeavesOf<T>>;

	/// The messages root of the latest block that had messages, with its number. The next
	/// block's MMR leaf carries it ([`Pallet::parent_messages_root`]).
	#[pallet::storage]
	pub type LastRoot<T: Config> = StorageValue<_, (BlockNumberFor<T>, H256), OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// DSY was locked for Ethereum: the message `nonce` will mint `amount` wDSY to
		/// `recipient` once relayed.
		Locked {
			/// The message's nonce.
			nonce: u64,
			/// Who locked.
			sender: T::AccountId,
			/// The Ethereum recipient.
			recipient: H160,
			/// The amount, in DSY's smallest unit.
			amount: u128,
		},
		/// Governance named the chain and gateway new messages are for.
		TargetSet {
			/// The Ethereum chain id.
			chain_id: u64,
			/// The gateway contract.
			gateway: H160,
		},
		/// `lock` was stopped (`true`) or resumed (`false`).
		PausedSet {
			/// Whether it is stopped now.
			paused: bool,
		},
		/// Governance changed the per-transfer limits.
		LimitsSet {
			/// The new limits.
			limits: Limits,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The bridge is paused by governance.
		Paused,
		/// Governance has not named the target chain and gateway yet.
		NoTarget,
		/// The recipient is the zero address (tokens minted there would be lost).
		ZeroRecipient,
		/// The amount is below the minimum transfer.
		BelowMinimum,
		/// The amount is above the maximum transfer.
		AboveMaximum,
		/// This block already carries the most messages it may; try in the next block.
		BlockFull,
		/// The nonce or the locked total would overflow.
		Overflow,
		/// Limits must satisfy `0 < min <= max`.
		InvalidLimits,
		/// The gateway cannot be the zero address, nor the chain id zero.
		InvalidTarget,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let pruned = Self::prune(now);
			// `on_finalize` hashes this block's messages: reserve its worst case now.
			T::WeightInfo::on_initialize(pruned)
				.saturating_add(T::WeightInfo::on_finalize(T::MaxMessagesPerBlock::get()))
		}

		fn on_finalize(now: BlockNumberFor<T>) {
			if let Some(block) = BlockMessages::<T>::get(now) {
				let root = dsynapse_bridge_primitives::merkle::root(&block.leaves);
				LastRoot::<T>::put((now, H256(root)));
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::MaxMessagesPerBlock::get() > 0, "a block must carry at least one message");
			assert!(!T::MessageRetention::get().is_zero(), "messages must stay a while");
			assert!(T::DefaultLimits::get().is_valid(), "default limits need 0 < min <= max");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Locks `amount` DSY for `recipient` on Ethereum.
		///
		/// The amount moves into the bridge account (the sender keeps at least the existential
		/// deposit); the message gets the next nonce and the current target's domain.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::lock())]
		pub fn lock(origin: OriginFor<T>, amount: u128, recipient: H160) -> DispatchResult {
			let sender = ensure_signed(origin)?;
			ensure!(!Paused::<T>::get(), Error::<T>::Paused);
			let domain = Target::<T>::get().ok_or(Error::<T>::NoTarget)?;
			ensure!(recipient != H160::zero(), Error::<T>::ZeroRecipient);
			let limits = TransferLimits::<T>::get();
			ensure!(amount >= limits.min, Error::<T>::BelowMinimum);
			ensure!(amount <= limits.max, Error::<T>::AboveMaximum);

			let nonce = NextNonce::<T>::get();
			let next = nonce.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let total = TotalLocked::<T>::get().checked_add(amount).ok_or(Error::<T>::Overflow)?;
			let message = Message { domain, nonce, recipient: recipient.0, amount };
			let now = frame_system::Pallet::<T>::block_number();
			let index = BlockMessages::<T>::try_mutate(now, |block| {
				let block = block.get_or_insert_with(|| BlockLeaves {
					first_nonce: nonce,
					leaves: BoundedVec::new(),
				});
				let index = u32::try_from(block.leaves.len()).map_err(|_| Error::<T>::BlockFull)?;
				block.leaves.try_push(message.leaf_hash()).map_err(|_| Error::<T>::BlockFull)?;
				Ok::<_, Error<T>>(index)
			})?;

			T::Currency::transfer(&sender, &Self::account_id(), amount, Preservation::Preserve)?;

			NextNonce::<T>::put(next);
			TotalLocked::<T>::put(total);
			Messages::<T>::insert(
				nonce,
				LockedMessage { sender: sender.clone(), message, block: now, index },
			);
			Self::deposit_event(Event::Locked { nonce, sender, recipient, amount });
			Ok(())
		}

		/// Names the Ethereum chain and the gateway contract new messages are for.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_target())]
		pub fn set_target(origin: OriginFor<T>, chain_id: u64, gateway: H160) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(chain_id != 0 && gateway != H160::zero(), Error::<T>::InvalidTarget);
			let genesis_hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()).0;
			Target::<T>::put(Domain { genesis_hash, chain_id, gateway: gateway.0 });
			Self::deposit_event(Event::TargetSet { chain_id, gateway });
			Ok(())
		}

		/// Stops (`true`) or resumes (`false`) `lock`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_paused())]
		pub fn set_paused(origin: OriginFor<T>, paused: bool) -> DispatchResult {
			T::PauseOrigin::ensure_origin(origin)?;
			Paused::<T>::put(paused);
			Self::deposit_event(Event::PausedSet { paused });
			Ok(())
		}

		/// Sets the per-transfer minimum and maximum.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_limits())]
		pub fn set_limits(origin: OriginFor<T>, limits: Limits) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(limits.is_valid(), Error::<T>::InvalidLimits);
			TransferLimits::<T>::put(limits);
			Self::deposit_event(Event::LimitsSet { limits });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The bridge account: where locked DSY is kept.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The root of the messages locked in the parent block ([`H256::zero`] when it had
		/// none): the MMR leaf's extra data.
		pub fn parent_messages_root() -> H256 {
			let now = frame_system::Pallet::<T>::block_number();
			match LastRoot::<T>::get() {
				Some((block, root)) if block.saturating_add(1u32.into()) == now => root,
				_ => H256::zero(),
			}
		}

		/// Drops the messages of the block that just left the retention window; returns how
		/// many.
		fn prune(now: BlockNumberFor<T>) -> u32 {
			let retention = T::MessageRetention::get();
			if now <= retention {
				return 0;
			}
			let old = now.saturating_sub(retention);
			let Some(block) = BlockMessages::<T>::take(old) else { return 0 };
			let mut nonce = block.first_nonce;
			for _ in block.leaves.iter() {
				Messages::<T>::remove(nonce);
				nonce = nonce.saturating_add(1);
			}
			u32::try_from(block.leaves.len()).unwrap_or(u32::MAX)
		}
	}
}

pub use sp_core::H256;
