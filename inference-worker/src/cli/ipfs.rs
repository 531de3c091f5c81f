//! `dsynapse-worker ipfs …`: the content layer from the command line.

use super::progress;
use crate::{
	content::{
		car, dag, exporter, gc,
		importer::Importer,
		parse_cid,
		pins::Pins,
		profile::Profile,
		store::{BlockStore, FsStore, MemoryStore},
		Cid,
	},
	gateway::{self, GatewayClient},
	kubo::KuboClient,
};
use anyhow::{bail, Context};
use clap::Subcommand;
use std::{
	fs::File,
	io::{self, BufReader, BufWriter, Write},
	net::SocketAddr,
	path::{Path, PathBuf},
	process::ExitCode,
	sync::Arc,
};

// `ipfs add`'s options (a plain comment: the variant's doc is the command's help).
#[derive(clap::Args, Debug)]
pub struct AddArgs {
	/// Files or folders (folders are added recursively); `-` reads one file from stdin.
	#[arg(required = true)]
	paths: Vec<PathBuf>,
	/// Import profile: unixfs-v1-2025 (CIDv1, raw leaves, 1 MiB chunks) or unixfs-v0-2015.
	#[arg(long, default_value = "unixfs-v1-2025")]
	profile: Profile,
	/// Include hidden files and folders (names starting with `.`) inside folders, which
	/// kubo (`ipfs add -r` without `--hidden`) and Helia leave out by default.
	#[arg(long, short = 'H')]
	hidden: bool,
	/// Wrap each path in a directory holding it under its name.
	#[arg(long, short = 'w')]
	wrap_with_directory: bool,
	/// Compute CIDs only: store nothing.
	#[arg(long, short = 'n')]
	only_hash: bool,
	/// Do not pin the roots.
	#[arg(long)]
	no_pin: bool,
	/// Also add and pin each file on this kubo node (RPC API URL, e.g. http://127.0.0.1:5001).
	#[arg(long, env = "DSYNAPSE_KUBO_API")]
	kubo: Option<String>,
}

/// `ipfs` subcommands.
#[derive(Subcommand, Debug)]
pub enum IpfsCommand {
	/// Import files or folders; prints each entry's CID, the root last. Pins the roots.
	Add(AddArgs),
	/// Write a file's bytes to stdout (fetched from --gateway if not stored here).
	Cat {
		/// The file's CID.
		cid: String,
		/// First byte to write.
		#[arg(long, default_value_t = 0)]
		offset: u64,
		/// Bytes to write (default: to the end).
		#[arg(long)]
		length: Option<u64>,
		/// Gateways to fetch missing blocks from (tried in order; every block is verified).
		#[arg(long = "gateway")]
		gateways: Vec<String>,
	},
	/// Fetch a file or folder (from --gateway if needed) and write it to disk.
	Get {
		/// The root CID.
		cid: String,
		/// Where to write it (default ./CID).
		#[arg(long, short)]
		output: Option<PathBuf>,
		/// Gateways to fetch missing blocks from (tried in order; every block is verified).
		#[arg(long = "gateway")]
		gateways: Vec<String>,
		/// Pin it once fetched.
		#[arg(long)]
		pin: bool,
		/// Fetch into the store only; write nothing.
		#[arg(long, conflicts_with = "output")]
		no_output: bool,
	},
	/// Pins: what the repository keeps.
	#[command(subcommand)]
	Pin(PinCommand),
	/// Delete every block no pin reaches, and partial writes of killed processes.
	Gc,
	/// Check the repository: every block against its CID, every pin complete.
	Verify {
		/// Delete corrupt blocks.
		#[arg(long)]
		repair: bool,
	},
	/// Write DAGs as a CAR v1 file.
	ExportCar {
		/// Root CIDs.
		#[arg(required = true)]
		cids: Vec<String>,
		/// Output file (default: stdout).
		#[arg(long, short)]
		output: Option<PathBuf>,
	},
	/// Import CAR v1 files (every block verified); pins their roots.
	ImportCar {
		/// CAR files (`-` for stdin).
		#[arg(required = true)]
		files: Vec<PathBuf>,
		/// Do not pin the roots.
		#[arg(long)]
		no_pin: bool,
	},
	/// Serve the repository as a trustless HTTP gateway.
	Serve {
		/// Address to listen on.
		#[arg(long, default_value = "127.0.0.1:8080")]
		listen: SocketAddr,
	},
}

