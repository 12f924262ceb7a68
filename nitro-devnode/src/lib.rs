//! nitro-devnode: a local Arbitrum Stylus dev chain that runs the real WASM.
//!
//! - [`stylus`]: program loading, Nitro-rule activation checks, the wasmi host.
//! - [`exec`]: revm integration (Stylus routing, ArbOS precompiles, StylusDeployer).
//! - [`chain`]: state, blocks, transactions, receipts, logs, time, snapshots.
//! - [`rpc`]: JSON-RPC over HTTP and WebSocket (hyper, tokio-tungstenite).
//! - [`node`]: the [`Devnode`] builder used by tests and the CLI.

pub mod chain;
pub mod exec;
pub mod node;
pub mod rpc;
pub mod stylus;

pub use node::{Devnode, DevnodeBuilder, DevnodeHandle};
