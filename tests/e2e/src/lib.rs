//! `prime-deploy`: deploys the Prime protocol's Stylus programs over JSON-RPC and wires them
//! as the reference deploy scripts do (spec §1.2-§1.3, §11); shared by `scripts/deploy.sh`
//! (through the `prime-deploy` binary) and the end-to-end tests (`tests/`), so both take the
//! same code path.

pub mod abi;
pub mod demo;
pub mod deploy;
pub mod revert;

use std::path::PathBuf;

pub use deploy::{deploy, protocol_plan, DeployOptions, Deployment, Sender, Step};
pub use revert::RevertDecoder;

/// The repository root (this crate lives in `<root>/tests/e2e`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
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
