//! A runtime with System, Balances and the bridge; Root is the admin, account 99 may pause.

use crate as pallet_eth_bridge;
use crate::Limits;
use frame_support::{derive_impl, parameter_types, PalletId};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_core::H256;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Bridge: pallet_eth_bridge,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type Hash = H256;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
}

pub const ED: Balance = 10;
pub const MIN: Balance = 100;
pub const MAX: Balance = 1_000_000;
pub const PER_BLOCK: u32 = 4;
pub const RETENTION: u64 = 20;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const PAUSER: AccountId = 99;
pub const CHAIN_ID: u64 = 31337;
pub const GENESIS: [u8; 32] = [0x42; 32];

parameter_types! {
	pub const BridgePalletId: PalletId = PalletId(*b"dsy/brdg");
	pub const DefaultLimits: Limits = Limits { min: MIN, max: MAX };
}

frame_support::ord_parameter_types! {
	pub const Pauser: AccountId = PAUSER;
}

impl pallet_eth_bridge::Config for Test {
	type Currency = Balances;
	type PalletId = BridgePalletId;
	type MaxMessagesPerBlock = frame_support::traits::ConstU32<PER_BLOCK>;
	type MessageRetention = frame_support::traits::ConstU64<RETENTION>;
	type DefaultLimits = DefaultLimits;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PauseOrigin = frame_support::traits::EitherOfDiverse<
		EnsureRoot<AccountId>,
		EnsureSignedBy<Pauser, AccountId>,
	>;
	type WeightInfo = ();
}

/// Alice and Bob hold 10^9 each; the chain's genesis hash is [`GENESIS`]; block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 1_000_000_000), (BOB, 1_000_000_000)],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		frame_system::BlockHash::<Test>::insert(0, H256(GENESIS));
		System::set_block_number(1);
	});
	ext
}

/// Ends the current block and starts the next, running the bridge's hooks.
pub fn next_block() {
	use frame_support::traits::Hooks;
	let now = System::block_number();
	Bridge::on_finalize(now);
	System::set_block_number(now + 1);
	Bridge::on_initialize(now + 1);
}
