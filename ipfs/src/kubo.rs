//! The kubo RPC backend: hands an add and a pin to a kubo node (`/api/v0/add`,
//! `/api/v0/pin/add`) when the operator runs one and gives its API URL (`--kubo`).
//!
//! kubo must produce the CID this worker computes for the same bytes; the add sends the
//! profile's parameters (`cid-version`, `raw-leaves`, `chunker`), but kubo's tree width is a
//! node setting, not a request flag. So the backend always computes the CID locally first and
//! refuses a kubo answer that differs, telling the operator which kubo profile to apply.

use crate::content::{parse_cid, profile::Profile, Cid, Version};
use std::{
	fs::File,
	io::{self, Read},
	path::Path,
	time::Duration,
};

/// Why a kubo call failed.
#[derive(Debug, thiserror::Error)]
pub enum KuboError {
	/// The HTTP call failed.
	#[error("kubo at {url}: {reason}")]
	Http {
		/// The endpoint.
		url: String,
		/// What happened.
		reason: String,
	},
	/// kubo answered with an error message.
	#[error("kubo at {url} refused: {message}")]
	Refused {
		/// The endpoint.
		url: String,
		/// kubo's message.
		message: String,
	},
	/// kubo's CID differs from ours.
	#[error("kubo gave {theirs} but profile {profile} gives {ours}: apply the profile on the kubo node (`ipfs config profile apply {profile}`) and restart it")]
	CidMismatch {
		/// kubo's CID.
		theirs: String,
		/// Ours.
		ours: String,
		/// The profile.
		profile: &'static str,
	},
	/// Reading the input failed.
	#[error("reading {path}: {source}")]
	Read {
		/// The file.
		path: String,
		/// Why.
		#[source]
		source: io::Error,
	},
}

/// A kubo node's RPC API.
pub struct KuboClient {
	base: String,
	agent: ureq::Agent,
}

const BOUNDARY: &str = "dsynapse-worker-boundary-7d1f0c";

impl KuboClient {
	/// A client of the RPC API at `base` (e.g. `http://127.0.0.1:5001`).
	pub fn new(base: &str) -> Self {
		let config = ureq::Agent::config_builder()
			.timeout_connect(Some(Duration::from_secs(10)))
			.http_status_as_error(false)
			.build();
		KuboClient { base: base.trim_end_matches('/').to_owned(), agent: config.into() }
	}

	fn endpoint(&self, path: &str) -> String {
		format!("{}/api/v0/{path}", self.base)
	}

	fn answer(
		&self,
		url: &str,
		response: ureq::http::Response<ureq::Body>,
	) -> Result<String, KuboError> {
		let status = response.status();
		let body = response
			.into_body()
			.read_to_string()
			.map_err(|e| KuboError::Http { url: url.to_owned(), reason: e.to_string() })?;
		if status.is_success() {
			return Ok(body);
		}
		let message = serde_json::from_str::<serde_json::Value>(&body)
			.ok()
			.and_then(|v| v.get("Message").and_then(|m| m.as_str()).map(str::to_owned))
			.unwrap_or_else(|| format!("HTTP {status}: {}", body.trim()));
		Err(KuboError::Refused { url: url.to_owned(), message })
	}

	/// Adds one file under `profile` (not pinned: see [`KuboClient::pin_add`]) and checks that
	/// kubo's CID is `expected`.
	pub fn add_file(
		&self,
		path: &Path,
		profile: &Profile,
		expected: &Cid,
	) -> Result<Cid, KuboError> {
		let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file").replace('"', "");
		let file = File::open(path)
			.map_err(|source| KuboError::Read { path: path.display().to_string(), source })?;
		let head = format!(
			"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
		);
		let tail = format!("\r\n--{BOUNDARY}--\r\n");
		let mut body = io::Cursor::new(head.into_bytes())
			.chain(file)
			.chain(io::Cursor::new(tail.into_bytes()));
		let url = format!(
			"{}?cid-version={}&raw-leaves={}&chunker=size-{}&hash=sha2-256&pin=false&progress=false",
			self.endpoint("add"),
			match profile.cid_version {
				Version::V0 => 0,
				Version::V1 => 1,
			},
			profile.raw_leaves,
			profile.chunk_size
		);
		let response = self
			.agent
			.post(&url)
			.header("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}"))
			.send(ureq::SendBody::from_reader(&mut body))
			.map_err(|e| KuboError::Http { url: url.clone(), reason: e.to_string() })?;
		let text = self.answer(&url, response)?;
		// One JSON object per added entry; the last is the root.
		let hash = text
			.lines()
			.rev()
			.filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
			.find_map(|v| v.get("Hash").and_then(|h| h.as_str()).map(str::to_owned))
			.ok_or_else(|| KuboError::Http {
				url: url.clone(),
				reason: format!("no Hash in the answer: {text}"),
			})?;
		let theirs = parse_cid(&hash)
			.map_err(|e| KuboError::Http { url: url.clone(), reason: e.to_string() })?;
		// kubo prints CIDv0 for dag-pb roots under cid-version 0; compare digests and codecs.
		if theirs.digest != expected.digest || theirs.codec != expected.codec {
			return Err(KuboError::CidMismatch {
				theirs: hash,
				ours: expected.to_text(),
				profile: profile.name,
			});
		}
		Ok(*expected)
	}

	/// Pins `cid` recursively on the kubo node.
	pub fn pin_add(&self, cid: &Cid) -> Result<(), KuboError> {
		let url = format!("{}?arg={}&recursive=true", self.endpoint("pin/add"), cid.to_text());
		let response = self
			.agent
			.post(&url)
			.send_empty()
			.map_err(|e| KuboError::Http { url: url.clone(), reason: e.to_string() })?;
		let text = self.answer(&url, response)?;
		let pinned = serde_json::from_str::<serde_json::Value>(&text)
			.ok()
			.and_then(|v| v.get("Pins").and_then(|p| p.as_array()).cloned())
			.unwrap_or_default();
		if pinned.iter().any(|p| p.as_str() == Some(&cid.to_text())) {
			Ok(())
		} else {
			Err(KuboError::Refused {
				url,
				message: format!("pin/add answered without pinning {}: {text}", cid.to_text()),
			})
		}
	}
}
