//! A runtime with System, Balances and the registry; the verification side is a recorder.

use crate as pallet_registry;
use core::cell::RefCell;
use dsynapse_asset_types::{AssetId, VerificationLifecycle};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use sp_runtime::{BuildStorage, DispatchResult};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Registry: pallet_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	/// Calls the registry made to the verification side, in order.
	pub static LIFECYCLE: RefCell<Vec<(&'static str, AssetId)>> = const { RefCell::new(Vec::new()) };
	/// Assets whose round the test says is running.
	pub static RUNNING: RefCell<Vec<AssetId>> = const { RefCell::new(Vec::new()) };
}

pub struct RecordingVerification;
impl VerificationLifecycle for RecordingVerification {
	fn on_needs_verification(asset: AssetId) -> DispatchResult {
		LIFECYCLE.with(|l| l.borrow_mut().push(("needs_verification", asset)));
		Ok(())
	}
	fn on_withdrawn(asset: AssetId) {
		LIFECYCLE.with(|l| l.borrow_mut().push(("withdrawn", asset)));
		RUNNING.with(|r| r.borrow_mut().retain(|a| *a != asset));
	}
	fn round_in_progress(asset: AssetId) -> bool {
		RUNNING.with(|r| r.borrow().contains(&asset))
	}
	fn on_needs_verification_weight() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn on_withdrawn_weight() -> Weight {
		Weight::from_parts(1, 0)
	}
}

pub const DEPOSIT: Balance = 100;
/// Blocks between manifest changes.
pub const COOLDOWN: u64 = 10;

parameter_types! {
	pub const AssetDeposit: Balance = DEPOSIT;
}

impl pallet_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetDeposit = AssetDeposit;
	type MaxLicenseLen = ConstU32<64>;
	type MaxRelated = ConstU32<8>;
	type ManifestCooldown = ConstU64<COOLDOWN>;
	type Verification = RecordingVerification;
	type WeightInfo = ();
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const POOR: AccountId = 3;

pub fn new_test_ext() -> sp_io::TestExternalities {
	LIFECYCLE.with(|l| l.borrow_mut().clear());
	RUNNING.with(|r| r.borrow_mut().clear());
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000), (BOB, 10_000), (POOR, 50)],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs a test and checks the pallet's invariants at the end.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Registry::do_try_state().expect("invariants hold");
	});
}

/// The CIDv1 (raw, sha2-256) of `data`.
pub fn raw_cid(data: &[u8]) -> Vec<u8> {
	dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, sp_crypto_hashing::sha2_256(data)).to_bytes()
}

/// The CIDv0 of a dag-pb block `data`.
pub fn v0_cid(data: &[u8]) -> Vec<u8> {
	dsynapse_cid::Cid::v0(sp_crypto_hashing::sha2_256(data)).to_bytes()
}

/// The CIDv1 dag-pb of `data`.
pub fn pb_cid(data: &[u8]) -> Vec<u8> {
	dsynapse_cid::Cid::v1(dsynapse_cid::Codec::DagPb, sp_crypto_hashing::sha2_256(data)).to_bytes()
}

pub fn lifecycle() -> Vec<(&'static str, AssetId)> {
	LIFECYCLE.with(|l| l.borrow().clone())
}

pub fn set_running(asset: AssetId) {
	RUNNING.with(|r| r.borrow_mut().push(asset));
}

/// `Registry::register` with plain vectors (each must fit its argument's bound).
pub fn register_call(
	origin: RuntimeOrigin,
	kind: crate::AssetKind,
	cid: Vec<u8>,
	size: u64,
	license: Vec<u8>,
	manifest: Vec<u8>,
	related: Vec<AssetId>,
) -> DispatchResult {
	Registry::register(
		origin,
		kind,
		cid.try_into().expect("a CID argument within its bound"),
		size,
		license.try_into().expect("a license within MaxLicenseLen"),
		manifest.try_into().expect("a CID argument within its bound"),
		related.try_into().expect("at most MaxRelated related assets"),
	)
}

/// `Registry::update_manifest` with a plain vector.
pub fn update_manifest_call(
	origin: RuntimeOrigin,
	asset: AssetId,
	manifest: Vec<u8>,
) -> DispatchResult {
	Registry::update_manifest(origin, asset, manifest.try_into().expect("within its bound"))
}

/// Registers a model with content `data` for `who`; returns its id.
pub fn register_model(who: AccountId, data: &[u8]) -> AssetId {
	let id = crate::NextAssetId::<Test>::get();
	register_call(
		RuntimeOrigin::signed(who),
		crate::AssetKind::Model,
		raw_cid(data),
		data.len() as u64 + 1,
		b"Apache-2.0".to_vec(),
		raw_cid(b"manifest"),
		vec![],
	)
	.unwrap();
	id
}
