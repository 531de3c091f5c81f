// With too few validators up, block production continues and finality stops. Waits a few
// seconds for rounds already under way to settle, then watches for `args[0]` seconds: returns 1
// if the finalized head did not move while the best block advanced by at least 3. Records the
// finalized chain (hash of every block up to the finalized head) for finality-resumes.js.
'use strict';
const { connect, wsUriOf, sleep, finalizedNumber, bestNumber, hashAt, shared, log } = require('./lib');

async function run(nodeName, networkInfo, args) {
  const seconds = Number(args[0] ?? 60);
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    await sleep(15_000);
    const f0 = await finalizedNumber(api);
    const b0 = await bestNumber(api);
    await sleep(seconds * 1000);
    const f1 = await finalizedNumber(api);
    const b1 = await bestNumber(api);
    log(`${nodeName}: over ${seconds} s finalized #${f0} -> #${f1}, best #${b0} -> #${b1}`);
    // Two of four validators fill about half the slots (BABE secondary slots rotate over all four).
    if (f1 !== f0 || b1 < b0 + 3) return 0;
    const hashes = [];
    for (let n = 0; n <= f1; n++) hashes.push(await hashAt(api, n));
    shared.stall = { finalized: f1, hashes, best: b1 };
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
