//! Prometheus metrics of the verifier, served as text on `/metrics`.
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `dsynapse_worker_jobs_total` | counter | `kind` (model, dataset), `outcome` (answered, unavailable) |
//! | `dsynapse_worker_failures_total` | counter | `stage` (chain, fetch, run, commit, reveal, state) |
//! | `dsynapse_worker_stage_seconds` | histogram | `stage` (fetch, load, run, commit, reveal) |
//! | `dsynapse_worker_submissions_total` | counter | `call` (register, top_up, commit, reveal) |
//! | `dsynapse_worker_finalized_block` | gauge | — |

use http_body_util::Full;
use hyper::{body::Bytes, server::conn::http1, service::service_fn, Response};
use hyper_util::rt::TokioIo;
use prometheus_client::{
	encoding::{text::encode, EncodeLabelSet},
	metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
	registry::Registry,
};
use std::{net::SocketAddr, sync::Arc};

/// A `stage` label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Stage {
	/// The stage.
	pub stage: String,
}

/// `kind` and `outcome` labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Job {
	/// model or dataset.
	pub kind: String,
	/// answered or unavailable.
	pub outcome: String,
}

/// A `call` label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Call {
	/// The extrinsic.
	pub call: String,
}

/// The verifier's metrics.
pub struct Metrics {
	registry: Registry,
	jobs: Family<Job, Counter>,
	failures: Family<Stage, Counter>,
	seconds: Family<Stage, Histogram>,
	submissions: Family<Call, Counter>,
	finalized: Gauge,
}

impl Default for Metrics {
	fn default() -> Self {
		Self::new()
	}
}

impl Metrics {
	/// Fresh metrics.
	pub fn new() -> Self {
		let mut registry = Registry::with_prefix("dsynapse_worker");
		let jobs = Family::<Job, Counter>::default();
		let failures = Family::<Stage, Counter>::default();
		let seconds = Family::<Stage, Histogram>::new_with_constructor(|| {
			Histogram::new([0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0].into_iter())
		});
		let submissions = Family::<Call, Counter>::default();
		let finalized = Gauge::default();
		registry.register("jobs", "Challenges answered, by asset kind and outcome", jobs.clone());
		registry.register("failures", "Failures, by stage", failures.clone());
		registry.register("stage_seconds", "Time spent per stage", seconds.clone());
		registry.register("submissions", "Extrinsics finalized, by call", submissions.clone());
		registry.register("finalized_block", "Last finalized block seen", finalized.clone());
		Metrics { registry, jobs, failures, seconds, submissions, finalized }
	}

	/// Counts an answered job.
	pub fn job(&self, kind: &str, outcome: &str) {
		self.jobs.get_or_create(&Job { kind: kind.into(), outcome: outcome.into() }).inc();
	}

	/// Counts a failure.
	pub fn failure(&self, stage: &str) {
		self.failures.get_or_create(&Stage { stage: stage.into() }).inc();
	}

	/// Records a stage's duration.
	pub fn time(&self, stage: &str, seconds: f64) {
		self.seconds.get_or_create(&Stage { stage: stage.into() }).observe(seconds);
	}

	/// Counts a finalized submission.
	pub fn submitted(&self, call: &str) {
		self.submissions.get_or_create(&Call { call: call.into() }).inc();
	}

	/// Records the finalized head.
	pub fn finalized(&self, block: u32) {
		self.finalized.set(i64::from(block));
	}

	/// The text exposition.
	pub fn render(&self) -> String {
		let mut out = String::new();
		// Writing into a String cannot fail.
		let _ = encode(&mut out, &self.registry);
		out
	}

	/// Serves `/metrics` (any path, in fact) on `addr` until the process ends.
	pub async fn serve(self: Arc<Self>, addr: SocketAddr) -> anyhow::Result<()> {
		let listener = tokio::net::TcpListener::bind(addr)
			.await
			.map_err(|e| anyhow::anyhow!("cannot listen for metrics on {addr}: {e}"))?;
		tracing::info!(%addr, "serving Prometheus metrics on /metrics");
		tokio::spawn(async move {
			loop {
				let Ok((stream, _)) = listener.accept().await else {
					// Out of descriptors or similar: do not spin.
					tokio::time::sleep(std::time::Duration::from_millis(100)).await;
					continue;
				};
				let metrics = self.clone();
				tokio::spawn(async move {
					let service = service_fn(move |_req| {
						let body = metrics.render();
						async move {
							Response::builder()
								.header(
									"content-type",
									"application/openmetrics-text; version=1.0.0; charset=utf-8",
								)
								.body(Full::new(Bytes::from(body)))
						}
					});
					let _ =
						http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
				});
			}
		});
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn renders_what_was_counted() {
		let m = Metrics::new();
		m.job("model", "answered");
		m.failure("fetch");
		m.time("run", 0.2);
		m.submitted("commit");
		m.finalized(42);
		let text = m.render();
		for line in [
			"dsynapse_worker_jobs_total{kind=\"model\",outcome=\"answered\"} 1",
			"dsynapse_worker_failures_total{stage=\"fetch\"} 1",
			"dsynapse_worker_stage_seconds_count{stage=\"run\"} 1",
			"dsynapse_worker_submissions_total{call=\"commit\"} 1",
			"dsynapse_worker_finalized_block 42",
		] {
			assert!(text.contains(line), "{line} missing from\n{text}");
		}
	}
}
