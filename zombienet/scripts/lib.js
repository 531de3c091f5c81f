// Helpers shared by the zombienet js-scripts: connecting to nodes, waiting on chain state,
// sending transactions, spawning extra dsynapse-node processes beside the network.
//
// Zombienet loads each script with `require` and calls its `run(nodeName, networkInfo, args)`;
// every script of one test file runs in the same Node.js process, so `shared` (below) carries
// values from one step of a test to the next.
'use strict';

const { ApiPromise, WsProvider, Keyring } = require('@polkadot/api');
const { u8aConcat, u8aToHex } = require('@polkadot/util');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const DSY = 10n ** 12n;

/** State kept between the steps of one zombienet test (one process runs them all). */
const shared = (globalThis.__dsynapseZombienet ??= {});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One JSON-RPC request over HTTP to `url`; resolves with its result, rejects with its error. */
async function jsonRpc(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function log(...args) {
  console.log('   ', new Date().toISOString().slice(11, 19), ...args);
}

/** An API connected to `wsUri`; close it with `api.disconnect()`. */
async function connect(wsUri) {
  const provider = new WsProvider(wsUri, 1000);
  return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: false });
}

/** The ws URI zombienet gave node `name`. */
function wsUriOf(networkInfo, name) {
  const node = networkInfo.relay.find((n) => n.name === name);
  if (!node) throw new Error(`no node named ${name} in the network`);
  return node.wsUri;
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined/false. */
async function waitFor(what, timeoutMs, probe, everyMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false && v !== null) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await sleep(everyMs);
  }
}

async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

async function hashAt(api, n) {
  return (await api.rpc.chain.getBlockHash(n)).toHex();
}

/** The keyring account of a secret URI (sr25519). */
function account(suri) {
  return new Keyring({ type: 'sr25519' }).addFromUri(suri);
}

/** The module error of a `DispatchError`, as `section.Name`, or its string form. */
function dispatchErrorText(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.toString();
}

/**
 * Looks for the extrinsic `txHash` in the best chain from block `from` on; returns
 * `{ blockHash, events, error }` (the extrinsic's own events, and its dispatch error as text if
 * it failed) or undefined when it is not in a block yet.
 */
async function findIncluded(api, txHash, from) {
  const best = await bestNumber(api);
  for (let n = from; n <= best; n += 1) {
    const blockHash = await api.rpc.chain.getBlockHash(n);
    const { block } = await api.rpc.chain.getBlock(blockHash);
    const index = block.extrinsics.findIndex((x) => x.hash.toHex() === txHash);
    if (index < 0) continue;
    const all = await (await api.at(blockHash)).query.system.events();
    const events = all.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.eqn(index));
    const failed = events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
    const error = failed ? dispatchErrorText(api, failed.event.data[0]) : undefined;
    return { blockHash: blockHash.toHex(), events, error };
  }
  return undefined;
}

/**
 * Signs `tx` by `signer`, checks it with the runtime's transaction validation (what the pool
 * does), then sends it; resolves with the events once it is in a block. Rejects with
 * `Invalid Transaction: <reason>` (e.g. `Custom error: 40`) when the runtime refuses it, or with
 * `section.Name` for a module error at dispatch.
 *
 * The status subscription alone is not relied on: on a loaded machine a websocket can drop it
 * silently and the promise would never settle. Every 10 s the best chain is also searched for
 * the extrinsic, and whichever sees it in a block first settles the promise.
 */
