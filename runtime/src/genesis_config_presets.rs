//! Genesis presets: the initial state of each network, as code.
//!
//! | preset id | validators | sudo | funded accounts |
//! |---|---|---|---|
//! | `development` (`--dev`) | Alice (invulnerable) | Alice | the twelve dev accounts (Alice..Ferdie and their stashes) |
//! | `local_testnet` (`--chain local`) | Alice, Bob, Charlie (invulnerable) | Alice | the twelve dev accounts |
//! | `local_governed` | Alice, Bob, Charlie, slashable like anyone | **none**: governance only | the twelve dev accounts |
//!
//! In every preset a validator's stash is its validator id; its controller is the stash itself
//! (controllers are deprecated); session keys are BABE = sr25519, GRANDPA = ed25519 and BEEFY =
//! ecdsa of the same seed, which is what `dsynapse-node --alice` (etc.) puts into the keystore.
//!
//! `local_governed` is the genesis a launched network gets ([`launch_genesis`]: no sudo, no
//! invulnerables, emergency cancellers) with keys everyone knows, so that tests and a single
//! machine can exercise governance as the testnet runs it. A network meant to be run by others
//! is never built from a preset: its operators generate their own keys and the launch ceremony
//! (`dsynapse-node launch-spec`, `docs/validator.md`) builds its spec from their public keys,
//! through [`launch_genesis`]. That is how `chain-spec/testnet-raw.json` was made.

use crate::{
	currency::DSY, time::BABE_GENESIS_EPOCH_CONFIG, AccountId, BabeConfig, Balance, BalancesConfig,
	GovernanceConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, StakerStatus,
	StakingConfig, SudoConfig,
};
use alloc::{format, string::String, vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{ecdsa, ed25519, sr25519, Pair};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

/// The preset id of the local, sudo-less network governed as the testnet is.
pub const LOCAL_GOVERNED_RUNTIME_PRESET: &str = "local_governed";

/// Balance given to each funded dev account: one million DSY.
pub const ENDOWMENT: Balance = 1_000_000 * DSY;
/// Bonded by each genesis validator: one hundred thousand DSY.
pub const STASH_BOND: Balance = 100_000 * DSY;

/// Everything genesis needs to know about one validator.
#[derive(Clone)]
pub struct GenesisValidator {
	/// The stash account: bonded funds, and the validator id in the session pallet.
	pub stash: AccountId,
	/// Its BABE key.
	pub babe: BabeId,
	/// Its GRANDPA key.
	pub grandpa: GrandpaId,
	/// Its BEEFY key (ECDSA: signs what Ethereum checks).
	pub beefy: crate::configs::bridge::BeefyId,
}

impl GenesisValidator {
	/// A validator whose keys derive from the secret URI `suri` (stash: `suri//stash`).
	///
	/// Returns `None` when `suri` is not a valid secret URI.
	pub fn from_suri(suri: &str) -> Option<Self> {
		let stash = sr25519::Pair::from_string(&format!("{suri}//stash"), None).ok()?;
		let babe = sr25519::Pair::from_string(suri, None).ok()?;
		let grandpa = ed25519::Pair::from_string(suri, None).ok()?;
		let beefy = ecdsa::Pair::from_string(suri, None).ok()?;
		Some(Self {
			stash: stash.public().into(),
			babe: babe.public().into(),
			grandpa: grandpa.public().into(),
			beefy: beefy.public().into(),
		})
	}

	fn session_keys(&self) -> SessionKeys {
		SessionKeys {
			babe: self.babe.clone(),
			grandpa: self.grandpa.clone(),
			beefy: self.beefy.clone(),
		}
	}
}

/// The twelve well-known development accounts.
pub fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter()
		.filter(|k| !matches!(k, Sr25519Keyring::One | Sr25519Keyring::Two))
		.map(|k| k.to_account_id())
		.collect()
}

fn dev_validator(name: &str) -> Option<GenesisValidator> {
	GenesisValidator::from_suri(&format!("//{name}"))
}

/// The genesis state shared by all presets.
fn genesis(
	validators: Vec<GenesisValidator>,
	endowed: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
	invulnerable: bool,
) -> Value {
	let cancellers = validators.iter().map(|v| v.stash.clone()).collect();
	genesis_with(validators, endowed, sudo, invulnerable, cancellers)
}

