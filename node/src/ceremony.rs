//! The launch ceremony: a network's chain spec built from the operators' public keys.
//!
//! Each operator generates its keys on its own machine (`scripts/operator-keys.sh`, which runs
//! `dsynapse-node key generate`: an sr25519 stash, and one session phrase giving BABE (sr25519),
//! GRANDPA (ed25519) and BEEFY (ecdsa)) and hands in only the public keys; the coordinator writes them, with
//! the balances and the emergency cancellers, into an allocation file and runs
//!
//! ```text
//! dsynapse-node launch-spec --allocation allocation.json --out chain-spec/ [--stem testnet]
//! ```
//!
//! which writes `<stem>.json` (plain) and `<stem>-raw.json` (raw, what nodes start from; the
//! stem defaults to the chain id). It refuses an allocation holding any key derived from the
//! public development phrase (`//Alice`, `//Alice//stash`, …, and the old
//! `//dsynapse-testnet//…` keys), so a spec built this way cannot be signed by anyone who read
//! the source.
//!
//! The allocation file (amounts in whole DSY):
//!
//! ```json
//! {
//!   "name": "dsynapse Testnet",
//!   "id": "dsynapse_testnet",
//!   "validators": [{ "stash": "5F…", "babe": "5G…", "grandpa": "5H…", "beefy": "0x02…" }],
//!   "balances": [["5F…", 1000000]],
//!   "cancellers": ["5F…"],
//!   "boot_nodes": ["/ip4/…/tcp/30333/p2p/12D3…"]
//! }
//! ```

use dsynapse_runtime::{
	currency::DSY,
	genesis_config_presets::{launch_genesis, GenesisValidator, LaunchGenesis, STASH_BOND},
	AccountId,
};
use serde::Deserialize;
use sp_core::{
	crypto::{Ss58Codec, DEV_PHRASE},
	ecdsa, ed25519, sr25519, Pair,
};
use std::{collections::BTreeMap, path::Path};

/// One validator of the allocation: public keys, SS58.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidatorKeys {
	/// The stash account (sr25519).
	pub stash: String,
	/// The BABE session key (sr25519).
	pub babe: String,
	/// The GRANDPA session key (ed25519).
	pub grandpa: String,
	/// The BEEFY session key (ecdsa): the compressed public key, 33 bytes in hex (`0x02…`/`0x03…`),
	/// as `dsynapse-node key inspect --scheme ecdsa` prints it.
	pub beefy: String,
}

/// The allocation file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
	/// The chain's name.
	pub name: String,
	/// The chain's id (also the spec files' names).
	pub id: String,
	/// The genesis validators.
	pub validators: Vec<ValidatorKeys>,
	/// Accounts and their balances, in whole DSY.
	#[serde(default)]
	pub balances: Vec<(String, u64)>,
	/// The emergency cancellers.
	#[serde(default)]
	pub cancellers: Vec<String>,
	/// Boot nodes' multiaddresses.
	#[serde(default)]
	pub boot_nodes: Vec<String>,
}

/// The secret URIs whose keys anyone can derive: the development accounts and the keys the
/// `testnet` preset used to derive from the public phrase.
fn public_phrase_uris() -> Vec<String> {
	let mut uris = vec![String::new()];
	for name in ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "One", "Two"] {
		uris.push(format!("//{name}"));
		uris.push(format!("//{name}//stash"));
	}
	for n in 1..=16 {
		uris.push(format!("//dsynapse-testnet//{n}"));
		uris.push(format!("//dsynapse-testnet//{n}//stash"));
	}
	uris.push("//dsynapse-testnet//faucet".into());
	uris
}

/// Every public key (raw bytes) derived from the public phrase by [`public_phrase_uris`], in
/// all three schemes, with the URI it comes from.
fn public_phrase_keys() -> BTreeMap<Vec<u8>, String> {
	let mut keys = BTreeMap::new();
	for uri in public_phrase_uris() {
		let suri = format!("{DEV_PHRASE}{uri}");
		if let Ok(pair) = sr25519::Pair::from_string(&suri, None) {
			keys.insert(pair.public().0.to_vec(), format!("{uri} (sr25519)"));
		}
		if let Ok(pair) = ed25519::Pair::from_string(&suri, None) {
			keys.insert(pair.public().0.to_vec(), format!("{uri} (ed25519)"));
		}
		if let Ok(pair) = ecdsa::Pair::from_string(&suri, None) {
			keys.insert(pair.public().0.to_vec(), format!("{uri} (ecdsa)"));
		}
	}
	keys
}

