//! The reference client's way of using the contracts (spec §12), on a deployment made as
//! `scripts/deploy.sh` makes it: the ABI files of `release/abi/` loaded as `JsonAbi` into
//! dynamic alloy contract instances (no generated bindings), functions looked up by name and
//! the three overloads by selector, outputs read by tuple position, the addresses the client
//! hard-codes, and its actors' keys (§12.4). If this passes, the client's calls find the
//! functions they expect and decode what comes back.
mod common;

use alloy::{
    contract::{ContractInstance, Interface},
    dyn_abi::DynSolValue,
    json_abi::JsonAbi,
    primitives::{address, keccak256, Address, Selector, U256},
    providers::DynProvider,
    rpc::types::TransactionReceipt,
    signers::SignerSync,
};
use common::*;
use prime::{deploy::CLIENT_ADDRESSES, repo_root};

/// The client's WORK_VALIDATION_CONTRACT default.
const WORK_VALIDATOR: Address = address!("0B306BF915C4d645ff596e518fAf3F9669b97016");

/// Dev keys (see `Env::keys`): anvil #0 federator, #1 validator, #2 provider, #3 node key,
/// #5 pool owner / orchestrator.
const FEDERATOR: usize = 1;
const VALIDATOR: usize = 2;
const PROVIDER: usize = 3;
const NODE: usize = 4;
const POOL_OWNER: usize = 6;

type Dyn = ContractInstance<DynProvider>;

/// A dynamic instance at `address`, from the client's ABI file `release/abi/<file>`.
fn at(env: &Env, file: &str, address: Address, key: usize) -> Dyn {
    let text = std::fs::read_to_string(repo_root().join("release/abi").join(file))
        .unwrap_or_else(|e| panic!("release/abi/{file}: {e}"));
    let abi: JsonAbi = serde_json::from_str(&text).unwrap();
    ContractInstance::new(address, env.provider(key), Interface::new(abi))
}

/// The address the client hard-codes for `name`.
fn client_address(name: &str) -> Address {
    CLIENT_ADDRESSES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| *a)
        .unwrap_or_else(|| panic!("{name} has no client address"))
}

/// A dynamic instance at the address the client hard-codes for `name`.
fn contract(env: &Env, file: &str, name: &str, key: usize) -> Dyn {
    at(env, file, client_address(name), key)
}

fn addr(a: Address) -> DynSolValue {
    DynSolValue::Address(a)
}

fn uint(v: U256) -> DynSolValue {
    DynSolValue::Uint(v, 256)
}

fn bytes(b: Vec<u8>) -> DynSolValue {
    DynSolValue::Bytes(b)
}

fn sel(signature: &str) -> Selector {
    Selector::from_slice(&keccak256(signature)[..4])
}

/// `function(name)` view call; the outputs, by position.
async fn view(c: &Dyn, name: &str, args: &[DynSolValue]) -> Vec<DynSolValue> {
    c.function(name, args)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .call()
        .await
        .unwrap_or_else(|e| panic!("{name}: {}", decode_err(&e)))
}

/// Sends a call built from the ABI (common `send_call`: estimate plus headroom) and requires
/// success.
async fn send_ok(
    call: alloy::contract::DynCallBuilder<&DynProvider>,
    what: &str,
) -> TransactionReceipt {
    let r = send_call(call)
        .await
        .unwrap_or_else(|e| panic!("{what}: {}", decode_err(&e)));
    assert!(r.status(), "{what} reverted");
    r
}

/// `function(name)` transaction.
async fn tx(c: &Dyn, name: &str, args: &[DynSolValue]) -> TransactionReceipt {
    send_ok(c.function(name, args).unwrap(), name).await
}

fn u(v: &DynSolValue) -> U256 {
    v.as_uint().unwrap().0
}

fn a(v: &DynSolValue) -> Address {
    v.as_address().unwrap()
}

fn b(v: &DynSolValue) -> bool {
    v.as_bool().unwrap()
}