/// `ipfs pin` subcommands.
#[derive(Subcommand, Debug)]
pub enum PinCommand {
	/// Pin a DAG that is complete in the store.
	Add {
		/// Root CID.
		cid: String,
		/// A label.
		#[arg(long, default_value = "")]
		name: String,
	},
	/// List pins.
	Ls,
	/// Unpin (its blocks go at the next gc).
	Rm {
		/// Root CID.
		cid: String,
	},
}

fn cid_arg(text: &str) -> anyhow::Result<Cid> {
	Ok(parse_cid(text)?)
}

fn open(repo: &Path) -> anyhow::Result<FsStore> {
	FsStore::open(repo).with_context(|| format!("opening repository {}", repo.display()))
}

fn total_bytes(path: &Path) -> u64 {
	let Ok(meta) = std::fs::symlink_metadata(path) else { return 0 };
	if meta.is_dir() {
		std::fs::read_dir(path)
			.map(|entries| entries.flatten().map(|e| total_bytes(&e.path())).sum())
			.unwrap_or(0)
	} else {
		meta.len()
	}
}

/// Fetches what is missing under `root` from `gateways` into `store`, reporting bad sources.
fn fetch(store: &FsStore, root: &Cid, gateways: &[String], quiet: bool) -> anyhow::Result<()> {
	// With gateways to repair from, local blocks are re-hashed too: a corrupt one is fetched again.
	let missing = dag::missing(store, root, !gateways.is_empty())?;
	if missing.is_empty() {
		return Ok(());
	}
	if gateways.is_empty() {
		bail!(
			"{} is not (completely) in the local store and no --gateway was given",
			root.to_text()
		);
	}
	let client = GatewayClient::new(gateways.iter().cloned());
	let bar = progress::bytes("fetching", None, quiet);
	let result = client.dag(root, store, &|n| bar.inc(n));
	bar.finish_and_clear();
	for report in client.reports() {
		eprintln!("reported gateway {}: {} (block {})", report.gateway, report.reason, report.cid);
	}
	let summary = result?;
	if !quiet {
		eprintln!(
			"fetched {} blocks ({} bytes), {} already here",
			summary.fetched, summary.bytes, summary.present
		);
	}
	Ok(())
}

/// Runs one `ipfs` command.
pub fn run(repo: &Path, quiet: bool, command: IpfsCommand) -> anyhow::Result<ExitCode> {
	match command {
		IpfsCommand::Add(args) => add(repo, quiet, args),
		IpfsCommand::Cat { cid, offset, length, gateways } => {
			cat(repo, quiet, &cid, offset, length, &gateways)
		},
		IpfsCommand::Get { cid, output, gateways, pin, no_output } => {
			get(repo, quiet, &cid, output, &gateways, pin, no_output)
		},
		IpfsCommand::Pin(PinCommand::Add { cid, name }) => pin_add(repo, &cid, &name),
		IpfsCommand::Pin(PinCommand::Ls) => pin_ls(repo),
		IpfsCommand::Pin(PinCommand::Rm { cid }) => pin_rm(repo, &cid),
		IpfsCommand::Gc => collect_garbage(repo),
		IpfsCommand::Verify { repair } => verify(repo, repair),
		IpfsCommand::ExportCar { cids, output } => export_car(repo, quiet, &cids, output),
		IpfsCommand::ImportCar { files, no_pin } => import_car(repo, quiet, files, no_pin),
		IpfsCommand::Serve { listen } => serve(repo, listen),
	}
}

