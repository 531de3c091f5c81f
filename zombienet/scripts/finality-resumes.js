// After the stopped validators are restarted: returns 1 once the node finalizes `args[0]` blocks
// past the head that stalled, and every node of the network agrees with the chain recorded at the
// stall — no finalized block lost or replaced — and on each other's finalized blocks.
'use strict';
const { connect, waitFor, finalizedNumber, hashAt, shared, log } = require('./lib');

async function run(nodeName, networkInfo, args) {
  const blocks = Number(args[0] ?? 5);
  const stall = shared.stall;
  if (!stall) throw new Error('finality-stalls.js did not record a stalled chain');
  const apis = await Promise.all(networkInfo.relay.map((n) => connect(n.wsUri)));
  try {
    const me = apis[networkInfo.relay.findIndex((n) => n.name === nodeName)];
    const target = stall.finalized + blocks;
    await waitFor(`finality past #${target}`, 300_000, async () => (await finalizedNumber(me)) >= target);
    // Every node has caught up and finalized past the stall.
    await Promise.all(
      apis.map((api, i) =>
        waitFor(`${networkInfo.relay[i].name} to finalize #${target}`, 300_000, async () => (await finalizedNumber(api)) >= target),
      ),
    );
    for (const [i, api] of apis.entries()) {
      const name = networkInfo.relay[i].name;
      for (let n = 0; n <= stall.finalized; n++) {
        const h = await hashAt(api, n);
        if (h !== stall.hashes[n]) throw new Error(`${name}: block #${n} is ${h}, was ${stall.hashes[n]} when finality stalled`);
      }
      // And the blocks finalized since agree across nodes.
      for (let n = stall.finalized + 1; n <= target; n++) {
        const h = await hashAt(api, n);
        const mine = await hashAt(me, n);
        if (h !== mine) throw new Error(`${name}: finalized block #${n} is ${h}, ${nodeName} has ${mine}`);
      }
    }
    log(`all ${apis.length} nodes agree on blocks 0..#${target}; the ${stall.finalized + 1} blocks finalized before the stall are unchanged`);
    return 1;
  } finally {
    await Promise.all(apis.map((a) => a.disconnect()));
  }
}
module.exports = { run };
