// Alice locks `args[0]` DSY for an Ethereum address; returns 1 once that address holds
// `args[1]` wDSY in all (and the gateway's minted total is the same), i.e. once a commitment
// the current validators signed after the lock reached the light client and the relayer
// proved the message against it. Needs bridge-start.js first.
'use strict';
const fs = require('node:fs');
const { connect, wsUriOf, waitFor, shared, log, account, send, DSY } = require('./lib');
const { bridgeState } = require('./eth');

const RECIPIENT = `0x${'a1'.repeat(20)}`;

async function run(nodeName, networkInfo, args) {
  const bridge = shared.bridge;
  if (!bridge) throw new Error('bridge-start.js did not run');
  const amount = BigInt(args[0]) * DSY;
  const total = BigInt(args[1]) * DSY;
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    const before = await bridgeState(bridge.ethUrl, bridge, RECIPIENT);
    const { events, blockHash } = await send(api, api.tx.ethBridge.lock(amount, RECIPIENT), account('//Alice'));
    const locked = events.find(({ event }) => api.events.ethBridge.Locked.is(event));
    if (!locked) throw new Error('no Locked event');
    const block = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    log(`locked ${args[0]} DSY in block #${block} (nonce ${locked.event.data.nonce}); light client at #${before.latestBlock}, set ${before.setId}`);
    const after = await waitFor(`${args[1]} wDSY`, 600_000, async () => {
      if (bridge.relayer.exitCode !== null) {
        throw new Error(`the relayer exited (${bridge.relayer.exitCode}):\n${fs.readFileSync(bridge.relayerLog, 'utf8').slice(-4000)}`);
      }
      const s = await bridgeState(bridge.ethUrl, bridge, RECIPIENT);
      return s.balance === total ? s : undefined;
    }, 1000);
    log(`minted: ${after.balance / DSY} wDSY in all; light client at #${after.latestBlock}, set ${after.setId} (${after.setId - before.setId} handovers since the lock)`);
    if (after.minted !== total) throw new Error(`the gateway minted ${after.minted}, expected ${total}`);
    if (after.latestBlock <= block) throw new Error(`minted without a root after block #${block}`);
    return 1;
  } catch (e) {
    log(`${e.message}\n--- relayer log (end) ---\n${fs.readFileSync(bridge.relayerLog, 'utf8').slice(-4000)}`);
    throw e;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
