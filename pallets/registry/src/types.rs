//! The registry's record types.

use crate::{pallet::BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use dsynapse_asset_types::{AssetId, AssetKind, AssetStatus};
use dsynapse_cid::{Cid, CidError, Codec, DIGEST_LEN};
use frame_support::{
	pallet_prelude::{BoundedVec, ConstU32},
	PalletError,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// One registered asset.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxLicense, MaxRelated))]
pub struct AssetRecord<AccountId, Balance, BlockNumber, MaxLicense, MaxRelated>
where
	MaxLicense: frame_support::traits::Get<u32>,
	MaxRelated: frame_support::traits::Get<u32>,
{
	/// Who registered it and holds its deposit.
	pub owner: AccountId,
	/// Model or dataset.
	pub kind: AssetKind,
	/// The content's CID.
	pub cid: Cid,
	/// Content size in bytes.
	pub content_size: u64,
	/// SPDX license identifier or expression (ASCII).
	pub license: BoundedVec<u8, MaxLicense>,
	/// The manifest's CID.
	pub manifest: Cid,
	/// Registered assets this one builds on.
	pub related: BoundedVec<AssetId, MaxRelated>,
	/// Where the asset stands.
	pub status: AssetStatus<BlockNumber>,
	/// The deposit held for it (zero once withdrawn).
	pub deposit: Balance,
	/// The block it was registered in.
	pub registered_at: BlockNumber,
}

/// The record type of a runtime.
/// Longest CID argument a call decodes (every accepted CID is at most 36 bytes; the margin keeps
/// the CID parser's own errors, such as `TrailingBytes`, reachable). Longer input does not decode,
/// so the transaction is refused before any of it is looked at.
pub const MAX_CID_ARG: u32 = 64;

/// A binary CID as a call argument.
pub type CidArg = BoundedVec<u8, ConstU32<MAX_CID_ARG>>;

pub type AssetRecordOf<T> = AssetRecord<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxLicenseLen,
	<T as Config>::MaxRelated,
>;

/// The identity of content for duplicate detection: the block's codec and digest. A CIDv0 is a
/// dag-pb block, so `Qm…` and the CIDv1 dag-pb of the same digest share one key.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct ContentKey {
	/// dag-pb or raw.
	pub codec: Codec,
	/// sha2-256 digest of the block.
	pub digest: [u8; DIGEST_LEN],
}

impl ContentKey {
	/// The key of a CID.
	pub fn of(cid: &Cid) -> Self {
		ContentKey { codec: cid.codec, digest: cid.digest }
	}
}

/// What is wrong with a CID (carried by `InvalidCid` / `InvalidManifestCid`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	PalletError,
)]
pub enum CidDefect {
	/// No bytes at all.
	Empty,
	/// The bytes end inside a varint or the digest.
	Truncated,
	/// A varint longer than 9 bytes or not minimally encoded.
	VarintOverlong,
	/// A CID version other than 0 or 1.
	UnsupportedVersion,
	/// A codec other than dag-pb (0x70) or raw (0x55).
	UnsupportedCodec,
	/// A multihash other than sha2-256.
	UnsupportedHash,
	/// A digest length other than 32 bytes.
	WrongDigestLength,
	/// Bytes after the digest.
	TrailingBytes,
}

impl From<CidError> for CidDefect {
	fn from(e: CidError) -> Self {
		match e {
			CidError::Empty => CidDefect::Empty,
			CidError::Truncated => CidDefect::Truncated,
			CidError::VarintOverlong => CidDefect::VarintOverlong,
			CidError::UnsupportedVersion => CidDefect::UnsupportedVersion,
			CidError::UnsupportedCodec => CidDefect::UnsupportedCodec,
			CidError::UnsupportedHash => CidDefect::UnsupportedHash,
			CidError::WrongDigestLength => CidDefect::WrongDigestLength,
			// Binary parsing never yields `BadText`; the closest defect is a truncated form.
			CidError::TrailingBytes => CidDefect::TrailingBytes,
			CidError::BadText => CidDefect::Truncated,
		}
	}
}

/// An asset as the runtime API shows it (CIDs in binary form).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct AssetView<AccountId, Balance, BlockNumber> {
	/// The asset's id.
	pub id: AssetId,
	/// Its owner.
	pub owner: AccountId,
	/// Model or dataset.
	pub kind: AssetKind,
	/// Binary CID of the content.
	pub cid: alloc::vec::Vec<u8>,
	/// Content size in bytes.
	pub content_size: u64,
	/// SPDX license (ASCII).
	pub license: alloc::vec::Vec<u8>,
	/// Binary CID of the manifest.
	pub manifest: alloc::vec::Vec<u8>,
	/// Related assets.
	pub related: alloc::vec::Vec<AssetId>,
	/// Current status.
	pub status: AssetStatus<BlockNumber>,
	/// Held deposit.
	pub deposit: Balance,
	/// Registration block.
	pub registered_at: BlockNumber,
}
