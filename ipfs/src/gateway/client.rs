//! The verifying gateway client.
//!
//! A DAG is fetched breadth first: every block of one level is asked for in parallel, each
//! as `GET {gateway}/ipfs/{cid}?format=raw`, and hashed against its CID before it is stored.
//! Sources are tried in order. A gateway that answers with bytes that do not match is
//! reported (a [`PeerReport`], logged) and not asked again by this client; a gateway that
//! fails (down, 404, timeout) is skipped for that block only. The fetch fails only when no
//! source gives a block.

use crate::content::{
	block_matches, dag,
	store::{BlockStore, StoreError},
	Cid,
};
use std::{
	collections::HashSet,
	io::Read,
	sync::{
		atomic::{AtomicBool, AtomicUsize, Ordering},
		Mutex, PoisonError,
	},
	time::Duration,
};

/// The largest block accepted from a gateway.
const MAX_BLOCK: u64 = 4 << 20;

/// A misbehaving source: what it served and why it was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerReport {
	/// The gateway's base URL.
	pub gateway: String,
	/// The block asked for.
	pub cid: String,
	/// What was wrong.
	pub reason: String,
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
	/// No source could give a block.
	#[error("no gateway could provide block {cid}: {attempts}")]
	Unavailable {
		/// The block.
		cid: String,
		/// What each source answered.
		attempts: String,
	},
	/// A block fetched (and verified) is not valid dag-pb.
	#[error(transparent)]
	Dag(#[from] dag::DagError),
	/// Storing failed.
	#[error(transparent)]
	Store(#[from] StoreError),
	/// No gateway configured.
	#[error("no gateway given (--gateway URL)")]
	NoSources,
}

struct Source {
	url: String,
	banned: AtomicBool,
}

/// Fetches blocks and DAGs from HTTP gateways, trusting none of them.
pub struct GatewayClient {
	sources: Vec<Source>,
	agent: ureq::Agent,
	reports: Mutex<Vec<PeerReport>>,
	parallel: usize,
}

/// What a DAG fetch did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FetchSummary {
	/// Blocks downloaded and verified.
	pub fetched: u64,
	/// Bytes of those blocks.
	pub bytes: u64,
	/// Blocks already in the store.
	pub present: u64,
}

impl GatewayClient {
	/// A client over `gateways` (base URLs such as `http://127.0.0.1:8080`), tried in order.
	pub fn new(gateways: impl IntoIterator<Item = String>) -> Self {
		let config = ureq::Agent::config_builder()
			.timeout_connect(Some(Duration::from_secs(10)))
			.timeout_global(Some(Duration::from_secs(120)))
			.http_status_as_error(false)
			.build();
		GatewayClient {
			sources: gateways
				.into_iter()
				.map(|url| Source {
					url: url.trim_end_matches('/').to_owned(),
					banned: AtomicBool::new(false),
				})
				.collect(),
			agent: config.into(),
			reports: Mutex::new(Vec::new()),
			parallel: 8,
		}
	}

	/// Requests in flight at once (default 8).
	pub fn parallel(mut self, n: usize) -> Self {
		self.parallel = n.max(1);
		self
	}

	/// The sources reported so far.
	pub fn reports(&self) -> Vec<PeerReport> {
		self.reports.lock().unwrap_or_else(PoisonError::into_inner).clone()
	}

	fn report(&self, source: &Source, cid: &Cid, reason: String) {
		source.banned.store(true, Ordering::Relaxed);
		tracing::warn!(target: "gateway", "rejecting gateway {}: {reason} (block {})", source.url, cid.to_text());
		self.reports.lock().unwrap_or_else(PoisonError::into_inner).push(PeerReport {
			gateway: source.url.clone(),
			cid: cid.to_text(),
			reason,
		});
	}

