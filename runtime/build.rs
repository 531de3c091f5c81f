//! Compiles the runtime to `wasm32v1-none` and embeds the blob (`WASM_BINARY`) in the native crate.
//! `SKIP_WASM_BUILD=1` skips it (unit tests that need no wasm).

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