fn tuple(v: &[DynSolValue]) -> Vec<DynSolValue> {
    v[0].as_tuple().unwrap().to_vec()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_client_flow_with_the_release_abis() {
    let env = Env::with_options(11, |o| o.client_addresses = true).await;
    let (provider, node, owner) = (
        env.address(PROVIDER),
        env.address(NODE),
        env.address(POOL_OWNER),
    );
    let fed_pn = contract(&env, "prime_network.json", "PrimeNetwork", FEDERATOR);
    let fed_pool = contract(&env, "compute_pool.json", "ComputePool", FEDERATOR);
    let fed_token = contract(&env, "ai_token.json", "AIToken", FEDERATOR);

    // dev-utils: a domain validated by the work validator, a pool run by the orchestrator,
    // started by it, a reward rate, tokens for the provider.
    tx(
        &fed_pn,
        "createDomain",
        &[
            DynSolValue::String("synthetic".into()),
            addr(WORK_VALIDATOR),
            DynSolValue::String("https://example.org".into()),
        ],
    )
    .await;
    tx(
        &fed_pool,
        "createComputePool",
        &[
            uint(U256::ZERO),
            addr(owner),
            DynSolValue::String("pool".into()),
            DynSolValue::String("ipfs://legacy".into()),
            uint(U256::ZERO),
        ],
    )
    .await;
    let owner_pool = contract(&env, "compute_pool.json", "ComputePool", POOL_OWNER);
    tx(&owner_pool, "startComputePool", &[uint(U256::ZERO)]).await;
    let dist_addr = a(&view(
        &fed_pool,
        "getRewardDistributorForPool",
        &[uint(U256::ZERO)],
    )
    .await[0]);
    let fed_dist = at(&env, "rewards_distributor.json", dist_addr, FEDERATOR);
    let rate = U256::from(10_000_000_000_000_000u64);
    tx(&fed_dist, "setRewardRate", &[uint(rate)]).await;
    assert_eq!(u(&view(&fed_dist, "getRewardRate", &[]).await[0]), rate);
    tx(&fed_token, "mint", &[addr(provider), uint(tokens(100))]).await;

    // worker: validators, registration with calculate_stake, the node with its consent.
    let w_pn = contract(&env, "prime_network.json", "PrimeNetwork", PROVIDER);
    let w_token = contract(&env, "ai_token.json", "AIToken", PROVIDER);
    let w_reg = contract(&env, "compute_registry.json", "ComputeRegistry", PROVIDER);
    let w_sm = contract(&env, "stake_manager.json", "StakeManager", PROVIDER);
    let validators = view(
        &w_pn,
        "getRoleMembers",
        &[DynSolValue::FixedBytes(keccak256("VALIDATOR_ROLE"), 32)],
    )
    .await;
    assert_eq!(
        validators[0].as_array().unwrap().to_vec(),
        vec![addr(env.address(VALIDATOR))]
    );
    let p = tuple(&view(&w_reg, "getProvider", &[addr(provider)]).await);
    assert_eq!(a(&p[0]), Address::ZERO, "not registered yet");
    let min = u(&view(&w_sm, "getStakeMinimum", &[]).await[0]);
    let cu = U256::from(1000);
    let stake = (cu + U256::from(1)) * min; // calculate_stake(cu, 0)
    tx(
        &w_token,
        "approve",
        &[addr(client_address("PrimeNetwork")), uint(stake)],
    )
    .await;
    tx(&w_pn, "registerProvider", &[uint(stake)]).await;
    let p = tuple(&view(&w_reg, "getProvider", &[addr(provider)]).await);
    assert_eq!((a(&p[0]), b(&p[1])), (provider, false));
    // dev-utils whitelists the registered provider.
    tx(&fed_pn, "whitelistProvider", &[addr(provider)]).await;
    let p = tuple(&view(&w_reg, "getProvider", &[addr(provider)]).await);
    assert!(b(&p[1]));
    let digest = keccak256([provider.as_slice(), node.as_slice()].concat());
    let consent = env
        .signer(NODE)
        .sign_message_sync(digest.as_slice())
        .unwrap();
    tx(
        &w_pn,
        "addComputeNode",
        &[
            addr(node),
            DynSolValue::String("ipfs://nodekey/".into()),
            uint(cu),
            bytes(consent.as_bytes().to_vec()),
        ],
    )
    .await;
    let n = tuple(&get_node(&w_reg, provider, node).await.unwrap());
    assert_eq!(
        (a(&n[0]), a(&n[1]), b(&n[5]), b(&n[6])),
        (provider, node, false, false)
    );

    // validator: stake check as the client computes it, then validation.
    let v_pn = contract(&env, "prime_network.json", "PrimeNetwork", VALIDATOR);
    let v_reg = contract(&env, "compute_registry.json", "ComputeRegistry", VALIDATOR);
    let v_sm = contract(&env, "stake_manager.json", "StakeManager", VALIDATOR);
    let total = u(&view(&v_reg, "getProviderTotalCompute", &[addr(provider)]).await[0]);
    let have = u(&view(&v_sm, "getStake", &[addr(provider)]).await[0]);
    assert!(have >= (total + U256::from(1)) * min);
    tx(&v_pn, "validateNode", &[addr(provider), addr(node)]).await;
    assert!(b(
        &tuple(&get_node(&v_reg, provider, node).await.unwrap())[6]
    ));

    // orchestrator invite, worker joins with the batch selector.
    let w_pool = contract(&env, "compute_pool.json", "ComputePool", PROVIDER);
    let info = tuple(&view(&w_pool, "getComputePool", &[uint(U256::ZERO)]).await);
    assert_eq!(info.len(), 13);
    let (domain, status) = (u(&info[1]), u(&info[12]));
    assert_eq!(
        (a(&info[3]), a(&info[4]), status),
        (env.address(FEDERATOR), owner, U256::from(1))
    );
    assert_eq!(info[2].as_str().unwrap(), "pool");
    let nonce = U256::from_be_bytes(keccak256("client invite").0);
    let expiration = U256::from(env.now().await + 1000);
    let invite = invite(
        &env.signer(POOL_OWNER),
        domain,
        U256::ZERO,
        node,
        nonce,
        expiration,
    );
    send_ok(
        w_pool
            .function_from_selector(
                &sel("joinComputePool(uint256,address,address[],uint256[],uint256[],bytes[])"),
                &[
                    uint(U256::ZERO),
                    addr(provider),
                    DynSolValue::Array(vec![addr(node)]),
                    DynSolValue::Array(vec![uint(nonce)]),
                    DynSolValue::Array(vec![uint(expiration)]),
                    DynSolValue::Array(vec![bytes(invite.to_vec())]),
                ],
            )
            .unwrap(),
        "joinComputePool",
    )
    .await;
    assert_eq!(
        sel("joinComputePool(uint256,address,address[],uint256[],uint256[],bytes[])"),
        Selector::from([0xc2, 0x1e, 0x4e, 0xd6])
    );
    assert!(b(&view(
        &owner_pool,
        "isNodeInPool",
        &[uint(U256::ZERO), addr(node)]
    )
    .await[0]));
    assert!(!b(&view(
        &owner_pool,
        "isNodeBlacklistedFromPool",
        &[uint(U256::ZERO), addr(node)]
    )
    .await[0]));
    assert_eq!(
        view(&owner_pool, "getComputePoolNodes", &[uint(U256::ZERO)]).await[0]
            .as_array()
            .unwrap()
            .to_vec(),
        vec![addr(node)]
    );

    // worker submits two work items (the provider sends for its node); the validator reads
    // them back from the work validator.
    let work = |label: &str, units: u64| {
        let key = keccak256(label);
        (
            key,
            [key.as_slice(), &U256::from(units).to_be_bytes::<32>()].concat(),
        )
    };
    let (k1, w1) = work("output file 1", 7);
    let (k2, w2) = work("output file 2", 5);
    for w in [w1.clone(), w2] {
        tx(
            &w_pool,
            "submitWork",
            &[uint(U256::ZERO), addr(node), bytes(w)],
        )
        .await;
    }
    let wv = at(
        &env,
        "synthetic_data_work_validator.json",
        WORK_VALIDATOR,
        VALIDATOR,
    );
    let keys = view(&wv, "getWorkKeys", &[uint(U256::ZERO)]).await;
    assert_eq!(
        keys[0].as_array().unwrap().to_vec(),
        vec![
            DynSolValue::FixedBytes(k1, 32),
            DynSolValue::FixedBytes(k2, 32)
        ]
    );
    let info = tuple(
        &view(
            &wv,
            "getWorkInfo",
            &[uint(U256::ZERO), DynSolValue::FixedBytes(k1, 32)],
        )
        .await,
    );
    assert_eq!(
        (a(&info[0]), a(&info[1]), u(&info[3])),
        (provider, node, U256::from(7))
    );
    assert_eq!(info[2].as_uint().unwrap().1, 64, "timestamp is a uint64");
    let since = view(&wv, "getWorkSince", &[uint(U256::ZERO), uint(U256::ZERO)]).await;
    assert_eq!(since[0].as_array().unwrap().len(), 2);

    // worker status: rewards of the node (locked for 24 h), node info.
    let w_dist = at(&env, "rewards_distributor.json", dist_addr, PROVIDER);
    let rewards = |d: &Dyn| {
        let d = d.clone();
        async move {
            let r = view(&d, "calculateRewards", &[addr(node)]).await;
            (u(&r[0]), u(&r[1]))
        }
    };
    assert_eq!(rewards(&w_dist).await, (U256::ZERO, rate * U256::from(12)));
    let ni = view(&w_dist, "nodeInfo", &[addr(node)]).await;
    assert_eq!(ni.len(), 4);
    assert!(b(&ni[3]), "isActive");

    // validator: soft invalidation of the first item takes its rewards back, no slashing.
    tx(&v_pn, "softInvalidateWork", &[uint(U256::ZERO), bytes(w1)]).await;
    assert_eq!(rewards(&w_dist).await, (U256::ZERO, rate * U256::from(5)));
    assert_eq!(
        u(&view(&v_sm, "getStake", &[addr(provider)]).await[0]),
        stake
    );

    // worker leaves with the single-node selector 0x3ff98fb6.
    let leave = sel("leaveComputePool(uint256,address,address)");
    assert_eq!(leave, Selector::from([0x3f, 0xf9, 0x8f, 0xb6]));
    send_ok(
        w_pool
            .function_from_selector(&leave, &[uint(U256::ZERO), addr(provider), addr(node)])
            .unwrap(),
        "leaveComputePool",
    )
    .await;
    assert!(!b(&view(
        &owner_pool,
        "isNodeInPool",
        &[uint(U256::ZERO), addr(node)]
    )
    .await[0]));

    // validator: hard invalidation of the second item with a 1-token penalty: slashed, the
    // node's pending rewards gone, the node removed from the registry.
    tx(
        &v_pn,
        "invalidateWork",
        &[uint(U256::ZERO), uint(tokens(1)), bytes(k2.to_vec())],
    )
    .await;
    assert_eq!(
        u(&view(&v_sm, "getStake", &[addr(provider)]).await[0]),
        stake - tokens(1)
    );
    assert_eq!(rewards(&w_dist).await, (U256::ZERO, U256::ZERO));
    assert!(
        get_node(&w_reg, provider, node).await.is_err(),
        "the client reads this revert as 'node not registered'"
    );

    // worker reclaims everything above the lock (0 = all of it).
    tx(&w_pn, "reclaimStake", &[uint(U256::ZERO)]).await;
    assert_eq!(u(&view(&v_sm, "getStake", &[addr(provider)]).await[0]), min);

    // validator reads the domain to find its work validator.
    let d = tuple(
        &view(
            &contract(&env, "domain_registry.json", "DomainRegistry", VALIDATOR),
            "get",
            &[uint(U256::ZERO)],
        )
        .await,
    );
    assert_eq!(
        (u(&d[0]), d[1].as_str().unwrap(), a(&d[2])),
        (U256::ZERO, "synthetic", WORK_VALIDATOR)
    );
    assert_eq!(d[3].as_str().unwrap(), "https://example.org");
}

/// `getNode(address,address)`, by selector as the client calls it.
async fn get_node(
    c: &Dyn,
    provider: Address,
    node: Address,
) -> Result<Vec<DynSolValue>, alloy::contract::Error> {
    c.function_from_selector(
        &sel("getNode(address,address)"),
        &[addr(provider), addr(node)],
    )
    .unwrap()
    .call()
    .await
}
