//! Progress bars for long operations, on stderr and only when it is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A byte-counting bar with `total` bytes (or a spinner when unknown).
pub fn bytes(message: &str, total: Option<u64>, quiet: bool) -> ProgressBar {
	let bar = match total {
		Some(total) => ProgressBar::new(total),
		None => ProgressBar::new_spinner(),
	};
	let template = if total.is_some() {
		"{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}"
	} else {
		"{spinner} {msg} {bytes} {bytes_per_sec}"
	};
	if let Ok(style) = ProgressStyle::with_template(template) {
		bar.set_style(style.progress_chars("=> "));
	}
	bar.set_message(message.to_owned());
	if quiet || !std::io::stderr().is_terminal() {
		bar.set_draw_target(ProgressDrawTarget::hidden());
	}
	bar
}
