//! `prime`: deploys the Prime protocol's Stylus programs over JSON-RPC, wires them as the
//! reference deploy scripts do (spec §1.2-§1.3, §11), and operates the protocol afterwards,
//! one transaction or one read per operation. The `prime` binary (`src/main.rs`),
//! `scripts/deploy.sh` and the end-to-end tests (`tests/e2e`) all go through this library.
//!
//! * [`deploy`]: the deployment plan and its executor; [`demo`]: the optional demo state;
//! * [`ops`]: the protocol's operations (what each subcommand sends or reads), reusable by
//!   anything that drives the flow (tests, a gas benchmark);
//! * [`sign`]: the two off-chain signatures of the flow (spec §7.1, §7.2);
//! * [`tx`]: signing providers, sending, receipts; [`revert`] and [`events`]: decoding with
//!   the reference and release ABIs; [`book`]: addresses from `deployments.json`;
//! * [`units`]: `1.5ether` amounts and `24h` durations; [`devnode`]: the local chain's
//!   lifecycle (in-process, or a background process with a pid file);
//! * [`trace`]: a transaction's stylusTracer trace and the Stylus programs it entered.

pub mod abi;
pub mod book;
pub mod demo;
pub mod deploy;
pub mod devnode;
pub mod events;
pub mod ops;
pub mod revert;
pub mod sign;
pub mod trace;
pub mod tx;
pub mod units;

use std::path::PathBuf;

pub use deploy::{deploy, protocol_plan, DeployOptions, Deployment, Step};
pub use revert::RevertDecoder;
pub use tx::Sender;

/// The repository root (this crate lives in `<root>/prime-cli`).
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.join("..")
        .canonicalize()
        .unwrap_or_else(|_| here.join(".."))
}

/// Starts the embedded nitro-devnode (in-process, JSON-RPC on `host:port`; port 0 = a free
/// port) with `accounts` prefunded dev accounts (nitro-devnode's key, then the anvil keys).
pub fn start_devnode(
    host: &str,
    port: u16,
    accounts: usize,
) -> std::io::Result<nitro_devnode::DevnodeHandle> {
    nitro_devnode::Devnode::builder()
        .host(host)
        .port(port)
        .accounts(accounts)
        .spawn()
}