/// `ipfs add`.
fn add(repo: &Path, quiet: bool, args: AddArgs) -> anyhow::Result<ExitCode> {
	let AddArgs { paths, profile, hidden, wrap_with_directory, only_hash, no_pin, kubo } = args;
	let fs_store;
	let memory;
	let store: &dyn BlockStore = if only_hash {
		memory = MemoryStore::discarding();
		&memory
	} else {
		fs_store = open(repo)?;
		&fs_store
	};
	if kubo.is_some()
		&& paths.iter().any(|p| p.as_os_str() == "-" || !p.is_file() || wrap_with_directory)
	{
		bail!("the kubo backend adds single files given by path (not stdin, folders or wrapped files)");
	}
	for path in &paths {
		// Held until the root is pinned, so a gc cannot remove the new blocks.
		let _lock = if only_hash { None } else { Some(open(repo)?.lock_shared()?) };
		let from_stdin = path.as_os_str() == "-";
		let total = if from_stdin { None } else { Some(total_bytes(path)) };
		let bar = progress::bytes("adding", total, quiet);
		let progress = |n: u64| bar.inc(n);
		let importer = Importer::new(profile, store).hidden(hidden).progress(&progress);
		let print = |relative: &Path, node: &crate::content::importer::Node| {
			if !quiet && !relative.as_os_str().is_empty() {
				bar.suspend(|| println!("added {} {}", node.cid.to_text(), relative.display()));
			}
		};
		let root = if from_stdin {
			importer.file(io::stdin()).context("adding stdin")?
		} else {
			importer
				.path(path, wrap_with_directory, &print)
				.with_context(|| format!("adding {}", path.display()))?
		};
		bar.finish_and_clear();
		if !only_hash && !no_pin {
			let name =
				path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
			Pins::new(&open(repo)?).add_just_checked(&root.cid, &name)?;
		}
		if let Some(url) = &kubo {
			let client = KuboClient::new(url);
			client.add_file(path, &profile, &root.cid)?;
			if !no_pin {
				client.pin_add(&root.cid)?;
			}
			if !quiet {
				eprintln!(
					"kubo at {url} has {} {}",
					root.cid.to_text(),
					if no_pin { "" } else { "(pinned)" }
				);
			}
		}
		if quiet {
			println!("{}", root.cid.to_text());
		} else {
			let size = if root.file_size > 0 { root.file_size } else { root.tsize };
			println!("added {} {} ({size} bytes)", root.cid.to_text(), path.display());
		}
	}
	Ok(ExitCode::SUCCESS)
}

/// `ipfs cat`.
fn cat(
	repo: &Path,
	quiet: bool,
	cid: &str,
	offset: u64,
	length: Option<u64>,
	gateways: &[String],
) -> anyhow::Result<ExitCode> {
	let cid = cid_arg(cid)?;
	let store = open(repo)?;
	// Fetched blocks are not pinned: keep gc away until they are written out.
	let _lock = store.lock_shared()?;
	fetch(&store, &cid, gateways, quiet)?;
	let end = length.map_or(u64::MAX, |l| offset.saturating_add(l));
	let stdout = io::stdout();
	let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
	exporter::write_file(&store, &cid, offset..end, &mut out)?;
	out.flush()?;
	Ok(ExitCode::SUCCESS)
}

/// `ipfs get`.
fn get(
	repo: &Path,
	quiet: bool,
	cid: &str,
	output: Option<PathBuf>,
	gateways: &[String],
	pin: bool,
	no_output: bool,
) -> anyhow::Result<ExitCode> {
	let cid = cid_arg(cid)?;
	let store = open(repo)?;
	let _lock = store.lock_shared()?;
	fetch(&store, &cid, gateways, quiet)?;
	if !no_output {
		let dest = output.unwrap_or_else(|| PathBuf::from(cid.to_text()));
		if dest.symlink_metadata().is_ok() {
			bail!("{} already exists", dest.display());
		}
		let bytes = exporter::write_tree(&store, &cid, &dest)?;
		if !quiet {
			eprintln!("wrote {} ({bytes} bytes)", dest.display());
		}
	}
	if pin {
		Pins::new(&store).add(&cid, "")?;
	}
	Ok(ExitCode::SUCCESS)
}

/// `ipfs pin add`.
fn pin_add(repo: &Path, cid: &str, name: &str) -> anyhow::Result<ExitCode> {
	let store = open(repo)?;
	let cid = cid_arg(cid)?;
	Pins::new(&store).add(&cid, name)?;
	println!("pinned {}", cid.to_text());
	Ok(ExitCode::SUCCESS)
}

/// `ipfs pin ls`.
fn pin_ls(repo: &Path) -> anyhow::Result<ExitCode> {
	for pin in Pins::new(&open(repo)?).list()? {
		println!("{} {}", pin.cid, pin.name);
	}
	Ok(ExitCode::SUCCESS)
}

/// `ipfs pin rm`.
fn pin_rm(repo: &Path, cid: &str) -> anyhow::Result<ExitCode> {
	let cid = cid_arg(cid)?;
	Pins::new(&open(repo)?).remove(&cid)?;
	println!("unpinned {}", cid.to_text());
	Ok(ExitCode::SUCCESS)
}

