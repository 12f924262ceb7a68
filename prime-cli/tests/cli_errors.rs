//! Bad input for every subcommand gives one clear line (`prime: error: …`) and a non-zero
//! exit: a missing key, a wrong contract address (no code there), malformed values, and a
//! revert, reported with the contract's error name and arguments.
mod common;

use common::*;

const DEAD: &str = "0x000000000000000000000000000000000000dEaD";

#[test]
fn every_subcommand_reports_bad_input_in_one_line() {
    let c = Chain::deployed("errors", 11);
    let outsider = &c.keys[3]; // anvil #2: no role anywhere
    let (fed, val) = (&c.keys[1], &c.keys[2]);
    let out_a = c.address(3).to_checksum(None);
    let val_a = c.address(2).to_checksum(None);
    let node = node_address("X").to_checksum(None);
    let nk = node_key("X").to_string();
    let key = format!("0x{}", "ab".repeat(32));
    let sig = format!("0x{}", "11".repeat(65));

    // Setup for the register revert: an allowance of 1 wei, below the minimum stake.
    c.ok(Some(outsider), &["token", "approve", "--amount", "1wei"]);

    // (arguments, the key that signs, the contract whose address is made wrong, what the
    // revert or error says)
    #[rustfmt::skip]
    let cases: Vec<(Vec<&str>, Option<&alloy::primitives::B256>, &str, &str)> = vec![
        (vec!["token", "mint", "--to", &out_a, "--amount", "1ether"], Some(outsider), "AIToken", "AccessControlUnauthorizedAccount("),
        (vec!["token", "approve", "--amount", "1ether", "--spender", "0x0000000000000000000000000000000000000000"], Some(outsider), "AIToken", "ERC20InvalidSpender(0x0000000000000000000000000000000000000000)"),
        (vec!["provider", "register", "--stake", "1wei"], Some(outsider), "PrimeNetwork", "Error(\"Stake amount is below minimum\")"),
        (vec!["provider", "deregister", "--provider", &val_a], Some(outsider), "PrimeNetwork", "Error(\"Unauthorized\")"),
        (vec!["provider", "whitelist", "--provider", &out_a], Some(outsider), "PrimeNetwork", "Must have VALIDATOR_ROLE or FEDERATOR_ROLE"),
        (vec!["node", "add", "--node-key", &nk, "--compute-units", "1"], Some(outsider), "PrimeNetwork", "Error(\"Provider not registered\")"),
        (vec!["node", "add", "--node", &node, "--signature", &sig, "--compute-units", "1"], Some(outsider), "PrimeNetwork", "Error(\"Provider not registered\")"),
        (vec!["node", "validate", "--provider", &out_a, "--node", &node], Some(outsider), "PrimeNetwork", "AccessControlUnauthorizedAccount("),
        (vec!["node", "invalidate", "--provider", &out_a, "--node", &node], Some(outsider), "PrimeNetwork", "AccessControlUnauthorizedAccount("),
        (vec!["node", "remove", "--node", &node], Some(outsider), "PrimeNetwork", "EnumerableMapNonexistentKey("),
        (vec!["domain", "create", "--name", "d"], Some(outsider), "PrimeNetwork", "AccessControlUnauthorizedAccount("),
        (vec!["pool", "create", "--domain", "0", "--manager", &out_a, "--name", "p"], Some(outsider), "ComputePool", "AccessControlUnauthorizedAccount("),
        (vec!["pool", "start", "--pool", "9"], Some(fed), "ComputePool", "Error(\"ComputePool: pool does not exist\")"),
        (vec!["pool", "end", "--pool", "9"], Some(fed), "ComputePool", "Error(\"ComputePool: pool does not exist\")"),
        (vec!["pool", "join", "--pool", "9", "--node", &node, "--nonce", "1", "--expiration", "2000000000", "--invite", &sig], Some(outsider), "ComputePool", "Error(\"ComputePool: pool does not exist\")"),
        (vec!["pool", "leave", "--pool", "9"], Some(outsider), "ComputePool", "Error(\"ComputePool: pool does not exist\")"),
        (vec!["pool", "blacklist", "--pool", "9", "--node", &node], Some(fed), "ComputePool", "Error(\"ComputePool: pool does not exist\")"),
        (vec!["work", "submit", "--pool", "9", "--node", &node, "--key", &key, "--units", "1"], Some(outsider), "ComputePool", "Error(\"ComputePool: pool does not exist\")"),
        (vec!["work", "invalidate", "--pool", "0", "--key", &key, "--penalty", "1ether"], Some(outsider), "PrimeNetwork", "AccessControlUnauthorizedAccount("),
        (vec!["work", "invalidate", "--pool", "0", "--key", &key, "--soft", "--units", "1"], Some(outsider), "PrimeNetwork", "AccessControlUnauthorizedAccount("),
        (vec!["rewards", "rate", "--pool", "9", "--rate", "0.01ether"], Some(fed), "ComputePool", "pool 9 does not exist"),
        (vec!["rewards", "claim", "--pool", "9", "--node", &node], Some(outsider), "ComputePool", "pool 9 does not exist"),
        (vec!["stake", "withdraw"], Some(outsider), "StakeManager", "Error(\"StakeManager: no funds to withdraw\")"),
    ];
    for (args, signer, contract, reverts) in &cases {
        // The revert (or the chain's refusal), decoded.
        let e = c.fails(*signer, args);
        assert!(e.contains(reverts), "prime {}: {e}", args.join(" "));
        // No key: said before anything is read or sent.
        let e = c.fails(None, args);
        assert!(
            e.contains("--private-key") || e.contains("PRIVATE_KEY"),
            "prime {} without a key: {e}",
            args.join(" ")
        );
        // A wrong address for the contract it calls.
        let wrong = format!("{contract}={DEAD}");
        let mut a = args.clone();
        a.extend(["--address", &wrong]);
        let e = c.fails(*signer, &a);
        assert!(
            e.contains(&format!("no contract at {DEAD}")) && e.contains(contract),
            "prime {}: {e}",
            a.join(" ")
        );
    }

    // Reads: no account to read without an address or a key, missing things, wrong addresses.
    let dead = |name: &str| format!("{name}={DEAD}");
    let (d_token, d_reg, d_sm, d_pool) = (
        dead("AIToken"),
        dead("ComputeRegistry"),
        dead("StakeManager"),
        dead("ComputePool"),
    );
    #[rustfmt::skip]
    let reads: Vec<(Vec<&str>, &str)> = vec![
        (vec!["token", "balance"], "pass --account"),
        (vec!["provider", "show"], "pass --provider"),
        (vec!["stake", "show"], "pass --provider"),
        (vec!["pool", "show", "--pool", "9"], "pool 9 does not exist"),
        (vec!["rewards", "show", "--pool", "9", "--node", &node], "pool 9 does not exist"),
        (vec!["token", "balance", "--account", &out_a, "--address", &d_token], "no contract at"),
        (vec!["provider", "show", "--provider", &out_a, "--address", &d_reg], "no contract at"),
        (vec!["stake", "show", "--provider", &out_a, "--address", &d_sm], "no contract at"),
        (vec!["node", "show", "--node", &node, "--address", &d_reg], "no contract at"),
        (vec!["pool", "show", "--pool", "0", "--address", &d_pool], "no contract at"),
        (vec!["rewards", "show", "--pool", "0", "--node", &node, "--address", &d_pool], "no contract at"),
    ];
    for (args, says) in &reads {
        let e = c.fails(None, args);
        assert!(e.contains(says), "prime {}: {e}", args.join(" "));
    }

    // Offline signing: missing keys.
    let e = c.fails(None, &["node", "sign", "--provider", &out_a]);
    assert!(e.contains("--node-key"), "{e}");
    let e = c.fails(
        None,
        &[
            "pool",
            "invite",
            "--domain",
            "0",
            "--pool",
            "0",
            "--node",
            &node,
            "--nonce",
            "1",
            "--expiration",
            "2000000000",
        ],
    );
    assert!(e.contains("--private-key"), "{e}");

    // Malformed values, missing options and files: one line each, before anything is sent.
    #[rustfmt::skip]
    let malformed: Vec<(Vec<&str>, &str)> = vec![
        (vec!["token", "mint", "--to", "0x1234", "--amount", "1ether"], "not an address"),
        (vec!["token", "approve", "--amount", "1.5bananas"], "unknown unit"),
        (vec!["token", "approve", "--amount", "1.5"], "needs a unit"),
        (vec!["provider", "register"], "--stake"),
        (vec!["node", "add", "--compute-units", "1"], "--node-key"),
        (vec!["node", "sign", "--provider", &out_a, "--node-key", "0x12"], "not a private key"),
        (vec!["pool", "invite", "--domain", "0", "--pool", "0", "--node", &node, "--nonce", "1", "--expiration", "tomorrow"], "not a unix time nor a duration"),
        (vec!["pool", "join", "--pool", "0", "--node", &node, "--node", &node, "--nonce", "1", "--expiration", "2000000000", "--invite", &sig], "one --nonce, --expiration and --invite per --node"),
        (vec!["pool", "blacklist", "--pool", "0"], "--node"),
        (vec!["work", "submit", "--pool", "0", "--node", &node, "--key", "0x12", "--units", "1"], "not 32 bytes"),
        (vec!["work", "invalidate", "--pool", "0", "--key", &key], "--penalty"),
        (vec!["devnode", "advance", "7x"], "not a duration"),
        (vec!["stake", "show", "--provider", &out_a, "--deployments", "/nonexistent/deployments.json"], "cannot read the addresses file"),
        (vec!["stake", "show", "--provider", &out_a, "--address", "Nope=0x000000000000000000000000000000000000dEaD"], "unknown contract Nope"),
    ];
    for (args, says) in &malformed {
        let e = c.fails(Some(val), args);
        assert!(e.contains(says), "prime {}: {e}", args.join(" "));
    }

    // A dead node: one line, no hang.
    let dead = "http://127.0.0.1:1";
    let e = one_error_line(
        &c.run_at(dead, Some(fed), &["token", "balance", "--account", &out_a]),
        &["token", "balance"],
    );
    assert!(e.contains("node unreachable at http://127.0.0.1:1"), "{e}");
    let e = one_error_line(
        &c.run_at(dead, None, &["devnode", "advance", "1h"]),
        &["devnode", "advance"],
    );
    assert!(e.contains("evm_increaseTime at http://127.0.0.1:1"), "{e}");
    // `deploy` reports progress on stderr; its error is the last line.
    let r = c.run_at(dead, None, &["deploy", "--no-write"]);
    assert!(!r.ok);
    let last = r.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("prime: error: ") && last.contains("node unreachable"),
        "{}",
        r.stderr
    );
    // The chain already holds the deployment: refused, nothing sent.
    let r = c.run(None, &["deploy"]);
    assert!(!r.ok);
    let last = r.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("prime: error: ") && last.contains("already holds a deployment"),
        "{}",
        r.stderr
    );
    std::fs::remove_dir_all(&c.dir).ok();
}
