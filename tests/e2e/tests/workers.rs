//! Three `dsynapse-worker verify` processes verify a tiny model end to end on a `dev-fast`
//! chain: the owner adds a seeded tiny llama (GGUF) and its manifest to an IPFS repository and
//! serves it over the trustless gateway, registers it with `dsynapse-worker register`; the
//! workers stake, fetch the model through the gateway, run the challenge, commit and reveal.
//! One worker is SIGKILLed in the middle of its round and restarted: its reveal still happens.
//! The asset becomes Verified and earns emission. Then a worker running tampered weights is
//! outvoted on a second model and loses reputation and stake.

// Test code: a failed expectation is a failed test, so panicking on one is the point.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_e2e::{chain::dsynapse, free_port, Node};
use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::{utils::AccountId32, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

use dsynapse::runtime_types::dsynapse_asset_types::AssetStatus;

const DSY: u128 = 1_000_000_000_000;

fn worker_binary() -> PathBuf {
	let node = dsynapse_e2e::node_binary();
	let bin = node.with_file_name("dsynapse-worker");
	assert!(bin.exists(), "{} not found: build the workspace first", bin.display());
	// `cargo test` builds it with the `testing` feature (this crate's dev-dependency); a binary
	// from a plain `cargo build` since then lacks the commands these tests use.
	let probe = Command::new(&bin).args(["model", "make-tiny", "--help"]).output();
	assert!(
		probe.is_ok_and(|o| o.status.success()),
		"{} was built without the `testing` feature: run these tests through `cargo test` (or \
		 `cargo build --release --workspace --features dsynapse-worker/testing`)",
		bin.display()
	);
	bin
}

/// Runs a worker command to completion and returns its stdout.
fn worker(args: &[&str]) -> String {
	let out = Command::new(worker_binary()).args(args).output().expect("dsynapse-worker runs");
	assert!(
		out.status.success(),
		"dsynapse-worker {args:?} failed: {}",
		String::from_utf8_lossy(&out.stderr)
	);
	String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A long-running worker process, killed on drop.
struct Running {
	child: Child,
	log: PathBuf,
}

impl Running {
	fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}
}

impl Drop for Running {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// One verifier: its account, folders and metrics port; `start` runs `dsynapse-worker verify`.
struct Verifier {
	suri: &'static str,
	dir: PathBuf,
	metrics_port: u16,
}

impl Verifier {
	fn new(root: &Path, suri: &'static str) -> Self {
		let dir = root.join(suri.trim_start_matches("//"));
		std::fs::create_dir_all(&dir).unwrap();
		Verifier { suri, dir, metrics_port: free_port() }
	}

	fn start(&self, node: &Node, gateway: &str, substitute: Option<&Path>) -> Running {
		let log =
			(0..).map(|i| self.dir.join(format!("worker-{i}.log"))).find(|p| !p.exists()).unwrap();
		let mut cmd = Command::new(worker_binary());
		cmd.args(["--repo", self.dir.join("ipfs").to_str().unwrap(), "verify"])
			.args(["--url", &node.ws_url(), "--suri", self.suri, "--stake", "100"])
			.args(["--data-dir", self.dir.join("verifier").to_str().unwrap()])
			.args(["--gateway", gateway, "--poll-ms", "200"])
			.args(["--prometheus", &format!("127.0.0.1:{}", self.metrics_port)])
			.env("DSYNAPSE_LOG", "info,dsynapse_worker=debug")
			.stdout(Stdio::null())
			.stderr(std::fs::File::create(&log).unwrap());
		if let Some(path) = substitute {
			cmd.args(["--testing-substitute-weights", path.to_str().unwrap()]);
		}
		Running { child: cmd.spawn().expect("the worker starts"), log }
	}

	fn state(&self) -> String {
		std::fs::read_to_string(self.dir.join("verifier/state.json")).unwrap_or_default()
	}

	fn metrics(&self) -> String {
		ureq::get(&format!("http://127.0.0.1:{}/metrics", self.metrics_port))
			.call()
			.ok()
			.and_then(|mut r| r.body_mut().read_to_string().ok())
			.unwrap_or_default()
	}
}

fn wait_until<T>(
	what: &str,
	timeout: Duration,
	logs: &[&Running],
	mut f: impl FnMut() -> Option<T>,
) -> T {
	let deadline = Instant::now() + timeout;
	loop {
		if let Some(v) = f() {
			return v;
		}
		if Instant::now() > deadline {
			for r in logs {
				eprintln!("---- {}\n{}", r.log.display(), r.log());
			}
			panic!("timed out waiting for {what}");
		}
		std::thread::sleep(Duration::from_millis(250));
	}
}

type Api = OnlineClient<PolkadotConfig>;

async fn asset_status(api: &Api, asset: u64) -> AssetStatus<u32> {
	let at = api.at_current_block().await.unwrap();
	at.runtime_apis()
		.call(dsynapse::runtime_apis().registry_api().asset(asset))
		.await
		.unwrap()
		.expect("the asset")
		.status
}

async fn verifier_view(
	api: &Api,
	who: AccountId32,
) -> Option<dsynapse::runtime_types::pallet_verification::types::VerifierView<u128, u32>> {
	let at = api.at_current_block().await.unwrap();
	at.runtime_apis().call(dsynapse::runtime_apis().verification_api().verifier(who)).await.unwrap()
}

/// Waits (6 minutes at most) until `asset` is Verified; returns its score in parts per billion.
/// Any other status than Pending, or the time running out, fails the test with the workers' logs.
async fn wait_for_verdict(api: &Api, asset: u64, running: &[Running]) -> u32 {
	let deadline = Instant::now() + Duration::from_secs(360);
	loop {
		match asset_status(api, asset).await {
			AssetStatus::Verified { score, .. } => return score.0,
			AssetStatus::Pending => {},
			other => panic!("unexpected status {other:?}"),
		}
		if Instant::now() > deadline {
			for r in running {
				eprintln!("---- {}\n{}", r.log.display(), r.log());
			}
			panic!("asset {asset} not verified in time");
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

/// Adds a tiny model (`seed`) and its manifest to the owner's repository; returns the CIDs.
fn add_tiny_model(owner_repo: &Path, work: &Path, seed: u64) -> (String, String) {
	let gguf = work.join(format!("tiny-{seed}.gguf"));
	let manifest = work.join(format!("tiny-{seed}.json"));
	worker(&[
		"model",
		"make-tiny",
		"--seed",
		&seed.to_string(),
		"--dtype",
		"q8-0",
		"--out",
		gguf.to_str().unwrap(),
		"--manifest",
		manifest.to_str().unwrap(),
	]);
	let repo = owner_repo.to_str().unwrap();
	let content = worker(&["--repo", repo, "-q", "ipfs", "add", gguf.to_str().unwrap()]);
	let manifest = worker(&["--repo", repo, "-q", "ipfs", "add", manifest.to_str().unwrap()]);
	let last = |s: &str| s.lines().last().unwrap().split_whitespace().next().unwrap().to_string();
	(last(&content), last(&manifest))
}

fn register(node: &Node, owner_repo: &Path, content: &str, manifest: &str) -> u64 {
	worker(&[
		"--repo",
		owner_repo.to_str().unwrap(),
		"register",
		"--url",
		&node.ws_url(),
		"--suri",
		"//Alice",
		"--content",
		content,
		"--manifest",
		manifest,
		"--license",
		"Apache-2.0",
	])
	.parse()
	.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_workers_verify_a_tiny_model_and_outvote_tampered_weights() {
	let node = Node::dev_fast("workers");
	let api = Api::from_insecure_url(node.ws_url()).await.unwrap();
	let root = tempfile::tempdir().unwrap();
	let owner_repo = root.path().join("owner-ipfs");

	// The owner's content, served over the trustless gateway.
	let (content, manifest) = add_tiny_model(&owner_repo, root.path(), 1);
	let gateway_port = free_port();
	let gateway_log = root.path().join("gateway.log");
	let _gateway = Running {
		child: Command::new(worker_binary())
			.args(["--repo", owner_repo.to_str().unwrap(), "ipfs", "serve"])
			.args(["--listen", &format!("127.0.0.1:{gateway_port}")])
			.stdout(Stdio::null())
			.stderr(std::fs::File::create(&gateway_log).unwrap())
			.spawn()
			.unwrap(),
		log: gateway_log,
	};
	let gateway = format!("http://127.0.0.1:{gateway_port}");

	// Three verifiers start and stake 100 DSY each.
	let verifiers: Vec<Verifier> = ["//Bob", "//Charlie", "//Dave"]
		.into_iter()
		.map(|s| Verifier::new(root.path(), s))
		.collect();
	let mut running: Vec<Running> =
		verifiers.iter().map(|v| v.start(&node, &gateway, None)).collect();
	let accounts =
		[dev::bob(), dev::charlie(), dev::dave()].map(|k| k.public_key().to_account_id());
	for who in &accounts {
		let deadline = Instant::now() + Duration::from_secs(240);
		while verifier_view(&api, *who).await.is_none() {
			assert!(Instant::now() < deadline, "{who} did not register: {}", running[0].log());
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}

	// The owner registers the model; a round opens with the three workers.
	let asset = register(&node, &owner_repo, &content, &manifest);

	// Bob is SIGKILLed as soon as his salt is on disk (mid-round), then restarted.
	let bob = &verifiers[0];
	let refs: Vec<&Running> = running.iter().collect();
	wait_until("Bob to store a salt", Duration::from_secs(240), &refs, || {
		bob.state().contains("\"salt\"").then_some(())
	});
	let _ = Command::new("kill").args(["-KILL", &running[0].child.id().to_string()]).status();
	let _ = running[0].child.wait();
	running[0] = bob.start(&node, &gateway, None);

	// The round concludes: Verified with every member agreeing.
	let score = wait_for_verdict(&api, asset, &running).await;
	assert_eq!(score, 1_000_000_000, "all three agree");
	// The restarted Bob revealed from the salt the killed one stored.
	let refs: Vec<&Running> = running.iter().collect();
	wait_until("Bob's state to record the reveal", Duration::from_secs(60), &refs, || {
		bob.state().contains("\"phase\": \"revealed\"").then_some(())
	});
	for who in &accounts {
		let v = verifier_view(&api, *who).await.unwrap();
		assert_eq!(v.reputation, 10, "{who} agreed with the quorum");
	}
	let at = api.at_current_block().await.unwrap();
	let attesters = at
		.runtime_apis()
		.call(dsynapse::runtime_apis().verification_api().attesters(asset))
		.await
		.unwrap();
	assert_eq!(attesters.len(), 3);

	// Metrics of the restarted worker count its reveal; the first Bob's job count is lost
	// with its process, but Charlie's shows a model job and both submissions.
	let charlie = verifiers[1].metrics();
	for line in [
		"dsynapse_worker_jobs_total{kind=\"model\",outcome=\"answered\"} 1",
		"dsynapse_worker_submissions_total{call=\"commit\"} 1",
		"dsynapse_worker_submissions_total{call=\"reveal\"} 1",
		"dsynapse_worker_stage_seconds_count{stage=\"run\"} 1",
	] {
		assert!(charlie.contains(line), "{line} not in\n{charlie}");
	}
	assert!(bob.metrics().contains("dsynapse_worker_submissions_total{call=\"reveal\"} 1"));

	// A user rates the verified model; it earns emission (for its endorsement) at the next epoch
	// boundary. Unrated, it would earn nothing.
	let rate = dsynapse::transactions().tokenomics().rate(asset, 5, 10);
	dsynapse_e2e::chain::submit(&api, &rate, &dev::ferdie()).await;
	let deadline = Instant::now() + Duration::from_secs(240);
	loop {
		let at = api.at_current_block().await.unwrap();
		let view = at
			.runtime_apis()
			.call(dsynapse::runtime_apis().tokenomics_api().asset(asset))
			.await
			.unwrap();
		if let Some(v) = view {
			if v.pending_reward > 0 {
				assert_eq!(v.verifiers.len(), 3);
				break;
			}
		}
		assert!(Instant::now() < deadline, "no emission for asset {asset}");
		tokio::time::sleep(Duration::from_secs(2)).await;
	}

	// Dave now runs tampered weights (another seed, same shape) on a second model.
	let dave = &verifiers[2];
	let _ = running[2].child.kill();
	let _ = running[2].child.wait();
	let tampered = root.path().join("tampered.gguf");
	worker(&[
		"model",
		"make-tiny",
		"--seed",
		"99",
		"--dtype",
		"q8-0",
		"--out",
		tampered.to_str().unwrap(),
		"--manifest",
		root.path().join("t.json").to_str().unwrap(),
	]);
	running[2] = dave.start(&node, &gateway, Some(&tampered));
	let before = verifier_view(&api, accounts[2]).await.unwrap();
	let (content2, manifest2) = add_tiny_model(&owner_repo, root.path(), 2);
	let asset2 = register(&node, &owner_repo, &content2, &manifest2);
	let score = wait_for_verdict(&api, asset2, &running).await;
	assert!((600_000_000..1_000_000_000).contains(&score), "two of three: {score}");
	let after = verifier_view(&api, accounts[2]).await.unwrap();
	assert!(after.reputation < before.reputation, "{} -> {}", before.reputation, after.reputation);
	assert!(after.stake < before.stake, "{} -> {}", before.stake, after.stake);
	assert_eq!(before.stake - after.stake, 10 * DSY, "10% outlier slash of 100 DSY");
	for who in &accounts[..2] {
		assert_eq!(verifier_view(&api, *who).await.unwrap().reputation, 20);
	}
	assert!(running[2].log().contains("substitute weights"));
}
