//! A runtime with System, Balances, the real registry and verification; randomness from a
//! test-controlled seed.

use crate as pallet_verification;
use crate::{Params, Rounds};
use codec::Encode;
use core::cell::RefCell;
use dsynapse_asset_types::{AssetId, AssetKind, OnSlashBurned};
use dsynapse_challenge::{
	dataset_challenge, derive::model_layout, DatasetFingerprint, Fingerprint, ModelFingerprint,
	TopEntry,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks, Randomness},
};
use sp_core::H256;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Registry: pallet_registry,
		Verification: pallet_verification,
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

parameter_types! {
	pub const AssetDeposit: Balance = 100;
}

impl pallet_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetDeposit = AssetDeposit;
	type MaxLicenseLen = ConstU32<64>;
	type MaxRelated = ConstU32<8>;
	type ManifestCooldown = frame_support::traits::ConstU64<0>;
	type Verification = Verification;
	type WeightInfo = ();
}

thread_local! {
	/// Mixed into every random value; tests change it to get other committees.
	pub static RANDOM_SALT: RefCell<u64> = const { RefCell::new(0) };
	/// Everything reported as burned by slashes.
	pub static BURNED: RefCell<Balance> = const { RefCell::new(0) };
	/// The attesters of each asset's standing verification, as handed to `OnVerdict`.
	pub static ATTESTED: RefCell<std::collections::BTreeMap<AssetId, Vec<AccountId>>> =
		const { RefCell::new(std::collections::BTreeMap::new()) };
}

/// Records the verdicts, as tokenomics keeps them.
pub struct RecordVerdicts;
impl dsynapse_asset_types::OnVerdict<AccountId, u64> for RecordVerdicts {
	fn on_verified(asset: AssetId, _: Perbill, _: u64, attesters: &[AccountId]) {
		ATTESTED.with(|a| a.borrow_mut().insert(asset, attesters.to_vec()));
	}
	fn on_unverified(asset: AssetId) {
		ATTESTED.with(|a| a.borrow_mut().remove(&asset));
	}
	fn on_verdict_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(1, 0)
	}
}

/// The attesters handed over with `asset`'s standing verification, if any.
pub fn attested(asset: AssetId) -> Option<Vec<AccountId>> {
	ATTESTED.with(|a| a.borrow().get(&asset).cloned())
}

pub struct TestRandomness;
impl Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		let salt = RANDOM_SALT.with(|s| *s.borrow());
		(H256(sp_crypto_hashing::blake2_256(&(subject, salt).encode())), 0)
	}
}

pub struct RecordBurn;
impl OnSlashBurned<Balance> for RecordBurn {
	fn on_slash_burned(amount: Balance) {
		BURNED.with(|b| *b.borrow_mut() += amount);
	}
}

pub const MIN_STAKE: Balance = 1_000;
pub const EPOCH: u64 = 10;
/// Blocks between a round's request and its committee draw.
pub const DRAW_DELAY: u64 = 2;
/// The fee of a verification.
pub const ROUND_FEE: Balance = 30;

pub fn default_params() -> Params<Balance, u64> {
	Params {
		committee_size: 3,
		quorum: Perbill::from_percent(60),
		commit_period: 5,
		reveal_period: 5,
		tolerance: 16,
		// Equal, as in the runtime: a no-show never pays less than an outlier.
		no_show_slash: Perbill::from_percent(20),
		outlier_slash: Perbill::from_percent(20),
		reputation_gain: 10,
		reputation_loss: 20,
		validity_epochs: 2,
		max_attempts: 2,
		min_stake: MIN_STAKE,
	}
}

parameter_types! {
	pub DefaultParams: Params<Balance, u64> = default_params();
	/// 64 seats unless a test shrinks the set (`MaxVerifiers::set(&4)`) to fill it.
	pub storage MaxVerifiers: u32 = 64;
	/// Two draws per block unless a test raises it (`MaxDrawsPerBlock::set(&8)`) to open more
	/// rounds in one block.
	pub storage MaxDrawsPerBlock: u32 = 2;
}

