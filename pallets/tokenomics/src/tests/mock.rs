//! A runtime with System, Balances and the tokenomics pallet. The registry, the verification
//! verdicts and the dispute hook are small in-memory fakes the tests drive directly.

use crate as pallet_tokenomics;
use core::cell::RefCell;
use dsynapse_asset_types::{
	AssetId, AssetKind, AssetRegistry, AssetStatus, AssetSummary, DisputeHook, OnVerdict,
};
use dsynapse_tokenomics_math::fixed::PLANCK_PER_TOKEN;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Hooks},
	weights::Weight,
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

pub const DSY: Balance = PLANCK_PER_TOKEN;
pub const ED: Balance = DSY / 1_000;
pub const EPOCH: u64 = 10;
pub const HISTORY: u32 = 8;
pub const OWNER: AccountId = 1;
pub const ALICE: AccountId = 2;
pub const BOB: AccountId = 3;
pub const POOR: AccountId = 4;
pub const V1: AccountId = 11;
pub const V2: AccountId = 12;
pub const V3: AccountId = 13;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Tokenomics: pallet_tokenomics,
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
	type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
	type DustRemoval = DustToLedger;
}

/// Dust of reaped accounts is burned and recorded, as in the runtime.
pub struct DustToLedger;
impl
	frame_support::traits::OnUnbalanced<
		frame_support::traits::fungible::Credit<AccountId, Balances>,
	> for DustToLedger
{
	fn on_nonzero_unbalanced(dust: frame_support::traits::fungible::Credit<AccountId, Balances>) {
		use frame_support::traits::Imbalance;
		Tokenomics::note_burned(crate::BurnKind::Dust, dust.peek());
	}
}

thread_local! {
	static ASSETS: RefCell<BTreeMap<AssetId, AssetSummary<AccountId, u64>>> = const { RefCell::new(BTreeMap::new()) };
	static ATTESTERS: RefCell<BTreeMap<AssetId, Vec<AccountId>>> = const { RefCell::new(BTreeMap::new()) };
	/// Assets the dispute hook was asked to re-verify.
	pub static DISPUTED: RefCell<Vec<AssetId>> = const { RefCell::new(Vec::new()) };
	/// When set, the dispute hook refuses (a round is already running).
	pub static DISPUTE_BUSY: RefCell<bool> = const { RefCell::new(false) };
}

/// The registry fake; a status change also delivers the verdict to tokenomics, as the
/// verification pallet does when it sets a status.
pub struct FakeRegistry;
impl AssetRegistry<AccountId, u64> for FakeRegistry {
	fn summary(asset: AssetId) -> Option<AssetSummary<AccountId, u64>> {
		ASSETS.with(|a| a.borrow().get(&asset).cloned())
	}
	fn set_status(asset: AssetId, status: AssetStatus<u64>) -> DispatchResult {
		let old = ASSETS.with(|a| {
			let mut a = a.borrow_mut();
			let s = a.get_mut(&asset).ok_or(DispatchError::Other("unknown"))?;
			Ok::<_, DispatchError>(core::mem::replace(&mut s.status, status))
		})?;
		let _ = old;
		match status {
			AssetStatus::Verified { score, until } => {
				let attesters =
					ATTESTERS.with(|a| a.borrow().get(&asset).cloned().unwrap_or_default());
				Tokenomics::on_verified(asset, score, until, &attesters);
			},
			_ => Tokenomics::on_unverified(asset),
		}
		Ok(())
	}
}

pub struct FakeDispute;
impl DisputeHook for FakeDispute {
	fn request_reverification(asset: AssetId) -> DispatchResult {
		if DISPUTE_BUSY.with(|b| *b.borrow()) {
			return Err(DispatchError::Other("round in progress"));
		}
		DISPUTED.with(|d| d.borrow_mut().push(asset));
		Ok(())
	}
	fn request_reverification_weight() -> Weight {
		Weight::from_parts(1, 0)
	}
}

parameter_types! {
	pub const EpochLength: u64 = EPOCH;
	pub const PotId: PalletId = PalletId(*b"rwrdpot0");
	pub const VaultId: PalletId = PalletId(*b"daovault");
}

impl pallet_tokenomics::Config for Test {
	type Currency = Balances;
	type Registry = FakeRegistry;
	type Dispute = FakeDispute;
	type EpochLength = EpochLength;
	type PotId = PotId;
	type VaultId = VaultId;
	type HistoryDepth = ConstU32<HISTORY>;
	type MaxVerifiers = ConstU32<16>;
	type ParamsOrigin = EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchHelper {
	fn create_asset(owner: &AccountId) -> AssetId {
		add_asset(*owner)
	}
}

/// Registers a pending asset in the fake registry.
pub fn add_asset(owner: AccountId) -> AssetId {
	ASSETS.with(|a| {
		let mut a = a.borrow_mut();
		let id = a.len() as AssetId;
		a.insert(
			id,
			AssetSummary {
				owner,
				kind: AssetKind::Model,
				content: vec![],
				content_size: 1,
				manifest: vec![],
				status: AssetStatus::Pending,
			},
		);
		id
	})
}

/// Verifies `asset` with `score` percent by `committee`, as the verification pallet would.
pub fn verify(asset: AssetId, score: u32, committee: &[AccountId]) {
	verify_until(asset, score, committee, System::block_number() + 1_000);
}

/// Verifies `asset` with `score` percent by `committee`, valid up to block `until`.
pub fn verify_until(asset: AssetId, score: u32, committee: &[AccountId], until: u64) {
	ATTESTERS.with(|a| a.borrow_mut().insert(asset, committee.to_vec()));
	FakeRegistry::set_status(
		asset,
		AssetStatus::Verified { score: Perbill::from_percent(score), until },
	)
	.unwrap();
}

/// Moves `asset` to a status without a score.
pub fn set_status(asset: AssetId, status: AssetStatus<u64>) {
	FakeRegistry::set_status(asset, status).unwrap();
}

pub fn disputed() -> Vec<AssetId> {
	DISPUTED.with(|d| d.borrow().clone())
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	ASSETS.with(|a| a.borrow_mut().clear());
	ATTESTERS.with(|a| a.borrow_mut().clear());
	DISPUTED.with(|d| d.borrow_mut().clear());
	DISPUTE_BUSY.with(|b| *b.borrow_mut() = false);
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [OWNER, ALICE, BOB, V1, V2, V3]
			.iter()
			.map(|who| (*who, 1_000_000 * DSY))
			.chain([(POOR, DSY / 2)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_tokenomics::GenesisConfig::<Test>::default().assimilate_storage(&mut t).unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs blocks up to `n`, checking the pallet's invariants after each.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Tokenomics::on_initialize(next);
		Tokenomics::do_try_state().expect("invariants hold");
	}
}

/// Runs to the end of the running epoch (the block that closes it).
pub fn close_epoch() {
	let now = System::block_number();
	run_to_block((now / EPOCH + 1) * EPOCH);
}
