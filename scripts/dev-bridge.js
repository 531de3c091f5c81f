// The dev chain's Ethereum side (started by scripts/dev-chain.sh, beside the node): anvil on
// 127.0.0.1:8545, the bridge's contracts deployed from the chain's checkpoint, the chain's bridge
// pointed at the gateway (sudo, Alice), and a relayer between them. Runs until SIGINT/SIGTERM,
// then stops anvil (which writes its state) and the relayer.
//
//   node scripts/dev-bridge.js <dir> [ws-url (ws://127.0.0.1:9944)] [anvil port (8545)]
//
// <dir> holds anvil's state, the deployed addresses, the relayer's progress file, forge's output
// and the logs. The relayer is $DSYNAPSE_RELAYER, else dsynapse-relayer next to $DSYNAPSE_NODE.
// A dev chain kept between runs (`dev-chain.sh --persist`) keeps <dir> too: the next run reuses
// the contracts when anvil still holds them and the chain still targets them, else deploys anew.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const beside = require('../bridges/ethereum/beside');

const repo = path.resolve(__dirname, '..');
// polkadot.js from the JS tests' packages (scripts/setup.sh installs them).
const { ApiPromise, WsProvider, Keyring } = createRequire(path.join(repo, 'tests/js/package.json'))('@polkadot/api');

const [dir, wsUri = 'ws://127.0.0.1:9944', ethPort = '8545'] = process.argv.slice(2);
const ethUrl = `http://127.0.0.1:${ethPort}`;
const say = (...args) => console.log('dev-bridge:', ...args);
// anvil writes its state when interrupted; the relayer stops cleanly on either signal.
const children = [];
let stopping = false;
/** Stops the children (SIGINT; SIGKILL after 15 s), then exits with `code`. */
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  let left = alive.length;
  if (left === 0) process.exit(code);
  for (const child of alive) {
    child.once('exit', () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
    child.kill('SIGINT');
  }
  setTimeout(() => {
    for (const child of alive) child.kill('SIGKILL');
    process.exit(code);
  }, 15_000).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function ethRpc(method, params) {
  const res = await fetch(ethUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * Submits `tx` signed by `signer`; resolves once finalized (a client reading the signer's nonce
 * at the finalized block then sees it), rejects if it or sudo's call failed.
 */
function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) return reject(new Error(`${dispatchError}`));
      if (!status.isFinalized) return;
      const sudid = events.find(({ event }) => api.events.sudo.Sudid.is(event));
      const result = sudid?.event.data[0];
      if (result?.isErr) return reject(new Error(`sudo: ${api.registry.findMetaError(result.asErr.asModule).name}`));
      resolve();
    }).catch(reject);
  });
}

async function main() {
  if (!dir) throw new Error('usage: node scripts/dev-bridge.js <dir> [ws-url] [anvil port]');
  fs.mkdirSync(dir, { recursive: true });
  const relayerBin = process.env.DSYNAPSE_RELAYER
    ?? path.join(path.dirname(process.env.DSYNAPSE_NODE ?? ''), 'dsynapse-relayer');
  const anvil = await beside.startAnvil({
    port: Number(ethPort), logFile: path.join(dir, 'anvil.log'), state: path.join(dir, 'anvil-state.json'),
    onSpawn: (child) => children.push(child),
  });
  say(`anvil on ${ethUrl} (chain id ${beside.ANVIL_CHAIN_ID}; funded dev accounts in ${path.join(dir, 'anvil.log')})`);

  const api = await ApiPromise.create({ provider: new WsProvider(wsUri, 1000), noInitWarn: true });
  let deployed;
  try {
    // The checkpoint's BEEFY set must be live: wait for BEEFY's first finalized block (the RPC
    // answers "not ready" until the BEEFY gadget has started).
    for (;;) {
      const number = await api.rpc.beefy.getFinalizedHead()
        .then(async (head) => (await api.rpc.chain.getHeader(head)).number.toNumber())
        .catch(() => 0);
      if (number > 0 || stopping) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const saved = path.join(dir, 'deployed.json');
    const target = (await api.query.ethBridge.target()).unwrapOr(null);
    if (fs.existsSync(saved)) {
      const previous = JSON.parse(fs.readFileSync(saved, 'utf8'));
      const code = await ethRpc('eth_getCode', [previous.gateway, 'latest']);
      const targeted = target && target.gateway.toHex().toLowerCase() === previous.gateway.toLowerCase();
      if (code !== '0x' && targeted) deployed = previous;
    }
    if (deployed) {
      say(`contracts kept from the last run: ${JSON.stringify(deployed)}`);
    } else {
      const checkpoint = beside.checkpoint(relayerBin, wsUri);
      deployed = beside.deploy({ ethUrl, checkpoint, workDir: dir });
      fs.writeFileSync(saved, `${JSON.stringify(deployed)}\n`);
      say(`contracts deployed from block ${checkpoint.START_BLOCK}: ${JSON.stringify(deployed)}`);
      const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
      await submit(api, api.tx.sudo.sudo(api.tx.ethBridge.setTarget(beside.ANVIL_CHAIN_ID, deployed.gateway)), alice);
      say('ethBridge.setTarget done (sudo): ethBridge.lock is open');
    }
  } finally {
    await api.disconnect();
  }

  if (stopping) return;
  const logFile = path.join(dir, 'relayer.log');
  await beside.startRelayer({
    relayerBin, wsUri, ethUrl, gateway: deployed.gateway, stateFile: path.join(dir, 'relayer.json'), logFile,
    onSpawn: (child) => children.push(child),
  });
  say(`relayer running (log ${logFile}); lock with ethBridge.lock(amount, <Ethereum address>), then see`);
  say(`  ${relayerBin} status --chain-url ${wsUri} --eth-url ${ethUrl} --gateway ${deployed.gateway}`);
  say(`  wDSY (ERC-20, 12 decimals) at ${deployed.wdsy}`);

  // Either child ending on its own ends this script (dev-chain.sh goes on without the bridge).
  for (const child of children) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`${child === anvil ? 'anvil' : 'the relayer'} exited (${code ?? signal}); stopping the bridge`);
      shutdown(1);
    });
  }
}

main().catch((err) => {
  console.error('dev-bridge: failed:', err.message);
  shutdown(1);
});