/// `ipfs gc`.
fn collect_garbage(repo: &Path) -> anyhow::Result<ExitCode> {
	let report = gc::gc(&open(repo)?)?;
	println!(
		"removed {} blocks ({} bytes) and {} partial writes; kept {} blocks",
		report.removed, report.freed_bytes, report.partial_writes, report.kept
	);
	Ok(ExitCode::SUCCESS)
}

/// `ipfs verify`: exit status 2 when the repository is not consistent.
fn verify(repo: &Path, repair: bool) -> anyhow::Result<ExitCode> {
	let report = gc::verify(&open(repo)?, repair)?;
	println!(
		"checked {} blocks ({} bytes): {} corrupt{}, {} damaged pins, {} partial writes",
		report.blocks,
		report.bytes,
		report.corrupt.len(),
		if repair && !report.corrupt.is_empty() { " (removed)" } else { "" },
		report.damaged_pins.len(),
		report.partial_writes
	);
	for path in &report.corrupt {
		println!("corrupt: {path}");
	}
	for (pin, why) in &report.damaged_pins {
		println!("damaged pin {pin}: {why}");
	}
	Ok(if report.is_consistent() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// `ipfs export-car`.
fn export_car(
	repo: &Path,
	quiet: bool,
	cids: &[String],
	output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
	let roots = cids.iter().map(|c| cid_arg(c)).collect::<anyhow::Result<Vec<_>>>()?;
	let store = open(repo)?;
	let summary = match &output {
		Some(path) => {
			let file =
				File::create(path).with_context(|| format!("creating {}", path.display()))?;
			let mut out = BufWriter::with_capacity(1 << 20, file);
			let summary = car::export(&store, &roots, &mut out)?;
			out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
			summary
		},
		None => {
			let stdout = io::stdout();
			let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
			car::export(&store, &roots, &mut out)?
		},
	};
	if !quiet {
		eprintln!("exported {} blocks ({} bytes)", summary.blocks, summary.bytes);
	}
	Ok(ExitCode::SUCCESS)
}

/// `ipfs import-car`.
fn import_car(
	repo: &Path,
	quiet: bool,
	files: Vec<PathBuf>,
	no_pin: bool,
) -> anyhow::Result<ExitCode> {
	let store = open(repo)?;
	let _lock = store.lock_shared()?;
	for path in files {
		let bar =
			progress::bytes("importing", std::fs::metadata(&path).ok().map(|m| m.len()), quiet);
		let summary = if path.as_os_str() == "-" {
			car::import(&mut io::stdin().lock(), &store, &mut |n| bar.inc(n))
		} else {
			let file = File::open(&path).with_context(|| format!("opening {}", path.display()))?;
			car::import(&mut BufReader::with_capacity(1 << 20, file), &store, &mut |n| bar.inc(n))
		}
		.with_context(|| format!("importing {}", path.display()))?;
		bar.finish_and_clear();
		for root in &summary.roots {
			if !no_pin {
				Pins::new(&store).add_just_checked(root, &path.display().to_string())?;
			}
			println!("root {}", root.to_text());
		}
		if !quiet {
			eprintln!(
				"imported {} blocks ({} bytes) from {}",
				summary.blocks,
				summary.bytes,
				path.display()
			);
		}
	}
	Ok(ExitCode::SUCCESS)
}

/// `ipfs serve`: a trustless gateway until SIGINT or SIGTERM.
fn serve(repo: &Path, listen: SocketAddr) -> anyhow::Result<ExitCode> {
	let store: Arc<dyn BlockStore> = Arc::new(open(repo)?);
	let runtime = tokio::runtime::Runtime::new()?;
	runtime.block_on(async move {
		let listener = tokio::net::TcpListener::bind(listen)
			.await
			.with_context(|| format!("listening on {listen}"))?;
		println!(
			"serving {} as a trustless gateway on http://{}",
			repo.display(),
			listener.local_addr()?
		);
		gateway::serve(listener, store, shutdown_signal()).await?;
		Ok::<_, anyhow::Error>(())
	})?;
	Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
	let ctrl_c = tokio::signal::ctrl_c();
	#[cfg(unix)]
	{
		let mut term =
			match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
				Ok(term) => term,
				Err(_) => return std::future::pending().await,
			};
		tokio::select! {
			_ = ctrl_c => {},
			_ = term.recv() => {},
		}
	}
	#[cfg(not(unix))]
	{
		let _ = ctrl_c.await;
	}
}
