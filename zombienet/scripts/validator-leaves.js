// Eve leaves: `chill` takes her out of the active set from the era after next election; then
// `unbond` of her whole bond (1,000 DSY and the restaked reward) starts the bonding period (unlocking at current era + 28); the network
// keeps finalizing without her. Returns 1.
'use strict';
const { DSY, shared, connect, wsUriOf, waitFor, account, send, finalizedNumber, log } = require('./lib');

async function run(nodeName, networkInfo) {
  const { stash } = shared.join ?? {};
  if (!stash) throw new Error('validator-joins.js did not run');
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    const eve = account('//Eve//stash');
    await send(api, api.tx.staking.chill(), eve);
    const era = await waitFor('eve out of session.validators', 480_000, async () => {
      const set = (await api.query.session.validators()).map((v) => v.toString());
      return !set.includes(stash) && (await api.query.staking.activeEra()).unwrap().index.toNumber();
    });
    log(`eve is out of the active set in era ${era}`);

    // Everything bonded: the 1,000 DSY and the restaked reward (payee `Staked`).
    const bonded = (await api.query.staking.ledger(stash)).unwrap().active.toBigInt();
    const { blockHash } = await send(api, api.tx.staking.unbond(bonded), eve);
    const at = await api.at(blockHash);
    const ledger = (await at.query.staking.ledger(stash)).unwrap();
    const currentEra = (await at.query.staking.currentEra()).unwrap().toNumber();
    const bonding = api.consts.staking.bondingDuration.toNumber();
    const chunk = ledger.unlocking[0];
    log(`ledger: active ${ledger.active.toBigInt()}, unlocking ${Number(chunk.value.toBigInt()) / 1e12} DSY at era ${chunk.era.toNumber()} (current era ${currentEra})`);
    if (bonded <= 1000n * DSY) throw new Error('the reward was not restaked');
    if (ledger.active.toBigInt() !== 0n || chunk.value.toBigInt() !== bonded || chunk.era.toNumber() !== currentEra + bonding) {
      throw new Error('unbond did not schedule the whole bond for the end of the bonding period');
    }
    const f = await finalizedNumber(api);
    await waitFor('finality after eve left', 120_000, async () => (await finalizedNumber(api)) >= f + 3);
    return 1;
  } finally {
    await shared.eveApi?.disconnect();
    await shared.eve?.stop();
    await api.disconnect();
  }
}
module.exports = { run };
