// Charlie's keys run on two nodes (charlie and charlie-twin): returns 1 once the honest
// validators' equivocation report is on chain — an `offences.Offence` and a
// `staking.SlashReported` for Charlie's stash with the fraction the runtime documents for one
// offender among four validators: (3·1/4)² = 56.25%.
'use strict';
const { shared, connect, wsUriOf, waitFor, account, log } = require('./lib');

const EXPECTED_FRACTION = 562_500_000; // Perbill: 56.25%

async function run(nodeName, networkInfo) {
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    const charlie = account('//Charlie//stash').address;
    let scanned = 0;
    const found = { offence: null, reported: null };
    await waitFor('an equivocation offence and its slash report', 900_000, async () => {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      for (let n = scanned + 1; n <= best; n++, scanned++) {
        const at = await api.at(await api.rpc.chain.getBlockHash(n));
        for (const { event } of await at.query.system.events()) {
          if (event.section === 'offences' && event.method === 'Offence' && !found.offence) {
            // The kind is 16 bytes of ASCII, e.g. `grandpa:equivoca` or `babe:equivocatio`.
            found.offence = { block: n, kind: Buffer.from(event.data.kind.toU8a()).toString('latin1') };
          }
          if (event.section === 'staking' && event.method === 'SlashReported' && !found.reported) {
            found.reported = {
              block: n,
              validator: event.data.validator.toString(),
              fraction: event.data.fraction.toNumber(),
              slashEra: event.data.slashEra.toNumber(),
              era: (await at.query.staking.activeEra()).unwrap().index.toNumber(),
            };
          }
        }
      }
      return found.offence && found.reported;
    }, 3000);
    log(`offence ${JSON.stringify(found.offence.kind)} at #${found.offence.block}; slash reported at #${found.reported.block} (era ${found.reported.era}) for ${found.reported.validator}, fraction ${found.reported.fraction / 1e7}%, offence era ${found.reported.slashEra}`);
    if (found.reported.validator !== charlie) throw new Error('the slash report is not for Charlie\'s stash');
    if (found.reported.fraction !== EXPECTED_FRACTION) throw new Error(`fraction ${found.reported.fraction}, expected ${EXPECTED_FRACTION}`);
    shared.offence = { ...found.reported, charlie, scanned };
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
