// The slash reported by equivocation-is-reported.js lands after the deferral
// (`SlashDeferDuration`: one era with fast-runtime; applied when era offence + 2 starts): `staking.Slashed` takes exactly 56.25% of
// Charlie's exposure in the offence era (100,000 DSY own stake, no nominators), Charlie's bond
// shrinks by it, and the supply ledger books it as a slash burn. Returns 1.
'use strict';
const { DSY, shared, connect, wsUriOf, waitFor, log } = require('./lib');

async function run(nodeName, networkInfo) {
  const offence = shared.offence;
  if (!offence) throw new Error('equivocation-is-reported.js did not run');
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    const exposure = (await api.query.staking.erasStakersOverview(offence.slashEra, offence.charlie)).unwrap();
    const exposed = exposure.total.toBigInt();
    const expected = (exposed * 5625n) / 10000n;
    let scanned = offence.block;
    const slashed = await waitFor('staking.Slashed for Charlie', 420_000, async () => {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      for (let n = scanned + 1; n <= best; n++, scanned++) {
        const hash = await api.rpc.chain.getBlockHash(n);
        const at = await api.at(hash);
        for (const { event } of await at.query.system.events()) {
          if (event.section === 'staking' && event.method === 'Slashed' && event.data.staker.toString() === offence.charlie) {
            return { block: n, hash, amount: event.data.amount.toBigInt(), era: (await at.query.staking.activeEra()).unwrap().index.toNumber() };
          }
        }
      }
      return undefined;
    }, 3000);
    log(`slashed ${Number(slashed.amount) / 1e12} DSY of ${exposed / DSY} DSY exposed at #${slashed.block} (era ${slashed.era}; reported in era ${offence.era})`);
    if (slashed.amount !== expected) throw new Error(`slashed ${slashed.amount}, expected 56.25% of ${exposed} = ${expected}`);
    const defer = api.consts.staking.slashDeferDuration.toNumber();
    if (slashed.era < offence.era + defer) throw new Error(`applied in era ${slashed.era}, before the deferral of ${defer} era(s) ended`);

    const before = (await (await api.at((await api.rpc.chain.getBlockHash(slashed.block - 1)))).query.staking.ledger(offence.charlie)).unwrap();
    const after = (await (await api.at(slashed.hash)).query.staking.ledger(offence.charlie)).unwrap();
    const cut = before.active.toBigInt() - after.active.toBigInt();
    if (cut !== slashed.amount) throw new Error(`the bond shrank by ${cut}, not by the slash`);

    // The supply ledger books it among the burns: of the running epoch, or of the epoch that
    // closed in the same block (an era starts on an epoch boundary), so compare the slashes of
    // every epoch plus the running one, before and after the slash block.
    const booked = async (hash) => {
      const at = await api.at(hash);
      const state = await at.call.tokenomicsApi.state();
      const closed = state.epoch.toNumber() > 0 ? await at.call.tokenomicsApi.epochStats(0, state.epoch.toNumber() - 1) : [];
      return closed.reduce((sum, e) => sum + e.burned.slashes.toBigInt(), state.current.burned.slashes.toBigInt());
    };
    const ledgerBefore = await booked(await api.rpc.chain.getBlockHash(slashed.block - 1));
    const ledgerAfter = await booked(slashed.hash);
    log(`supply ledger, slashes burned in all epochs: ${ledgerBefore} -> ${ledgerAfter}`);
    if (ledgerAfter - ledgerBefore !== slashed.amount) throw new Error('the supply ledger did not book the slash');
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
