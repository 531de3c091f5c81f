// Returns 1 once Eve's stash is in the active validator set (the election at the era's end picked
// it; its keys became active a session later), Ferdie's nomination backs it, and the new node has
// authored a block with the keys it made.
'use strict';
const { DSY, shared, connect, wsUriOf, waitFor, log } = require('./lib');

async function run(nodeName, networkInfo) {
  const { stash, nominator } = shared.join ?? {};
  if (!stash) throw new Error('validator-joins.js did not run');
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    const since = (await api.rpc.chain.getHeader()).number.toNumber();
    const era = await waitFor('eve in session.validators', 480_000, async () => {
      const set = (await api.query.session.validators()).map((v) => v.toString());
      return set.includes(stash) && (await api.query.staking.activeEra()).unwrap().index.toNumber();
    });
    log(`eve's stash is an active validator in era ${era}`);
    const overview = (await api.query.staking.erasStakersOverview(era, stash)).unwrap();
    const own = overview.own.toBigInt();
    const total = overview.total.toBigInt();
    log(`era ${era} exposure: own ${own / DSY} DSY, total ${total / DSY} DSY, ${overview.nominatorCount} nominator(s)`);
    if (own !== 1000n * DSY || total !== 4000n * DSY || overview.nominatorCount.toNumber() !== 1) {
      throw new Error('eve is not backed by her bond and Ferdie\'s nomination');
    }
    const page = (await api.query.staking.erasStakersPaged(era, stash, 0)).unwrap();
    if (page.others[0].who.toString() !== nominator) throw new Error('the nominator in the exposure is not Ferdie');

    // The new node authors with its keys.
    let scanned = since - 1;
    const block = await waitFor('a block authored by eve', 300_000, async () => {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      for (let n = scanned + 1; n <= best; n++, scanned++) {
        const header = await api.derive.chain.getHeader(await api.rpc.chain.getBlockHash(n));
        if (header?.author?.toString() === stash) return n;
      }
      return undefined;
    }, 6000);
    log(`eve authored block #${block}`);
    shared.join.era = era;
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