impl pallet_verification::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = Registry;
	type Randomness = TestRandomness;
	type ParamsOrigin = frame_system::EnsureRoot<AccountId>;
	type OnSlashBurned = RecordBurn;
	type OnVerdict = RecordVerdicts;
	type DefaultParams = DefaultParams;
	type EpochLength = ConstU64<EPOCH>;
	type UnbondingDelay = ConstU64<50>;
	type DrawDelay = ConstU64<DRAW_DELAY>;
	type RoundFee = frame_support::traits::ConstU128<ROUND_FEE>;
	type MaxDrawsPerBlock = MaxDrawsPerBlock;
	type MaxVerifiers = MaxVerifiers;
	type MaxCommittee = ConstU32<7>;
	type MaxFinalizePerBlock = ConstU32<2>;
	type MaxExpiriesPerBlock = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchHelper {
	fn create_asset(owner: &AccountId, kind: AssetKind, n: u32) -> AssetId {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::mint_into(owner, 1_000_000);
		let id = pallet_registry::NextAssetId::<Test>::get();
		Registry::register(
			RuntimeOrigin::signed(*owner),
			kind,
			content_cid(&n.to_le_bytes()).try_into().unwrap(),
			1 << 30,
			b"MIT".to_vec().try_into().unwrap(),
			content_cid(b"manifest").try_into().unwrap(),
			Default::default(),
		)
		.unwrap();
		id
	}
}

/// The IP owner in the tests.
pub const OWNER: AccountId = 1;
/// Verifiers with equal stakes.
pub const V1: AccountId = 11;
pub const V2: AccountId = 12;
pub const V3: AccountId = 13;
/// Funded accounts that are not verifiers.
pub const OTHER: AccountId = 20;

pub const FUNDS: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	RANDOM_SALT.with(|s| *s.borrow_mut() = 0);
	BURNED.with(|b| *b.borrow_mut() = 0);
	ATTESTED.with(|a| a.borrow_mut().clear());
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let funded = [OWNER, V1, V2, V3, OTHER, 14, 15, 16, 17, 18];
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.iter().map(|a| (*a, FUNDS)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs a test and checks both pallets' invariants at the end.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		check_invariants();
	});
}

pub fn check_invariants() {
	Verification::do_try_state().expect("verification invariants hold");
	pallet_registry::Pallet::<Test>::do_try_state().expect("registry invariants hold");
}

/// Advances to block `n`, running `on_initialize` of every block on the way.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Verification::on_initialize(next);
		check_invariants();
	}
}

pub fn burned() -> Balance {
	BURNED.with(|b| *b.borrow())
}

/// The CIDv1 (raw) of some bytes.
pub fn content_cid(data: &[u8]) -> Vec<u8> {
	dsynapse_cid::Cid::v1(dsynapse_cid::Codec::Raw, sp_crypto_hashing::sha2_256(data)).to_bytes()
}

/// Registers verifiers V1..V3 with `MIN_STAKE` each.
pub fn three_verifiers() {
	for v in [V1, V2, V3] {
		Verification::register_verifier(RuntimeOrigin::signed(v), MIN_STAKE).unwrap();
	}
}

/// Registers an asset of `kind` for OWNER and runs to its committee draw; returns its id.
pub fn register_asset(kind: AssetKind, data: &[u8]) -> AssetId {
	let id = register_undrawn(kind, data);
	run_to_draw(id);
	id
}

/// Registers an asset of `kind` for OWNER without running to the draw; returns its id.
pub fn register_undrawn(kind: AssetKind, data: &[u8]) -> AssetId {
	let id = pallet_registry::NextAssetId::<Test>::get();
	register_for(OWNER, kind, data).unwrap();
	id
}

/// Registers an asset of `kind` with content `data` for `who` (who pays the deposit and the
/// round fee).
pub fn register_for(
	who: AccountId,
	kind: AssetKind,
	data: &[u8],
) -> frame_support::dispatch::DispatchResult {
	Registry::register(
		RuntimeOrigin::signed(who),
		kind,
		content_cid(data).try_into().unwrap(),
		3 * 256 * 1024,
		b"Apache-2.0".to_vec().try_into().unwrap(),
		content_cid(b"manifest").try_into().unwrap(),
		Default::default(),
	)
}

