//! `dsynapse-worker dataset …`: what an IP owner registers beside a dataset — the manifest and
//! the chunk-hash list it names.

use crate::{
	content::{
		importer::Importer,
		pins::Pins,
		profile::Profile,
		store::{BlockStore, FsStore, MemoryStore},
		Cid,
	},
	datasets,
};
use anyhow::Context;
use clap::Subcommand;
use dsynapse_inference::dataset::{DataFormat, DatasetManifest};
use std::{
	fs::File,
	io::BufReader,
	path::{Path, PathBuf},
	process::ExitCode,
};

/// `dataset` subcommands.
#[derive(Subcommand, Debug)]
pub enum DatasetCommand {
	/// Write the manifest and the chunk-hash list to register with a dataset file: hashes every
	/// 256 KiB chunk and checks each against the format as verifiers will. Prints the CIDs of
	/// the hash list and of the manifest (the manifest's `chunk_hashes` names the former).
	Manifest {
		/// The dataset file (what `ipfs add` adds as the content).
		file: PathBuf,
		/// jsonl, csv, text or parquet.
		#[arg(long)]
		format: String,
		/// The dataset's display name.
		#[arg(long)]
		name: String,
		/// Where to write the manifest JSON.
		#[arg(long)]
		out_manifest: PathBuf,
		/// Where to write the hash list (32 bytes per chunk).
		#[arg(long)]
		out_hashes: PathBuf,
		/// Also add both files to the repository and pin them (without it their CIDs are only
		/// computed: `ipfs add` with the same profile gives the same ones).
		#[arg(long)]
		add: bool,
		/// Import profile for the CIDs: unixfs-v1-2025 or unixfs-v0-2015.
		#[arg(long, default_value = "unixfs-v1-2025")]
		profile: Profile,
	},
}

/// Runs one `dataset` command.
pub fn run(repo: &Path, quiet: bool, command: DatasetCommand) -> anyhow::Result<ExitCode> {
	match command {
		DatasetCommand::Manifest { file, format, name, out_manifest, out_hashes, add, profile } => {
			let format = DataFormat::parse(&format).ok_or_else(|| {
				anyhow::anyhow!("unknown format {format:?} (jsonl, csv, text, parquet)")
			})?;
			let opened =
				File::open(&file).with_context(|| format!("opening {}", file.display()))?;
			let size = opened.metadata()?.len();
			let hashes =
				datasets::hash_file(&mut BufReader::with_capacity(1 << 20, opened), size, format)
					.with_context(|| format!("{} as {format}", file.display()))?;
			let repository = if add {
				let store = FsStore::open(repo)
					.with_context(|| format!("opening repository {}", repo.display()))?;
				// Held until both are pinned, so a gc cannot remove the new blocks.
				let lock = store.lock_shared()?;
				Some((store, lock))
			} else {
				None
			};
			let memory = MemoryStore::discarding();
			let store: &dyn BlockStore = match &repository {
				Some((store, _)) => store,
				None => &memory,
			};
			let add_bytes = |bytes: &[u8], path: &Path| -> anyhow::Result<Cid> {
				std::fs::write(path, bytes)
					.with_context(|| format!("writing {}", path.display()))?;
				let cid = Importer::new(profile, store).file(bytes)?.cid;
				if let Some((store, _)) = &repository {
					let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
					Pins::new(store).add_just_checked(&cid, &name.unwrap_or_default())?;
				}
				Ok(cid)
			};
			let hashes_cid = add_bytes(&hashes, &out_hashes)?;
			let manifest = DatasetManifest::new(name, format, size, hashes_cid.to_text());
			let manifest_cid = add_bytes(manifest.to_json().as_bytes(), &out_manifest)?;
			if quiet {
				println!("{}", manifest_cid.to_text());
			} else {
				println!("chunk_hashes {} {}", hashes_cid.to_text(), out_hashes.display());
				println!("manifest {} {}", manifest_cid.to_text(), out_manifest.display());
				eprintln!(
					"{size} bytes of {format}, {} chunks checked{}",
					manifest.chunks(),
					if add { "; both added and pinned" } else { "" }
				);
			}
			Ok(ExitCode::SUCCESS)
		},
	}
}
