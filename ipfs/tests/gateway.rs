//! The trustless-gateway server and the verifying client, over loopback: raw blocks, CARs,
//! byte ranges, clear errors, and a gateway that serves a corrupted block.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use dsynapse_ipfs::{
	content::{
		car, dag, exporter,
		importer::{Importer, Node},
		profile::UNIXFS_V1_2025,
		store::{BlockStore, FsStore, MemoryStore, StoreError},
		Cid,
	},
	gateway::{self, GatewayClient},
};
use std::{net::SocketAddr, sync::Arc};

/// A store that lies about one block: serves it with a flipped bit.
struct Lying {
	inner: MemoryStore,
	victim: Cid,
}

impl BlockStore for Lying {
	fn put(&self, cid: &Cid, data: &[u8]) -> Result<(), StoreError> {
		self.inner.put(cid, data)
	}
	fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, StoreError> {
		let mut data = self.inner.get(cid)?;
		if *cid == self.victim {
			if let Some(d) = data.as_mut() {
				d[0] ^= 1;
			}
		}
		Ok(data)
	}
	fn has(&self, cid: &Cid) -> Result<bool, StoreError> {
		self.inner.has(cid)
	}
	fn delete(&self, cid: &Cid) -> Result<(), StoreError> {
		self.inner.delete(cid)
	}
	// Serves the bad bytes instead of refusing them, as a malicious peer would.
	fn get_verified(&self, cid: &Cid) -> Result<Option<Vec<u8>>, StoreError> {
		self.get(cid)
	}
}

/// Starts a gateway over `store` on a free port, in a background runtime.
fn start(store: Arc<dyn BlockStore>) -> (String, tokio::runtime::Runtime) {
	let runtime = tokio::runtime::Runtime::new().unwrap();
	let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
	let addr: SocketAddr = listener.local_addr().unwrap();
	runtime.spawn(gateway::serve(listener, store, std::future::pending()));
	(format!("http://{addr}"), runtime)
}

fn sample(store: &dyn BlockStore, size: u64) -> (Vec<u8>, Node) {
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("f");
	common::random_file(&path, size, 9);
	let bytes = std::fs::read(&path).unwrap();
	let node = Importer::new(UNIXFS_V1_2025, store).file(bytes.as_slice()).unwrap();
	(bytes, node)
}

