//! `dsynapse-worker register`: register content from the local repository on the chain (IP
//! owners). The size is read from the repository, so what is registered is what verifiers
//! will fetch. The owner needs the registry deposit and the round fee free (10 + 3 DSY on the
//! default runtime): the deposit comes back on withdrawal, the fee pays the committee.

use crate::{
	content::{exporter, parse_cid, store::FsStore},
	verifier::chain::{self, dsynapse},
};
use anyhow::Context;
use clap::Args;
use dsynapse::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec, dsynapse_asset_types::AssetKind,
};
use std::{path::Path, process::ExitCode, str::FromStr};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// `register` options.
#[derive(Args, Debug)]
pub struct RegisterArgs {
	/// The node's WebSocket RPC.
	#[arg(long, env = "DSYNAPSE_NODE_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The owner's secret URI (`//Alice` on dev chains).
	#[arg(long, env = "DSYNAPSE_SURI", hide_env_values = true)]
	pub suri: String,
	/// model or dataset.
	#[arg(long, default_value = "model")]
	pub kind: String,
	/// The content's CID (in the local repository).
	#[arg(long)]
	pub content: String,
	/// The manifest's CID (in the local repository).
	#[arg(long)]
	pub manifest: String,
	/// SPDX license of the content.
	#[arg(long)]
	pub license: String,
	/// Content size in bytes (default: the file's size; required for folders).
	#[arg(long)]
	pub size: Option<u64>,
}

/// Registers and prints the asset id.
pub fn run(repo: &Path, args: RegisterArgs) -> anyhow::Result<ExitCode> {
	let kind = match args.kind.as_str() {
		"model" => AssetKind::Model,
		"dataset" => AssetKind::Dataset,
		other => anyhow::bail!("--kind is model or dataset, not {other:?}"),
	};
	let content = parse_cid(&args.content)?;
	let manifest = parse_cid(&args.manifest)?;
	let store =
		FsStore::open(repo).with_context(|| format!("opening repository {}", repo.display()))?;
	let size = match args.size {
		Some(s) => s,
		None => exporter::file_size(&store, &content).with_context(|| {
			format!(
				"{} must be a file in the repository (for a folder, pass --size)",
				content.to_text()
			)
		})?,
	};
	exporter::file_size(&store, &manifest).with_context(|| {
		format!("the manifest {} must be in the repository", manifest.to_text())
	})?;
	let uri =
		SecretUri::from_str(&args.suri).map_err(|e| anyhow::anyhow!("invalid --suri: {e}"))?;
	let signer = Keypair::from_uri(&uri).map_err(|e| anyhow::anyhow!("invalid --suri: {e}"))?;
	let license = args.license.into_bytes();
	anyhow::ensure!(
		!license.is_empty() && license.len() <= 64,
		"--license must be 1 to 64 bytes (an SPDX expression), not {}",
		license.len()
	);
	let call = dsynapse::transactions().registry().register(
		kind,
		BoundedVec(content.to_bytes()),
		size,
		BoundedVec(license),
		BoundedVec(manifest.to_bytes()),
		BoundedVec(vec![]),
	);
	let runtime = tokio::runtime::Runtime::new()?;
	let asset = runtime.block_on(async {
		let api = chain::connect(&args.url).await?;
		let events = chain::submit(&api, &call, &signer).await?;
		let registered = events
			.find_first::<dsynapse::registry::events::Registered>()
			.ok_or_else(|| anyhow::anyhow!("no Registered event"))??;
		if let Some(Ok(requested)) =
			events.find_first::<dsynapse::verification::events::RoundRequested>()
		{
			eprintln!(
				"verification round asked for: fee {} planck held, committee drawn at block #{}",
				requested.fee, requested.draw_at
			);
		}
		anyhow::Ok(registered.asset)
	})?;
	println!("{asset}");
	Ok(ExitCode::SUCCESS)
}

/// `asset` options.
#[derive(Args, Debug)]
pub struct AssetArgs {
	/// The node's WebSocket RPC.
	#[arg(long, env = "DSYNAPSE_NODE_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The asset id.
	pub id: u64,
}

/// Prints an asset's status and attesters as JSON.
pub fn status(args: AssetArgs) -> anyhow::Result<ExitCode> {
	use dsynapse::runtime_types::dsynapse_asset_types::AssetStatus;
	let runtime = tokio::runtime::Runtime::new()?;
	let out = runtime.block_on(async {
		let api = chain::connect(&args.url).await?;
		let at = api.at_current_block().await?;
		let apis = dsynapse::runtime_apis();
		let view = at
			.runtime_apis()
			.call(apis.registry_api().asset(args.id))
			.await?
			.ok_or_else(|| anyhow::anyhow!("no asset {}", args.id))?;
		let attesters = at.runtime_apis().call(apis.verification_api().attesters(args.id)).await?;
		let status = match view.status {
			AssetStatus::Pending => serde_json::json!("Pending"),
			AssetStatus::Verified { score, until } => {
				serde_json::json!({"Verified": {"score": score.0 as f64 / 1e9, "until": until}})
			},
			AssetStatus::Rejected => serde_json::json!("Rejected"),
			AssetStatus::Expired => serde_json::json!("Expired"),
			AssetStatus::Withdrawn => serde_json::json!("Withdrawn"),
		};
		anyhow::Ok(serde_json::json!({
			"id": args.id,
			"block": at.block_number(),
			"status": status,
			"attesters": attesters.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
		}))
	})?;
	println!("{out}");
	Ok(ExitCode::SUCCESS)
}
