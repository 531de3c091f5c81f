//! `dsynapse-worker verify`: the verifier as an off-chain worker.
//!
//! On start it registers the account as a verifier (or tops its stake up to `--stake`), then
//! follows the **finalized** head. At every new finalized block it asks the runtime for its
//! jobs (`VerificationApi::jobs`) and moves each seat forward:
//!
//! 1. not committed, commit phase open → fetch the asset (content and manifest, from the local
//!    repository or `--gateway`s, every block checked), run the challenge (model: greedy
//!    generation into a fingerprint; dataset: chunk hashes, each checked against the manifest's
//!    hash list and format; anything that is the asset's fault: `Unavailable`),
//!    draw a salt, **write salt and answer to `state.json`**, then submit the commitment;
//! 2. committed, reveal phase open (everyone committed, or the commit phase ended) → submit the
//!    reveal from `state.json`;
//! 3. revealed → nothing; records are dropped once their round's reveal phase is over.
//!
//! Because every step is decided from the chain's state plus `state.json`, a worker killed at
//! any point and restarted carries on: a commitment whose salt is stored is revealed, a stored
//! answer whose commitment never landed is committed again with the same salt.
//!
//! Connection losses are retried every 5 s. Metrics: [`metrics`]; logs: `tracing` (text or JSON).

pub mod chain;
pub mod metrics;
pub mod state;

