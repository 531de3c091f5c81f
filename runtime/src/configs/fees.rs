//! Transaction payment.
//!
//! Every signed transaction pays `base + length + weight` fees (times a multiplier that tracks
//! block fullness) plus an optional tip. [`BurnFeesTipAuthor`] decides where that money goes:
//!
//! - the **fee is burned**: the credit is dropped, which lowers `TotalIssuance` by exactly the fee
//!   (it is part of the burn term B of the supply equation, recorded in the supply ledger);
//! - the **tip goes to the block author**, found through `pallet_authorship`. If there is no
//!   author (e.g. in an offchain context) or the author cannot receive it, the tip is burned too.

use crate::{Authorship, Balance, Balances, Runtime, RuntimeEvent};
use frame_support::{
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		tokens::imbalance::TryMerge,
		ConstU8, Imbalance, OnUnbalanced,
	},
	weights::{ConstantMultiplier, IdentityFee},
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{traits::Bounded, FixedPointNumber, Perquintill};

use crate::currency::MICRO_DSY;

/// Routes transaction fees and tips: fees are burned, tips go to the block author.
pub struct BurnFeesTipAuthor;

impl BurnFeesTipAuthor {
	/// Burns a tip nobody can receive, recording it with the fees.
	fn burn(tip: Credit<crate::AccountId, Balances>) {
		crate::Tokenomics::note_burned(pallet_tokenomics::BurnKind::Fees, tip.peek());
		drop(tip);
	}
}

impl OnUnbalanced<Credit<crate::AccountId, Balances>> for BurnFeesTipAuthor {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = Credit<crate::AccountId, Balances>>)
	where
		Credit<crate::AccountId, Balances>: TryMerge,
	{
		// First item: the fee. Dropping a `Credit` reduces total issuance: the fee is burned.
		if let Some(fee) = fees_then_tips.next() {
			crate::Tokenomics::note_burned(pallet_tokenomics::BurnKind::Fees, fee.peek());
			drop(fee);
		}
		// Second item (if any): the tip.
		if let Some(tip) = fees_then_tips.next() {
			Self::on_unbalanced(tip);
		}
	}

	/// A lone credit handed to this handler is a tip: pay it to the author, else burn it.
	fn on_nonzero_unbalanced(tip: Credit<crate::AccountId, Balances>) {
		if tip.peek() == 0 {
			return;
		}
		match Authorship::author() {
			Some(author) => {
				// `resolve` hands the credit back if the author cannot receive it (it would stay
				// below the existential deposit); it is then dropped, i.e. burned.
				if let Err(unpaid) = <Balances as Balanced<crate::AccountId>>::resolve(&author, tip)
				{
					Self::burn(unpaid);
				}
			},
			None => Self::burn(tip),
		}
	}
}

/// Charged per byte of an extrinsic: 0.4 µDSY, so that a block filled with bytes costs at least
/// what a block filled with weight does. The largest normal block is 3.75 MiB (75% of 5 MiB)
/// and the most normal weight in a block is 1.5 s, which [`IdentityFee`] prices at 1.5 DSY:
/// 3,932,160 bytes × 0.4 µDSY = 1.57 DSY ≥ 1.5 DSY (checked by a runtime test). A transfer
/// (about 150 bytes) pays 0.00006 DSY for its bytes; a day of full junk blocks (54 GB) would
/// cost about 22,600 DSY instead of the 85 DSY of 0.001 µDSY per byte.
pub const TRANSACTION_BYTE_FEE: Balance = 2 * MICRO_DSY / 5;

parameter_types! {
	/// Charged per byte of an extrinsic (see [`TRANSACTION_BYTE_FEE`]).
	pub const TransactionByteFee: Balance = TRANSACTION_BYTE_FEE;
	/// Blocks are targeted at 25% fullness; fees rise above it and fall below it.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the fee multiplier moves.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// The multiplier never falls below 1.
	pub MinimumMultiplier: Multiplier = Multiplier::from_u32(1);
	/// Nor rises beyond its type's range.
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, BurnFeesTipAuthor>;
	/// Operational extrinsics pay 5x the tip-equivalent priority.
	type OperationalFeeMultiplier = ConstU8<5>;
	/// One unit of ref-time weight (a picosecond) costs one planck (10^-12 DSY), so a simple
	/// transfer costs on the order of 0.0002 DSY.
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
