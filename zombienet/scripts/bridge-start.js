// The Ethereum side of the bridge beside the network: anvil, the contracts deployed by the
// project's own script from the checkpoint `dsynapse-relayer checkpoint` reads off `nodeName`,
// the bridge pointed at the gateway (sudo), and one `dsynapse-relayer run` following `nodeName`.
// anvil and the relayer log to the network's directory and are killed with it (zombienet/run.sh
// kills every process whose arguments name that directory). Returns 1 once the relayer runs.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { connect, wsUriOf, waitFor, shared, log, account, send, jsonRpc } = require('./lib');
const { ANVIL_KEYS, ANVIL_CHAIN_ID } = require('./eth');

async function run(nodeName, networkInfo) {
  const dir = networkInfo.tmpDir;
  const project = path.join(process.env.DSYNAPSE_REPO, 'bridges/ethereum');
  const tool = (name) => path.join(project, `node_modules/@foundry-rs/${name}-linux-amd64/bin/${name}`);
  const relayerBin = path.join(path.dirname(process.env.DSYNAPSE_NODE), 'dsynapse-relayer');
  const wsUri = wsUriOf(networkInfo, nodeName);

  // anvil on this test's port range (base + 50), mining each transaction as it arrives.
  const ethUrl = `http://127.0.0.1:${Number(process.env.ZN_PORT_BASE) + 50}`;
  const anvilLog = fs.openSync(path.join(dir, 'anvil.log'), 'a');
  const anvil = spawn(
    tool('anvil'),
    ['--host', '127.0.0.1', '--port', new URL(ethUrl).port, '--chain-id', String(ANVIL_CHAIN_ID),
      '--config-out', path.join(dir, 'anvil.json')],
    { stdio: ['ignore', anvilLog, anvilLog] },
  );
  log(`anvil (pid ${anvil.pid}) on ${ethUrl}`);
  await waitFor('anvil', 30_000, () => jsonRpc(ethUrl, 'eth_chainId', []), 200);

  // BEEFY has finalized a block: the checkpoint's set is live.
  const api = await connect(wsUri);
  try {
    await waitFor('a BEEFY-finalized block', 120_000, async () => {
      const head = await api.rpc.beefy.getFinalizedHead();
      return (await api.rpc.chain.getHeader(head)).number.toNumber() > 0;
    });
    const checkpoint = execFileSync(relayerBin, ['checkpoint', '--chain-url', wsUri], { encoding: 'utf8' });
    const env = Object.fromEntries(checkpoint.trim().split('\n').map((l) => l.split('=')));
    log(`checkpoint: block ${env.START_BLOCK}, set ${env.CURRENT_SET_ID} (${env.CURRENT_SET_LEN} members)`);
    const out = execFileSync(
      tool('forge'),
      ['script', 'script/Deploy.s.sol', '--rpc-url', ethUrl, '--private-key', ANVIL_KEYS[0], '--broadcast',
        '--skip', 'test', '--out', path.join(dir, 'forge-out'), '--cache-path', path.join(dir, 'forge-cache')],
      { cwd: project, env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    const line = out.split('\n').find((l) => l.includes('{"beefyLightClient"'));
    if (!line) throw new Error(`no addresses in the deploy output:\n${out}`);
    const deployed = JSON.parse(line.slice(line.indexOf('{')));
    log(`deployed: ${line.trim()}`);

    await send(api, api.tx.sudo.sudo(api.tx.ethBridge.setTarget(ANVIL_CHAIN_ID, deployed.gateway)), account('//Alice'));

    const relayerLog = fs.openSync(path.join(dir, 'relayer.log'), 'a');
    const relayer = spawn(
      relayerBin,
      ['run', '--chain-url', wsUri, '--eth-url', ethUrl, '--gateway', deployed.gateway,
        '--state', path.join(dir, 'relayer.json'), '--poll-ms', '2000'],
      {
        stdio: ['ignore', relayerLog, relayerLog],
        env: { ...process.env, DSYNAPSE_RELAYER_ETH_KEY: ANVIL_KEYS[1], RUST_LOG: 'info' },
      },
    );
    log(`relayer (pid ${relayer.pid}), log ${path.join(dir, 'relayer.log')}`);
    shared.bridge = { ethUrl, relayer, relayerLog: path.join(dir, 'relayer.log'), ...deployed };
    await waitFor('the relayer to start', 30_000, () => {
      const text = fs.readFileSync(shared.bridge.relayerLog, 'utf8');
      if (relayer.exitCode !== null) throw new Error(`the relayer exited (${relayer.exitCode}):\n${text}`);
      return text.includes('relaying');
    }, 500);
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
