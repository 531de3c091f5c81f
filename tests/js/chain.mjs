// Helpers the polkadot.js tests share: CIDs and sending transactions.
import { u8aConcat } from '@polkadot/util';
import { sha256AsU8a } from '@polkadot/util-crypto';

/** The binary CIDv1 (raw codec, sha2-256) of `bytes`, as `ipfs add --cid-version 1 --raw-leaves` gives for a small file. */
export function rawCid(bytes) {
  return u8aConcat(new Uint8Array([0x01, 0x55, 0x12, 0x20]), sha256AsU8a(bytes));
}

/**
 * Signs and sends `tx`; resolves with { events, blockHash } once its block is finalized, rejects
 * with `section.Name` of a module error (or the error's text).
 */
export function sendFinalized(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule);
          reject(new Error(`${section}.${name}`));
        } else reject(new Error(dispatchError.toString()));
      } else if (status.isFinalized) resolve({ events, blockHash: status.asFinalized });
    }).catch(reject);
  });
}