/// Runs to the block that draws the committee of the asset's requested round (if any).
pub fn run_to_draw(asset: AssetId) {
	if let Some(request) = crate::Requests::<Test>::get(asset) {
		run_to(request.draw_at);
	}
}

/// The balance held for round fees on `who`.
pub fn fee_held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::Verification(crate::HoldReason::RoundFee), &who)
}

/// The answer an honest worker gives for the asset's running round (`variant` changes the
/// generated tokens, as different weights would).
pub fn answer(asset: AssetId, variant: u32) -> Fingerprint {
	let round = Rounds::<Test>::get(asset).expect("a running round");
	let summary = <Registry as dsynapse_asset_types::AssetRegistry<_, _>>::summary(asset).unwrap();
	match round.kind {
		AssetKind::Model => {
			let layout = model_layout(&round.seed, &summary.manifest);
			let tokens = (0..layout.generated_tokens()).map(|t| t * 7 + variant).collect();
			let top = layout
				.positions
				.iter()
				.map(|p| {
					(0..u32::from(layout.k))
						.map(|r| TopEntry { token: p * 16 + r, logit: 2_000 - 100 * r as i32 })
						.collect()
				})
				.collect();
			Fingerprint::Model(ModelFingerprint { tokens, top })
		},
		AssetKind::Dataset => {
			let c = dataset_challenge(&round.seed, summary.content_size).unwrap();
			Fingerprint::Dataset(DatasetFingerprint {
				chunk_hashes: c
					.indices
					.iter()
					.map(|i| [(*i as u8).wrapping_add(variant as u8); 32])
					.collect(),
			})
		},
	}
}

pub fn salt_of(who: AccountId) -> [u8; 32] {
	[who as u8; 32]
}

/// Commits `fp` for `who` with its salt.
pub fn commit(
	who: AccountId,
	asset: AssetId,
	fp: &Fingerprint,
) -> frame_support::dispatch::DispatchResult {
	let c = dsynapse_challenge::commitment(&salt_of(who), &who.encode(), &fp.encode());
	Verification::commit(RuntimeOrigin::signed(who), asset, c)
}

/// Reveals `fp` for `who` with its salt.
pub fn reveal(
	who: AccountId,
	asset: AssetId,
	fp: &Fingerprint,
) -> frame_support::dispatch::DispatchResult {
	Verification::reveal(RuntimeOrigin::signed(who), asset, salt_of(who), bounded(fp.encode()))
}

/// Fingerprint bytes as a `reveal` takes them (panics above `MAX_FINGERPRINT_LEN`).
pub fn bounded(bytes: Vec<u8>) -> crate::BoundedFingerprint {
	bytes.try_into().expect("a fingerprint within MAX_FINGERPRINT_LEN")
}

/// Every member commits its answer, then every member reveals it.
pub fn play(asset: AssetId, answers: &[(AccountId, Fingerprint)]) {
	for (who, fp) in answers {
		frame_support::assert_ok!(commit(*who, asset, fp));
	}
	for (who, fp) in answers {
		frame_support::assert_ok!(reveal(*who, asset, fp));
	}
}

/// The whole committee gives the honest answer.
pub fn play_agreeing(asset: AssetId) {
	let fp = answer(asset, 0);
	play(asset, &committee(asset).into_iter().map(|m| (m, fp.clone())).collect::<Vec<_>>());
}

/// Every member of the committee gives a different answer (no quorum).
pub fn play_disagreeing(asset: AssetId) {
	let answers: Vec<(AccountId, Fingerprint)> = committee(asset)
		.into_iter()
		.zip(0u32..)
		.map(|(m, variant)| (m, answer(asset, variant)))
		.collect();
	play(asset, &answers);
}

pub fn committee(asset: AssetId) -> Vec<AccountId> {
	Rounds::<Test>::get(asset).map(|r| r.committee.into_inner()).unwrap_or_default()
}

pub fn stake(who: AccountId) -> Balance {
	crate::Verifiers::<Test>::get(who).map(|r| r.stake).unwrap_or(0)
}

pub fn reputation(who: AccountId) -> u32 {
	crate::Reputation::<Test>::get(who)
}

pub fn status(asset: AssetId) -> dsynapse_asset_types::AssetStatus<u64> {
	pallet_registry::Assets::<Test>::get(asset).unwrap().status
}
