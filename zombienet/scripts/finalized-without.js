// After a validator was killed (`<name>: restart after N seconds`, right after
// watch-justifications.js): returns 1 if, while it was down, the node finalized at least
// `args[1]` rounds and at least 5 blocks, every commit signed without the dead validator's
// GRANDPA key (`args[0]`, a dev secret URI such as //Dave) — finality went on with 3 of 4.
'use strict';
const { Keyring } = require('@polkadot/api');
const { u8aToHex } = require('@polkadot/util');
const { shared, log } = require('./lib');

// The restart step returns once the restarted node serves RPC (about 7 s after its downtime);
// a justification newer than this cannot yet carry its votes, which come after it synced.
const RESPAWN_MARGIN_MS = 8_000;

async function run(nodeName, networkInfo, args) {
  const [suri, minRounds] = [args[0], Number(args[1] ?? 5)];
  const key = u8aToHex(new Keyring({ type: 'ed25519' }).addFromUri(suri).publicKey);
  const all = shared.justifications;
  if (!all) throw new Error('watch-justifications.js did not run');
  // A round Dave precommitted in just before he was killed can still conclude after: skip two
  // slots' worth of commits at the start.
  const from = shared.watchStart + 12_000;
  const to = Date.now() - RESPAWN_MARGIN_MS;
  const during = all.filter((j) => j.at >= from && j.at <= to);
  await shared.unwatch?.();
  await shared.watchApi?.disconnect();
  const withKey = during.filter((j) => j.signers.includes(key));
  const first = during[0]?.target ?? 0;
  const last = during[during.length - 1]?.target ?? 0;
  for (const j of all) {
    const inWindow = j.at >= from && j.at <= to ? 'in window' : '';
    log(`  +${((j.at - shared.watchStart) / 1000).toFixed(1)} s: round ${j.round} #${j.target}, ${j.signers.length} precommits${j.signers.includes(key) ? ` incl. ${suri}` : ''} ${inWindow}`);
  }
  log(`${nodeName}: ${during.length} GRANDPA commits while ${suri} was down (#${first} -> #${last}), ${withKey.length} signed by it; signers per commit: ${[...new Set(during.map((j) => j.signers.length))].join(', ')}`);
  return during.length >= minRounds && last - first >= 5 && withKey.length === 0 ? 1 : 0;
}
module.exports = { run };
