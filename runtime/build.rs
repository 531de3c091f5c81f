//! Compiles the runtime to `wasm32v1-none` twice and embeds both blobs in the native crate:
//! `WASM_BINARY` (the real runtime) and `fast_runtime_binary::WASM_BINARY` (built with the
//! `fast-runtime` feature, for the `dev-fast` chain). `SKIP_WASM_BUILD=1` skips both (unit tests
//! that need no wasm).

fn main() {
	#[cfg(feature = "std")]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.set_file_name("fast_runtime_binary.rs")
			.enable_feature("fast-runtime")
			.build();
	}
}
