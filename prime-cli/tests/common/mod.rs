//! Runs the built `prime` binary against a fresh in-process devnode (free port) on which
//! `prime deploy` has deployed the protocol, with its own deployments file.
#![allow(dead_code)]

use std::{
    path::PathBuf,
    process::{Command, Output},
};

use alloy::{
    primitives::{keccak256, Address, B256},
    signers::local::PrivateKeySigner,
};

/// A devnode with the protocol deployed by the binary.
pub struct Chain {
    pub node: nitro_devnode::DevnodeHandle,
    pub url: String,
    pub dir: PathBuf,
    pub deployments: PathBuf,
    /// Dev keys: [0] nitro-devnode's, [1] anvil #0 (deployer, federator), [2] anvil #1
    /// (validator), [3..] anvil #2…
    pub keys: Vec<B256>,
}

/// What one run printed.
pub struct Run {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Self {
        Self {
            ok: o.status.success(),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_prime"));
    // Nothing from the developer's shell: every key and URL is passed explicitly.
    for v in [
        "RPC_URL",
        "PRIVATE_KEY",
        "PRIME_DEPLOYMENTS",
        "NODE_KEY",
        "VALIDATOR_ADDRESS",
        "VALIDATOR_KEY",
        "POOL_OWNER_KEY",
        "HELPER_KEY",
        "DEVNODE_PORT",
        "DEVNODE_DIR",
    ] {
        c.env_remove(v);
    }
    c
}

pub fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("prime-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn artifacts_args() -> Vec<String> {
    match std::env::var("E2E_ARTIFACTS_DIR") {
        Ok(d) => vec!["--artifacts".into(), d],
        Err(_) => {
            let p = prime::repo_root().join("target/stylus/ai-token.code");
            assert!(
                p.exists(),
                "{} is missing: run scripts/build-contracts.sh first",
                p.display()
            );
            vec![]
        }
    }
}

impl Chain {
    /// A fresh devnode with `accounts` funded accounts and `prime deploy` run on it.
    pub fn deployed(tag: &str, accounts: usize) -> Chain {
        let node = prime::start_devnode("127.0.0.1", 0, accounts).expect("start the devnode");
        let url = node.url();
        let keys = node.dev_keys();
        let dir = tmpdir(tag);
        let deployments = dir.join("deployments.json");
        let c = Chain {
            node,
            url,
            dir,
            deployments,
            keys,
        };
        let mut args = vec!["deploy".to_string(), "--out".into()];
        args.push(c.deployments.display().to_string());
        args.extend(artifacts_args());
        let r = c.run(None, &args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(r.ok, "prime deploy failed:\n{}\n{}", r.stdout, r.stderr);
        c
    }

    /// `prime --rpc-url <chain> --deployments <file> ARGS` with `key` as PRIVATE_KEY.
    pub fn run(&self, key: Option<&B256>, args: &[&str]) -> Run {
        self.run_at(&self.url, key, args)
    }

    /// The same against another RPC URL.
    pub fn run_at(&self, url: &str, key: Option<&B256>, args: &[&str]) -> Run {
        let mut c = bin();
        c.args(["--rpc-url", url]);
        if !args.contains(&"--deployments") {
            c.arg("--deployments").arg(&self.deployments);
        }
        c.args(args);
        if let Some(k) = key {
            c.env("PRIVATE_KEY", k.to_string());
        }
        Run::from(c.output().expect("run prime"))
    }

    /// Runs with --json; expects success and returns the printed object.
    pub fn ok(&self, key: Option<&B256>, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        let r = self.run(key, &a);
        assert!(
            r.ok,
            "prime {}: failed ({:?})\nstdout: {}\nstderr: {}",
            args.join(" "),
            r.code,
            r.stdout,
            r.stderr
        );
        serde_json::from_str(r.stdout.trim())
            .unwrap_or_else(|e| panic!("prime {}: not JSON ({e}): {}", args.join(" "), r.stdout))
    }

    /// Expects a failure with exactly one line on stderr, `prime: error: …`; returns it.
    pub fn fails(&self, key: Option<&B256>, args: &[&str]) -> String {
        let r = self.run(key, args);
        one_error_line(&r, args)
    }

    pub fn address(&self, i: usize) -> Address {
        PrivateKeySigner::from_bytes(&self.keys[i])
            .unwrap()
            .address()
    }

    pub fn addr(&self, name: &str) -> String {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&self.deployments).unwrap()).unwrap();
        v[name].as_str().unwrap().to_string()
    }
}

/// Asserts `r` failed with one line on stderr starting `prime: error:`; returns it.
pub fn one_error_line(r: &Run, args: &[&str]) -> String {
    assert!(
        !r.ok,
        "prime {} succeeded, expected an error:\n{}",
        args.join(" "),
        r.stdout
    );
    let err = r.stderr.trim_end();
    assert!(
        err.lines().count() == 1 && err.starts_with("prime: error: "),
        "prime {}: expected one `prime: error:` line, got:\n{err}",
        args.join(" ")
    );
    err.to_string()
}

/// A deterministic node key holding no funds (node keys only sign).
pub fn node_key(label: &str) -> B256 {
    keccak256(format!("prime-cli node {label}"))
}

pub fn node_address(label: &str) -> Address {
    PrivateKeySigner::from_bytes(&node_key(label))
        .unwrap()
        .address()
}

pub fn s(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a `--json` transaction outcome has an event `name`.
pub fn has_event(v: &serde_json::Value, name: &str) -> bool {
    v["events"]
        .as_array()
        .is_some_and(|es| es.iter().any(|e| e["event"] == name))
}
