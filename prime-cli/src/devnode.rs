//! The local chain's lifecycle, in one place: `prime devnode run` serves an in-process
//! nitro-devnode in the foreground; `start` runs that in the background (own session, log
//! file, pid file) and waits until it answers; `stop` and `status` use the pid file;
//! `advance` moves the chain's clock (`evm_increaseTime` + `evm_mine`).

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use alloy::providers::Provider;
use anyhow::{anyhow, bail, Context, Result};

use crate::tx::read_provider;

/// Where a background devnode keeps its pid file and log.
#[derive(Clone, Debug)]
pub struct NodeDir(pub PathBuf);

impl NodeDir {
    /// `<dir>/devnode.pid`.
    pub fn pid_file(&self) -> PathBuf {
        self.0.join("devnode.pid")
    }
    /// `<dir>/devnode.log`.
    pub fn log_file(&self) -> PathBuf {
        self.0.join("devnode.log")
    }
    /// The pid of the devnode started here, if it is still running.
    pub fn running_pid(&self) -> Option<i32> {
        let pid: i32 = std::fs::read_to_string(self.pid_file())
            .ok()?
            .trim()
            .parse()
            .ok()?;
        is_our_devnode(pid).then_some(pid)
    }
}

/// True when `pid` is alive and is a `prime devnode run` (so a recycled pid is never
/// signalled).
fn is_our_devnode(pid: i32) -> bool {
    std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
        let args: Vec<&[u8]> = c.split(|b| *b == 0).collect();
        args.windows(2).any(|w| w == [&b"devnode"[..], &b"run"[..]])
    })
}

/// The chain id of the node at `url`, if it answers within two seconds.
pub async fn chain_id_at(url: &str) -> Option<u64> {
    let p = read_provider(url).ok()?;
    tokio::time::timeout(Duration::from_secs(2), p.get_chain_id())
        .await
        .ok()?
        .ok()
}

/// What `start` found or did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Started {
    /// A node already answered at the URL (started by someone else, or earlier).
    AlreadyRunning { chain_id: u64 },
    /// A new background devnode.
    Started { pid: i32, chain_id: u64 },
}

/// Options of a devnode.
#[derive(Clone, Debug)]
pub struct NodeOptions {
    /// Listen address.
    pub host: String,
    /// Listen port.
    pub port: u16,
    /// Prefunded dev accounts.
    pub accounts: usize,
}

impl NodeOptions {
    /// `http://host:port`.
    pub fn url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }
}

/// Starts `exe devnode run …` in the background (its own session, so it outlives the
/// terminal; output to the log file), writes the pid file and waits until the node answers
/// `eth_chainId`. A node that already answers at the URL is left as it is.
pub async fn start(exe: &Path, dir: &NodeDir, o: &NodeOptions) -> Result<Started> {
    let url = o.url();
    if let Some(chain_id) = chain_id_at(&url).await {
        return Ok(Started::AlreadyRunning { chain_id });
    }
    std::fs::create_dir_all(&dir.0).with_context(|| format!("creating {}", dir.0.display()))?;
    let log = std::fs::File::create(dir.log_file())
        .with_context(|| format!("creating {}", dir.log_file().display()))?;
    let mut cmd = Command::new(exe);
    cmd.args(["devnode", "run", "--host", &o.host])
        .args(["--port", &o.port.to_string()])
        .args(["--accounts", &o.accounts.to_string()])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    // Its own session: no controlling terminal, so closing the terminal or Ctrl-C in it does
    // not stop the node.
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe and touches no memory of this process.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    let pid = child.id() as i32;
    std::fs::write(dir.pid_file(), format!("{pid}\n"))?;
    let t0 = Instant::now();
    loop {
        if let Some(chain_id) = chain_id_at(&url).await {
            return Ok(Started::Started { pid, chain_id });
        }
        if let Some(status) = child.try_wait()? {
            let _ = std::fs::remove_file(dir.pid_file());
            bail!(
                "the devnode exited ({status}): {}",
                last_line(&dir.log_file()).unwrap_or_default()
            );
        }
        if t0.elapsed() > Duration::from_secs(30) {
            bail!(
                "the devnode (pid {pid}) did not answer eth_chainId at {url} within 30 s (log: {})",
                dir.log_file().display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn last_line(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(str::to_string)
}

/// Stops the devnode started in `dir` (SIGTERM, then waits up to 5 s). `Ok(None)` when none
/// is running.
pub fn stop(dir: &NodeDir) -> Result<Option<i32>> {
    let Some(pid) = dir.running_pid() else {
        let _ = std::fs::remove_file(dir.pid_file());
        return Ok(None);
    };
    // SAFETY: plain syscall on a pid checked to be our devnode.
    if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
        bail!(
            "cannot stop the devnode (pid {pid}): {}",
            std::io::Error::last_os_error()
        );
    }
    let t0 = Instant::now();
    while is_our_devnode(pid) && t0.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if is_our_devnode(pid) {
        bail!("the devnode (pid {pid}) is still running 5 s after SIGTERM");
    }
    let _ = std::fs::remove_file(dir.pid_file());
    Ok(Some(pid))
}

/// Serves an in-process devnode until SIGINT or SIGTERM; `ready` is called once it listens.
pub async fn run_foreground(
    o: &NodeOptions,
    chain_id: Option<u64>,
    block_time: u64,
    ready: impl FnOnce(&nitro_devnode::DevnodeHandle),
) -> Result<()> {
    let mut b = nitro_devnode::Devnode::builder()
        .host(o.host.clone())
        .port(o.port)
        .accounts(o.accounts)
        .block_time(block_time);
    if let Some(id) = chain_id {
        b = b.chain_id(id);
    }
    let node = b
        .spawn()
        .map_err(|e| anyhow!("cannot start the devnode on {}: {e}", o.url()))?;
    ready(&node);
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    node.shutdown();
    Ok(())
}

/// Moves the chain's clock forward by `secs` and mines a block; returns the new block's
/// timestamp.
pub async fn advance(url: &str, secs: u64) -> Result<u64> {
    let p = read_provider(url)?;
    let _: serde_json::Value = p
        .raw_request("evm_increaseTime".into(), (secs,))
        .await
        .map_err(|e| anyhow!("evm_increaseTime at {url}: {e}"))?;
    let _: serde_json::Value = p
        .raw_request("evm_mine".into(), ())
        .await
        .map_err(|e| anyhow!("evm_mine at {url}: {e}"))?;
    latest_timestamp(&p).await
}

/// The latest block's timestamp.
pub async fn latest_timestamp<P: Provider>(p: &P) -> Result<u64> {
    Ok(p.get_block_by_number(Default::default())
        .await?
        .ok_or_else(|| anyhow!("no latest block"))?
        .header
        .timestamp)
}
