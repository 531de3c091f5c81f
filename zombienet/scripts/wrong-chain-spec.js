// A node started with another chain's spec (`--chain local-fast`: the same runtime, but not the
// genesis this network was built from) and this network's boot node. Returns 1 when, after
// `args[0]` seconds: the stranger imported nothing, has no peers, and warns in its log that it has no
// peer of its chain and that --chain may be wrong; while the network kept its peers and kept finalizing.
'use strict';
const fs = require('node:fs');
const { connect, wsUriOf, waitFor, sleep, finalizedNumber, bootnodeOf, spawnNode, log } = require('./lib');

async function run(nodeName, networkInfo, args) {
  const seconds = Number(args[0] ?? 45);
  const api = await connect(wsUriOf(networkInfo, nodeName));
  let stranger;
  let sapi;
  try {
    const peersBefore = (await api.rpc.system.health()).peers.toNumber();
    const f0 = await finalizedNumber(api);
    const boot = await bootnodeOf(api);
    stranger = await spawnNode(networkInfo, 'wrong-spec', ['--chain', 'local-fast', '--bootnodes', boot]);
    // Its genesis is built through the wasm runtime first (about 26 CPU-seconds; minutes while
    // the other suites' nodes start on the same 2 cores).
    sapi = await waitFor('the stranger RPC', 180_000, async () => {
      const a = await connect(stranger.wsUri);
      await a.isReadyOrError;
      return a;
    });
    const ourGenesis = (await api.rpc.chain.getBlockHash(0)).toHex();
    const theirGenesis = (await sapi.rpc.chain.getBlockHash(0)).toHex();
    if (ourGenesis === theirGenesis) throw new Error('the stranger has the network genesis: not a wrong spec');
    await sleep(seconds * 1000);
    const strangerBest = (await sapi.rpc.chain.getHeader()).number.toNumber();
    const strangerPeers = (await sapi.rpc.system.health()).peers.toNumber();
    const peersAfter = (await api.rpc.system.health()).peers.toNumber();
    const f1 = await finalizedNumber(api);
    const text = fs.readFileSync(stranger.logPath, 'utf8');
    // The node's peer watch (node/src/peer_watch.rs) names the likely cause.
    const said = text.split('\n').find((l) => /No peer of chain .* check that --chain/.test(l));
    log(`stranger: best #${strangerBest}, ${strangerPeers} peers; log: ${said?.trim() ?? '(nothing)'}`);
    log(`${nodeName}: peers ${peersBefore} -> ${peersAfter}, finalized #${f0} -> #${f1}`);
    const ok = strangerBest === 0 && strangerPeers === 0 && said && peersAfter === peersBefore && f1 >= f0 + 3;
    return ok ? 1 : 0;
  } finally {
    await sapi?.disconnect();
    await stranger?.stop();
    await api.disconnect();
  }
}
module.exports = { run };
