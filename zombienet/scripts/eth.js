// Ethereum JSON-RPC for the bridge's zombienet steps: view functions of the bridge's contracts by
// signature.
'use strict';
const { keccakAsHex } = require('@polkadot/util-crypto');
const { jsonRpc } = require('./lib');

/**
 * Calls the view function `signature` (e.g. `balanceOf(address)`) of contract `to` with
 * `words` (addresses or integers, each one 32-byte argument); resolves with the returned words
 * as BigInts.
 */
async function view(url, to, signature, words = []) {
  const selector = keccakAsHex(signature).slice(0, 10);
  const args = words.map((w) => BigInt(w).toString(16).padStart(64, '0')).join('');
  const out = await jsonRpc(url, 'eth_call', [{ to, data: selector + args }, 'latest']);
  const hex = out.slice(2);
  const result = [];
  for (let i = 0; i + 64 <= hex.length; i += 64) result.push(BigInt(`0x${hex.slice(i, i + 64)}`));
  return result;
}

/** What the bridge's contracts hold: wDSY of `holder`, the minted total, the light client's state. */
async function bridgeState(url, { gateway, wdsy, beefyLightClient }, holder) {
  const [balance] = await view(url, wdsy, 'balanceOf(address)', [holder]);
  const [minted] = await view(url, gateway, 'mintedTotal()');
  const [latestBlock] = await view(url, beefyLightClient, 'latestBlock()');
  const [setId] = await view(url, beefyLightClient, 'currentSet()');
  return { balance, minted, latestBlock: Number(latestBlock), setId: Number(setId) };
}

module.exports = { view, bridgeState };
