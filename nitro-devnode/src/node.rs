//! The in-process node: builder, handle, optional interval mining.

use crate::{
    chain::{Chain, ChainConfig, ChainError, StateDump},
    rpc::Server,
};
use alloy_primitives::{Address, B256};
use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    thread::JoinHandle,
    time::Duration,
};

/// Entry point: `Devnode::builder().port(0).spawn()`.
pub struct Devnode;

impl Devnode {
    pub fn builder() -> DevnodeBuilder {
        DevnodeBuilder::default()
    }
}

/// Node options.
#[derive(Debug, Clone)]
pub struct DevnodeBuilder {
    host: String,
    port: u16,
    config: ChainConfig,
    block_time: u64,
    threads: usize,
    dump: Option<StateDump>,
}

impl Default for DevnodeBuilder {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8547,
            config: ChainConfig::default(),
            block_time: 0,
            threads: 4,
            dump: None,
        }
    }
}

impl DevnodeBuilder {
    /// Listen port (0 = any free port). Default 8547.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }
    /// Listen address. Default 127.0.0.1.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }
    /// Chain id. Default 412346.
    pub fn chain_id(mut self, id: u64) -> Self {
        self.config.chain_id = id;
        self
    }
    /// Number of prefunded dev accounts (nitro dev key + anvil keys + derived). Default 11.
    pub fn accounts(mut self, n: usize) -> Self {
        self.config.accounts = n;
        self
    }
    /// Seconds between empty interval blocks (0 = only instant mining). Default 0.
    pub fn block_time(mut self, secs: u64) -> Self {
        self.block_time = secs;
        self
    }
    /// The ArbOS version whose Stylus rules apply (51 or 60). Default 51.
    pub fn arbos_version(mut self, version: u64) -> Self {
        self.config.stylus.arbos_version = version;
        self
    }

    /// HTTP worker threads. Default 4.
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }
    /// Start from a state dump.
    pub fn load_state(mut self, dump: StateDump) -> Self {
        self.dump = Some(dump);
        self
    }
    /// Full chain configuration.
    pub fn config(mut self, config: ChainConfig) -> Self {
        self.config = config;
        self
    }

    /// Builds the chain without a server (in-process use, benchmarks).
    pub fn build_chain(&self) -> Result<Chain, ChainError> {
        Chain::with_dump(self.config.clone(), self.dump.clone())
    }

    /// Starts the node and its HTTP server.
    pub fn spawn(self) -> std::io::Result<DevnodeHandle> {
        let chain = self
            .build_chain()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let chain = Arc::new(Mutex::new(chain));
        let server = Server::start(
            &format!("{}:{}", self.host, self.port),
            chain.clone(),
            self.threads,
        )?;
        let stop = Arc::new(AtomicBool::new(false));
        let miner = (self.block_time > 0).then(|| {
            let (chain, stop, secs) = (chain.clone(), stop.clone(), self.block_time);
            std::thread::spawn(move || {
                let mut waited = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    waited += 100;
                    if waited >= secs * 1000 {
                        waited = 0;
                        chain.lock().unwrap_or_else(|e| e.into_inner()).mine(None);
                    }
                }
            })
        });
        Ok(DevnodeHandle {
            chain,
            server: Some(server),
            stop,
            miner,
        })
    }
}

/// A running node. Dropping it stops the server.
pub struct DevnodeHandle {
    chain: Arc<Mutex<Chain>>,
    server: Option<Server>,
    stop: Arc<AtomicBool>,
    miner: Option<JoinHandle<()>>,
}

impl DevnodeHandle {
    /// `http://host:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr())
    }
    pub fn addr(&self) -> SocketAddr {
        self.server.as_ref().expect("running").local_addr()
    }
    /// The chain, for in-process access.
    pub fn chain(&self) -> Arc<Mutex<Chain>> {
        self.chain.clone()
    }
    /// Dev accounts.
    pub fn accounts(&self) -> Vec<Address> {
        self.chain
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .accounts()
    }
    /// Private keys of the dev accounts (same order).
    pub fn dev_keys(&self) -> Vec<B256> {
        self.chain
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .dev_keys()
    }
    /// Stops the node.
    pub fn shutdown(mut self) {
        self.stop_all();
    }
    fn stop_all(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(m) = self.miner.take() {
            let _ = m.join();
        }
        if let Some(s) = self.server.take() {
            s.shutdown();
        }
    }
}

impl Drop for DevnodeHandle {
    fn drop(&mut self) {
        self.stop_all();
    }
}