/// A compressed ECDSA public key from its hex form.
fn ecdsa_key(what: &str, hex_key: &str) -> Result<ecdsa::Public, String> {
	let bytes = hex_key
		.strip_prefix("0x")
		.and_then(|h| hex::decode(h).ok())
		.ok_or_else(|| format!("{what}: `{hex_key}` is not 0x-prefixed hex"))?;
	let raw: [u8; 33] = bytes
		.try_into()
		.map_err(|_| format!("{what}: `{hex_key}` is not a 33-byte compressed ECDSA key"))?;
	if raw[0] != 2 && raw[0] != 3 {
		return Err(format!("{what}: `{hex_key}` is not a compressed ECDSA key (0x02…/0x03…)"));
	}
	Ok(ecdsa::Public::from_raw(raw))
}

fn account(what: &str, ss58: &str) -> Result<AccountId, String> {
	AccountId::from_ss58check(ss58)
		.map_err(|e| format!("{what}: `{ss58}` is not an SS58 account ({e:?})"))
}

/// The genesis an allocation describes, after checking it: keys parse, none derives from the
/// public phrase, at least one validator, no validator twice, at most 8 cancellers.
pub fn genesis_of(allocation: &Allocation) -> Result<LaunchGenesis, String> {
	let forbidden = public_phrase_keys();
	let check = |what: &str, raw: &[u8]| match forbidden.get(raw) {
		Some(uri) => Err(format!(
			"{what} is the development key {uri}, derived from the public phrase: anyone can sign \
			 with it; generate the operator's own key with `dsynapse-node key generate`"
		)),
		None => Ok(()),
	};
	if allocation.validators.is_empty() {
		return Err("the allocation has no validator".into());
	}
	if allocation.cancellers.len() > 8 {
		return Err("at most 8 cancellers".into());
	}
	let mut validators = Vec::new();
	for (i, v) in allocation.validators.iter().enumerate() {
		let stash = account(&format!("validator {i} stash"), &v.stash)?;
		let babe = sr25519::Public::from_ss58check(&v.babe)
			.map_err(|e| format!("validator {i} babe: `{}` ({e:?})", v.babe))?;
		let grandpa = ed25519::Public::from_ss58check(&v.grandpa)
			.map_err(|e| format!("validator {i} grandpa: `{}` ({e:?})", v.grandpa))?;
		let beefy = ecdsa_key(&format!("validator {i} beefy"), &v.beefy)?;
		let stash_raw: [u8; 32] = *stash.as_ref();
		check(&format!("validator {i} stash"), &stash_raw)?;
		check(&format!("validator {i} babe"), &babe.0)?;
		check(&format!("validator {i} grandpa"), &grandpa.0)?;
		check(&format!("validator {i} beefy"), &beefy.0)?;
		if validators.iter().any(|g: &GenesisValidator| g.stash == stash) {
			return Err(format!("validator {i}: the stash is listed twice"));
		}
		let (babe, grandpa, beefy) = (babe.into(), grandpa.into(), beefy.into());
		// Two validators signing with one session key would equivocate from the first slot.
		if validators
			.iter()
			.any(|g: &GenesisValidator| g.babe == babe || g.grandpa == grandpa || g.beefy == beefy)
		{
			return Err(format!("validator {i}: a session key of another validator"));
		}
		validators.push(GenesisValidator { stash, babe, grandpa, beefy });
	}
	let mut balances = Vec::new();
	for (ss58, amount) in &allocation.balances {
		let who = account("balance", ss58)?;
		check(&format!("balance holder {ss58}"), who.as_ref())?;
		let planck = u128::from(*amount)
			.checked_mul(DSY)
			.ok_or_else(|| format!("balance of {ss58} overflows"))?;
		balances.push((who, planck));
	}
	// Genesis bonds STASH_BOND from each validator's stash: one listed with less cannot bond
	// (unlisted stashes are endowed with enough).
	for (i, v) in validators.iter().enumerate() {
		if let Some((_, balance)) = balances.iter().find(|(who, _)| who == &v.stash) {
			if *balance <= STASH_BOND {
				return Err(format!(
					"validator {i} stash: its balance ({} DSY) does not cover the genesis bond of {} DSY",
					balance / DSY,
					STASH_BOND / DSY
				));
			}
		}
	}
	let mut cancellers = Vec::new();
	for ss58 in &allocation.cancellers {
		let who = account("canceller", ss58)?;
		check(&format!("canceller {ss58}"), who.as_ref())?;
		cancellers.push(who);
	}
	Ok(LaunchGenesis { validators, balances, cancellers })
}

