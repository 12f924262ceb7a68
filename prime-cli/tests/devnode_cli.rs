//! `prime devnode start|status|advance|stop`: a background devnode with a pid file and a
//! log, found again by `status` and `stop`, left alone when one already answers.
mod common;

use common::*;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn devnode_lifecycle() {
    let dir = tmpdir("devnode");
    let port = free_port().to_string();
    let url = format!("http://127.0.0.1:{port}");
    let prime = |args: &[&str]| {
        let o = bin()
            .args(args)
            .args(["--port", &port, "--devnode-dir"])
            .arg(&dir)
            .arg("--json")
            .output()
            .unwrap();
        let v =
            serde_json::from_str::<serde_json::Value>(String::from_utf8_lossy(&o.stdout).trim())
                .unwrap_or_default();
        (
            o.status.success(),
            v,
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (ok, v, err) = prime(&["devnode", "status"]);
    assert!(!ok && v["answers"] == false, "{v} {err}");

    let (ok, v, err) = prime(&["devnode", "start"]);
    assert!(
        ok && v["started"] == true && v["chainId"] == 412346,
        "{v} {err}"
    );
    let pid = v["pid"].as_i64().unwrap();
    assert!(dir.join("devnode.log").exists());
    // A second start finds it answering and leaves it alone.
    let (ok, v, _) = prime(&["devnode", "start"]);
    assert!(ok && v["started"] == false, "{v}");
    let (ok, v, _) = prime(&["devnode", "status"]);
    assert!(ok && v["answers"] == true && v["pid"] == pid, "{v}");

    // The clock moves (evm_increaseTime + evm_mine).
    let o = bin()
        .args(["devnode", "advance", "7d", "--rpc-url", &url, "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["advanced"], 604_800);

    let (ok, v, _) = prime(&["devnode", "stop"]);
    assert!(ok && v["stopped"] == true && v["pid"] == pid, "{v}");
    let (ok, v, _) = prime(&["devnode", "status"]);
    assert!(!ok && v["answers"] == false, "{v}");
    let (ok, v, _) = prime(&["devnode", "stop"]);
    assert!(ok && v["stopped"] == false, "{v}");
    std::fs::remove_dir_all(dir).ok();
}