fn agent() -> ureq::Agent {
	ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

fn get(url: &str, range: Option<&str>) -> (u16, Vec<(String, String)>, Vec<u8>) {
	let mut req = agent().get(url);
	if let Some(r) = range {
		req = req.header("Range", r);
	}
	let resp = req.call().unwrap();
	let status = resp.status().as_u16();
	let headers = resp
		.headers()
		.iter()
		.map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
		.collect();
	let body = resp.into_body().read_to_vec().unwrap();
	(status, headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
	headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[test]
fn serves_blocks_cars_and_byte_ranges() {
	let dir = tempfile::tempdir().unwrap();
	let store = FsStore::open(dir.path()).unwrap();
	let (bytes, root) = sample(&store, 2_500_000);
	let (url, _rt) = start(Arc::new(store.clone()));
	let cid = root.cid.to_text();

	// The root block, whole and a range of it.
	let (status, headers, block) = get(&format!("{url}/ipfs/{cid}?format=raw"), None);
	assert_eq!(status, 200);
	assert_eq!(header(&headers, "content-type"), Some("application/vnd.ipld.raw"));
	assert_eq!(block, store.get(&root.cid).unwrap().unwrap());
	let (status, headers, part) = get(&format!("{url}/ipfs/{cid}?format=raw"), Some("bytes=2-9"));
	assert_eq!(status, 206);
	assert_eq!(part, block[2..10]);
	assert_eq!(
		header(&headers, "content-range"),
		Some(format!("bytes 2-9/{}", block.len()).as_str())
	);

	// The file's bytes: a range across the first chunk boundary, and a suffix.
	let (status, headers, part) = get(&format!("{url}/ipfs/{cid}"), Some("bytes=1048570-1048585"));
	assert_eq!(status, 206);
	assert_eq!(part, bytes[1_048_570..1_048_586]);
	assert_eq!(header(&headers, "content-range"), Some("bytes 1048570-1048585/2500000"));
	let (status, _, tail) = get(&format!("{url}/ipfs/{cid}"), Some("bytes=-100"));
	assert_eq!(status, 206);
	assert_eq!(tail, bytes[bytes.len() - 100..]);
	let (status, _, whole) = get(&format!("{url}/ipfs/{cid}"), None);
	assert_eq!((status, whole == bytes), (200, true));
	let head = agent().head(&format!("{url}/ipfs/{cid}")).call().unwrap();
	assert_eq!(head.status().as_u16(), 200);
	assert_eq!(head.headers().get("content-length").unwrap(), "2500000");
	let (status, headers, _) = get(&format!("{url}/ipfs/{cid}"), Some("bytes=2500000-"));
	assert_eq!(status, 416);
	assert_eq!(header(&headers, "content-range"), Some("bytes */2500000"));

	// The DAG as a CAR: imports into an empty store and reads back.
	let (status, headers, car_bytes) = get(&format!("{url}/ipfs/{cid}?format=car"), None);
	assert_eq!(status, 200);
	assert!(header(&headers, "content-type").unwrap().starts_with("application/vnd.ipld.car"));
	let other = MemoryStore::new();
	let summary = car::import(&mut car_bytes.as_slice(), &other, &mut |_| {}).unwrap();
	assert_eq!(summary.roots, vec![root.cid]);
	assert_eq!(summary.blocks, 4);
	// entity-bytes: the root and the one leaf holding bytes 1,100,000..=1,100,010.
	let (status, _, part) =
		get(&format!("{url}/ipfs/{cid}?format=car&entity-bytes=1100000:1100010"), None);
	assert_eq!(status, 200);
	let partial = MemoryStore::new();
	assert_eq!(car::import(&mut part.as_slice(), &partial, &mut |_| {}).unwrap().blocks, 2);
	let mut out = Vec::new();
	exporter::write_file(&partial, &root.cid, 1_100_000..1_100_011, &mut out).unwrap();
	assert_eq!(out, bytes[1_100_000..1_100_011]);
	let (_, _, one) = get(&format!("{url}/ipfs/{cid}?format=car&dag-scope=block"), None);
	assert_eq!(
		car::import(&mut one.as_slice(), &MemoryStore::new(), &mut |_| {}).unwrap().blocks,
		1
	);
}

#[test]
fn answers_bad_requests_with_clear_errors() {
	let store = MemoryStore::new();
	let (_, root) = sample(&store, 10);
	let (url, _rt) = start(Arc::new(store));
	let (status, _, body) = get(&format!("{url}/ipfs/not-a-cid"), None);
	assert_eq!(status, 400);
	assert!(String::from_utf8_lossy(&body).contains("invalid CID"));
	let cbor = "bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
	let (status, _, body) = get(&format!("{url}/ipfs/{cbor}?format=raw"), None);
	assert_eq!(status, 400);
	assert!(
		String::from_utf8_lossy(&body).contains("unsupported codec"),
		"{}",
		String::from_utf8_lossy(&body)
	);
	let absent = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
	assert_eq!(get(&format!("{url}/ipfs/{absent}?format=raw"), None).0, 404);
	assert_eq!(get(&format!("{url}/ipfs/{absent}?format=car"), None).0, 404);
	assert_eq!(get(&format!("{url}/ipfs/{}?format=zip", root.cid.to_text()), None).0, 400);
	assert_eq!(get(&format!("{url}/ipns/foo"), None).0, 404);
}

#[test]
fn a_gateway_serving_a_corrupt_block_is_reported_and_another_source_used() {
	let honest = MemoryStore::new();
	let (bytes, root) = sample(&honest, 3 * (1 << 20) + 5);
	// The liar has every block but serves the second leaf with a flipped bit.
	let liar = MemoryStore::new();
	let (_, same_root) = sample(&liar, 3 * (1 << 20) + 5);
	assert_eq!(same_root, root);
	let root_block = honest.get(&root.cid).unwrap().unwrap();
	let victim = dag::links(&root.cid, &root_block).unwrap()[1];
	let (liar_url, _rt1) = start(Arc::new(Lying { inner: liar, victim }));
	let (honest_url, _rt2) = start(Arc::new(honest));
	// A third source that is down.
	let down = "http://127.0.0.1:9".to_owned();

	let client = GatewayClient::new([down.clone(), liar_url.clone(), honest_url.clone()]);
	let fetched = MemoryStore::new();
	let summary = client.dag(&root.cid, &fetched, &|_| {}).unwrap();
	assert_eq!(summary.fetched, 5);
	let mut out = Vec::new();
	exporter::write_file(&fetched, &root.cid, 0..u64::MAX, &mut out).unwrap();
	assert_eq!(out, bytes);
	let reports = client.reports();
	assert_eq!(reports.len(), 1, "{reports:?}");
	assert_eq!(reports[0].gateway, liar_url);
	assert_eq!(reports[0].cid, victim.to_text());
	assert!(reports[0].reason.contains("do not hash"));

	// With only the liar, the fetch fails on that block and says why.
	let client = GatewayClient::new([liar_url]);
	let err = client.dag(&root.cid, &MemoryStore::new(), &|_| {}).unwrap_err().to_string();
	assert!(err.contains(&victim.to_text()) && err.contains("corrupt block"), "{err}");
}

#[test]
fn a_corrupt_local_copy_is_fetched_again() {
	let source = MemoryStore::new();
	let (bytes, root) = sample(&source, (1 << 20) + 10);
	let root_block = source.get(&root.cid).unwrap().unwrap();
	let leaf = dag::links(&root.cid, &root_block).unwrap()[0];
	let (url, _rt) = start(Arc::new(source));
	let local = MemoryStore::new();
	local.corrupt(&leaf, vec![0; 1 << 20]);
	let summary = GatewayClient::new([url]).dag(&root.cid, &local, &|_| {}).unwrap();
	assert_eq!(summary.fetched, 3, "the root, the corrupt leaf again, the other leaf");
	let mut out = Vec::new();
	exporter::write_file(&local, &root.cid, 0..u64::MAX, &mut out).unwrap();
	assert_eq!(out, bytes);
}
