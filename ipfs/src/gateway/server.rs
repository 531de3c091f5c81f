//! The trustless-gateway server.

use crate::content::{
	car, dag,
	exporter::{self, ExportError},
	parse_cid,
	store::BlockStore,
	Cid,
};
use bytes::Bytes;
use http_body_util::Full;
use hyper::{
	body::{Body, Frame, Incoming},
	header::{self, HeaderValue},
	service::service_fn,
	Method, Request, Response, StatusCode,
};
use hyper_util::rt::TokioIo;
use std::time::{Duration, Instant};
use std::{
	convert::Infallible,
	io::{self, Write},
	ops::Range,
	pin::Pin,
	sync::Arc,
	task::{Context, Poll},
};
use tokio::{
	net::TcpListener,
	sync::{mpsc, mpsc::error::TrySendError, Semaphore},
};

/// How long a response waits for a client that does not read before giving up.
const STALLED_CLIENT: Duration = Duration::from_secs(60);
/// How long a client may take to send its request headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 256;

/// A response body: a whole buffer, or a stream fed by a blocking producer.
pub enum GatewayBody {
	/// All at once.
	Full(Full<Bytes>),
	/// Chunks from a channel.
	Stream(mpsc::Receiver<Result<Bytes, io::Error>>),
}

impl Body for GatewayBody {
	type Data = Bytes;
	type Error = io::Error;

	fn poll_frame(
		self: Pin<&mut Self>,
		cx: &mut Context<'_>,
	) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
		match self.get_mut() {
			GatewayBody::Full(full) => {
				Pin::new(full).poll_frame(cx).map_err(|never| match never {})
			},
			GatewayBody::Stream(rx) => {
				rx.poll_recv(cx).map(|item| item.map(|r| r.map(Frame::data)))
			},
		}
	}
}

/// A `Write` that sends what it is given down a channel (from a blocking task).
struct ChannelWriter {
	tx: mpsc::Sender<Result<Bytes, io::Error>>,
	buf: Vec<u8>,
}

impl Write for ChannelWriter {
	fn write(&mut self, data: &[u8]) -> io::Result<usize> {
		self.buf.extend_from_slice(data);
		if self.buf.len() >= 256 << 10 {
			self.flush()?;
		}
		Ok(data.len())
	}

	fn flush(&mut self) -> io::Result<()> {
		if self.buf.is_empty() {
			return Ok(());
		}
		let mut item = Ok(Bytes::from(std::mem::take(&mut self.buf)));
		// A client that stops reading must not hold this thread for ever.
		let deadline = Instant::now() + STALLED_CLIENT;
		loop {
			match self.tx.try_send(item) {
				Ok(()) => return Ok(()),
				Err(TrySendError::Closed(_)) => {
					return Err(io::Error::new(io::ErrorKind::BrokenPipe, "client went away"))
				},
				Err(TrySendError::Full(back)) => {
					if Instant::now() > deadline {
						return Err(io::Error::new(
							io::ErrorKind::TimedOut,
							"client stopped reading",
						));
					}
					item = back;
					std::thread::sleep(Duration::from_millis(2));
				},
			}
		}
	}
}

/// Runs `produce` on a blocking thread, streaming what it writes as the body. An error
/// mid-stream ends the body with an error (the client sees a truncated response).
fn stream(
	produce: impl FnOnce(&mut dyn Write) -> Result<(), String> + Send + 'static,
) -> GatewayBody {
	let (tx, rx) = mpsc::channel(4);
	tokio::task::spawn_blocking(move || {
		let mut writer = ChannelWriter { tx: tx.clone(), buf: Vec::new() };
		let result = produce(&mut writer).and_then(|()| writer.flush().map_err(|e| e.to_string()));
		if let Err(e) = result {
			tracing::warn!(target: "gateway", "response aborted: {e}");
			let _ = tx.try_send(Err(io::Error::other(e)));
		}
	});
	GatewayBody::Stream(rx)
}

fn text(status: StatusCode, message: impl Into<String>) -> Response<GatewayBody> {
	let mut message = message.into();
	message.push('\n');
	let mut response = Response::new(GatewayBody::Full(Full::new(Bytes::from(message))));
	*response.status_mut() = status;
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
	response
}

/// What the request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Format {
	Raw,
	Car,
	File,
}

fn query_param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
	query.split('&').find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// Parses a `Range` header against a resource of `len` bytes, as RFC 9110 says: `Ok(None)`
