//! Chain specifications: which genesis preset of the runtime, and the chain's name and properties.
//!
//! | `--chain` | preset | chain type |
//! |---|---|---|
//! | `dev` (also `--dev`) | `development` | Development |
//! | `local` | `local_testnet` | Local |
//! | `testnet` | `testnet` | Live |
//! | a path | the JSON spec at that path (e.g. `chain-spec/testnet-raw.json`) | as written |

use dsynapse_runtime::{
	currency::{DECIMALS, SYMBOL},
	genesis_config_presets::TESTNET_RUNTIME_PRESET,
	WASM_BINARY,
};
use sc_service::ChainType;

/// The chain specification type of this node (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Chain ids this node knows by name.
pub const KNOWN_CHAINS: &[&str] = &["dev", "local", "testnet"];

fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), SYMBOL.into());
	p.insert("tokenDecimals".into(), DECIMALS.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime wasm is not embedded in this binary (built with SKIP_WASM_BUILD?)".to_string()
	})
}

fn spec(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("dsy")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `dev`: Alice validates alone.
pub fn development() -> Result<ChainSpec, String> {
	spec(
		"dsynapse Development",
		"dsynapse_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `local`: Alice, Bob and Charlie validate.
pub fn local() -> Result<ChainSpec, String> {
	spec(
		"dsynapse Local Testnet",
		"dsynapse_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `testnet`: three bootstrap validators, no sudo.
pub fn testnet() -> Result<ChainSpec, String> {
	spec("dsynapse Testnet", "dsynapse_testnet", ChainType::Live, TESTNET_RUNTIME_PRESET)
}

/// Resolves `--chain <id>`: a known name, or a path to a JSON chain spec.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development()?),
		"" | "local" => Box::new(local()?),
		"testnet" => Box::new(testnet()?),
		path => {
			let p = std::path::PathBuf::from(path);
			if !p.exists() {
				return Err(format!(
					"unknown chain `{path}`: expected one of {} or the path of a chain-spec JSON file",
					KNOWN_CHAINS.join(", ")
				));
			}
			Box::new(ChainSpec::from_json_file(p)?)
		},
	})
}
