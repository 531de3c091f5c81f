//! The kubo RPC backend against a small fake kubo (no kubo can be installed on this project's
//! machines: the npm `kubo` package downloads its binary from a site they cannot reach, and
//! Debian's Go is too old to build kubo 0.43). The fake answers `/api/v0/add` and
//! `/api/v0/pin/add` the way kubo does — NDJSON entries, `{"Pins": […]}`, and
//! `{"Message": …}` errors — computing CIDs with the chunker and CID version it is sent and
//! a tree width that is a node setting, as in kubo.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use bytes::Bytes;
use dsynapse_worker::{
	content::{
		importer::Importer, parse_cid, profile::UNIXFS_V1_2025, store::MemoryStore, Version,
	},
	kubo::{KuboClient, KuboError},
};
use http_body_util::{BodyExt, Full};
use hyper::{body::Incoming, service::service_fn, Request, Response};
use hyper_util::rt::TokioIo;
use std::{
	collections::HashSet,
	convert::Infallible,
	sync::{Arc, Mutex},
};

#[derive(Default)]
struct FakeKubo {
	/// The node's `Import.UnixFSFileMaxLinks`.
	max_links: usize,
	added: Mutex<HashSet<String>>,
	queries: Mutex<Vec<String>>,
}

fn param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
	query.split('&').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

impl FakeKubo {
	async fn handle(self: Arc<Self>, req: Request<Incoming>) -> Response<Full<Bytes>> {
		let path = req.uri().path().to_owned();
		let query = req.uri().query().unwrap_or("").to_owned();
		self.queries.lock().unwrap().push(format!("{path}?{query}"));
		let content_type = req
			.headers()
			.get("content-type")
			.and_then(|v| v.to_str().ok())
			.unwrap_or("")
			.to_owned();
		let body = req.into_body().collect().await.unwrap().to_bytes();
		let reply = |status: u16, text: String| {
			let mut r = Response::new(Full::new(Bytes::from(text)));
			*r.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
			r
		};
		match path.as_str() {
			"/api/v0/add" => {
				let boundary = content_type.split("boundary=").nth(1).unwrap().to_owned();
				let start = body.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
				let end_marker = format!("\r\n--{boundary}--");
				let end = body
					.windows(end_marker.len())
					.rposition(|w| w == end_marker.as_bytes())
					.unwrap();
				let file = &body[start..end];
				let mut profile = UNIXFS_V1_2025;
				profile.cid_version = if param(&query, "cid-version") == Some("1") {
					Version::V1
				} else {
					Version::V0
				};
				profile.raw_leaves = param(&query, "raw-leaves") == Some("true");
				profile.chunk_size = param(&query, "chunker")
					.unwrap()
					.strip_prefix("size-")
					.unwrap()
					.parse()
					.unwrap();
				profile.max_links = self.max_links;
				let root = Importer::new(profile, &MemoryStore::new()).file(file).unwrap();
				let cid = root.cid.to_text();
				self.added.lock().unwrap().insert(cid.clone());
				reply(
					200,
					format!(
						"{{\"Name\":\"{cid}\",\"Hash\":\"{cid}\",\"Size\":\"{}\"}}\n",
						root.tsize
					),
				)
			},
			"/api/v0/pin/add" => {
				let cid = param(&query, "arg").unwrap().to_owned();
				if self.added.lock().unwrap().contains(&cid) {
					reply(200, format!("{{\"Pins\":[\"{cid}\"]}}\n"))
				} else {
					reply(
						500,
						"{\"Message\":\"pin: block was not found locally (offline): ipld: could not find node\",\"Code\":0,\"Type\":\"error\"}\n".into(),
					)
				}
			},
			_ => reply(404, "404 page not found".into()),
		}
	}
}

fn start(fake: Arc<FakeKubo>) -> (String, tokio::runtime::Runtime) {
	let rt = tokio::runtime::Runtime::new().unwrap();
	let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
	let url = format!("http://{}", listener.local_addr().unwrap());
	rt.spawn(async move {
		loop {
			let (stream, _) = listener.accept().await.unwrap();
			let fake = fake.clone();
			tokio::spawn(async move {
				let service = service_fn(move |req| {
					let fake = fake.clone();
					async move { Ok::<_, Infallible>(fake.handle(req).await) }
				});
				let _ = hyper::server::conn::http1::Builder::new()
					.serve_connection(TokioIo::new(stream), service)
					.await;
			});
		}
	});
	(url, rt)
}

fn ours(path: &std::path::Path) -> dsynapse_worker::content::Cid {
	Importer::new(UNIXFS_V1_2025, &MemoryStore::discarding())
		.file(std::fs::File::open(path).unwrap())
		.unwrap()
		.cid
}

#[test]
fn adds_and_pins_on_kubo_with_the_profiles_parameters() {
	let fake = Arc::new(FakeKubo { max_links: 1024, ..Default::default() });
	let (url, _rt) = start(fake.clone());
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("weights.bin");
	common::random_file(&path, 3 * (1 << 20) + 1, 3);
	let expected = ours(&path);
	let client = KuboClient::new(&url);
	assert_eq!(client.add_file(&path, &UNIXFS_V1_2025, &expected).unwrap(), expected);
	client.pin_add(&expected).unwrap();
	let queries = fake.queries.lock().unwrap().clone();
	assert!(
		queries[0].starts_with("/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-1048576"),
		"{queries:?}"
	);
	assert_eq!(queries[1], format!("/api/v0/pin/add?arg={}&recursive=true", expected.to_text()));

	// The same through the command line.
	let out = std::process::Command::new(env!("CARGO_BIN_EXE_dsynapse-worker"))
		.arg("--repo")
		.arg(dir.path().join("repo"))
		.args(["ipfs", "add", "--kubo", &url])
		.arg(&path)
		.output()
		.unwrap();
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(out.status.success(), "{stderr}");
	assert!(
		stderr.contains(&format!("kubo at {url} has {} (pinned)", expected.to_text())),
		"{stderr}"
	);
}

#[test]
fn refuses_a_kubo_whose_tree_width_gives_another_cid() {
	// A stock kubo builds file nodes of 174 links; here 2, so a 3-chunk file differs.
	let fake = Arc::new(FakeKubo { max_links: 2, ..Default::default() });
	let (url, _rt) = start(fake);
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("weights.bin");
	common::random_file(&path, 3 * (1 << 20), 4);
	let expected = ours(&path);
	let err = KuboClient::new(&url).add_file(&path, &UNIXFS_V1_2025, &expected).unwrap_err();
	assert!(matches!(err, KuboError::CidMismatch { .. }), "{err}");
	assert!(err.to_string().contains("ipfs config profile apply unixfs-v1-2025"), "{err}");
}

#[test]
fn reports_kubos_own_error_message_and_an_unreachable_node() {
	let fake = Arc::new(FakeKubo { max_links: 1024, ..Default::default() });
	let (url, _rt) = start(fake);
	let cid = parse_cid("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku").unwrap();
	let err = KuboClient::new(&url).pin_add(&cid).unwrap_err();
	assert!(err.to_string().contains("block was not found locally"), "{err}");
	let err = KuboClient::new("http://127.0.0.1:9").pin_add(&cid).unwrap_err();
	assert!(matches!(err, KuboError::Http { .. }), "{err}");
}