/// when there is none or it is to be ignored (not bytes, malformed, first > last, several
/// ranges — the whole resource is then sent); `Err(())` when it is valid but unsatisfiable
/// (starts at or after the end, or an empty suffix): a 416.
fn parse_range(value: Option<&HeaderValue>, len: u64) -> Result<Option<Range<u64>>, ()> {
	let Some(spec) =
		value.and_then(|v| v.to_str().ok()).and_then(|v| v.trim().strip_prefix("bytes="))
	else {
		return Ok(None);
	};
	if spec.contains(',') {
		return Ok(None);
	}
	let Some((first, last)) = spec.split_once('-') else { return Ok(None) };
	let (first, last) = (first.trim(), last.trim());
	if first.is_empty() {
		return match last.parse::<u64>() {
			Ok(0) => Err(()),
			Ok(n) if len > 0 => Ok(Some(len.saturating_sub(n)..len)),
			Ok(_) => Err(()),
			Err(_) => Ok(None),
		};
	}
	let Ok(first) = first.parse::<u64>() else { return Ok(None) };
	let end = if last.is_empty() {
		len
	} else {
		match last.parse::<u64>() {
			Ok(last) if last >= first => last.saturating_add(1).min(len),
			_ => return Ok(None),
		}
	};
	if first >= len {
		return Err(());
	}
	Ok(Some(first..end))
}

/// Parses `entity-bytes=from:to` (inclusive; negative values count from the end, `to` may be
/// `*`) against a file of `len` bytes. An empty result range is allowed (only the root).
fn parse_entity_bytes(spec: &str, len: u64) -> Option<Range<u64>> {
	let (from, to) = spec.split_once(':')?;
	let resolve = |v: i64| -> u64 {
		if v < 0 {
			len.saturating_sub(v.unsigned_abs())
		} else {
			(v as u64).min(len)
		}
	};
	let start = resolve(from.parse().ok()?);
	let end = match to {
		"*" => len,
		to => {
			let to: i64 = to.parse().ok()?;
			if to < 0 {
				resolve(to).saturating_add(1).min(len)
			} else {
				(to as u64).saturating_add(1).min(len)
			}
		},
	};
	Some(start..end.max(start))
}

/// Answers one request.
pub fn handle(
	store: &Arc<dyn BlockStore>,
	method: &Method,
	uri: &hyper::Uri,
	headers: &hyper::HeaderMap,
) -> Response<GatewayBody> {
	if method != Method::GET && method != Method::HEAD {
		return text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
	}
	let Some(rest) = uri.path().strip_prefix("/ipfs/") else {
		return text(
			StatusCode::NOT_FOUND,
			"dsynapse-worker trustless gateway: GET /ipfs/{cid}[?format=raw|car]",
		);
	};
	let (cid_text, subpath) = rest.split_once('/').unwrap_or((rest, ""));
	if !subpath.is_empty() {
		return text(
			StatusCode::NOT_IMPLEMENTED,
			"paths under a CID are not resolved; ask for the CID itself",
		);
	}
	let cid = match parse_cid(cid_text) {
		Ok(cid) => cid,
		Err(e) => return text(StatusCode::BAD_REQUEST, e.to_string()),
	};
	let query = uri.query().unwrap_or("");
	let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
	let format = match query_param(query, "format") {
		Some("raw") => Format::Raw,
		Some("car") => Format::Car,
		Some(other) => {
			return text(
				StatusCode::BAD_REQUEST,
				format!("unsupported format {other:?}: raw or car"),
			)
		},
		None if accept.contains("application/vnd.ipld.raw") => Format::Raw,
		None if accept.contains("application/vnd.ipld.car") => Format::Car,
		None => Format::File,
	};
	let head = method == Method::HEAD;
	let result = match format {
		Format::Raw => raw(store, &cid, headers),
		Format::Car => car_response(store, cid, query, head),
		Format::File => file(store, cid, headers, head),
	};
	let mut response = result.unwrap_or_else(|e| match e {
		ExportError::Dag(dag::DagError::Missing(what)) => {
			text(StatusCode::NOT_FOUND, format!("block {what} not in this node's store"))
		},
		ExportError::IsDirectory(_) => text(
			StatusCode::NOT_IMPLEMENTED,
			format!("{e}; ask for ?format=car to get the whole tree"),
		),
		e => text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
	});
	let success = response.status().is_success();
	let h = response.headers_mut();
	h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
	if success {
		h.insert(
			header::CACHE_CONTROL,
			HeaderValue::from_static("public, max-age=29030400, immutable"),
		);
		if let Ok(roots) = HeaderValue::from_str(&cid.to_text()) {
			h.insert("x-ipfs-roots", roots);
		}
	}
	if head {
		*response.body_mut() = no_body();
	}
	response
}