async function send(api, tx, signer) {
  await tx.signAsync(signer, { nonce: -1 });
  const best = await api.rpc.chain.getBlockHash();
  // TaggedTransactionQueue_validate_transaction(source = External, extrinsic, at), SCALE-encoded
  // by hand: polkadot.js's typed `api.call` encodes the extrinsic differently from the runtime.
  const input = u8aToHex(u8aConcat(new Uint8Array([2]), tx.toU8a(), best.toU8a()));
  const output = await api.rpc.state.call('TaggedTransactionQueue_validate_transaction', input, best);
  const validity = api.createType('TransactionValidity', output);
  if (validity.isErr) {
    const err = validity.asErr;
    const reason = err.isInvalid ? err.asInvalid : err.asUnknown;
    const detail = reason.isCustom ? `Custom error: ${reason.asCustom.toNumber()}` : reason.type;
    throw new Error(`${err.isInvalid ? 'Invalid' : 'Unknown'} Transaction: ${detail}`);
  }
  const from = await bestNumber(api);
  const txHash = tx.hash.toHex();
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer;
    const settle = (error, value) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      if (error) reject(new Error(error));
      else resolve(value);
    };
    timer = setInterval(() => {
      findIncluded(api, txHash, from)
        .then((found) => {
          if (!found) return;
          if (found.error) settle(found.error);
          else settle(undefined, { events: found.events, blockHash: found.blockHash });
        })
        .catch(() => {});
    }, 10_000);
    tx.send(({ status, events, dispatchError }) => {
      if (dispatchError) settle(dispatchErrorText(api, dispatchError));
      else if (status.isInBlock) settle(undefined, { events, blockHash: status.asInBlock.toHex() });
      else if (status.isInvalid || status.isDropped || status.isUsurped) settle(`transaction ${status.type}`);
    }).catch((e) => settle(e.message));
  });
}

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A boot-node multiaddress of the node at `api` (its first loopback TCP listen address). */
async function bootnodeOf(api) {
  const peerId = (await api.rpc.system.localPeerId()).toString();
  const addrs = (await api.rpc.system.localListenAddresses()).map((a) => a.toString());
  const addr = addrs.find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) ?? addrs[0];
  return addr.includes('/p2p/') ? addr : `${addr}/p2p/${peerId}`;
}

/**
 * Starts a dsynapse-node process beside the network (not managed by zombienet): `args` are
 * appended to a base path under the network's directory, free RPC/P2P/Prometheus ports and the
 * given boot node. `options.nodeKey`: first generate the node's network key in its base path
 * (`key generate-node-key`), as a validator operator does. Returns { wsUri, logPath, stop(),
 * rpcSend(method, params), pid }.
 */
async function spawnNode(networkInfo, name, args, options = {}) {
  const bin = process.env.DSYNAPSE_NODE;
  if (!bin) throw new Error('DSYNAPSE_NODE is not set');
  const base = path.join(networkInfo.tmpDir, `extra-${name}`);
  fs.mkdirSync(base, { recursive: true });
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const promPort = await freePort();
  const logPath = path.join(networkInfo.tmpDir, `extra-${name}.log`);
  if (options.nodeKey) {
    // A validator needs a persistent network identity: generate it the way an operator does.
    const chainArgs = args.slice(args.indexOf('--chain'), args.indexOf('--chain') + 2);
    execFileSync(bin, ['key', 'generate-node-key', ...chainArgs, '--base-path', base], { stdio: 'ignore' });
  }
  const out = fs.openSync(logPath, 'a');
  const child = spawn(
    bin,
    [
      '--name', name, '--base-path', base, '--rpc-port', String(rpcPort),
      '--port', String(p2pPort), '--prometheus-port', String(promPort),
      '--no-mdns', '--no-telemetry', '--rpc-methods', 'unsafe',
      ...args,
    ],
    { stdio: ['ignore', out, out] },
  );
  log(`started ${name} (pid ${child.pid}), log ${logPath}`);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  (shared.extraNodes ??= []).push(stop);
  const rpcSend = (method, params = []) => jsonRpc(`http://127.0.0.1:${rpcPort}`, method, params);
  return { wsUri: `ws://127.0.0.1:${rpcPort}`, rpcPort, promPort, logPath, stop, rpcSend, pid: child.pid, child };
}

module.exports = {
  jsonRpc,
  DSY, shared, sleep, log, connect, wsUriOf, waitFor, finalizedNumber, bestNumber, hashAt,
  account, send, bootnodeOf, spawnNode,
};
