//! The command line: every subcommand, its options and `--help`.

use std::{path::PathBuf, process::ExitCode};

use alloy::primitives::{Address, Bytes, B256, U256};
use clap::{error::ErrorKind, Args, Parser, Subcommand};
use prime::units::{self, Time};

const ABOUT: &str =
    "Deploy and operate the Prime protocol on a Stylus chain: one command per transaction or read.

Addresses come from release/deployments.json (written by `prime deploy`) unless --deployments or
--address says otherwise. Amounts take units as cast does (1.5ether = 1.5 tokens, 100gwei, or an
integer number of wei); durations take 90s, 30m, 24h, 7d. Reverts are reported with the
contract's error name and arguments. --json prints one JSON object per command.";

#[derive(Parser, Debug)]
#[command(name = "prime", version, about = ABOUT, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Args, Debug)]
pub struct Global {
    /// JSON-RPC endpoint [default: http://127.0.0.1:8547; for `deploy`: start a devnode there]
    #[arg(long, global = true, env = "RPC_URL", value_name = "URL")]
    pub rpc_url: Option<String>,
    /// Key that signs the transaction (for `deploy`: the deployer and federator, default anvil
    /// key #0)
    #[arg(long, global = true, env = "PRIVATE_KEY", value_name = "KEY", hide_env_values = true, value_parser = parse_key)]
    pub private_key: Option<B256>,
    /// The protocol's addresses [default: release/deployments.json]
    #[arg(long, global = true, env = "PRIME_DEPLOYMENTS", value_name = "FILE")]
    pub deployments: Option<PathBuf>,
    /// Override one address, e.g. --address PrimeNetwork=0x… (repeatable)
    #[arg(long = "address", global = true, value_name = "NAME=ADDRESS")]
    pub addresses: Vec<String>,
    /// Print one JSON object instead of text
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Deploy and wire the whole protocol (spec §1.2) and write release/deployments.json
    Deploy(DeployArgs),
    /// The local nitro-devnode: start, stop, status, run, advance
    #[command(subcommand)]
    Devnode(DevnodeCmd),
    /// The AI token: mint, approve, balance
    #[command(subcommand)]
    Token(TokenCmd),
    /// Providers: register (with stake), deregister, whitelist (validator), show
    #[command(subcommand)]
    Provider(ProviderCmd),
    /// Compute nodes: sign (node key), add, validate, invalidate, remove, show
    #[command(subcommand)]
    Node(NodeCmd),
    /// Domains: create (federator)
    #[command(subcommand)]
    Domain(DomainCmd),
    /// Compute pools: create, start, end, show, invite (manager), join, leave, blacklist
    #[command(subcommand)]
    Pool(PoolCmd),
    /// Work: submit (provider), invalidate (validator)
    #[command(subcommand)]
    Work(WorkCmd),
    /// Rewards of a pool: rate (federator), show, claim (provider)
    #[command(subcommand)]
    Rewards(RewardsCmd),
    /// Stake: show, withdraw (after the unbonding period)
    #[command(subcommand)]
    Stake(StakeCmd),
}

#[derive(Args, Debug)]
pub struct DeployArgs {
    /// Deploy even if the chain already holds a deployment (the addresses of the deployments
    /// file have code, or the deployer's nonce is not 0)
    #[arg(long)]
    pub force: bool,
    /// A missing contract artifact is an error (default: skipped and reported)
    #[arg(long)]
    pub strict: bool,
    /// Then create a domain and a compute pool, start it, set its reward rate
    #[arg(long)]
    pub demo: bool,
    /// Do not write the deployments file
    #[arg(long)]
    pub no_write: bool,
    /// Stop the devnode this command started once deployed (default: it keeps running)
    #[arg(long, conflicts_with = "keep_running")]
    pub exit: bool,
    /// Leave the devnode this command started running (the default)
    #[arg(long)]
    pub keep_running: bool,
    /// The deployer's own nonces create the contracts of deployments.json, as in the reference
    /// deploy: with anvil key #0 on a fresh chain, the addresses the reference client hard-codes
    /// (helper: HELPER_KEY). Local chains only. Default with anvil key #0
    #[arg(long, conflicts_with = "no_client_addresses")]
    pub client_addresses: bool,
    /// Every program through the StylusDeployer (deploy, activate, construct in one
    /// transaction), as `cargo stylus deploy` does
    #[arg(long)]
    pub no_client_addresses: bool,
    /// CREATE + ArbWasm.activateProgram + constructor call, even with a StylusDeployer
    #[arg(long)]
    pub create: bool,
    /// Program artifacts (<crate>.code) [default: target/stylus]
    #[arg(long, value_name = "DIR")]
    pub artifacts: Option<PathBuf>,
    /// Where to write the deployments file [default: --deployments, or release/deployments.json]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The repository root (artifacts, release/) [default: this checkout]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Validator address (VALIDATOR_ROLE) [default: the address of VALIDATOR_KEY]
    #[arg(long, env = "VALIDATOR_ADDRESS", value_name = "ADDRESS", value_parser = parse_address)]
    pub validator_address: Option<Address>,
    /// Validator key, for its address [default: anvil key #1]
    #[arg(long, env = "VALIDATOR_KEY", value_name = "KEY", hide_env_values = true, value_parser = parse_key)]
    pub validator_key: Option<B256>,
    /// --demo: the pool owner and compute manager [default: anvil key #5]
    #[arg(long, env = "POOL_OWNER_KEY", value_name = "KEY", hide_env_values = true, value_parser = parse_key)]
    pub pool_owner_key: Option<B256>,
    /// Client addresses: the key that activates and constructs the deployer's programs
    /// [default: anvil key #9]
    #[arg(long, env = "HELPER_KEY", value_name = "KEY", hide_env_values = true, value_parser = parse_key)]
    pub helper_key: Option<B256>,
    #[command(flatten)]
    pub node: NodePlace,
}