fn with_range(
	mut response: Response<GatewayBody>,
	range: Option<&Range<u64>>,
	len: u64,
) -> Response<GatewayBody> {
	let h = response.headers_mut();
	h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
	match range {
		Some(r) => {
			*response.status_mut() = StatusCode::PARTIAL_CONTENT;
			let h = response.headers_mut();
			if let Ok(v) = HeaderValue::from_str(&format!(
				"bytes {}-{}/{len}",
				r.start,
				r.end.saturating_sub(1)
			)) {
				h.insert(header::CONTENT_RANGE, v);
			}
			h.insert(header::CONTENT_LENGTH, HeaderValue::from(r.end - r.start));
		},
		None => {
			response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
		},
	}
	response
}

fn unsatisfiable(len: u64) -> Response<GatewayBody> {
	let mut response = text(StatusCode::RANGE_NOT_SATISFIABLE, "range not satisfiable");
	if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
		response.headers_mut().insert(header::CONTENT_RANGE, v);
	}
	response
}

fn raw(
	store: &Arc<dyn BlockStore>,
	cid: &Cid,
	headers: &hyper::HeaderMap,
) -> Result<Response<GatewayBody>, ExportError> {
	let data = store.get_verified(cid)?.ok_or_else(|| dag::DagError::Missing(cid.to_text()))?;
	let len = data.len() as u64;
	let Ok(range) = parse_range(headers.get(header::RANGE), len) else {
		return Ok(unsatisfiable(len));
	};
	let body = match &range {
		Some(r) => Bytes::from(data).slice(r.start as usize..r.end as usize),
		None => Bytes::from(data),
	};
	let mut response = Response::new(GatewayBody::Full(Full::new(body)));
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/vnd.ipld.raw"));
	if let Ok(etag) = HeaderValue::from_str(&format!("\"{}.raw\"", cid.to_text())) {
		response.headers_mut().insert(header::ETAG, etag);
	}
	Ok(with_range(response, range.as_ref(), len))
}

/// An empty body standing in for a stream a HEAD request does not want.
fn no_body() -> GatewayBody {
	GatewayBody::Full(Full::new(Bytes::new()))
}

fn file(
	store: &Arc<dyn BlockStore>,
	cid: Cid,
	headers: &hyper::HeaderMap,
	head: bool,
) -> Result<Response<GatewayBody>, ExportError> {
	let len = exporter::file_size(store.as_ref(), &cid)?;
	let Ok(range) = parse_range(headers.get(header::RANGE), len) else {
		return Ok(unsatisfiable(len));
	};
	let span = range.clone().unwrap_or(0..len);
	let store = store.clone();
	let body = if head {
		no_body()
	} else {
		stream(move |out| {
			exporter::write_file(store.as_ref(), &cid, span, out)
				.map(|_| ())
				.map_err(|e| e.to_string())
		})
	};
	let mut response = Response::new(body);
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
	Ok(with_range(response, range.as_ref(), len))
}

fn car_response(
	store: &Arc<dyn BlockStore>,
	cid: Cid,
	query: &str,
	head: bool,
) -> Result<Response<GatewayBody>, ExportError> {
	// The root must be here, or the answer is a 404 rather than a truncated CAR.
	if !store.has(&cid)? {
		return Err(dag::DagError::Missing(cid.to_text()).into());
	}
	let scope = query_param(query, "dag-scope").unwrap_or("all").to_owned();
	if !matches!(scope.as_str(), "all" | "block" | "entity") {
		return Ok(text(
			StatusCode::BAD_REQUEST,
			format!("unsupported dag-scope {scope:?}: all, entity or block"),
		));
	}
	// `entity` is a whole file, but only the node of a directory.
	let scope = if scope == "entity" && exporter::is_directory(store.as_ref(), &cid)? {
		"block".to_owned()
	} else {
		scope
	};

	let entity_bytes = match query_param(query, "entity-bytes") {
		None => None,
		Some(spec) => {
			let len = match exporter::file_size(store.as_ref(), &cid) {
				Ok(len) => len,
				Err(ExportError::Dag(e)) => return Err(e.into()),
				Err(_) => {
					return Ok(text(StatusCode::BAD_REQUEST, "entity-bytes applies to files only"));
				},
			};
			match parse_entity_bytes(spec, len) {
				Some(range) => Some(range),
				None => {
					return Ok(text(
						StatusCode::BAD_REQUEST,
						format!("bad entity-bytes {spec:?}: from:to with integers (negative from the end) or to = *"),
					));
				},
			}
		},
	};
	let store = store.clone();
	let body = if head {
		no_body()
	} else {
		stream(move |out| match scope.as_str() {
			"block" => {
				car::export_block(store.as_ref(), &cid, out).map(|_| ()).map_err(|e| e.to_string())
			},
			_ => match entity_bytes {
				Some(range) => car::export_range(store.as_ref(), &cid, range, out),
				None => car::export(store.as_ref(), &[cid], out),
			}
			.map(|_| ())
			.map_err(|e| e.to_string()),
		})
	};
	let mut response = Response::new(body);
	response.headers_mut().insert(
		header::CONTENT_TYPE,
		HeaderValue::from_static("application/vnd.ipld.car; version=1; order=dfs; dups=n"),
	);
	Ok(response)
}

