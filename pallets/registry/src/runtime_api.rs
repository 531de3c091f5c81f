//! The registry's runtime API: read views for wallets, explorers and the inference worker.

use crate::AssetView;
use alloc::vec::Vec;
use codec::Codec;
use dsynapse_asset_types::{AssetId, StatusTag};

sp_api::decl_runtime_apis! {
	/// Registered assets, one or a page at a time. Pages hold at most 100 assets, ascending by id
	/// from `from`; ask again from the last id + 1 for the next page.
	pub trait RegistryApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// One asset.
		fn asset(id: AssetId) -> Option<AssetView<AccountId, Balance, BlockNumber>>;
		/// An owner's assets.
		fn assets_by_owner(owner: AccountId, from: AssetId, limit: u32) -> Vec<AssetView<AccountId, Balance, BlockNumber>>;
		/// The assets in a status.
		fn assets_by_status(status: StatusTag, from: AssetId, limit: u32) -> Vec<AssetView<AccountId, Balance, BlockNumber>>;
		/// The deposit a registration holds.
		fn asset_deposit() -> Balance;
	}
}
