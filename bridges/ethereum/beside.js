// The Ethereum side of the bridge beside a running dsynapse node, for the dev chain and the
// tests: anvil, the contracts deployed by `script/Deploy.s.sol` from the checkpoint
// `dsynapse-relayer checkpoint` reads off the node, and a `dsynapse-relayer run` between them.
// Used by scripts/dev-bridge.js (the dev chain's bridge) and zombienet/scripts/bridge-start.js.
// Node built-ins only: the callers bring their own chain API (to wait for BEEFY and to point
// the chain's bridge at the gateway).
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** The Foundry project (this folder). */
const PROJECT = __dirname;

/** anvil's first funded development accounts' keys (public knowledge; test chains only). */
const ANVIL_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
];
const ANVIL_CHAIN_ID = 31337;

/** The path of the npm-installed Foundry binary `name` (`anvil`, `forge`). */
function tool(name) {
  return path.join(PROJECT, `node_modules/@foundry-rs/${name}-linux-amd64/bin/${name}`);
}

/**
 * Starts anvil on 127.0.0.1:`port` (chain id 31337, each transaction mined as it arrives),
 * logging to `logFile`. With `state`, anvil loads that file if it exists and writes it back every
 * 10 s and when stopped with SIGINT (a dev chain kept between runs keeps its contracts and
 * balances).
 * Resolves with the child once the port accepts connections (`onSpawn(child)` is called at once).
 */
async function startAnvil({ port, logFile, state, extraArgs = [], onSpawn = () => {} }) {
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(ANVIL_CHAIN_ID)];
  if (state) args.push('--state', state, '--state-interval', '10');
  if (await accepts(port)) throw new Error(`port ${port} is in use: is another anvil running?`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(tool('anvil'), [...args, ...extraArgs], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  onSpawn(child);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}); see ${logFile}`);
    if (await accepts(port)) return child;
    if (Date.now() > deadline) throw new Error(`anvil did not listen on ${port} within 30 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * The checkpoint the contracts start from, read off the node at `wsUri` (the GRANDPA-finalized
 * head's BEEFY sets): `{ GENESIS_HASH, START_BLOCK, CURRENT_SET_ID, ... }`, the names
 * `Deploy.s.sol` reads from its environment.
 */
function checkpoint(relayerBin, wsUri) {
  const out = execFileSync(relayerBin, ['checkpoint', '--chain-url', wsUri], { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((line) => line.split('=')));
}

/**
 * Deploys the light client, the gateway and wDSY to `ethUrl` from `checkpoint` with
 * `Deploy.s.sol` (key: anvil's first account), forge's output and cache under `workDir`.
 * Resolves with `{ beefyLightClient, gateway, wdsy }`.
 */
function deploy({ ethUrl, checkpoint: env, workDir, key = ANVIL_KEYS[0] }) {
  const out = execFileSync(
    tool('forge'),
    ['script', 'script/Deploy.s.sol', '--rpc-url', ethUrl, '--private-key', key, '--broadcast', '--skip', 'test',
      '--out', path.join(workDir, 'forge-out'), '--cache-path', path.join(workDir, 'forge-cache')],
    { cwd: PROJECT, env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const line = out.split('\n').find((l) => l.includes('{"beefyLightClient"'));
  if (!line) throw new Error(`no addresses in the deploy output:\n${out}`);
  return JSON.parse(line.slice(line.indexOf('{')));
}

/**
 * Starts `dsynapse-relayer run` between the node at `wsUri` and the gateway at `ethUrl`
 * (key: anvil's second account), its progress in `stateFile`, its log in `logFile`; resolves
 * with the child once its log says it relays (`onSpawn(child)` is called at once).
 */
async function startRelayer({ relayerBin, wsUri, ethUrl, gateway, stateFile, logFile, pollMs = 2000,
  key = ANVIL_KEYS[1], onSpawn = () => {} }) {
  const from = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    relayerBin,
    ['run', '--chain-url', wsUri, '--eth-url', ethUrl, '--gateway', gateway, '--state', stateFile,
      '--poll-ms', String(pollMs)],
    { stdio: ['ignore', out, out], env: { ...process.env, DSYNAPSE_RELAYER_ETH_KEY: key, RUST_LOG: 'info' } },
  );
  fs.closeSync(out);
  onSpawn(child);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = fs.readFileSync(logFile, 'utf8').slice(from);
    if (child.exitCode !== null) throw new Error(`the relayer exited (${child.exitCode}):\n${text}`);
    if (text.includes('relaying')) return child;
    if (Date.now() > deadline) throw new Error(`the relayer did not start within 30 s:\n${text}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

module.exports = { PROJECT, ANVIL_KEYS, ANVIL_CHAIN_ID, tool, startAnvil, checkpoint, deploy, startRelayer };