/// Where a devnode listens and keeps its files.
#[derive(Args, Debug, Clone)]
pub struct NodePlace {
    /// Devnode listen port (when no --rpc-url is given)
    #[arg(
        long,
        env = "DEVNODE_PORT",
        default_value_t = 8547,
        value_name = "PORT"
    )]
    pub port: u16,
    /// Devnode pid file and log directory [default: target/devnode]
    #[arg(long = "devnode-dir", env = "DEVNODE_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum DevnodeCmd {
    /// Start nitro-devnode in the background (pid file and log in --devnode-dir); a node that
    /// already answers on the port is left as it is
    Start {
        #[command(flatten)]
        place: NodePlace,
        /// Listen address
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Prefunded dev accounts (nitro-devnode's key, then anvil's keys #0-#9, then derived)
        #[arg(long, default_value_t = 11)]
        accounts: usize,
    },
    /// Stop the devnode started by `prime devnode start` (or `prime deploy`)
    Stop {
        #[command(flatten)]
        place: NodePlace,
    },
    /// Whether the devnode runs and answers: pid, URL, chain id, block number
    Status {
        #[command(flatten)]
        place: NodePlace,
    },
    /// Serve a devnode in the foreground until Ctrl-C
    Run {
        /// Listen address
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Listen port (0: any free port)
        #[arg(long, env = "DEVNODE_PORT", default_value_t = 8547)]
        port: u16,
        /// Prefunded dev accounts
        #[arg(long, default_value_t = 11)]
        accounts: usize,
        /// Chain id [default: 412346]
        #[arg(long)]
        chain_id: Option<u64>,
        /// Also mine an empty block every N seconds (0: only when transactions come)
        #[arg(long, default_value_t = 0, value_name = "N")]
        block_time: u64,
    },
    /// Move the devnode's clock forward (evm_increaseTime + evm_mine), e.g. 25h or 7d
    Advance {
        /// How long, e.g. 90s, 25h, 7d
        #[arg(value_parser = parse_duration, value_name = "DURATION")]
        duration: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCmd {
    /// Mint tokens (MINTER_ROLE: the deployer)
    Mint {
        /// Recipient
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        to: Address,
        /// Amount, e.g. 1000ether (= 1000 tokens)
        #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
        amount: U256,
    },
    /// Allow a spender (default: PrimeNetwork, which takes the stake) to take tokens
    Approve {
        /// Amount, e.g. 100ether
        #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
        amount: U256,
        /// Spender [default: PrimeNetwork]
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        spender: Option<Address>,
    },
    /// Token balance of an account (default: the --private-key's)
    Balance {
        /// Account
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        account: Option<Address>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProviderCmd {
    /// Register the --private-key's account as a provider with a stake (approve it first:
    /// `prime token approve --amount …`); the validator whitelists it afterwards
    Register {
        /// Stake, e.g. 100ether (at least the minimum, 0.025 tokens per compute unit + 1)
        #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
        stake: U256,
    },
    /// Deregister a provider (itself, or by the validator); its stake unbonds for 7 days
    Deregister {
        /// Provider [default: the --private-key's account]
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Option<Address>,
    },
    /// Whitelist a registered provider (validator or federator); registering resets it
    Whitelist {
        /// Provider
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Address,
    },
    /// A provider's registration, whitelist flag, stake and nodes
    Show {
        /// Provider [default: the --private-key's account]
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Option<Address>,
    },
}

#[derive(Subcommand, Debug)]
pub enum NodeCmd {
    /// Print the node key's signature for a provider (spec §7.1), 65 bytes as 0x-hex
    Sign {
        /// The provider that will add the node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Address,
        /// The node's private key
        #[arg(long, env = "NODE_KEY", value_name = "KEY", hide_env_values = true, value_parser = parse_key)]
        node_key: B256,
    },
    /// Add a node to the --private-key's provider: signed here with --node-key, or with a
    /// --signature from `prime node sign`
    Add {
        /// The node's private key (signs the provider's address)
        #[arg(long, env = "NODE_KEY", value_name = "KEY", hide_env_values = true, value_parser = parse_key, conflicts_with_all = ["node", "signature"])]
        node_key: Option<B256>,
        /// The node's address (with --signature)
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS", requires = "signature")]
        node: Option<Address>,
        /// The node key's signature (from `prime node sign`)
        #[arg(long, value_parser = parse_bytes, value_name = "HEX", requires = "node")]
        signature: Option<Bytes>,
        /// Compute units of the node (the stake must cover 0.025 tokens per unit)
        #[arg(long, value_parser = parse_uint, value_name = "N")]
        compute_units: U256,
        /// Specs URI
        #[arg(long, default_value = "ipfs://nodekey/")]
        specs_uri: String,
    },
    /// Validate a node (validator; the provider's stake must cover its nodes)
    Validate {
        /// Provider
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Address,
        /// Node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
    },
    /// Invalidate a node (validator)
    Invalidate {
        /// Provider
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Address,
        /// Node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
    },
    /// Remove an inactive node (its provider, or the validator)
    Remove {
        /// Provider [default: the --private-key's account]
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Option<Address>,
        /// Node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
    },
    /// A node's provider, compute units, validation and activity
    Show {
        /// Node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
    },
}

#[derive(Subcommand, Debug)]
pub enum DomainCmd {
    /// Create a domain (federator); prints its id
    Create {
        /// Name
        #[arg(long)]
        name: String,
        /// Work validation contract [default: WorkValidator of the deployments file]
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        validation_logic: Option<Address>,
        /// Domain parameters URI
        #[arg(long, default_value = "")]
        uri: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum PoolCmd {
    /// Create a compute pool in a domain (federator), with its rewards distributor; prints
    /// its id
    Create {
        /// Domain id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        domain: U256,
        /// The compute manager: signs invites, starts and ends the pool
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        manager: Address,
        /// Name
        #[arg(long)]
        name: String,
        /// Pool data URI
        #[arg(long, default_value = "")]
        uri: String,
        /// Most compute units in the pool (0: no limit)
        #[arg(long, value_parser = parse_uint, default_value = "0", value_name = "N")]
        compute_limit: U256,
    },
    /// Start a pool (creator or manager)
    Start {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
    },
    /// End a pool (creator or manager); rewards stop
    End {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
    },
    /// A pool's settings, status, nodes and distributor
    Show {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
    },
    /// Sign an invite of a node as the pool's compute manager (--private-key; spec §7.2);
    /// prints the 65-byte signature as 0x-hex
    Invite {
        /// The pool's domain id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        domain: U256,
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// The invited node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
        /// Any number, used once
        #[arg(long, value_parser = parse_uint, value_name = "N")]
        nonce: U256,
        /// Unix time, or a duration from the chain's latest block (1h, 7d)
        #[arg(long, value_parser = parse_time, value_name = "TIME")]
        expiration: Time,
    },
    /// Join a pool with nodes of the --private-key's provider, each with its invite (the
    /// options repeat, one of each per node, in the same order)
    Join {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Node (repeatable)
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS", required = true)]
        node: Vec<Address>,
        /// The invite's nonce (repeatable)
        #[arg(long, value_parser = parse_uint, value_name = "N", required = true)]
        nonce: Vec<U256>,
        /// The invite's expiration, unix time (repeatable)
        #[arg(long, value_parser = parse_uint, value_name = "UNIX_TIME", required = true)]
        expiration: Vec<U256>,
        /// The invite: the manager's signature from `prime pool invite` (repeatable)
        #[arg(long, value_parser = parse_bytes, value_name = "HEX", required = true)]
        invite: Vec<Bytes>,
    },
    /// Leave a pool with one node of the --private-key's provider, or all of them
    Leave {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Node [default: all of the provider's nodes]
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Option<Address>,
    },
    /// Blacklist a node or a provider from a pool (creator or manager)
    Blacklist {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Node (ejected from the pool if in it)
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS", required_unless_present = "provider", conflicts_with = "provider")]
        node: Option<Address>,
        /// Provider
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Option<Address>,
    },
}

#[derive(Subcommand, Debug)]
pub enum WorkCmd {
    /// Submit work of a node in a pool (its provider): a 32-byte key and work units
    Submit {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
        /// Work key, 32 bytes of 0x-hex (the client uses the SHA-256 of the output)
        #[arg(long, value_parser = parse_b256, value_name = "HEX")]
        key: B256,
        /// Work units
        #[arg(long, value_parser = parse_uint, value_name = "N")]
        units: U256,
    },
    /// Invalidate work (validator): with --penalty, slash that much stake, the node's pending
    /// rewards, and eject the node; with --soft --units, only remove work units
    Invalidate {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Work key
        #[arg(long, value_parser = parse_b256, value_name = "HEX")]
        key: B256,
        /// Stake slashed from the provider, e.g. 10ether
        #[arg(long, value_parser = parse_amount, value_name = "AMOUNT", required_unless_present = "soft", conflicts_with = "soft")]
        penalty: Option<U256>,
        /// Soft invalidation: remove --units work units, no slashing
        #[arg(long, requires = "units")]
        soft: bool,
        /// Work units removed (with --soft)
        #[arg(long, value_parser = parse_uint, value_name = "N", requires = "soft")]
        units: Option<U256>,
    },
}

#[derive(Subcommand, Debug)]
pub enum RewardsCmd {
    /// Set the reward per work unit of a pool's distributor (federator; once)
    Rate {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Tokens per work unit, e.g. 0.01ether
        #[arg(long, value_parser = parse_amount, value_name = "AMOUNT")]
        rate: U256,
    },
    /// A node's rewards in a pool: claimable (after 24 h), locked, work units
    Show {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
    },
    /// Claim a node's unlocked rewards (its provider)
    Claim {
        /// Pool id
        #[arg(long, value_parser = parse_uint, value_name = "ID")]
        pool: U256,
        /// Node
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        node: Address,
    },
}

#[derive(Subcommand, Debug)]
pub enum StakeCmd {
    /// A provider's stake, the minimum its nodes need, and its unbonding stake
    Show {
        /// Provider [default: the --private-key's account]
        #[arg(long, value_parser = parse_address, value_name = "ADDRESS")]
        provider: Option<Address>,
    },
    /// Withdraw the --private-key's unbonded stake (7 days after deregistering)
    Withdraw,
}

fn parse_key(s: &str) -> Result<B256, String> {
    let t = s.trim();
    let hex = t.strip_prefix("0x").unwrap_or(t);
    if hex.len() != 64 {
        return Err("not a private key (32 bytes of hex)".into());
    }
    let k: B256 = hex
        .parse()
        .map_err(|_| "not a private key (32 bytes of hex)".to_string())?;
    prime::ops::address_of(&k).map_err(|e| e.to_string())?;
    Ok(k)
}

fn parse_address(s: &str) -> Result<Address, String> {
    s.trim()
        .parse()
        .map_err(|e| format!("not an address (20 bytes of 0x-hex): {e}"))
}

fn parse_amount(s: &str) -> Result<U256, String> {
    units::parse_amount(s)
}

fn parse_duration(s: &str) -> Result<u64, String> {
    units::parse_duration(s)
}

fn parse_time(s: &str) -> Result<Time, String> {
    units::parse_time(s)
}

fn parse_uint(s: &str) -> Result<U256, String> {
    let t = s.trim();
    match t.strip_prefix("0x") {
        Some(h) => U256::from_str_radix(h, 16),
        None => U256::from_str_radix(t, 10),
    }
    .map_err(|_| "not a non-negative integer".to_string())
}

fn parse_b256(s: &str) -> Result<B256, String> {
    s.trim()
        .parse()
        .map_err(|_| "not 32 bytes of 0x-hex".to_string())
}

fn parse_bytes(s: &str) -> Result<Bytes, String> {
    s.trim().parse().map_err(|_| "not 0x-hex bytes".to_string())
}

/// Prints a command-line error as one line (help and version as they are) and gives the
/// exit code.
pub fn report_parse_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            let text = e.render().to_string();
            let msg: Vec<&str> = text
                .lines()
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let msg = msg.join(" ");
            let msg = msg.strip_prefix("error: ").unwrap_or(&msg);
            eprintln!("prime: error: {msg} (see --help)");
            ExitCode::from(2)
        }
    }
}
