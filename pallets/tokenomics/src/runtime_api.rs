//! The tokenomics runtime API: parameters, the supply ledger and per-asset rewards.

use crate::{AssetTokenomics, EpochStats, TokenomicsState};
use alloc::vec::Vec;
use codec::Codec;
use dsynapse_asset_types::AssetId;

sp_api::decl_runtime_apis! {
	/// Read views of the tokenomics pallet. Amounts are planck.
	pub trait TokenomicsApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The parameters, the running epoch's ledger so far, the pot and the vault.
		fn state() -> TokenomicsState<BlockNumber>;
		/// Closed epochs `from..=to` still kept (at most 256 per call).
		fn epoch_stats(from: u32, to: u32) -> Vec<EpochStats>;
		/// An asset's V_k, R_j, D_j, pending reward and verifiers.
		fn asset(asset: AssetId) -> Option<AssetTokenomics<AccountId>>;
		/// Rewards credited to an account and not yet paid.
		fn credit(who: AccountId) -> u128;
	}
}