/// Builds the plain and raw specs of `allocation` and writes them into `out`, as
/// `<stem>.json` and `<stem>-raw.json` (the stem defaults to the chain id).
pub fn write_specs(allocation_path: &Path, out: &Path, stem: Option<&str>) -> Result<(), String> {
	let text = std::fs::read_to_string(allocation_path)
		.map_err(|e| format!("{}: {e}", allocation_path.display()))?;
	let allocation: Allocation =
		serde_json::from_str(&text).map_err(|e| format!("{}: {e}", allocation_path.display()))?;
	let genesis = genesis_of(&allocation)?;
	let spec = crate::chain_spec::launch(
		&allocation.name,
		&allocation.id,
		&allocation.boot_nodes,
		launch_genesis(genesis),
	)?;
	std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
	let stem = stem.unwrap_or(&allocation.id);
	for (raw, file) in [(false, format!("{stem}.json")), (true, format!("{stem}-raw.json"))] {
		let json = sc_service::ChainSpec::as_json(&spec, raw)?;
		let path = out.join(file);
		std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
		println!("{}", path.display());
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;

	fn fresh() -> ValidatorKeys {
		let (s, _) = sr25519::Pair::generate();
		let (b, _) = sr25519::Pair::generate();
		let (g, _) = ed25519::Pair::generate();
		let (e, _) = ecdsa::Pair::generate();
		ValidatorKeys {
			stash: s.public().to_ss58check(),
			babe: b.public().to_ss58check(),
			grandpa: g.public().to_ss58check(),
			beefy: format!("0x{}", hex::encode(e.public().0)),
		}
	}

	fn allocation(validators: Vec<ValidatorKeys>) -> Allocation {
		Allocation {
			name: "t".into(),
			id: "t".into(),
			validators,
			balances: vec![],
			cancellers: vec![],
			boot_nodes: vec![],
		}
	}

	#[test]
	fn fresh_keys_make_a_genesis() {
		let g = genesis_of(&allocation(vec![fresh(), fresh(), fresh(), fresh()])).unwrap();
		assert_eq!(g.validators.len(), 4);
	}

	#[test]
	fn every_development_key_is_refused() {
		for uri in
			["//Alice", "//Bob//stash", "//dsynapse-testnet//1", "//dsynapse-testnet//2//stash"]
		{
			let dev = sr25519::Pair::from_string(&format!("{DEV_PHRASE}{uri}"), None).unwrap();
			let mut v = fresh();
			v.stash = dev.public().to_ss58check();
			let err = genesis_of(&allocation(vec![v])).err().unwrap();
			assert!(err.contains(uri), "{err}");
			let gran = ed25519::Pair::from_string(&format!("{DEV_PHRASE}{uri}"), None).unwrap();
			let mut v = fresh();
			v.grandpa = gran.public().to_ss58check();
			assert!(genesis_of(&allocation(vec![v])).is_err());
			let beef = ecdsa::Pair::from_string(&format!("{DEV_PHRASE}{uri}"), None).unwrap();
			let mut v = fresh();
			v.beefy = format!("0x{}", hex::encode(beef.public().0));
			assert!(genesis_of(&allocation(vec![v])).err().unwrap().contains("ecdsa"));
		}
		let mut a = allocation(vec![fresh()]);
		a.balances = vec![(sp_keyring::Sr25519Keyring::Eve.to_account_id().to_ss58check(), 1)];
		assert!(genesis_of(&a).err().unwrap().contains("//Eve"));
	}

	#[test]
	fn bad_allocations_are_refused() {
		assert!(genesis_of(&allocation(vec![])).is_err());
		let v = fresh();
		let twice = ValidatorKeys {
			stash: v.stash.clone(),
			babe: v.babe.clone(),
			grandpa: v.grandpa.clone(),
			beefy: v.beefy.clone(),
		};
		assert!(genesis_of(&allocation(vec![v, twice])).err().unwrap().contains("twice"));
		let (a, mut b) = (fresh(), fresh());
		b.grandpa = a.grandpa.clone();
		assert!(genesis_of(&allocation(vec![a, b])).err().unwrap().contains("session key"));
		let poor = fresh();
		let mut a = allocation(vec![]);
		a.balances = vec![(poor.stash.clone(), 1_000)];
		a.validators = vec![poor];
		assert!(genesis_of(&a).err().unwrap().contains("genesis bond"));
		let mut bad = fresh();
		bad.babe = "not a key".into();
		assert!(genesis_of(&allocation(vec![bad])).is_err());
		let (a, mut b) = (fresh(), fresh());
		b.beefy = a.beefy.clone();
		assert!(genesis_of(&allocation(vec![a, b])).err().unwrap().contains("session key"));
		for beefy in [
			"0x1234",
			"02ab",
			"0x04ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
		] {
			let mut bad = fresh();
			bad.beefy = beefy.into();
			assert!(genesis_of(&allocation(vec![bad])).err().unwrap().contains("beefy"), "{beefy}");
		}
	}
}
