// The Ethereum side of the bridge beside the network (bridges/ethereum/beside.js): anvil, the
// contracts deployed from the checkpoint `dsynapse-relayer checkpoint` reads off `nodeName`, the
// bridge pointed at the gateway (sudo), and one `dsynapse-relayer run` following `nodeName`.
// anvil and the relayer log to the network's directory and are killed with it (zombienet/run.sh
// kills every process whose arguments name that directory). Returns 1 once the relayer runs.
'use strict';
const path = require('node:path');
const { connect, wsUriOf, waitFor, shared, log, account, send } = require('./lib');
const beside = require(path.join(process.env.DSYNAPSE_REPO, 'bridges/ethereum/beside'));

async function run(nodeName, networkInfo) {
  const dir = networkInfo.tmpDir;
  const relayerBin = path.join(path.dirname(process.env.DSYNAPSE_NODE), 'dsynapse-relayer');
  const wsUri = wsUriOf(networkInfo, nodeName);

  // anvil on this test's port range (base + 50); --config-out names the network's directory in
  // anvil's arguments, so run.sh's clean-up finds it.
  const port = Number(process.env.ZN_PORT_BASE) + 50;
  const ethUrl = `http://127.0.0.1:${port}`;
  const anvil = await beside.startAnvil({
    port, logFile: path.join(dir, 'anvil.log'), extraArgs: ['--config-out', path.join(dir, 'anvil.json')],
  });
  log(`anvil (pid ${anvil.pid}) on ${ethUrl}`);

  // BEEFY has finalized a block: the checkpoint's set is live.
  const api = await connect(wsUri);
  try {
    await waitFor('a BEEFY-finalized block', 120_000, async () => {
      const head = await api.rpc.beefy.getFinalizedHead();
      return (await api.rpc.chain.getHeader(head)).number.toNumber() > 0;
    });
    const checkpoint = beside.checkpoint(relayerBin, wsUri);
    log(`checkpoint: block ${checkpoint.START_BLOCK}, set ${checkpoint.CURRENT_SET_ID} (${checkpoint.CURRENT_SET_LEN} members)`);
    const deployed = beside.deploy({ ethUrl, checkpoint, workDir: dir });
    log(`deployed: ${JSON.stringify(deployed)}`);

    await send(api, api.tx.sudo.sudo(api.tx.ethBridge.setTarget(beside.ANVIL_CHAIN_ID, deployed.gateway)), account('//Alice'));

    const relayerLog = path.join(dir, 'relayer.log');
    const relayer = await beside.startRelayer({
      relayerBin, wsUri, ethUrl, gateway: deployed.gateway, stateFile: path.join(dir, 'relayer.json'), logFile: relayerLog,
    });
    log(`relayer (pid ${relayer.pid}), log ${relayerLog}`);
    shared.bridge = { ethUrl, relayer, relayerLog, ...deployed };
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
