// The tail emission of an era in which Eve validated reaches Eve and her nominator:
// - staking's era reward equals the validators' share of I_tail of the era's epochs, as the supply
//   ledger shows it per epoch (emission − vault, no asset contributions on this network);
// - `payoutStakers(eve, era)` pays Eve and Ferdie in proportion to their stake (commission 0),
//   and the two amounts add up to Eve's share of the era reward by era points;
// - the payout is recorded as `minted.tail` of the epoch it happened in.
// Returns 1.
'use strict';
const { DSY, shared, connect, wsUriOf, waitFor, account, send, log } = require('./lib');

async function run(nodeName, networkInfo) {
  const { stash, nominator, era: firstEra } = shared.join ?? {};
  if (firstEra === undefined) throw new Error('validator-is-elected.js did not run');
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    // The first era from her election in which Eve earned points: on a loaded machine her node
    // can miss every slot of an era (validator-is-elected.js saw her author, so one era within
    // three has points).
    let era;
    let reward;
    let mine = 0n;
    let total = 0n;
    for (era = firstEra; era < firstEra + 3; era += 1) {
      const e = era;
      reward = await waitFor(`the end of era ${e}`, 300_000, async () => {
        const r = await api.query.staking.erasValidatorReward(e);
        return r.isSome && r.unwrap().toBigInt();
      });
      const points = await api.query.staking.erasRewardPoints(e);
      total = points.total.toBigInt();
      mine = [...points.individual.entries()].find(([who]) => who.toString() === stash)?.[1].toBigInt() ?? 0n;
      log(`era ${e}: reward ${Number(reward) / 1e12} DSY, eve has ${mine} of ${total} points`);
      if (mine > 0n) break;
    }
    if (mine === 0n) throw new Error(`eve earned no era points in eras ${firstEra}..${firstEra + 2}`);

    // I_tail per epoch on the ledger: every closed epoch's emission less the vault's share is the
    // validators' part (no verified assets here, so no contributions).
    const state = await api.call.tokenomicsApi.state();
    const lastClosed = state.epoch.toNumber() - 1;
    const stats = await api.call.tokenomicsApi.epochStats(Math.max(1, lastClosed - 5), lastClosed);
    const perEpoch = new Set();
    for (const s of stats) {
      const share = s.emission.toBigInt() - s.minted.vault.toBigInt() - s.minted.contributions.toBigInt();
      perEpoch.add(share);
      log(`  epoch ${s.epoch}: emission ${s.emission.toBigInt()}, vault ${s.minted.vault.toBigInt()}, validators' share ${share}, tail paid ${s.minted.tail.toBigInt()}`);
    }
    if (perEpoch.size !== 1) throw new Error('the validators\' share of I_tail differs between epochs');
    const share = [...perEpoch][0];
    const sessionsPerEra = BigInt(api.consts.staking.sessionsPerEra.toNumber());
    if (reward !== share * sessionsPerEra) {
      throw new Error(`era reward ${reward} is not ${sessionsPerEra} epochs × ${share}`);
    }

    const { events, blockHash } = await send(api, api.tx.staking.payoutStakers(stash, era), account('//Ferdie'));
    const paid = {};
    for (const { event } of events) {
      if (event.section === 'staking' && event.method === 'Rewarded') {
        paid[event.data.stash.toString()] = event.data.amount.toBigInt();
      }
    }
    const toEve = paid[stash] ?? 0n;
    const toFerdie = paid[nominator] ?? 0n;
    log(`payout: eve ${toEve}, ferdie ${toFerdie} (planck)`);
    const due = (reward * mine) / total;
    if (toEve === 0n || toFerdie === 0n) throw new Error('the validator or the nominator was not paid');
    // Stakes 1,000 : 3,000 and no commission: Ferdie gets three times Eve's part (± rounding).
    if (toFerdie - 3n * toEve > 3n || 3n * toEve - toFerdie > 3n) throw new Error('the payout is not split by stake');
    if (due - (toEve + toFerdie) > 2n || toEve + toFerdie > due) throw new Error(`paid ${toEve + toFerdie}, due ${due}`);

    // The ledger records the payout as minted tail of the current epoch.
    const at = await api.at(blockHash);
    const stateAt = await at.call.tokenomicsApi.state();
    const tailPaid = stateAt.current.minted.tail.toBigInt();
    log(`epoch ${stateAt.epoch.toNumber()} ledger after the payout: minted.tail ${tailPaid}`);
    if (tailPaid !== toEve + toFerdie) throw new Error('the ledger did not record the payout as minted tail');
    shared.join.paid = toEve + toFerdie;
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
