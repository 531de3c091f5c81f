//! Chain specifications: which genesis preset of the runtime, and the chain's name and properties.
//!
//! | `--chain` | preset | chain type |
//! |---|---|---|
//! | `dev` (also `--dev`) | `development` | Development |
//! | `dev-fast` | `development`, on the `fast-runtime` build (10-block epochs, 2-session eras) | Development |
//! | `local` | `local_testnet` | Local |
//! | `local-fast` | `local_testnet`, on the `fast-runtime` build | Local |
//! | `testnet` | none: the committed raw spec `chain-spec/testnet-raw.json`, built by the launch ceremony ([`crate::ceremony`]) and compiled into the node | Live |
//! | a path | the JSON spec at that path | as written |

use dsynapse_runtime::{
	currency::{DECIMALS, SYMBOL},
	fast_runtime_binary, WASM_BINARY,
};
use sc_service::ChainType;

/// The chain specification type of this node (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Chain ids this node knows by name.
pub const KNOWN_CHAINS: &[&str] = &["dev", "dev-fast", "local", "local-fast", "testnet"];

fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), SYMBOL.into());
	p.insert("tokenDecimals".into(), DECIMALS.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

/// Which build of the runtime a chain runs.
#[derive(Clone, Copy)]
enum Build {
	/// The production runtime.
	Standard,
	/// The `fast-runtime` build.
	Fast,
}

fn wasm(build: Build) -> Result<&'static [u8], String> {
	let blob = match build {
		Build::Standard => WASM_BINARY,
		Build::Fast => fast_runtime_binary::WASM_BINARY,
	};
	blob.ok_or_else(|| {
		"the runtime wasm is not embedded in this binary (built with SKIP_WASM_BUILD?)".to_string()
	})
}

/// What every spec this node builds shares: the runtime, name, id, protocol, type, properties.
fn builder(
	build: Build,
	name: &str,
	id: &str,
	chain_type: ChainType,
) -> Result<sc_chain_spec::ChainSpecBuilder, String> {
	Ok(ChainSpec::builder(wasm(build)?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("dsy")
		.with_chain_type(chain_type)
		.with_properties(properties()))
}

fn spec(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	spec_on(Build::Standard, name, id, chain_type, preset)
}

fn spec_on(
	build: Build,
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(builder(build, name, id, chain_type)?.with_genesis_config_preset_name(preset).build())
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

/// `dev-fast`: `dev` on the `fast-runtime` build.
pub fn development_fast() -> Result<ChainSpec, String> {
	spec_on(
		Build::Fast,
		"dsynapse Development (fast)",
		"dsynapse_dev_fast",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `local-fast`: `local` on the `fast-runtime` build.
pub fn local_fast() -> Result<ChainSpec, String> {
	spec_on(
		Build::Fast,
		"dsynapse Local Testnet (fast)",
		"dsynapse_local_fast",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
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

/// A network launched by a ceremony ([`crate::ceremony`]): its genesis is `patch`.
pub fn launch(
	name: &str,
	id: &str,
	boot_nodes: &[String],
	patch: serde_json::Value,
) -> Result<ChainSpec, String> {
	let boot_nodes = boot_nodes
		.iter()
		.map(|a| a.parse().map_err(|e| format!("boot node `{a}`: {e:?}")))
		.collect::<Result<Vec<_>, _>>()?;
	Ok(builder(Build::Standard, name, id, ChainType::Live)?
		.with_genesis_config_patch(patch)
		.with_boot_nodes(boot_nodes)
		.build())
}

/// The raw spec of the testnet, as the launch ceremony built it (`chain-spec/README.md`).
const TESTNET_RAW_SPEC: &[u8] = include_bytes!("../../chain-spec/testnet-raw.json");

/// `testnet`: four validators whose operators generated their own keys; no sudo. Its genesis is
/// fixed (a raw spec), whatever runtime this node embeds.
pub fn testnet() -> Result<ChainSpec, String> {
	ChainSpec::from_json_bytes(TESTNET_RAW_SPEC)
}

/// Resolves `--chain <id>`: a known name, or a path to a JSON chain spec.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development()?),
		"dev-fast" => Box::new(development_fast()?),
		"local-fast" => Box::new(local_fast()?),
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
