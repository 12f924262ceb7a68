//! `prime deploy` as `scripts/deploy.sh` runs it: client addresses by default (anvil key #0),
//! the deployments file with the reference's keys, a second run refused, and `cast` reading
//! the token at the address the file names.
mod common;

use std::{path::PathBuf, process::Command};

use common::*;
use prime::deploy::CLIENT_ADDRESSES;

fn cast_bin() -> Option<PathBuf> {
    let p = prime::repo_root().join(".tools/node_modules/.bin/cast");
    if p.exists() {
        return Some(p);
    }
    Command::new("cast")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| "cast".into())
}

#[test]
fn deploy_writes_client_addresses_and_cast_reads_the_token() {
    let node = prime::start_devnode("127.0.0.1", 0, 11).expect("start the devnode");
    let url = node.url();
    let dir = tmpdir("deploy");
    let out = dir.join("deployments.json");
    let deploy = || {
        let mut c = bin();
        c.args(["deploy", "--rpc-url", &url, "--out"])
            .arg(&out)
            .args(artifacts_args());
        c.output().unwrap()
    };
    let o = deploy();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(
        o.status.success(),
        "prime deploy failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("AIToken") && stdout.contains("cast call"),
        "{stdout}"
    );
    // With anvil key #0 the default is client addresses: every contract of deployments.json
    // where the reference client looks for it.
    assert!(stderr.contains("mode: client addresses"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for (name, a) in CLIENT_ADDRESSES {
        assert_eq!(json[name].as_str().unwrap(), a.to_checksum(None), "{name}");
    }
    let token = json["AIToken"].as_str().unwrap().to_string();

    // Again on the same chain: refused (the chain holds the deployment), non-zero exit.
    let o = deploy();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("already"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let Some(cast) = cast_bin() else {
        assert!(
            std::env::var_os("PRIME_E2E_REQUIRE_CAST").is_none(),
            "cast not found: run scripts/setup.sh --cast"
        );
        eprintln!("cast not installed (scripts/setup.sh --cast): cast part skipped");
        return;
    };
    let run = |args: &[&str]| {
        let o = Command::new(&cast).args(args).output().unwrap();
        assert!(
            o.status.success(),
            "cast {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    assert_eq!(
        run(&["call", &token, "name()(string)", "--rpc-url", &url]),
        "\"AI Token\""
    );
    let bal = run(&[
        "call",
        &token,
        "balanceOf(address)(uint256)",
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        "--rpc-url",
        &url,
    ]);
    assert!(bal.starts_with("1000000000000000000000000"), "{bal}");
    std::fs::remove_dir_all(dir).ok();
}