	fn get_from(&self, source: &Source, cid: &Cid) -> Result<Vec<u8>, String> {
		let url = format!("{}/ipfs/{}?format=raw", source.url, cid.to_text());
		let response = self
			.agent
			.get(&url)
			.header("Accept", "application/vnd.ipld.raw")
			.call()
			.map_err(|e| e.to_string())?;
		let status = response.status();
		if !status.is_success() {
			return Err(format!("HTTP {status}"));
		}
		let mut data = Vec::new();
		response
			.into_body()
			.into_reader()
			.take(MAX_BLOCK + 1)
			.read_to_end(&mut data)
			.map_err(|e| format!("reading body: {e}"))?;
		Ok(data)
	}

	/// One block, verified, from the first source that has it right.
	pub fn block(&self, cid: &Cid) -> Result<Vec<u8>, FetchError> {
		if self.sources.is_empty() {
			return Err(FetchError::NoSources);
		}
		let mut attempts = Vec::new();
		for source in &self.sources {
			if source.banned.load(Ordering::Relaxed) {
				attempts.push(format!("{}: rejected earlier", source.url));
				continue;
			}
			match self.get_from(source, cid) {
				Ok(data) if data.len() as u64 > MAX_BLOCK => {
					self.report(source, cid, format!("block over {MAX_BLOCK} bytes"));
					attempts.push(format!("{}: oversized block", source.url));
				},
				Ok(data) if block_matches(cid, &data) => return Ok(data),
				Ok(_) => {
					self.report(source, cid, "served bytes that do not hash to the CID".into());
					attempts.push(format!("{}: corrupt block", source.url));
				},
				Err(e) => attempts.push(format!("{}: {e}", source.url)),
			}
		}
		Err(FetchError::Unavailable { cid: cid.to_text(), attempts: attempts.join("; ") })
	}

	/// Fetches every block under `root` missing from `store`. `progress` sees each fetched
	/// block's size.
	pub fn dag(
		&self,
		root: &Cid,
		store: &dyn BlockStore,
		progress: &(dyn Fn(u64) + Sync),
	) -> Result<FetchSummary, FetchError> {
		let mut summary = FetchSummary::default();
		let mut seen = HashSet::from([*root]);
		let mut level = vec![*root];
		while !level.is_empty() {
			// Per block: its links, its size, whether it was downloaded. Blocks are stored as
			// they arrive; only links are kept in memory.
			type Outcome = Result<(Vec<Cid>, u64, bool), FetchError>;
			let results: Vec<Mutex<Option<Outcome>>> =
				level.iter().map(|_| Mutex::new(None)).collect();
			let next = AtomicUsize::new(0);
			std::thread::scope(|scope| {
				for _ in 0..self.parallel.min(level.len()) {
					scope.spawn(|| loop {
						let i = next.fetch_add(1, Ordering::Relaxed);
						let (Some(cid), Some(slot)) = (level.get(i), results.get(i)) else {
							return;
						};
						let result = (|| {
							let local = match store.get_verified(cid) {
								Ok(local) => local,
								// A corrupt local copy is dropped and fetched again.
								Err(StoreError::Corrupt(_)) => {
									store.delete(cid)?;
									None
								},
								Err(e) => return Err(e.into()),
							};
							let (data, fetched) = match local {
								Some(data) => (data, false),
								None => {
									let data = self.block(cid)?;
									store.put(cid, &data)?;
									progress(data.len() as u64);
									(data, true)
								},
							};
							Ok((dag::links(cid, &data)?, data.len() as u64, fetched))
						})();
						*slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
					});
				}
			});
			let mut children = Vec::new();
			for slot in results {
				let result = slot.into_inner().unwrap_or_else(PoisonError::into_inner);
				let (links, size, fetched) = result.unwrap_or(Err(FetchError::NoSources))?;
				if fetched {
					summary.fetched += 1;
					summary.bytes += size;
				} else {
					summary.present += 1;
				}
				for child in links {
					if seen.insert(child) {
						children.push(child);
					}
				}
			}
			level = children;
		}
		Ok(summary)
	}
}
