//! The registry: the deposit held per asset, the manifest cooldown.

use crate::{currency::DSY, Balance, BlockNumber, Runtime, RuntimeHoldReason, Verification};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// Held for every registered asset, returned on withdrawal.
	pub const AssetDeposit: Balance = 10 * DSY;
	/// Least blocks between two manifest changes of an asset.
	pub const ManifestCooldown: BlockNumber = MANIFEST_COOLDOWN;
}

/// A day of 6-second blocks, or 20 blocks with `fast-runtime`.
#[cfg(not(feature = "fast-runtime"))]
pub const MANIFEST_COOLDOWN: BlockNumber = crate::time::DAYS;
/// A day of 6-second blocks, or 20 blocks with `fast-runtime`.
#[cfg(feature = "fast-runtime")]
pub const MANIFEST_COOLDOWN: BlockNumber = 20;

impl pallet_registry::Config for Runtime {
	type Currency = crate::Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetDeposit = AssetDeposit;
	type MaxLicenseLen = ConstU32<64>;
	type MaxRelated = ConstU32<16>;
	/// A day between two manifest changes of an asset (20 blocks with `fast-runtime`): each
	/// change opens a paid verification round.
	type ManifestCooldown = ManifestCooldown;
	type Verification = Verification;
	type WeightInfo = crate::weights::pallet_registry::WeightInfo<Runtime>;
}
