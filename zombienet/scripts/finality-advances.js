// Returns 1 once the node's finalized head has moved `args[0]` blocks past where it was when the
// script started (finality is live with the validators that are up).
'use strict';
const { connect, wsUriOf, waitFor, finalizedNumber, bestNumber, log } = require('./lib');

async function run(nodeName, networkInfo, args) {
  const blocks = Number(args[0] ?? 5);
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    const from = await finalizedNumber(api);
    const to = await waitFor(`finality to pass #${from + blocks}`, 300_000, async () => {
      const f = await finalizedNumber(api);
      return f >= from + blocks && f;
    });
    log(`${nodeName}: finalized #${from} -> #${to} (best #${await bestNumber(api)})`);
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
