// Starts recording the GRANDPA justifications the node imports or makes (one per finalized
// round: the commit target and the precommits' authority ids), for finalized-without.js. The
// subscription outlives this step (all steps of a test share one process). Returns 1.
'use strict';
const { connect, wsUriOf, shared, log } = require('./lib');

async function run(nodeName, networkInfo) {
  const api = await connect(wsUriOf(networkInfo, nodeName));
  shared.justifications = [];
  shared.watchStart = Date.now();
  shared.unwatch = await api.rpc.grandpa.subscribeJustifications((bytes) => {
    const j = api.createType('GrandpaJustification', bytes);
    shared.justifications.push({
      at: Date.now(),
      round: j.round.toNumber(),
      target: j.commit.targetNumber.toNumber(),
      signers: j.commit.precommits.map((p) => p.id.toHex()),
    });
  });
  shared.watchApi = api;
  log(`${nodeName}: recording GRANDPA justifications`);
  return 1;
}
module.exports = { run };
