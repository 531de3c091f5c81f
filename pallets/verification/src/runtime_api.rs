//! The verification pallet's runtime API: what verifiers and explorers read.

use crate::{Params, RoundView, VerifierView};
use alloc::vec::Vec;
use codec::Codec;
use dsynapse_asset_types::AssetId;

sp_api::decl_runtime_apis! {
	/// Verifiers, rounds and jobs.
	pub trait VerificationApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The current parameters.
		fn params() -> Params<Balance, BlockNumber>;
		/// A verifier's stake, reputation and eligibility.
		fn verifier(who: AccountId) -> Option<VerifierView<Balance, BlockNumber>>;
		/// Reputation of any account (zero if it never verified).
		fn reputation(who: AccountId) -> u32;
		/// The running round of an asset.
		fn round(asset: AssetId) -> Option<RoundView<AccountId, BlockNumber>>;
		/// The rounds a verifier sits on: what its worker must answer.
		fn jobs(who: AccountId) -> Vec<RoundView<AccountId, BlockNumber>>;
		/// The verifiers of an asset's latest successful verification.
		fn attesters(asset: AssetId) -> Vec<AccountId>;
	}
}