/// Serves `store` on `listener` until `shutdown` resolves.
pub async fn serve(
	listener: TcpListener,
	store: Arc<dyn BlockStore>,
	shutdown: impl std::future::Future<Output = ()>,
) -> io::Result<()> {
	tokio::pin!(shutdown);
	let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
	loop {
		let slot = tokio::select! {
			slot = slots.clone().acquire_owned() => slot.map_err(io::Error::other)?,
			() = &mut shutdown => return Ok(()),
		};
		let (stream, peer) = tokio::select! {
			accepted = listener.accept() => accepted?,
			() = &mut shutdown => return Ok(()),
		};
		let store = store.clone();
		tokio::spawn(async move {
			let _slot = slot;
			let service = service_fn(move |req: Request<Incoming>| {
				let store = store.clone();
				async move {
					// Reads and hashes blocks: off the async threads.
					let (method, uri, headers) =
						(req.method().clone(), req.uri().clone(), req.headers().clone());
					let response = tokio::task::spawn_blocking(move || {
						handle(&store, &method, &uri, &headers)
					})
					.await
					.unwrap_or_else(|_| {
						text(StatusCode::INTERNAL_SERVER_ERROR, "request handler failed")
					});
					tracing::debug!(target: "gateway", "{peer} {} {} -> {}", req.method(), req.uri(), response.status());
					Ok::<_, Infallible>(response)
				}
			});
			if let Err(e) = hyper::server::conn::http1::Builder::new()
				.timer(hyper_util::rt::TokioTimer::new())
				.header_read_timeout(HEADER_TIMEOUT)
				.serve_connection(TokioIo::new(stream), service)
				.await
			{
				tracing::debug!(target: "gateway", "connection from {peer}: {e}");
			}
		});
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;

	#[test]
	fn parses_entity_bytes() {
		assert_eq!(parse_entity_bytes("0:*", 10), Some(0..10));
		assert_eq!(parse_entity_bytes("2:4", 10), Some(2..5));
		assert_eq!(parse_entity_bytes("-3:*", 10), Some(7..10));
		assert_eq!(parse_entity_bytes("0:-2", 10), Some(0..9));
		assert_eq!(parse_entity_bytes("5:100", 10), Some(5..10));
		assert_eq!(parse_entity_bytes("8:2", 10), Some(8..8));
		assert_eq!(parse_entity_bytes("a:b", 10), None);
		assert_eq!(parse_entity_bytes("3", 10), None);
	}

	#[test]
	fn parses_the_range_forms() {
		let h = |s: &'static str| Some(HeaderValue::from_static(s));
		assert_eq!(parse_range(None, 10), Ok(None));
		assert_eq!(parse_range(h("bytes=2-4").as_ref(), 10), Ok(Some(2..5)));
		assert_eq!(parse_range(h("bytes=7-").as_ref(), 10), Ok(Some(7..10)));
		assert_eq!(parse_range(h("bytes=-3").as_ref(), 10), Ok(Some(7..10)));
		assert_eq!(parse_range(h("bytes=5-100").as_ref(), 10), Ok(Some(5..10)));
		assert_eq!(parse_range(h("bytes=10-").as_ref(), 10), Err(()));
		assert_eq!(parse_range(h("bytes=-0").as_ref(), 10), Err(()));
		// Ignored: the whole resource is sent.
		assert_eq!(parse_range(h("bytes=5-3").as_ref(), 10), Ok(None));
		assert_eq!(parse_range(h("bytes=1-2,4-5").as_ref(), 10), Ok(None));
		assert_eq!(parse_range(h("items=1-2").as_ref(), 10), Ok(None));
		assert_eq!(parse_range(h("bytes=x-2").as_ref(), 10), Ok(None));
	}
}