/// What a launch ceremony fixes: public keys and amounts only (see `docs/validator.md`).
#[derive(Clone)]
pub struct LaunchGenesis {
	/// The genesis validators (each bonds [`STASH_BOND`] and is endowed if not listed below).
	pub validators: Vec<GenesisValidator>,
	/// Accounts and their balances.
	pub balances: Vec<(AccountId, Balance)>,
	/// The emergency cancellers (at most 8).
	pub cancellers: Vec<AccountId>,
}

/// The genesis of a network launched by a ceremony: no sudo, no invulnerables.
pub fn launch_genesis(launch: LaunchGenesis) -> Value {
	genesis_with(launch.validators, launch.balances, None, false, launch.cancellers)
}

fn genesis_with(
	validators: Vec<GenesisValidator>,
	endowed: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
	invulnerable: bool,
	cancellers: Vec<AccountId>,
) -> Value {
	let invulnerables: Vec<AccountId> =
		if invulnerable { validators.iter().map(|v| v.stash.clone()).collect() } else { vec![] };
	let validator_count = u32::try_from(validators.len()).unwrap_or(u32::MAX);
	let mut balances = endowed;
	for v in &validators {
		if !balances.iter().any(|(who, _)| who == &v.stash) {
			balances.push((v.stash.clone(), ENDOWMENT));
		}
	}
	let patch = build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		babe: BabeConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| (v.stash.clone(), v.stash.clone(), v.session_keys()))
				.collect::<Vec<_>>(),
		},
		staking: StakingConfig {
			validator_count,
			minimum_validator_count: validator_count.min(1),
			invulnerables,
			stakers: validators
				.iter()
				.map(|v| (v.stash.clone(), v.stash.clone(), STASH_BOND, StakerStatus::Validator))
				.collect::<Vec<_>>(),
			min_validator_bond: crate::configs::staking::MinValidatorBond::get(),
			min_nominator_bond: crate::configs::staking::MIN_NOMINATOR_BOND,
			max_nominator_count: Some(crate::configs::staking::MAX_NOMINATORS),
		},
		// The emergency cancellers: they may cancel a referendum (never enact one).
		governance: GovernanceConfig { cancellers },
	});
	match sudo {
		Some(key) => {
			let mut patch = patch;
			if let Value::Object(map) = &mut patch {
				let sudo = build_struct_json_patch!(SudoConfig { key: Some(key) });
				map.insert(String::from("sudo"), sudo);
			}
			patch
		},
		None => patch,
	}
}

/// `development`: Alice validates alone; dev accounts funded; Alice is sudo.
pub fn development_config_genesis() -> Value {
	let validators = ["Alice"].into_iter().filter_map(dev_validator).collect();
	genesis(
		validators,
		dev_accounts().into_iter().map(|a| (a, ENDOWMENT)).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		true,
	)
}

/// `local_testnet`: Alice, Bob and Charlie validate; dev accounts funded; Alice is sudo.
pub fn local_config_genesis() -> Value {
	let validators = ["Alice", "Bob", "Charlie"].into_iter().filter_map(dev_validator).collect();
	genesis(
		validators,
		dev_accounts().into_iter().map(|a| (a, ENDOWMENT)).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		true,
	)
}

/// `local_governed`: Alice, Bob and Charlie validate and may cancel referenda in an emergency;
/// dev accounts funded; no sudo, no invulnerables (what [`launch_genesis`] gives a launched
/// network).
pub fn local_governed_config_genesis() -> Value {
	let validators: Vec<GenesisValidator> =
		["Alice", "Bob", "Charlie"].into_iter().filter_map(dev_validator).collect();
	let cancellers = validators.iter().map(|v| v.stash.clone()).collect();
	launch_genesis(LaunchGenesis {
		validators,
		balances: dev_accounts().into_iter().map(|a| (a, ENDOWMENT)).collect(),
		cancellers,
	})
}

/// The JSON patch of the preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		LOCAL_GOVERNED_RUNTIME_PRESET => local_governed_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(String::into_bytes)
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(LOCAL_GOVERNED_RUNTIME_PRESET),
	]
}
