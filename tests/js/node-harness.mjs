// Starts a real `dsynapse-node --dev --tmp` on free loopback ports for a test, and stops it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The node binary: $DSYNAPSE_NODE, else <target>/release/dsynapse-node. */
export function nodeBinary() {
  const bin = process.env.DSYNAPSE_NODE
    ?? join(process.env.CARGO_TARGET_DIR ?? join(here, '..', '..', 'target'), 'release', 'dsynapse-node');
  if (!existsSync(bin)) {
    throw new Error(`${bin} not found: build it with \`cargo build --release --workspace\` or set DSYNAPSE_NODE`);
  }
  return bin;
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function rpcReady(port, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
      });
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`node RPC on ${port} did not come up`);
}

/**
 * Starts `dsynapse-node --dev --tmp` (or, with `{ fast: true }`, a single-validator `dev-fast`
 * chain: 10-block epochs); resolves to { wsUrl, stop(), log() }.
 */
export async function startDevNode({ fast = false } = {}) {
  const [rpc, p2p, prom] = [await freePort(), await freePort(), await freePort()];
  const chain = fast
    ? ['--chain', 'dev-fast', '--alice', '--validator', '--force-authoring', '--tmp',
      '--unsafe-force-node-key-generation']
    : ['--dev', '--tmp'];
  const args = [...chain, '--rpc-port', `${rpc}`, '--listen-addr', `/ip4/127.0.0.1/tcp/${p2p}`,
    '--prometheus-port', `${prom}`, '--no-telemetry', '--no-mdns'];
  const child = spawn(nodeBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log = (log + d).slice(-20000); });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    // A node spends about 26 CPU-seconds building its genesis through the wasm runtime before
    // its RPC answers; with the other suites' nodes starting beside it on 2 cores that can take
    // minutes (a timeout, not a wait: a healthy start answers as soon as it can).
    await rpcReady(rpc, Date.now() + 240_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${log}`);
  }
  return {
    wsUrl: `ws://127.0.0.1:${rpc}`,
    log: () => log,
    stop: async () => { child.kill('SIGTERM'); await exited; },
  };
}
