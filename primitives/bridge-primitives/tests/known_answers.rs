//! The contracts' known-answer vectors (`bridges/ethereum/test/vectors/known-answers.json`,
//! computed by an independent Python implementation of keccak, checked there by the Solidity
//! tests) reproduced by this crate: the Rust reference, the contracts and the vectors agree.
//! The MMR vector is also rebuilt from the real MMR the runtime uses, and its path from that
//! MMR's proof.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use dsynapse_bridge_primitives::{
	beefy::{commitment_bytes, commitment_hash, MmrLeaf, MmrPath, ValidatorSet},
	burn::{burned_topic, BURNED_SIGNATURE},
	command::set_parameters_tag,
	keccak, keccak_pair, merkle, Burn, Domain, GatewayCommand, GatewayParameters, Hash32, Message,
};
use serde_json::Value;
use sp_mmr_primitives::mmr_lib::{self, util::MemStore, Merge};

fn vectors() -> Value {
	let path = concat!(
		env!("CARGO_MANIFEST_DIR"),
		"/../../bridges/ethereum/test/vectors/known-answers.json"
	);
	serde_json::from_str(&std::fs::read_to_string(path).expect("the vectors file")).unwrap()
}

fn bytes(v: &Value) -> Vec<u8> {
	hex::decode(v.as_str().unwrap().trim_start_matches("0x")).unwrap()
}

fn h32(v: &Value) -> Hash32 {
	bytes(v).try_into().unwrap()
}

fn num(v: &Value) -> u128 {
	v.as_u64().map(u128::from).unwrap_or_else(|| v.as_str().unwrap().parse().unwrap())
}

#[test]
fn commitment() {
	let c = &vectors()["commitment"];
	let (root, block, set) =
		(h32(&c["mmrRoot"]), num(&c["blockNumber"]) as u32, num(&c["setId"]) as u64);
	assert_eq!(commitment_bytes(&root, block, set).to_vec(), bytes(&c["encoded"]));
	assert_eq!(commitment_hash(&root, block, set), h32(&c["hash"]));
}

#[test]
fn leaf() {
	let l = &vectors()["leaf"];
	let leaf = MmrLeaf {
		version: num(&l["version"]) as u8,
		parent_number: num(&l["parentNumber"]) as u32,
		parent_hash: h32(&l["parentHash"]),
		next_set: ValidatorSet {
			id: num(&l["nextSetId"]) as u64,
			len: num(&l["nextSetLen"]) as u32,
			root: h32(&l["nextSetRoot"]),
		},
		leaf_extra: h32(&l["leafExtra"]),
	};
	assert_eq!(leaf.scale_bytes().to_vec(), bytes(&l["encoded"]));
	assert_eq!(leaf.hash(), h32(&l["hash"]));
}

#[test]
fn message() {
	let m = &vectors()["message"];
	let message = Message {
		domain: Domain {
			genesis_hash: h32(&m["genesisHash"]),
			chain_id: num(&m["chainId"]) as u64,
			gateway: bytes(&m["gateway"]).try_into().unwrap(),
		},
		nonce: num(&m["nonce"]) as u64,
		recipient: bytes(&m["recipient"]).try_into().unwrap(),
		amount: num(&m["amount"]),
	};
	assert_eq!(message.abi_encode().to_vec(), bytes(&m["encoded"]));
	assert_eq!(message.leaf_hash(), h32(&m["hash"]));
}

#[test]
fn validator_set_root_and_proofs() {
	let v = &vectors()["validatorSet"];
	let leaves: Vec<Hash32> =
		v["addresses"].as_array().unwrap().iter().map(|a| keccak(&bytes(a))).collect();
	assert_eq!(merkle::root(&leaves), h32(&v["root"]));
	for (index, key) in [(1usize, "proof1"), (4, "proof4")] {
		let theirs: Vec<Hash32> = v[key].as_array().unwrap().iter().map(h32).collect();
		assert_eq!(merkle::proof(&leaves, index).unwrap(), theirs, "{key}");
	}
}

struct KeccakMerge;
impl Merge for KeccakMerge {
	type Item = Hash32;
	fn merge(left: &Hash32, right: &Hash32) -> mmr_lib::Result<Hash32> {
		Ok(keccak_pair(left, right))
	}
}

#[test]
fn mmr_root_and_path_from_the_real_mmr() {
	let m = &vectors()["mmr"];
	let leaves: Vec<Hash32> = m["leafHashes"].as_array().unwrap().iter().map(h32).collect();
	let store = MemStore::default();
	let mut mmr = mmr_lib::MMR::<Hash32, KeccakMerge, _>::new(0, &store);
	let positions: Vec<u64> = leaves.iter().map(|l| mmr.push(*l).unwrap()).collect();
	assert_eq!(mmr.get_root().unwrap(), h32(&m["root"]));
	let index = num(&m["index"]) as usize;
	let proof = mmr.gen_proof(vec![positions[index]]).unwrap();
	let path =
		MmrPath::from_mmr_proof(index as u64, leaves.len() as u64, proof.proof_items()).unwrap();
	let theirs: Vec<Hash32> = m["items"].as_array().unwrap().iter().map(h32).collect();
	assert_eq!(path.items, theirs);
	let order = num(&m["order"]);
	for i in 0..path.items.len() {
		assert_eq!(path.is_left(i), order >> i & 1 == 1, "item {i}");
	}
	assert_eq!(path.fold(leaves[index]), h32(&m["root"]));
}

#[test]
fn command() {
	let c = &vectors()["command"];
	let command = GatewayCommand {
		domain: Domain {
			genesis_hash: h32(&c["genesisHash"]),
			chain_id: num(&c["chainId"]) as u64,
			gateway: bytes(&c["gateway"]).try_into().unwrap(),
		},
		nonce: num(&c["nonce"]) as u64,
		params: GatewayParameters {
			paused: c["paused"].as_bool().unwrap(),
			min_burn: num(&c["minBurn"]),
			max_burn: num(&c["maxBurn"]),
			epoch_cap: num(&c["epochCap"]),
			epoch_seconds: num(&c["epochSeconds"]) as u64,
		},
	};
	assert_eq!(set_parameters_tag(), h32(&c["tag"]));
	assert_eq!(command.abi_encode().to_vec(), bytes(&c["encoded"]));
	assert_eq!(command.leaf_hash(), h32(&c["hash"]));
}

#[test]
fn burned_log() {
	let b = &vectors()["burned"];
	assert_eq!(b["signature"].as_str().unwrap().as_bytes(), BURNED_SIGNATURE);
	let topics: Vec<Hash32> = b["topics"].as_array().unwrap().iter().map(h32).collect();
	assert_eq!(topics[0], burned_topic());
	let burn = Burn::from_log(&topics, &bytes(&b["data"])).unwrap();
	assert_eq!(
		burn,
		Burn {
			nonce: num(&b["nonce"]) as u64,
			sender: bytes(&b["sender"]).try_into().unwrap(),
			recipient: h32(&b["recipient"]),
			amount: num(&b["amount"]),
		}
	);
	assert_eq!(burn.topics().to_vec(), topics);
	assert_eq!(burn.data().to_vec(), bytes(&b["data"]));
}