use crate::{
	content::{
		dag,
		pins::Pins,
		store::{BlockStore, FsStore},
		Cid,
	},
	datasets,
	gateway::GatewayClient,
	models,
};
use candle_core::Device;
use chain::{dsynapse, submit, Api, Job};
use codec::Encode;
use dsynapse::runtime_types::dsynapse_asset_types::AssetKind;
use dsynapse_challenge::{commitment, model_challenge, Fingerprint, ModelSpec};
use dsynapse_inference::{challenge::answer_model, dataset::DatasetManifestError};
use metrics::Metrics;
use state::{Phase, RoundKey, Seat, State};
use std::{
	net::SocketAddr,
	path::PathBuf,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::Keypair;

/// How the verifier runs.
pub struct Options {
	/// Node RPC URL (`ws://…` or `wss://…`).
	pub url: String,
	/// The verifier's account.
	pub signer: Keypair,
	/// Stake to hold (planck): registers with it, or tops up to it.
	pub stake: Option<u128>,
	/// Where `state.json` lives.
	pub data_dir: PathBuf,
	/// The IPFS repository assets are fetched into.
	pub repo: PathBuf,
	/// Gateways to fetch assets from.
	pub gateways: Vec<String>,
	/// Where to serve Prometheus metrics.
	pub metrics: Option<SocketAddr>,
	/// Where models run.
	pub device: Device,
	/// Testing only (the `testing` feature): load every model from this GGUF file instead of
	/// the asset's content (a verifier running tampered weights).
	#[cfg(feature = "testing")]
	pub substitute_weights: Option<PathBuf>,
	/// How often the finalized head is polled.
	pub poll: Duration,
}

/// The last model loaded, by (content, manifest).
type ModelCache = Mutex<Option<((Cid, Cid), Arc<models::Loaded>)>>;

/// What the blocking part needs: the store, fetching and the model cache.
struct Runner {
	store: Arc<FsStore>,
	gateways: Vec<String>,
	device: Device,
	#[cfg(feature = "testing")]
	substitute: Option<PathBuf>,
	cache: ModelCache,
	metrics: Arc<Metrics>,
}

/// Runs the verifier until an unrecoverable error.
pub async fn run(options: Options) -> anyhow::Result<()> {
	let metrics = Arc::new(Metrics::new());
	if let Some(addr) = options.metrics {
		metrics.clone().serve(addr).await?;
	}
	let mut state = State::open(&options.data_dir)?;
	let store = Arc::new(
		FsStore::open(&options.repo)
			.map_err(|e| anyhow::anyhow!("opening repository {}: {e}", options.repo.display()))?,
	);
	let runner = Arc::new(Runner {
		store,
		gateways: options.gateways.clone(),
		device: options.device.clone(),
		#[cfg(feature = "testing")]
		substitute: options.substitute_weights.clone(),
		cache: Mutex::new(None),
		metrics: metrics.clone(),
	});
	let me = options.signer.public_key().to_account_id();
	tracing::info!(account = %me, url = %options.url, "verifier starting");
	loop {
		match follow(&options, &runner, &mut state, &metrics).await {
			Ok(()) => return Ok(()),
			Err(e) => {
				metrics.failure("chain");
				tracing::warn!(error = %e, "chain connection failed; retrying in 5 s");
				tokio::time::sleep(Duration::from_secs(5)).await;
			},
		}
	}
}

async fn follow(
	options: &Options,
	runner: &Arc<Runner>,
	state: &mut State,
	metrics: &Metrics,
) -> anyhow::Result<()> {
	let api = chain::connect(&options.url).await?;
	ensure_staked(&api, &options.signer, options.stake, metrics).await?;
	let me = options.signer.public_key().to_account_id();
	let mut last = None;
	loop {
		let at = api.at_current_block().await?;
		let number = u32::try_from(at.block_number()).unwrap_or(u32::MAX);
		if last != Some(number) {
			last = Some(number);
			metrics.finalized(number);
			let jobs = at
				.runtime_apis()
				.call(dsynapse::runtime_apis().verification_api().jobs(me))
				.await?;
			// Reveals first: they are quick, and a slow model run must not make one late.
			let mut jobs = jobs;
			jobs.sort_by_key(|j| !j.committed.iter().any(|a| a == &me));
			for job in jobs {
				let key = RoundKey { asset: job.asset, round: job.round, attempt: job.attempt };
				if let Err(e) = step(&api, options, runner, state, metrics, &me, number, &job).await
				{
					tracing::warn!(%key, error = %e, "job step failed; retrying at the next block");
				}
			}
			if let Err(e) = state.prune(number) {
				metrics.failure("state");
				tracing::error!(error = %e, "cannot write state.json");
			}
		}
		tokio::time::sleep(options.poll).await;
	}
}

/// Registers as a verifier with `stake`, or tops the stake up to it.
async fn ensure_staked(
	api: &Api,
	signer: &Keypair,
	stake: Option<u128>,
	metrics: &Metrics,
) -> anyhow::Result<()> {
	let me = signer.public_key().to_account_id();
	let at = api.at_current_block().await?;
	let view =
		at.runtime_apis().call(dsynapse::runtime_apis().verification_api().verifier(me)).await?;
	match (view, stake) {
		(None, Some(stake)) => {
			submit(api, &dsynapse::transactions().verification().register_verifier(stake), signer)
				.await
				.map_err(|e| anyhow::anyhow!("register_verifier({stake}) failed: {e}"))?;
			metrics.submitted("register");
			tracing::info!(stake, "registered as a verifier");
		},
		(None, None) => {
			anyhow::bail!(
				"{me} is not a verifier: pass --stake to register (at least the chain's min_stake)"
			)
		},
		(Some(v), Some(stake)) if v.stake < stake => {
			let more = stake.saturating_sub(v.stake);
			submit(api, &dsynapse::transactions().verification().top_up(more), signer)
				.await
				.map_err(|e| anyhow::anyhow!("top_up({more}) failed: {e}"))?;
			metrics.submitted("top_up");
			tracing::info!(added = more, "stake topped up");
		},
		(Some(v), _) => {
			tracing::info!(
				stake = v.stake,
				reputation = v.reputation,
				active = v.active,
				"verifier found"
			);
		},
	}
	Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn step(
	api: &Api,
	options: &Options,
	runner: &Arc<Runner>,
	state: &mut State,
	metrics: &Metrics,
	me: &AccountId32,
	now: u32,
	job: &Job,
) -> anyhow::Result<()> {
	let key = RoundKey { asset: job.asset, round: job.round, attempt: job.attempt };
	let listed = |v: &Vec<AccountId32>| v.iter().any(|a| a == me);
	if listed(&job.revealed) {
		return state.set_phase(&key, Phase::Revealed);
	}
	if listed(&job.committed) {
		state.set_phase(&key, Phase::Committed)?;
		let open = job.committed.len() >= job.committee.len() || now > job.commit_end;
		if !open || now > job.reveal_end {
			return Ok(());
		}
		let Some(seat) = state.get(&key).cloned() else {
			metrics.failure("state");
			anyhow::bail!("committed on chain but the salt is not in state.json: this seat cannot be revealed");
		};
		let salt = decode_hex::<32>(&seat.salt)?;
		let answer = hex::decode(&seat.fingerprint)?;
		let call = dsynapse::transactions().verification().reveal(
			job.asset,
			salt,
			dsynapse::runtime_types::bounded_collections::bounded_vec::BoundedVec(answer),
		);
		submit_seat_call(api, &call, &options.signer, metrics, "reveal", "AlreadyRevealed").await?;
		tracing::info!(%key, "revealed");
		return state.set_phase(&key, Phase::Revealed);
	}
	if now > job.commit_end {
		if state.get(&key).is_some() {
			state.set_phase(&key, Phase::Missed)?;
		}
		return Ok(());
	}
	let seat = match state.get(&key) {
		Some(seat) => {
			tracing::info!(%key, "committing the stored answer again");
			seat.clone()
		},
		None => {
			let answer = answer_job(runner, job, now).await?;
			let encoded = answer.encode();
			let salt = random_salt()?;
			let c = commitment(&salt, &me.encode(), &encoded);
			let seat = Seat {
				key,
				salt: hex::encode(salt),
				fingerprint: hex::encode(&encoded),
				commitment: hex::encode(c),
				phase: Phase::Committing,
				reveal_end: job.reveal_end,
			};
			// On disk before the commitment leaves this process.
			state.put(seat.clone()).inspect_err(|_| metrics.failure("state"))?;
			seat
		},
	};
	let c = decode_hex::<32>(&seat.commitment)?;
	let call = dsynapse::transactions().verification().commit(job.asset, c);
	submit_seat_call(api, &call, &options.signer, metrics, "commit", "AlreadyCommitted").await?;
	tracing::info!(%key, commitment = %seat.commitment, "committed");
	state.set_phase(&key, Phase::Committed)
}

/// Submits a commit or reveal, timing it as `stage`. `done` names the pallet error meaning an
/// earlier submission (from before a restart) already landed: that counts as success.
async fn submit_seat_call<Call: subxt::transactions::Payload>(
	api: &Api,
	call: &Call,
	signer: &Keypair,
	metrics: &Metrics,
	stage: &str,
	done: &str,
) -> anyhow::Result<()> {
	let started = Instant::now();
	match submit(api, call, signer).await {
		Ok(_) => {},
		Err(e) if e.to_string().contains(done) => {},
		Err(e) => {
			metrics.failure(stage);
			return Err(e);
		},
	}
	metrics.time(stage, started.elapsed().as_secs_f64());
	metrics.submitted(stage);
	Ok(())
}

fn decode_hex<const N: usize>(text: &str) -> anyhow::Result<[u8; N]> {
	let bytes = hex::decode(text)?;
	bytes.try_into().map_err(|_| anyhow::anyhow!("expected {N} bytes of hex"))
}

fn random_salt() -> anyhow::Result<[u8; 32]> {
	let mut salt = [0u8; 32];
	ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut salt)
		.map_err(|_| anyhow::anyhow!("the system random generator failed"))?;
	Ok(salt)
}

/// Why a challenge could not be answered.
enum Failure {
	/// The asset's fault (bytes not a valid model, not what the manifest says, not what was
	/// registered): the answer is `Unavailable`.
	Asset(String),
	/// This worker's (disk, network, a model run that failed): retried at the next block, and
	/// answered `Unavailable` only when the commit phase is about to end.
	Worker(String),
}

/// Blocks before `commit_end` from which a worker-side failure is answered `Unavailable` rather
/// than retried (a missed commit costs more than an `Unavailable` that the quorum may share).
const LAST_CHANCE_BLOCKS: u32 = 3;

/// Runs the challenge of `job`.
async fn answer_job(runner: &Arc<Runner>, job: &Job, now: u32) -> anyhow::Result<Fingerprint> {
	let kind = match job.kind {
		AssetKind::Model => "model",
		AssetKind::Dataset => "dataset",
	};
	let task = {
		let runner = runner.clone();
		let (seed, manifest, size) = (job.seed, job.manifest.clone(), job.content_size);
		let (is_model, asset_id, content) =
			(matches!(job.kind, AssetKind::Model), job.asset, job.content.clone());
		tokio::task::spawn_blocking(move || {
			runner.answer(asset_id, is_model, &content, &manifest, size, &seed)
		})
	};
	let result = match task.await {
		Ok(result) => result,
		// candle panics on some malformed files; a panic is the asset's doing.
		Err(e) if e.is_panic() => Err(Failure::Asset(format!("checking the {kind} panicked"))),
		Err(e) => Err(Failure::Worker(e.to_string())),
	};
	let answer = match result {
		Ok(answer) => answer,
		Err(Failure::Asset(reason)) => {
			tracing::warn!(asset = job.asset, %reason, "the asset does not match its registration: answering Unavailable");
			Fingerprint::Unavailable
		},
		Err(Failure::Worker(reason)) if now.saturating_add(LAST_CHANCE_BLOCKS) < job.commit_end => {
			runner.metrics.failure("run");
			anyhow::bail!("cannot answer yet: {reason}");
		},
		Err(Failure::Worker(reason)) => {
			tracing::warn!(asset = job.asset, %reason, "still failing as the commit phase ends: answering Unavailable");
			Fingerprint::Unavailable
		},
	};
	let outcome =
		if matches!(answer, Fingerprint::Unavailable) { "unavailable" } else { "answered" };
	runner.metrics.job(kind, outcome);
	tracing::info!(asset = job.asset, kind, outcome, "challenge answered");
	Ok(answer)
}

impl Runner {
	/// Fetches (if needed) and runs the challenge.
	fn answer(
		&self,
		asset: u64,
		is_model: bool,
		cid: &[u8],
		manifest: &[u8],
		size: u64,
		seed: &[u8; 32],
	) -> Result<Fingerprint, Failure> {
		let content = Cid::parse(cid).map_err(|e| Failure::Asset(format!("content CID: {e}")))?;
		if !is_model {
			return self.answer_dataset(asset, &content, manifest, size, seed);
		}
		let started = Instant::now();
		self.fetch(&content, &format!("asset {asset}"))
			.inspect_err(|_| self.metrics.failure("fetch"))?;
		let manifest_cid =
			Cid::parse(manifest).map_err(|e| Failure::Asset(format!("manifest CID: {e}")))?;
		self.fetch(&manifest_cid, &format!("asset {asset} manifest"))
			.inspect_err(|_| self.metrics.failure("fetch"))?;
		self.metrics.time("fetch", started.elapsed().as_secs_f64());
		let started = Instant::now();
		let loaded = self.model(&content, &manifest_cid, size)?;
		self.metrics.time("load", started.elapsed().as_secs_f64());
		let spec = ModelSpec { vocab_size: loaded.manifest.vocab_size };
		let challenge =
			model_challenge(seed, manifest, &spec).map_err(|e| Failure::Asset(format!("{e:?}")))?;
		let started = Instant::now();
		let answer = answer_model(&loaded.model, &challenge)
			.map_err(|e| Failure::Worker(format!("running the model: {e}")))?;
		self.metrics.time("run", started.elapsed().as_secs_f64());
		Ok(answer)
	}

	/// A dataset's challenge, answered only if the content is what its manifest describes.
	/// Fetched in order: the manifest (a bad one is refused before anything else is
	/// downloaded), the hash list, the content — each of the last two only once the size its
	/// root block declares is the one the manifest implies. Then
	/// [`datasets::answer_described`] checks the sizes again, and each sampled chunk's digest
	/// and format.
	fn answer_dataset(
		&self,
		asset: u64,
		content: &Cid,
		manifest: &[u8],
		size: u64,
		seed: &[u8; 32],
	) -> Result<Fingerprint, Failure> {
		let store = self.store.as_ref();
		let started = Instant::now();
		let manifest_cid =
			Cid::parse(manifest).map_err(|e| Failure::Asset(format!("manifest CID: {e}")))?;
		self.fetch(&manifest_cid, &format!("asset {asset} manifest"))
			.inspect_err(|_| self.metrics.failure("fetch"))?;
		let described = datasets::read_manifest(store, &manifest_cid).map_err(dataset_failure)?;
		described.manifest.check_size(size).map_err(|e| Failure::Asset(e.to_string()))?;
		self.fetch_sized(
			&described.hash_list,
			described.manifest.hash_list_len(),
			&format!("asset {asset} chunk hashes"),
			|actual, expected| {
				DatasetManifestError::HashListLength { actual, expected }.to_string()
			},
		)
		.inspect_err(|_| self.metrics.failure("fetch"))?;
		self.fetch_sized(content, size, &format!("asset {asset}"), |actual, registered| {
			datasets::DatasetError::ContentSize { actual, registered }.to_string()
		})
		.inspect_err(|_| self.metrics.failure("fetch"))?;
		self.metrics.time("fetch", started.elapsed().as_secs_f64());
		let started = Instant::now();
		let answer = datasets::answer_described(store, content, &described, size, seed)
			.map_err(dataset_failure)?;
		self.metrics.time("run", started.elapsed().as_secs_f64());
		Ok(answer)
	}

	/// [`Self::fetch`] for a file that must be `expected` bytes: its root block is fetched
	/// first and the size it declares checked (`mismatch` words the asset's failure), so an
	/// asset cannot point this worker at a DAG far larger than it declares.
	fn fetch_sized(
		&self,
		root: &Cid,
		expected: u64,
		name: &str,
		mismatch: impl Fn(u64, u64) -> String,
	) -> Result<(), Failure> {
		let store = self.store.as_ref();
		let present = store.has(root).map_err(|e| Failure::Worker(e.to_string()))?;
		if !present {
			if self.gateways.is_empty() {
				return Err(Failure::Worker(format!(
					"{} is not in the local repository and no --gateway is set",
					root.to_text()
				)));
			}
			let client = GatewayClient::new(self.gateways.iter().cloned());
			let block = client.block(root).map_err(|e| Failure::Worker(e.to_string()))?;
			store.put(root, &block).map_err(|e| Failure::Worker(e.to_string()))?;
		}
		let declared = crate::content::exporter::file_size(store, root)
			.map_err(|e| dataset_failure(e.into()))?;
		if declared != expected {
			return Err(Failure::Asset(mismatch(declared, expected)));
		}
		self.fetch(root, name)
	}

	/// Makes `root` complete in the local store (fetching from the gateways) and pins it. Not
	/// obtaining it is treated as this worker's failure (retried) until the commit phase ends.
	fn fetch(&self, root: &Cid, name: &str) -> Result<(), Failure> {
		let store = self.store.as_ref();
		let missing =
			dag::missing(store, root, false).map_err(|e| Failure::Worker(e.to_string()))?;
		if !missing.is_empty() {
			if self.gateways.is_empty() {
				return Err(Failure::Worker(format!(
					"{} is not in the local repository and no --gateway is set",
					root.to_text()
				)));
			}
			let client = GatewayClient::new(self.gateways.iter().cloned());
			let summary =
				client.dag(root, store, &|_| ()).map_err(|e| Failure::Worker(e.to_string()))?;
			tracing::info!(root = %root.to_text(), blocks = summary.fetched, bytes = summary.bytes, "fetched");
		}
		Pins::new(store)
			.add_just_checked(root, name)
			.map_err(|e| Failure::Worker(e.to_string()))?;
		Ok(())
	}

	/// The model of `(content, manifest)`, loaded once and kept for the next rounds; no weights
	/// file may be larger than the registered `size`.
	fn model(
		&self,
		content: &Cid,
		manifest: &Cid,
		size: u64,
	) -> Result<Arc<models::Loaded>, Failure> {
		let key = (*content, *manifest);
		if let Ok(cache) = self.cache.lock() {
			if let Some((k, m)) = cache.as_ref() {
				if *k == key {
					return Ok(m.clone());
				}
			}
		}
		let store = self.store.as_ref();
		#[cfg(feature = "testing")]
		if let Some(path) = &self.substitute {
			let manifest = models::read_manifest(store, manifest).map_err(model_failure)?;
			let bytes = std::fs::read(path)
				.map_err(|e| Failure::Worker(format!("{}: {e}", path.display())))?;
			tracing::warn!(path = %path.display(), "TESTING: running substitute weights instead of the asset's");
			let loaded =
				models::load_weights(&models::Weights::Gguf(bytes), manifest, &self.device)
					.map_err(model_failure)?;
			return Ok(Arc::new(loaded));
		}
		let loaded =
			models::load(store, content, manifest, size, &self.device).map_err(model_failure)?;
		let loaded = Arc::new(loaded);
		if let Ok(mut cache) = self.cache.lock() {
			*cache = Some((key, loaded.clone()));
		}
		Ok(loaded)
	}
}

/// Dataset errors are the asset's, except the local store failing.
fn dataset_failure(e: datasets::DatasetError) -> Failure {
	if e.is_local() {
		Failure::Worker(e.to_string())
	} else {
		Failure::Asset(e.to_string())
	}
}

/// Loading errors are the asset's, except the local store failing.
fn model_failure(e: models::ModelError) -> Failure {
	use crate::content::{dag::DagError, exporter::ExportError};
	match &e {
		models::ModelError::Content(ExportError::Dag(DagError::Store(_))) => {
			Failure::Worker(e.to_string())
		},
		_ => Failure::Asset(e.to_string()),
	}
}
