//! The deploy library itself: determinism on a fresh chain, refusal to half-deploy over an
//! existing deployment, clear errors (unreachable node, missing or oversize artifacts,
//! reverts with decoded reasons), the deployments.json keys, the client addresses and the
//! CREATE path. (The `prime deploy` binary with `cast`: prime-cli/tests/deploy_cli.rs.)
mod common;

use std::path::PathBuf;

use alloy::{
    dyn_abi::DynSolValue,
    network::TransactionBuilder,
    primitives::{keccak256, Bytes, B256, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
};
use common::*;
use prime::{
    abi::{ArbWasm, ComputeRegistry, StakeManager},
    demo::{run_demo, ANVIL_KEY_5},
    deploy::{
        ctor_calldata, Arg, CreatePath, ARB_WASM, CLIENT_ADDRESSES, CLIENT_FIRST_DISTRIBUTOR,
        DEPLOYMENTS_KEYS,
    },
    protocol_plan, Sender, Step,
};

fn token_plan() -> Vec<Step> {
    protocol_plan().into_iter().take(3).collect()
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("prime-e2e-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[tokio::test(flavor = "multi_thread")]
async fn deploy_is_deterministic_and_writes_reference_keys() {
    let a = Env::new().await;
    let b = Env::new().await;
    assert!(!a.dep.contracts.is_empty());
    assert_eq!(
        a.dep.contracts, b.dep.contracts,
        "same plan on a fresh chain, same addresses"
    );
    // Every program paid its activation data fee (each code hash is new on a fresh chain).
    for s in a.dep.steps.iter().filter(|s| s.address.is_some()) {
        assert!(s.data_fee > U256::ZERO, "{}: no data fee", s.label);
    }
    let json = a.dep.deployments_json();
    let keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, DEPLOYMENTS_KEYS.map(String::from).to_vec());
    assert_eq!(
        json["AIToken"].as_str().unwrap(),
        a.addr("AIToken").to_checksum(None)
    );
    eprintln!(
        "deployed {} contracts, {} steps skipped, in {:.2} s, total gas {}\n{}",
        a.dep.contracts.len(),
        a.dep.skipped.len(),
        a.dep.elapsed.as_secs_f64(),
        a.dep.total_gas(),
        a.dep.table()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn deploy_refuses_a_chain_that_already_holds_a_deployment() {
    let env = Env::with_plan(Some(token_plan()), 11).await;
    // Same deployer again: its nonce is not 0.
    let mut o = options(&env.url);
    o.plan = token_plan();
    let e = prime::deploy(&o).await.unwrap_err().to_string();
    assert!(e.contains("already sent") && e.contains("--force"), "{e}");

    // Another deployer, but deployments.json names addresses that hold code.
    let dir = tmpdir("existing");
    let file = dir.join("deployments.json");
    std::fs::write(
        &file,
        serde_json::to_string(&env.dep.deployments_json()).unwrap(),
    )
    .unwrap();
    o.deployer_key = env.keys[3];
    o.existing_deployments = Some(file.clone());
    let e = prime::deploy(&o).await.unwrap_err().to_string();
    assert!(
        e.contains("already holds a deployment") && e.contains("AIToken"),
        "{e}"
    );

    // --force deploys a new set.
    o.force = true;
    o.deployer_key = env.keys[1];
    let again = prime::deploy(&o).await.unwrap();
    assert_ne!(again.addr("AIToken").unwrap(), env.addr("AIToken"));
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn deploy_errors_are_clear() {
    require_artifacts();
    // Node unreachable.
    let o = options("http://127.0.0.1:1");
    let e = prime::deploy(&o).await.unwrap_err().to_string();
    assert!(e.contains("node unreachable"), "{e}");

    let node = start_node(11);
    let url = node.url();
    // Missing artifacts (strict).
    let mut o = options(&url);
    o.artifacts_dir = tmpdir("empty");
    o.strict = true;
    let e = prime::deploy(&o).await.unwrap_err().to_string();
    assert!(e.contains("run scripts/build-contracts.sh"), "{e}");
    // Over size.
    let dir = tmpdir("oversize");
    let mut big = vec![0xEF, 0xF0, 0x00, 0x00];
    big.resize(24_577, 0xAB);
    std::fs::write(dir.join("ai-token.code"), big).unwrap();
    let mut o = options(&url);
    o.artifacts_dir = dir.clone();
    let e = prime::deploy(&o).await.unwrap_err().to_string();
    assert!(e.contains("over size") && e.contains("24577"), "{e}");
    std::fs::remove_dir_all(dir).ok();

    // A reverting wiring call: the reason is decoded with the reference errors.
    let mut o = options(&url);
    let mut plan = token_plan();
    plan.push(Step::Call {
        target: "AIToken",
        sig: "burn(address,uint256)",
        args: vec![Arg::Validator, Arg::Uint(U256::from(1))],
    });
    o.plan = plan;
    let e = prime::deploy(&o).await.unwrap_err().to_string();
    assert!(
        e.contains("AIToken.burn")
            && e.contains(&format!("ERC20InsufficientBalance({}, 0, 1)", o.validator)),
        "{e}"
    );

    // A reverting constructor (wrong arguments): StylusDeployer's ContractInitializationError,
    // unwrapped.
    let mut o = options(&url);
    o.force = true;
    o.plan = vec![Step::Deploy {
        name: "AIToken",
        krate: "ai-token",
        ctor: Some("(address)"),
        args: vec![Arg::Deployer],
    }];
    let e = prime::deploy(&o).await.unwrap_err().to_string();
    assert!(
        e.contains("deploy AIToken") && e.contains("constructor of"),
        "{e}"
    );

    // A program that cannot be activated (the prefix is right, the body is not brotli-
    // compressed WASM): both paths stop at the activation check, before sending anything.
    let dir = tmpdir("unactivatable");
    let mut junk = vec![0xEF, 0xF0, 0x00, 0x00];
    junk.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(dir.join("ai-token.code"), junk).unwrap();
    let deployer = options(&url).deployer_key;
    let from = alloy::signers::local::PrivateKeySigner::from_bytes(&deployer)
        .unwrap()
        .address();
    let reader = prime::tx::signer_provider(&url, deployer).unwrap();
    let before = reader.get_transaction_count(from).await.unwrap();
    for path in [CreatePath::Auto, CreatePath::Create] {
        let mut o = options(&url);
        o.force = true;
        o.artifacts_dir = dir.clone();
        o.create_path = path;
        o.plan = token_plan();
        let e = prime::deploy(&o).await.unwrap_err().to_string();
        assert!(
            e.contains("deploy AIToken") && e.contains("activation failed"),
            "{path:?}: {e}"
        );
    }
    assert_eq!(reader.get_transaction_count(from).await.unwrap(), before);
    std::fs::remove_dir_all(dir).ok();
}

/// Client-address mode (the default of `scripts/deploy.sh` with anvil key #0): the deployer's
/// nonces 0-15 are the reference deploy's transactions, so every contract is where the
/// reference client hard-codes it (spec §1.2, §12.1), and so is the first pool's distributor.
/// The helper (anvil #9) ran the constructors, yet the roles are the deployer's: the
/// constructors take explicit admins (docs/divergences.md).
#[tokio::test(flavor = "multi_thread")]
async fn client_addresses_are_the_reference_clients() {
    let env = Env::with_options(11, |o| o.client_addresses = true).await;
    for (name, a) in CLIENT_ADDRESSES {
        assert_eq!(env.addr(name), a, "{name}");
    }
    let r = env.reader();
    let deployer = env.dep.deployer;
    // The reference's 16 transactions, then the TRANSFER_ROLE_ADMIN grant.
    assert_eq!(r.get_transaction_count(deployer).await.unwrap(), 17);
    let helper = env.address(10);
    let token = env.token(0);
    assert!(token.hasRole(B256::ZERO, deployer).call().await.unwrap());
    assert!(!token.hasRole(B256::ZERO, helper).call().await.unwrap());
    let pn = env.pn(0);
    assert!(pn.hasRole(B256::ZERO, deployer).call().await.unwrap());
    assert!(!pn.hasRole(B256::ZERO, helper).call().await.unwrap());
    assert_eq!(
        pn.computePool().call().await.unwrap(),
        env.addr("ComputePool")
    );
    assert_eq!(
        token.balanceOf(deployer).call().await.unwrap(),
        tokens(1_000_000)
    );
    // A constructor runs once: a second initialisation of the token reverts.
    let again = ctor_calldata(
        "(string,string,address)",
        &[
            DynSolValue::String("X".into()),
            DynSolValue::String("X".into()),
            DynSolValue::Address(env.address(3)),
        ],
    )
    .unwrap();
    let tx = TransactionRequest::default()
        .with_from(env.address(3))
        .with_to(env.addr("AIToken"))
        .with_input(Bytes::from(again));
    assert!(r.call(tx).await.is_err());

    // The reference's dev setup (domain, pool by anvil #5): its distributor is where the
    // reference puts the first one.
    let fed = Sender::new(&env.url, env.keys[1], env.decoder.clone()).unwrap();
    let st = run_demo(&fed, &env.url, ANVIL_KEY_5, &env.dep, |_| {})
        .await
        .unwrap();
    assert_eq!(st.distributor, CLIENT_FIRST_DISTRIBUTOR);
}

/// The fallback for chains without a StylusDeployer: CREATE, `ArbWasm.activateProgram`, then
/// the constructor call, all from the deployer. Every program is activated, the protocol is
/// wired, and it works (a pool with its distributor, a provider registering).
#[tokio::test(flavor = "multi_thread")]
async fn create_path_deploys_activates_and_wires() {
    let env = Env::with_options(11, |o| o.create_path = CreatePath::Create).await;
    let r = env.reader();
    let deployer = env.dep.deployer;
    let nonce = r.get_transaction_count(deployer).await.unwrap();
    let wasm = ArbWasm::new(ARB_WASM, &r);
    let current = wasm.stylusVersion().call().await.unwrap();
    for (name, a) in &env.dep.contracts {
        assert!(
            (0..nonce).any(|n| deployer.create(n) == *a),
            "{name} was not created by the deployer"
        );
        let code = r.get_code_at(*a).await.unwrap();
        assert_eq!(
            wasm.codehashVersion(keccak256(&code)).call().await.unwrap(),
            current,
            "{name} is not activated"
        );
    }
    // CREATE + activation (+ constructor) per program: 2 or 3 transactions each.
    for s in env.dep.steps.iter().filter(|s| s.address.is_some()) {
        assert!((2..=3).contains(&s.txs.len()), "{}: {:?}", s.label, s.txs);
    }
    assert_eq!(
        env.pn(0).computePool().call().await.unwrap(),
        env.addr("ComputePool")
    );
    let fed = Sender::new(&env.url, env.keys[1], env.decoder.clone()).unwrap();
    let st = run_demo(&fed, &env.url, ANVIL_KEY_5, &env.dep, |_| {})
        .await
        .unwrap();
    assert_eq!(
        st.distributor,
        env.addr("RewardsDistributorFactory").create(1)
    );
    env.register(3, tokens(1)).await;
    let reg = ComputeRegistry::new(env.addr("ComputeRegistry"), &r);
    assert!(reg
        .checkProviderExists(env.address(3))
        .call()
        .await
        .unwrap());
    let sm = StakeManager::new(env.addr("StakeManager"), &r);
    assert_eq!(sm.getStake(env.address(3)).call().await.unwrap(), tokens(1));
}
