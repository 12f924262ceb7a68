//! The in-process node: builder, handle, optional interval mining.

use crate::{
    chain::{Chain, ChainConfig, ChainError, StateDump},
    rpc::Server,
};
use alloy_primitives::{Address, B256};
use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
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
    dump_path: Option<PathBuf>,
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
            dump_path: None,
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
    /// ArbOS version the chain reports and follows (51 or 60): the Stylus rules that differ
    /// (per-block program cache, fragmented programs, multi-value) follow it. Default 51.
    pub fn arbos_version(mut self, version: u64) -> Self {
        self.config.stylus.arbos_version = version;
        self
    }

    /// Writes a JSON state dump to `path` whenever the head changes (checked every second);
    /// a failed write is logged and retried, never fatal.
    pub fn dump_state(mut self, path: impl Into<PathBuf>) -> Self {
        self.dump_path = Some(path.into());
        self
    }

    /// Threads that execute requests (each with a big stack). Default 4.
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
                        // At the last block number there is nothing more to mine.
                        let _ = chain.lock().unwrap_or_else(|e| e.into_inner()).mine(None);
                    }
                }
            })
        });
        let dumper = self.dump_path.map(|path| {
            let (chain, stop) = (chain.clone(), stop.clone());
            std::thread::spawn(move || dump_loop(&chain, &path, &stop))
        });
        Ok(DevnodeHandle {
            chain,
            server: Some(server),
            stop,
            miner,
            dumper,
        })
    }
}

/// A running node. Dropping it stops the server.
pub struct DevnodeHandle {
    chain: Arc<Mutex<Chain>>,
    server: Option<Server>,
    stop: Arc<AtomicBool>,
    miner: Option<JoinHandle<()>>,
    dumper: Option<JoinHandle<()>>,
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
        for t in [self.miner.take(), self.dumper.take()]
            .into_iter()
            .flatten()
        {
            let _ = t.join();
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

/// Writes `chain`'s state to `path` whenever the head changes, until `stop`; a failed write
/// is logged (once per distinct error) and retried every second, and the last state is
/// written on the way out.
fn dump_loop(chain: &Mutex<Chain>, path: &Path, stop: &AtomicBool) {
    let mut written: Option<(u64, B256)> = None;
    let mut last_error: Option<String> = None;
    loop {
        let stopping = stop.load(Ordering::Relaxed);
        let head = {
            let c = chain.lock().unwrap_or_else(|e| e.into_inner());
            let head = (c.head().number, c.head().hash);
            (written != Some(head)).then(|| (head, c.dump()))
        };
        if let Some((head, dump)) = head {
            match write_dump(path, &dump) {
                Ok(()) => {
                    if last_error.take().is_some() {
                        eprintln!(
                            "nitro-devnode: state dump written to {} again",
                            path.display()
                        );
                    }
                    written = Some(head);
                }
                Err(e) => {
                    let e = e.to_string();
                    if last_error.as_ref() != Some(&e) {
                        eprintln!(
                            "nitro-devnode: cannot write the state dump to {}: {e} (retrying every second)",
                            path.display()
                        );
                        last_error = Some(e);
                    }
                }
            }
        }
        if stopping {
            return;
        }
        for _ in 0..10 {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Writes `dump` to `path` through a temporary file, so a reader never sees half a dump.
pub fn write_dump(path: &Path, dump: &StateDump) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(dump).map_err(std::io::Error::other)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Reads and validates a state dump file.
pub fn read_dump(path: &Path) -> Result<StateDump, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    StateDump::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}
