// Puts the session keys of `args[0]` (a dev secret URI such as //Charlie: BABE sr25519, GRANDPA
// ed25519) into the node's keystore through `author_insertKey`, as an operator who copies a
// keystore would. Returns 1 once the node reports holding both.
'use strict';
const { Keyring } = require('@polkadot/api');
const { u8aToHex } = require('@polkadot/util');
const { connect, wsUriOf, log } = require('./lib');

async function run(nodeName, networkInfo, args) {
  const suri = args[0];
  const babe = new Keyring({ type: 'sr25519' }).addFromUri(suri);
  const gran = new Keyring({ type: 'ed25519' }).addFromUri(suri);
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    await api.rpc.author.insertKey('babe', suri, u8aToHex(babe.publicKey));
    await api.rpc.author.insertKey('gran', suri, u8aToHex(gran.publicKey));
    const has = (await api.rpc.author.hasKey(u8aToHex(babe.publicKey), 'babe')).isTrue
      && (await api.rpc.author.hasKey(u8aToHex(gran.publicKey), 'gran')).isTrue;
    log(`${nodeName} now holds the session keys of ${suri}: ${has}`);
    return has ? 1 : 0;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
