//! The protocol's complete flow driven only through `prime` subcommands (the built binary)
//! on a fresh devnode: deploy; federator: domain, pool, reward rate, minting; provider:
//! approve, register (warned: not whitelisted), nodes signed by their keys (`node sign` +
//! `node add --signature`, and `node add --node-key`); validator: whitelist, validate;
//! manager: start, invites; provider: join, work; validator: soft and hard invalidation
//! (slashing); manager: blacklist; provider: leave, claim after 24 h, remove, deregister,
//! withdraw after 7 days; manager: end. Each step's outcome is checked from the `--json`
//! output of the commands themselves.
mod common;

use common::*;

#[test]
fn complete_flow_through_prime_commands() {
    let c = Chain::deployed("flow", 30);
    let (fed, val, p1, manager) = (&c.keys[1], &c.keys[2], &c.keys[3], &c.keys[6]);
    let p1a = c.address(3).to_checksum(None);
    let manager_a = c.address(6).to_checksum(None);
    let (na, nb) = (node_address("A"), node_address("B"));
    let (na_s, nb_s) = (na.to_checksum(None), nb.to_checksum(None));

    // Federator: a domain on the WorkValidator, a pool managed by anvil #5, its reward rate.
    let d = c.ok(
        Some(fed),
        &[
            "domain",
            "create",
            "--name",
            "synthetic-data",
            "--uri",
            "https://example.org/params",
        ],
    );
    assert_eq!(s(&d["domain"]), "0");
    assert!(has_event(&d, "DomainCreated"), "{d}");
    assert_eq!(
        s(&d["events"][0]["args"]["validationLogic"]),
        c.addr("WorkValidator")
    );
    let p = c.ok(
        Some(fed),
        &[
            "pool",
            "create",
            "--domain",
            "0",
            "--manager",
            &manager_a,
            "--name",
            "pool",
            "--uri",
            "ipfs://pool",
        ],
    );
    assert_eq!(s(&p["pool"]), "0");
    let dist = s(&p["distributor"]);
    assert_eq!(
        dist, "0x8aCd85898458400f7Db866d53FCFF6f0D49741FF",
        "the reference's first distributor"
    );
    c.ok(Some(manager), &["pool", "start", "--pool", "0"]);
    c.ok(
        Some(fed),
        &["rewards", "rate", "--pool", "0", "--rate", "0.01ether"],
    );
    c.ok(
        Some(fed),
        &["token", "mint", "--to", &dist, "--amount", "1000ether"],
    );
    c.ok(
        Some(fed),
        &["token", "mint", "--to", &p1a, "--amount", "100ether"],
    );

    // Provider: approve and register; not yet whitelisted, so it is warned.
    c.ok(Some(p1), &["token", "approve", "--amount", "100ether"]);
    let r = c.run(
        Some(p1),
        &["provider", "register", "--stake", "100ether", "--json"],
    );
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stderr.contains("not whitelisted") && r.stderr.contains("prime provider whitelist"),
        "{}",
        r.stderr
    );
    let reg: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(reg["whitelisted"], false);
    assert!(has_event(&reg, "Stake"), "{reg}");
    c.ok(Some(val), &["provider", "whitelist", "--provider", &p1a]);
    let show = c.ok(None, &["provider", "show", "--provider", &p1a]);
    assert_eq!(
        (show["registered"].clone(), show["whitelisted"].clone()),
        (true.into(), true.into())
    );
    assert_eq!(s(&show["stake"]), "100000000000000000000");

    // Nodes: A signed by `node sign`, B signed inline by `node add --node-key`.
    let sig = c.ok(
        None,
        &[
            "node",
            "sign",
            "--provider",
            &p1a,
            "--node-key",
            &node_key("A").to_string(),
        ],
    );
    let sig = s(&sig["signature"]);
    assert_eq!(sig.len(), 2 + 130);
    c.ok(
        Some(p1),
        &[
            "node",
            "add",
            "--node",
            &na_s,
            "--signature",
            &sig,
            "--compute-units",
            "10",
        ],
    );
    c.ok(
        Some(p1),
        &[
            "node",
            "add",
            "--node-key",
            &node_key("B").to_string(),
            "--compute-units",
            "10",
        ],
    );
    for n in [&na_s, &nb_s] {
        let v = c.ok(
            Some(val),
            &["node", "validate", "--provider", &p1a, "--node", n],
        );
        assert!(has_event(&v, "ComputeNodeValidated"), "{v}");
    }
    let n = c.ok(None, &["node", "show", "--node", &na_s]);
    assert_eq!(
        (
            s(&n["provider"]),
            n["validated"].clone(),
            n["active"].clone()
        ),
        (p1a.clone(), true.into(), false.into())
    );

    // Manager: invites (relative and absolute expiration); provider: joins with both nodes.
    let ia = c.ok(
        Some(manager),
        &[
            "pool",
            "invite",
            "--domain",
            "0",
            "--pool",
            "0",
            "--node",
            &na_s,
            "--nonce",
            "1",
            "--expiration",
            "1h",
        ],
    );
    let exp_a = s(&ia["expiration"]);
    let exp_b = (exp_a.parse::<u64>().unwrap() + 60).to_string();
    let ib = c.ok(
        Some(manager),
        &[
            "pool",
            "invite",
            "--domain",
            "0",
            "--pool",
            "0",
            "--node",
            &nb_s,
            "--nonce",
            "2",
            "--expiration",
            &exp_b,
        ],
    );
    let j = c.ok(
        Some(p1),
        &[
            "pool",
            "join",
            "--pool",
            "0",
            "--node",
            &na_s,
            "--nonce",
            "1",
            "--expiration",
            &exp_a,
            "--invite",
            &s(&ia["signature"]),
            "--node",
            &nb_s,
            "--nonce",
            "2",
            "--expiration",
            &exp_b,
            "--invite",
            &s(&ib["signature"]),
        ],
    );
    assert!(has_event(&j, "ComputePoolJoined"), "{j}");
    let pool = c.ok(None, &["pool", "show", "--pool", "0"]);
    assert_eq!(
        (s(&pool["status"]), pool["nodes"].as_array().unwrap().len()),
        ("ACTIVE".into(), 2)
    );
    assert_eq!(s(&pool["totalCompute"]), "20");

    // Work through the validator contract; soft and hard invalidation.
    let key = |n: u8| format!("0x{}", format!("{n:02x}").repeat(32));
    let w = c.ok(
        Some(p1),
        &[
            "work",
            "submit",
            "--pool",
            "0",
            "--node",
            &na_s,
            "--key",
            &key(1),
            "--units",
            "100",
        ],
    );
    assert!(has_event(&w, "WorkSubmitted"), "{w}");
    c.ok(
        Some(p1),
        &[
            "work",
            "submit",
            "--pool",
            "0",
            "--node",
            &na_s,
            "--key",
            &key(2),
            "--units",
            "50",
        ],
    );
    c.ok(
        Some(p1),
        &[
            "work",
            "submit",
            "--pool",
            "0",
            "--node",
            &nb_s,
            "--key",
            &key(3),
            "--units",
            "40",
        ],
    );
    let soft = c.ok(
        Some(val),
        &[
            "work",
            "invalidate",
            "--pool",
            "0",
            "--key",
            &key(2),
            "--soft",
            "--units",
            "20",
        ],
    );
    assert!(has_event(&soft, "WorkRemoved"), "{soft}");
    let hard = c.ok(
        Some(val),
        &[
            "work",
            "invalidate",
            "--pool",
            "0",
            "--key",
            &key(3),
            "--penalty",
            "10ether",
        ],
    );
    let names: Vec<String> = hard["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| s(&e["event"]))
        .collect();
    for e in [
        "WorkInvalidated",
        "PendingRewardsSlashed",
        "ComputePoolNodeEjected",
        "Slashed",
    ] {
        assert!(names.iter().any(|n| n == e), "{e} missing: {names:?}");
    }
    let st = c.ok(None, &["stake", "show", "--provider", &p1a]);
    assert_eq!(s(&st["stake"]), "90000000000000000000");

    // Manager blacklists B (already ejected); A's 130 units are locked for 24 h.
    let b = c.ok(
        Some(manager),
        &["pool", "blacklist", "--pool", "0", "--node", &nb_s],
    );
    assert!(has_event(&b, "ComputePoolNodeBlacklisted"), "{b}");
    let rw = c.ok(None, &["rewards", "show", "--pool", "0", "--node", &na_s]);
    assert_eq!(
        (s(&rw["claimable"]), s(&rw["locked"])),
        ("0".into(), "1300000000000000000".into())
    );
    c.ok(Some(p1), &["pool", "leave", "--pool", "0", "--node", &na_s]);
    c.ok(None, &["devnode", "advance", "25h"]);
    let rw = c.ok(None, &["rewards", "show", "--pool", "0", "--node", &na_s]);
    assert_eq!(
        (s(&rw["claimable"]), s(&rw["locked"])),
        ("1300000000000000000".into(), "0".into())
    );
    let cl = c.ok(
        Some(p1),
        &["rewards", "claim", "--pool", "0", "--node", &na_s],
    );
    assert_eq!(s(&cl["claimed"]), "1300000000000000000");

    // Validator invalidates A; the provider removes it, deregisters, withdraws after 7 days.
    c.ok(
        Some(val),
        &["node", "invalidate", "--provider", &p1a, "--node", &na_s],
    );
    c.ok(Some(p1), &["node", "remove", "--node", &na_s]);
    c.ok(Some(p1), &["provider", "deregister"]);
    let show = c.ok(None, &["provider", "show", "--provider", &p1a]);
    assert_eq!(show["registered"], false);
    let st = c.ok(None, &["stake", "show", "--provider", &p1a]);
    assert_eq!(s(&st["unbonding"][0]["amount"]), "90000000000000000000");
    let early = c.fails(Some(p1), &["stake", "withdraw"]);
    assert!(
        early.contains("StakeManager: no funds to withdraw"),
        "{early}"
    );
    c.ok(None, &["devnode", "advance", "7d"]);
    c.ok(Some(p1), &["stake", "withdraw"]);
    let bal = c.ok(None, &["token", "balance", "--account", &p1a]);
    assert_eq!(
        s(&bal["balance"]),
        "91300000000000000000",
        "90 unbonded + 1.3 rewards"
    );

    // The manager ends the pool.
    let e = c.ok(Some(manager), &["pool", "end", "--pool", "0"]);
    assert!(has_event(&e, "ComputePoolEnded"), "{e}");
    let pool = c.ok(None, &["pool", "show", "--pool", "0"]);
    assert_eq!(s(&pool["status"]), "COMPLETED");
    std::fs::remove_dir_all(&c.dir).ok();
}
