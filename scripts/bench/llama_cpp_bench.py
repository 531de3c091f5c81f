"""Decode and prefill speed of llama.cpp (through llama-cpp-python) on a GGUF file, measured the
way `dsynapse-worker model bench` measures itself: greedy decoding of N tokens after a 16-token
prompt (batch of one), and one forward pass over a P-token prompt. Prints one JSON line.

    python llama_cpp_bench.py MODEL.gguf --threads 2 --tokens 128 --prefill 512 --runs 3
"""
import argparse
import json
import time

import numpy as np
from llama_cpp import Llama

p = argparse.ArgumentParser()
p.add_argument("gguf")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--tokens", type=int, default=128)
p.add_argument("--prefill", type=int, default=512)
p.add_argument("--runs", type=int, default=3)
a = p.parse_args()

t = time.perf_counter()
llm = Llama(model_path=a.gguf, n_threads=a.threads, n_threads_batch=a.threads, n_ctx=1024,
            n_batch=512, n_ubatch=512, verbose=False, seed=0)
load = time.perf_counter() - t
vocab = llm.n_vocab()
prompt = [(i * 7919 + 13) % vocab for i in range(16)]
long = [(i * 104729 + 7) % vocab for i in range(a.prefill)]
decode, prefill = float("inf"), float("inf")
for _ in range(max(1, a.runs)):
    llm.reset()
    t = time.perf_counter()
    llm.eval(prompt)
    for _ in range(a.tokens):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        llm.eval([token])
    decode = min(decode, time.perf_counter() - t)
    llm.reset()
    t = time.perf_counter()
    llm.eval(long)
    prefill = min(prefill, time.perf_counter() - t)
print(json.dumps({
    "threads": a.threads, "load_seconds": load,
    "decode_tokens": a.tokens, "decode_tokens_per_second": a.tokens / decode,
    "prefill_tokens": a.prefill, "prefill_tokens_per_second": a.prefill / prefill,
}))
