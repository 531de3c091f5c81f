// The network the launch ceremony built (zombienet/scripts/launch-ceremony.sh) is the one its
// allocation describes, and each node holds its own operator's keys only. Returns 1 when:
// - the session validators, BABE, GRANDPA and BEEFY authorities are the operators' public keys;
// - there is no sudo key, no invulnerable, and the cancellers are the allocation's;
// - node opN holds operator N's BABE, GRANDPA and BEEFY keys and no other operator's;
// - the builder refused the allocation holding //Alice's GRANDPA key, naming it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { decodeAddress } = require('@polkadot/util-crypto');
const { u8aToHex } = require('@polkadot/util');
const { connect, wsUriOf, log } = require('./lib');

const hex = (ss58) => u8aToHex(decodeAddress(ss58));
const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

async function run(nodeName, networkInfo) {
  const dir = path.join(process.env.ZOMBIENET_DIR, 'ceremony');
  const allocation = JSON.parse(fs.readFileSync(path.join(dir, 'allocation.json'), 'utf8'));
  const ops = allocation.validators;
  const api = await connect(wsUriOf(networkInfo, nodeName));
  const problems = [];
  const expect = (ok, what) => { if (!ok) problems.push(what); };
  try {
    const validators = (await api.query.session.validators()).map((v) => u8aToHex(v));
    expect(same(validators, ops.map((o) => hex(o.stash))), `session validators ${validators}`);
    const babe = (await api.query.babe.authorities()).map(([id]) => u8aToHex(id));
    expect(same(babe, ops.map((o) => hex(o.babe))), `BABE authorities ${babe}`);
    const grandpa = (await api.query.grandpa.authorities()).map(([id]) => u8aToHex(id));
    expect(same(grandpa, ops.map((o) => hex(o.grandpa))), `GRANDPA authorities ${grandpa}`);
    const beefy = (await api.query.beefy.authorities()).map((id) => u8aToHex(id));
    expect(same(beefy, ops.map((o) => o.beefy)), `BEEFY authorities ${beefy}`);
    expect((await api.query.sudo.key()).isNone, 'a sudo key');
    expect((await api.query.staking.invulnerables()).length === 0, 'invulnerables');
    const cancellers = (await api.query.governance.cancellers()).map((c) => u8aToHex(c));
    expect(same(cancellers, allocation.cancellers.map(hex)), `cancellers ${cancellers}`);
    for (let n = 1; n <= ops.length; n++) {
      const napi = await connect(wsUriOf(networkInfo, `op${n}`));
      try {
        for (let m = 1; m <= ops.length; m++) {
          const o = ops[m - 1];
          const babeHeld = (await napi.rpc.author.hasKey(hex(o.babe), 'babe')).isTrue;
          const granHeld = (await napi.rpc.author.hasKey(hex(o.grandpa), 'gran')).isTrue;
          const beefHeld = (await napi.rpc.author.hasKey(o.beefy, 'beef')).isTrue;
          expect(babeHeld === (n === m) && granHeld === (n === m) && beefHeld === (n === m),
            `op${n} holds operator ${m}'s keys: babe ${babeHeld}, grandpa ${granHeld}, beefy ${beefHeld}`);
        }
      } finally {
        await napi.disconnect();
      }
    }
    const refused = fs.readFileSync(path.join(dir, 'refused.txt'), 'utf8');
    expect(/validator 2 grandpa is the development key \/\/Alice/.test(refused), `refusal: ${refused}`);
    log(`ceremony network: ${ops.length} operators' keys on chain, each node holds its own; ` +
      `refused: ${refused.trim().split('\n').pop()}`);
    for (const p of problems) log(`MISMATCH: ${p}`);
    return problems.length === 0 ? 1 : 0;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
