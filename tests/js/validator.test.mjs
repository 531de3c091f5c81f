// The validator flow of docs/validator.md against a real dev node: rotate session keys with a
// proof of possession for the stash, bond, set the keys, declare the intention to validate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { startDevNode } from './node-harness.mjs';

const DSY = 10n ** 12n;
let node;
let provider;
let api;

before(async () => {
  node = await startDevNode();
  provider = new WsProvider(node.wsUrl);
  api = await ApiPromise.create({ provider, noInitWarn: true });
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** Signs and sends `tx`, resolving once it is in a block; rejects on a dispatch error. */
function sendInBlock(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError }) => {
      if (dispatchError) {
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule);
          reject(new Error(`${section}.${name}`));
        } else reject(new Error(dispatchError.toString()));
      } else if (status.isInBlock) resolve(status.asInBlock);
    }).catch(reject);
  });
}

test('a new stash bonds, registers rotated session keys with their proof, and validates', async () => {
  const stash = new Keyring({ type: 'sr25519' }).addFromUri('//Dave//stash');

  // Keys without a valid proof are refused.
  const bogus = await api.rpc.author.rotateKeys();
  await assert.rejects(sendInBlock(api.tx.session.setKeys(bogus, '0x'), stash), /session\.InvalidProof/);

  await sendInBlock(api.tx.staking.bond(1000n * DSY, 'Staked'), stash);
  const { keys, proof } = await provider.send('author_rotateKeysWithOwner', [u8aToHex(stash.addressRaw)]);
  await sendInBlock(api.tx.session.setKeys(keys, proof), stash);
  await sendInBlock(api.tx.staking.validate({ commission: 50_000_000, blocked: false }), stash);

  const nextKeys = await api.query.session.nextKeys(stash.address);
  assert.equal(nextKeys.unwrap().toHex(), keys);
  const prefs = await api.query.staking.validators(stash.address);
  assert.equal(prefs.commission.toNumber(), 50_000_000);
  const ledger = await api.query.staking.ledger(stash.address);
  assert.equal(ledger.unwrap().total.toBigInt(), 1000n * DSY);
  // The node holds the private halves of the registered keys.
  assert.equal((await api.rpc.author.hasSessionKeys(keys)).isTrue, true);
});
