// Returns 1 once blocks by all `args[0]` validators are on the node's best chain.
'use strict';
const { connect, wsUriOf, waitFor, bestNumber, log } = require('./lib');

async function run(nodeName, networkInfo, args) {
  const want = Number(args[0] ?? 4);
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    const authors = new Set();
    let scanned = 0;
    await waitFor(`blocks by ${want} validators`, 240_000, async () => {
      const best = await bestNumber(api);
      for (let n = scanned + 1; n <= best; n++) {
        const hash = await api.rpc.chain.getBlockHash(n);
        const header = await api.derive.chain.getHeader(hash);
        if (header?.author) authors.add(header.author.toString());
        scanned = n;
      }
      return authors.size >= want;
    });
    log(`${authors.size} distinct authors in blocks 1..${scanned}`);
    return authors.size;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
