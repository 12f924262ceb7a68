//! The protocol's operations, one transaction or one read each, as the `prime` subcommands
//! run them: a [`Prime`] session (RPC URL, optional signing key, address book) with a method
//! per operation. Transactions return a [`TxOutcome`] (hash, block, gas used, decoded
//! events), so anything that drives the flow (the CLI, tests, a gas benchmark) gets the same
//! numbers; reads return a [`Record`].

use alloy::{
    dyn_abi::DynSolValue,
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::{DynProvider, Provider},
    rpc::types::TransactionReceipt,
    signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, bail, Result};

use crate::{
    abi::{
        AITokenTransferRole, ArbWasm, ArbWasmCache, ComputePool, ComputeRegistry, PrimeNetwork,
        RewardsDistributorWorkSubmission, StakeManager,
    },
    book::AddressBook,
    deploy::{ARB_WASM, ARB_WASM_CACHE},
    events::{DecodedLog, EventDecoder},
    revert::RevertDecoder,
    trace::{stylus_trace, ProgramEntries},
    tx::{calldata, read_provider, Sender},
    units::format_tokens,
};

/// What a transaction did.
#[derive(Clone, Debug)]
pub struct TxOutcome {
    /// What was sent, e.g. `PrimeNetwork.registerProvider`.
    pub what: String,
    /// Transaction hash.
    pub hash: B256,
    /// The called contract (`None` for a contract creation).
    pub to: Option<Address>,
    /// Block it was included in.
    pub block: u64,
    /// Gas used.
    pub gas_used: u64,
    /// Its logs, decoded (logs of unknown events are left out).
    pub events: Vec<DecodedLog>,
}

impl TxOutcome {
    fn new(what: &str, r: &TransactionReceipt, events: &EventDecoder) -> Self {
        Self {
            what: what.to_string(),
            hash: r.transaction_hash,
            to: r.to,
            block: r.block_number.unwrap_or_default(),
            gas_used: r.gas_used,
            events: r
                .inner
                .logs()
                .iter()
                .filter_map(|l| events.decode(l))
                .collect(),
        }
    }

    /// The first `event`'s parameter `arg`, as a number.
    pub fn uint(&self, event: &str, arg: &str) -> Option<U256> {
        self.events
            .iter()
            .filter(|e| e.name == event)
            .find_map(|e| match e.arg(arg) {
                Some(DynSolValue::Uint(u, _)) => Some(*u),
                _ => None,
            })
    }

    /// The first `event`'s parameter `arg`, as an address.
    pub fn address(&self, event: &str, arg: &str) -> Option<Address> {
        self.events
            .iter()
            .filter(|e| e.name == event)
            .find_map(|e| match e.arg(arg) {
                Some(DynSolValue::Address(a)) => Some(*a),
                _ => None,
            })
    }
}

/// Named values read from the chain, in display order: each as JSON and as text.
#[derive(Clone, Debug, Default)]
pub struct Record(pub Vec<(String, serde_json::Value, String)>);

impl Record {
    fn put(&mut self, key: &str, json: serde_json::Value, text: impl Into<String>) {
        self.0.push((key.to_string(), json, text.into()));
    }
    fn addr(&mut self, key: &str, a: Address) {
        let s = a.to_checksum(None);
        self.put(key, s.clone().into(), s);
    }
    fn num(&mut self, key: &str, v: impl std::fmt::Display) {
        let s = v.to_string();
        self.put(key, s.clone().into(), s);
    }
    fn flag(&mut self, key: &str, b: bool) {
        self.put(key, b.into(), if b { "yes" } else { "no" });
    }
    fn text(&mut self, key: &str, s: &str) {
        self.put(key, s.into(), s);
    }
    /// A token amount: wei in JSON, whole tokens (and wei) as text.
    fn tokens(&mut self, key: &str, v: U256) {
        self.put(
            key,
            v.to_string().into(),
            format!("{} AI ({v} wei)", format_tokens(v)),
        );
    }
    /// The JSON object.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.0
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect(),
        )
    }
    /// `key  value` lines.
    pub fn to_text(&self) -> String {
        let w = self.0.iter().map(|(k, _, _)| k.len()).max().unwrap_or(0);
        self.0
            .iter()
            .map(|(k, _, t)| format!("{k:<w$}  {t}\n"))
            .collect()
    }
}

/// A pool invite for one node (spec §7.2), as `prime pool invite` prints it and
/// `prime pool join` takes it.
#[derive(Clone, Debug)]
pub struct Invite {
    /// The invited node.
    pub node: Address,
    /// The manager's nonce.
    pub nonce: U256,
    /// Unix time after which it is refused.
    pub expiration: U256,
    /// The manager's 65-byte signature.
    pub signature: Bytes,
}

/// A session on one chain: where the protocol is, and who signs.
pub struct Prime {
    /// The JSON-RPC endpoint.
    pub url: String,
    /// A provider for reads.
    pub reader: DynProvider,
    sender: Option<Sender>,
    /// The protocol's addresses.
    pub book: AddressBook,
    /// Decodes the logs of receipts.
    pub events: EventDecoder,
}

/// Maps a read's error to its decoded revert reason.
fn read_error(what: &str, e: alloy::contract::Error, decoder: &RevertDecoder) -> anyhow::Error {
    match e.as_revert_data() {
        Some(d) => anyhow!("{what}: reverted: {}", decoder.decode(&d)),
        None => anyhow!("{what}: {e}"),
    }
}

impl Prime {
    /// A session on `url` with the addresses of `book`; `key` signs the transactions.
    pub fn new(url: &str, key: Option<B256>, book: AddressBook) -> Result<Self> {
        let sender = key
            .map(|k| Sender::new(url, k, RevertDecoder::new()))
            .transpose()?;
        Ok(Self {
            url: url.to_string(),
            reader: read_provider(url)?,
            sender,
            book,
            events: EventDecoder::new(),
        })
    }

    fn sender(&self) -> Result<&Sender> {
        self.sender.as_ref().ok_or_else(|| {
            anyhow!("this command sends a transaction: pass --private-key <key> or set PRIVATE_KEY")
        })
    }

    /// The signing account.
    pub fn signer_address(&self) -> Result<Address> {
        Ok(self.sender()?.from)
    }

    /// The signing account, or `who` when given.
    pub fn account_or_self(&self, who: Option<Address>, flag: &str) -> Result<Address> {
        match who {
            Some(a) => Ok(a),
            None => self.sender.as_ref().map(|s| s.from).ok_or_else(|| {
                anyhow!("pass {flag} <address> (or --private-key / PRIVATE_KEY to use its account)")
            }),
        }
    }

    fn decoder(&self) -> RevertDecoder {
        self.sender
            .as_ref()
            .map(|s| s.decoder.clone())
            .unwrap_or_default()
    }

    /// The address of contract `name`, checked to hold code (a wrong address or RPC URL is
    /// reported before anything is sent).
    pub async fn contract(&self, name: &str) -> Result<Address> {
        let a = self.book.get(name)?;
        self.check_code(a, name).await?;
        Ok(a)
    }

    async fn code_at(&self, a: Address) -> Result<Bytes> {
        self.reader
            .get_code_at(a)
            .await
            .map_err(|e| anyhow!("node unreachable at {}: {e}", self.url))
    }

    async fn check_code(&self, a: Address, name: &str) -> Result<()> {
        if self.code_at(a).await?.is_empty() {
            bail!(
                "no contract at {a} ({name}, from {}) on the chain at {}: wrong address, or not deployed there",
                self.book.source(name),
                self.url
            );
        }
        Ok(())
    }

    async fn send(
        &self,
        what: &str,
        to: Address,
        sig: &str,
        args: &[DynSolValue],
    ) -> Result<TxOutcome> {
        let s = self.sender()?;
        let r = s.call_tx(what, to, calldata(sig, args)?).await?;
        Ok(TxOutcome::new(what, &r, &self.events))
    }

    // --- token ---

    /// `AIToken.mint(to, amount)` (MINTER_ROLE: the deployer).
    pub async fn token_mint(&self, to: Address, amount: U256) -> Result<TxOutcome> {
        let t = self.contract("AIToken").await?;
        self.send(
            "AIToken.mint",
            t,
            "mint(address,uint256)",
            &[DynSolValue::Address(to), uint(amount)],
        )
        .await
    }

    /// `AIToken.approve(spender, amount)`.
    pub async fn token_approve(&self, spender: Address, amount: U256) -> Result<TxOutcome> {
        let t = self.contract("AIToken").await?;
        self.send(
            "AIToken.approve",
            t,
            "approve(address,uint256)",
            &[DynSolValue::Address(spender), uint(amount)],
        )
        .await
    }

    /// `AIToken.balanceOf(account)`.
    pub async fn token_balance(&self, account: Address) -> Result<U256> {
        let t = self.contract("AIToken").await?;
        AITokenTransferRole::new(t, &self.reader)
            .balanceOf(account)
            .call()
            .await
            .map_err(|e| read_error("AIToken.balanceOf", e, &self.decoder()))
    }

    // --- providers ---

    /// `PrimeNetwork.registerProvider(stake)` from the signing account. Checked first: the
    /// allowance to PrimeNetwork covers the stake (else the hint to approve).
    pub async fn provider_register(&self, stake: U256) -> Result<TxOutcome> {
        let pn = self.contract("PrimeNetwork").await?;
        let token = self.contract("AIToken").await?;
        let me = self.signer_address()?;
        let allowance = AITokenTransferRole::new(token, &self.reader)
            .allowance(me, pn)
            .call()
            .await
            .map_err(|e| read_error("AIToken.allowance", e, &self.decoder()))?;
        if allowance < stake {
            bail!(
                "PrimeNetwork may take {} AI of {me}, less than the stake of {} AI: run `prime token approve --amount {}` first",
                format_tokens(allowance),
                format_tokens(stake),
                stake
            );
        }
        self.send(
            "PrimeNetwork.registerProvider",
            pn,
            "registerProvider(uint256)",
            &[uint(stake)],
        )
        .await
    }

    /// `ComputeRegistry.getWhitelistStatus(provider)`.
    pub async fn is_whitelisted(&self, provider: Address) -> Result<bool> {
        let reg = self.contract("ComputeRegistry").await?;
        ComputeRegistry::new(reg, &self.reader)
            .getWhitelistStatus(provider)
            .call()
            .await
            .map_err(|e| read_error("ComputeRegistry.getWhitelistStatus", e, &self.decoder()))
    }

    /// `PrimeNetwork.deregisterProvider(provider)` (the provider itself, or the validator).
    pub async fn provider_deregister(&self, provider: Address) -> Result<TxOutcome> {
        let pn = self.contract("PrimeNetwork").await?;
        self.send(
            "PrimeNetwork.deregisterProvider",
            pn,
            "deregisterProvider(address)",
            &[DynSolValue::Address(provider)],
        )
        .await
    }

    /// `PrimeNetwork.whitelistProvider(provider)` (validator or federator).
    pub async fn provider_whitelist(&self, provider: Address) -> Result<TxOutcome> {
        let pn = self.contract("PrimeNetwork").await?;
        self.send(
            "PrimeNetwork.whitelistProvider",
            pn,
            "whitelistProvider(address)",
            &[DynSolValue::Address(provider)],
        )
        .await
    }

    /// A provider's registry record and stake.
    pub async fn provider_show(&self, provider: Address) -> Result<Record> {
        let reg = self.contract("ComputeRegistry").await?;
        let sm = self.contract("StakeManager").await?;
        let p = ComputeRegistry::new(reg, &self.reader)
            .getProvider(provider)
            .call()
            .await
            .map_err(|e| read_error("ComputeRegistry.getProvider", e, &self.decoder()))?;
        let stake = StakeManager::new(sm, &self.reader)
            .getStake(provider)
            .call()
            .await
            .map_err(|e| read_error("StakeManager.getStake", e, &self.decoder()))?;
        let mut r = Record::default();
        r.addr("provider", provider);
        r.flag("registered", !p.providerAddress.is_zero());
        r.flag("whitelisted", p.isWhitelisted);
        r.tokens("stake", stake);
        r.num("activeNodes", p.activeNodes);
        let nodes: Vec<String> = p.nodes.iter().map(|n| n.subkey.to_checksum(None)).collect();
        r.put(
            "nodes",
            nodes.clone().into(),
            if nodes.is_empty() {
                "none".to_string()
            } else {
                nodes.join(", ")
            },
        );
        Ok(r)
    }

    // --- nodes ---

    /// `PrimeNetwork.addComputeNode(node, specsURI, computeUnits, signature)` from the
    /// provider (the signing account).
    pub async fn node_add(
        &self,
        node: Address,
        specs_uri: &str,
        compute_units: U256,
        signature: Bytes,
    ) -> Result<TxOutcome> {
        let pn = self.contract("PrimeNetwork").await?;
        self.send(
            "PrimeNetwork.addComputeNode",
            pn,
            "addComputeNode(address,string,uint256,bytes)",
            &[
                DynSolValue::Address(node),
                DynSolValue::String(specs_uri.to_string()),
                uint(compute_units),
                DynSolValue::Bytes(signature.to_vec()),
            ],
        )
        .await
    }

    /// `PrimeNetwork.validateNode` / `invalidateNode` / `removeComputeNode(provider, node)`.
    pub async fn node_call(
        &self,
        function: NodeCall,
        provider: Address,
        node: Address,
    ) -> Result<TxOutcome> {
        let pn = self.contract("PrimeNetwork").await?;
        let (what, sig) = match function {
            NodeCall::Validate => ("PrimeNetwork.validateNode", "validateNode(address,address)"),
            NodeCall::Invalidate => (
                "PrimeNetwork.invalidateNode",
                "invalidateNode(address,address)",
            ),
            NodeCall::Remove => (
                "PrimeNetwork.removeComputeNode",
                "removeComputeNode(address,address)",
            ),
        };
        self.send(
            what,
            pn,
            sig,
            &[DynSolValue::Address(provider), DynSolValue::Address(node)],
        )
        .await
    }

    /// A node's registry record.
    pub async fn node_show(&self, node: Address) -> Result<Record> {
        let reg_addr = self.contract("ComputeRegistry").await?;
        let reg = ComputeRegistry::new(reg_addr, &self.reader);
        let provider = reg
            .getNodeProvider(node)
            .call()
            .await
            .map_err(|e| read_error("ComputeRegistry.getNodeProvider", e, &self.decoder()))?;
        let mut r = Record::default();
        r.addr("node", node);
        if provider.is_zero() {
            r.flag("registered", false);
            return Ok(r);
        }
        r.addr("provider", provider);
        // getNode reverts for a node removed from its provider (or whose provider left).
        match reg.getNode_0(node).call().await {
            Ok(n) => {
                r.flag("registered", true);
                r.text("specsURI", &n.specsURI);
                r.num("computeUnits", n.computeUnits);
                r.flag("validated", n.isValidated);
                r.flag("active", n.isActive);
            }
            Err(_) => r.put("registered", false.into(), "no (removed)"),
        }
        Ok(r)
    }

    // --- domains and pools ---

    /// `PrimeNetwork.createDomain(name, validationLogic, uri)` (federator); the new id is
    /// the `DomainCreated` event's `domainId`.
    pub async fn domain_create(
        &self,
        name: &str,
        validation_logic: Address,
        uri: &str,
    ) -> Result<TxOutcome> {
        let pn = self.contract("PrimeNetwork").await?;
        self.send(
            "PrimeNetwork.createDomain",
            pn,
            "createDomain(string,address,string)",
            &[
                DynSolValue::String(name.to_string()),
                DynSolValue::Address(validation_logic),
                DynSolValue::String(uri.to_string()),
            ],
        )
        .await
    }

    /// `ComputePool.createComputePool(domain, manager, name, uri, computeLimit)` (federator);
    /// the id is the `ComputePoolCreated` event's `poolId`, the distributor the
    /// `NewRewardsDistributor` event's `rewardsDistributor`.
    pub async fn pool_create(
        &self,
        domain: U256,
        manager: Address,
        name: &str,
        uri: &str,
        compute_limit: U256,
    ) -> Result<TxOutcome> {
        let cp = self.contract("ComputePool").await?;
        self.send(
            "ComputePool.createComputePool",
            cp,
            "createComputePool(uint256,address,string,string,uint256)",
            &[
                uint(domain),
                DynSolValue::Address(manager),
                DynSolValue::String(name.to_string()),
                DynSolValue::String(uri.to_string()),
                uint(compute_limit),
            ],
        )
        .await
    }

    /// `ComputePool.startComputePool(pool)` / `endComputePool(pool)` (creator or manager).
    pub async fn pool_start_or_end(&self, pool: U256, start: bool) -> Result<TxOutcome> {
        let cp = self.contract("ComputePool").await?;
        let (what, sig) = if start {
            ("ComputePool.startComputePool", "startComputePool(uint256)")
        } else {
            ("ComputePool.endComputePool", "endComputePool(uint256)")
        };
        self.send(what, cp, sig, &[uint(pool)]).await
    }

    /// The batch `joinComputePool(pool, provider, nodes, nonces, expirations, signatures)`
    /// (the client's selector) from the provider (the signing account).
    pub async fn pool_join(&self, pool: U256, invites: &[Invite]) -> Result<TxOutcome> {
        let cp = self.contract("ComputePool").await?;
        let me = self.signer_address()?;
        let col = |f: &dyn Fn(&Invite) -> DynSolValue| {
            DynSolValue::Array(invites.iter().map(f).collect())
        };
        self.send(
            "ComputePool.joinComputePool",
            cp,
            "joinComputePool(uint256,address,address[],uint256[],uint256[],bytes[])",
            &[
                uint(pool),
                DynSolValue::Address(me),
                col(&|i| DynSolValue::Address(i.node)),
                col(&|i| uint(i.nonce)),
                col(&|i| uint(i.expiration)),
                col(&|i| DynSolValue::Bytes(i.signature.to_vec())),
            ],
        )
        .await
    }

    /// `leaveComputePool(pool, provider, node)` from the provider; no node: all of its nodes.
    pub async fn pool_leave(&self, pool: U256, node: Option<Address>) -> Result<TxOutcome> {
        let cp = self.contract("ComputePool").await?;
        let me = self.signer_address()?;
        self.send(
            "ComputePool.leaveComputePool",
            cp,
            "leaveComputePool(uint256,address,address)",
            &[
                uint(pool),
                DynSolValue::Address(me),
                DynSolValue::Address(node.unwrap_or(Address::ZERO)),
            ],
        )
        .await
    }

    /// `blacklistNode(pool, node)` or `blacklistProvider(pool, provider)` (creator or
    /// manager).
    pub async fn pool_blacklist(&self, pool: U256, target: Blacklist) -> Result<TxOutcome> {
        let cp = self.contract("ComputePool").await?;
        let (what, sig, a) = match target {
            Blacklist::Node(a) => (
                "ComputePool.blacklistNode",
                "blacklistNode(uint256,address)",
                a,
            ),
            Blacklist::Provider(a) => (
                "ComputePool.blacklistProvider",
                "blacklistProvider(uint256,address)",
                a,
            ),
        };
        self.send(what, cp, sig, &[uint(pool), DynSolValue::Address(a)])
            .await
    }

    /// The rewards distributor of `pool` (`getRewardDistributorForPool`), checked to exist.
    pub async fn distributor(&self, pool: U256) -> Result<Address> {
        let cp = self.contract("ComputePool").await?;
        let d = ComputePool::new(cp, &self.reader)
            .getRewardDistributorForPool(pool)
            .call()
            .await
            .map_err(|e| {
                read_error(
                    "ComputePool.getRewardDistributorForPool",
                    e,
                    &self.decoder(),
                )
            })?;
        if d.is_zero() {
            bail!("pool {pool} does not exist (it has no rewards distributor)");
        }
        Ok(d)
    }

    /// A pool's record, nodes and distributor.
    pub async fn pool_show(&self, pool: U256) -> Result<Record> {
        let cp_addr = self.contract("ComputePool").await?;
        let cp = ComputePool::new(cp_addr, &self.reader);
        let err = |w: &str| {
            let d = self.decoder();
            let w = w.to_string();
            move |e: alloy::contract::Error| read_error(&w, e, &d)
        };
        let p = cp
            .getComputePool(pool)
            .call()
            .await
            .map_err(err("ComputePool.getComputePool"))?;
        if p.creator.is_zero() && p.computeManagerKey.is_zero() {
            bail!("pool {pool} does not exist");
        }
        let nodes = cp
            .getComputePoolNodes(pool)
            .call()
            .await
            .map_err(err("ComputePool.getComputePoolNodes"))?;
        let dist = cp
            .getRewardDistributorForPool(pool)
            .call()
            .await
            .map_err(err("ComputePool.getRewardDistributorForPool"))?;
        let status = ["PENDING", "ACTIVE", "COMPLETED"]
            .get(p.status as usize)
            .copied()
            .unwrap_or("?");
        let mut r = Record::default();
        r.num("pool", p.poolId);
        r.num("domain", p.domainId);
        r.text("name", &p.poolName);
        r.text("status", status);
        r.addr("creator", p.creator);
        r.addr("manager", p.computeManagerKey);
        r.text("uri", &p.poolDataURI);
        r.num("startTime", p.startTime);
        r.num("endTime", p.endTime);
        r.num("totalCompute", p.totalCompute);
        r.num("computeLimit", p.computeLimit);
        r.addr("distributor", dist);
        let nodes: Vec<String> = nodes.iter().map(|n| n.to_checksum(None)).collect();
        r.put(
            "nodes",
            nodes.clone().into(),
            if nodes.is_empty() {
                "none".to_string()
            } else {
                nodes.join(", ")
            },
        );
        Ok(r)
    }

    // --- work ---

    /// `ComputePool.submitWork(pool, node, key ‖ units)` from the node's provider.
    pub async fn work_submit(
        &self,
        pool: U256,
        node: Address,
        key: B256,
        units: U256,
    ) -> Result<TxOutcome> {
        let cp = self.contract("ComputePool").await?;
        self.send(
            "ComputePool.submitWork",
            cp,
            "submitWork(uint256,address,bytes)",
            &[
                uint(pool),
                DynSolValue::Address(node),
                DynSolValue::Bytes(work_data(key, Some(units))),
            ],
        )
        .await
    }

    /// `PrimeNetwork.invalidateWork(pool, penalty, key)` (validator: slashes `penalty` of
    /// the provider's stake, the node's pending rewards, ejects the node), or with `soft`
    /// units `PrimeNetwork.softInvalidateWork(pool, key ‖ units)` (removes work units only).
    pub async fn work_invalidate(
        &self,
        pool: U256,
        key: B256,
        how: Invalidation,
    ) -> Result<TxOutcome> {
        let pn = self.contract("PrimeNetwork").await?;
        match how {
            Invalidation::Hard { penalty } => {
                self.send(
                    "PrimeNetwork.invalidateWork",
                    pn,
                    "invalidateWork(uint256,uint256,bytes)",
                    &[
                        uint(pool),
                        uint(penalty),
                        DynSolValue::Bytes(work_data(key, None)),
                    ],
                )
                .await
            }
            Invalidation::Soft { units } => {
                self.send(
                    "PrimeNetwork.softInvalidateWork",
                    pn,
                    "softInvalidateWork(uint256,bytes)",
                    &[uint(pool), DynSolValue::Bytes(work_data(key, Some(units)))],
                )
                .await
            }
        }
    }

    // --- rewards ---

    /// `setRewardRate(rate)` on the pool's distributor (REWARDS_MANAGER_ROLE: the federator).
    pub async fn rewards_rate(&self, pool: U256, rate: U256) -> Result<TxOutcome> {
        let d = self.distributor(pool).await?;
        self.send(
            "RewardsDistributor.setRewardRate",
            d,
            "setRewardRate(uint256)",
            &[uint(rate)],
        )
        .await
    }

    /// `claimRewards(node)` on the pool's distributor, from the node's provider.
    pub async fn rewards_claim(&self, pool: U256, node: Address) -> Result<TxOutcome> {
        let d = self.distributor(pool).await?;
        self.send(
            "RewardsDistributor.claimRewards",
            d,
            "claimRewards(address)",
            &[DynSolValue::Address(node)],
        )
        .await
    }

    /// A node's rewards in a pool: rate, claimable and locked tokens, work units.
    pub async fn rewards_show(&self, pool: U256, node: Address) -> Result<Record> {
        let d = self.distributor(pool).await?;
        let dist = RewardsDistributorWorkSubmission::new(d, &self.reader);
        let dec = self.decoder();
        let rate = dist
            .getRewardRate()
            .call()
            .await
            .map_err(|e| read_error("RewardsDistributor.getRewardRate", e, &dec))?;
        let info = dist
            .nodeInfo(node)
            .call()
            .await
            .map_err(|e| read_error("RewardsDistributor.nodeInfo", e, &dec))?;
        let mut r = Record::default();
        r.num("pool", pool);
        r.addr("distributor", d);
        r.addr("node", node);
        r.tokens("ratePerWorkUnit", rate);
        if rate.is_zero() {
            // calculateRewards reverts "Rate not set" until the rate is set.
            r.put(
                "claimable",
                serde_json::Value::Null,
                "- (no reward rate set)",
            );
            r.put("locked", serde_json::Value::Null, "-");
        } else {
            let c = dist
                .calculateRewards(node)
                .call()
                .await
                .map_err(|e| read_error("RewardsDistributor.calculateRewards", e, &dec))?;
            r.tokens("claimable", c._0);
            r.tokens("locked", c._1);
        }
        r.num("workUnitsLast24h", info.last24H);
        r.num("workUnitsTotal", info.totalAll);
        r.num("workUnitsClaimed", info.lastClaimed_);
        r.flag("inPool", info.isActive);
        Ok(r)
    }

    // --- stake ---

    /// A provider's stake, the minimum its nodes need, and pending unbonds.
    pub async fn stake_show(&self, provider: Address) -> Result<Record> {
        let sm_addr = self.contract("StakeManager").await?;
        let pn = self.contract("PrimeNetwork").await?;
        let sm = StakeManager::new(sm_addr, &self.reader);
        let dec = self.decoder();
        let stake = sm
            .getStake(provider)
            .call()
            .await
            .map_err(|e| read_error("StakeManager.getStake", e, &dec))?;
        let min = PrimeNetwork::new(pn, &self.reader)
            .calculateMinimumStake(provider, U256::ZERO)
            .call()
            .await
            .map_err(|e| read_error("PrimeNetwork.calculateMinimumStake", e, &dec))?;
        let unbonds = sm
            .getPendingUnbonds(provider)
            .call()
            .await
            .map_err(|e| read_error("StakeManager.getPendingUnbonds", e, &dec))?;
        let mut r = Record::default();
        r.addr("provider", provider);
        r.tokens("stake", stake);
        r.tokens("minimumForNodes", min);
        let list: Vec<serde_json::Value> = unbonds
            .iter()
            .map(|u| serde_json::json!({"amount": u.amount.to_string(), "unlocksAt": u.timestamp.to_string()}))
            .collect();
        let text: Vec<String> = unbonds
            .iter()
            .map(|u| {
                format!(
                    "{} AI at unix time {}",
                    format_tokens(u.amount),
                    u.timestamp
                )
            })
            .collect();
        r.put(
            "unbonding",
            list.into(),
            if text.is_empty() {
                "none".to_string()
            } else {
                text.join(", ")
            },
        );
        Ok(r)
    }

    /// `StakeManager.withdraw()`: the signing account's matured unbonds.
    pub async fn stake_withdraw(&self) -> Result<TxOutcome> {
        let sm = self.contract("StakeManager").await?;
        self.send("StakeManager.withdraw", sm, "withdraw()", &[])
            .await
    }

    // --- programs ---

    /// `ArbWasmCache.cacheProgram(program)` (a chain owner or cache manager: on nitro-devnode
    /// every dev account): calls of the program's code then pay the cached entry cost.
    pub async fn cache_program(&self, program: Address) -> Result<TxOutcome> {
        if self.code_at(program).await?.is_empty() {
            bail!(
                "no program at {program} on the chain at {}: nothing to cache",
                self.url
            );
        }
        self.send(
            "ArbWasmCache.cacheProgram",
            ARB_WASM_CACHE,
            "cacheProgram(address)",
            &[DynSolValue::Address(program)],
        )
        .await
    }

    /// Whether the code at `program` is cached (`ArbWasmCache.codehashIsCached`).
    pub async fn is_program_cached(&self, program: Address) -> Result<bool> {
        let code = self.code_at(program).await?;
        ArbWasmCache::new(ARB_WASM_CACHE, &self.reader)
            .codehashIsCached(keccak256(&code))
            .call()
            .await
            .map_err(|e| read_error("ArbWasmCache.codehashIsCached", e, &self.decoder()))
    }

    /// What entering `program` costs on every call (`ArbWasm.programInitGas`): uncached
    /// (initGas + cachedGas) and cached (cachedGas), besides the memory model's page gas.
    pub async fn program_entry_gas(&self, program: Address) -> Result<(u64, u64)> {
        let r = ArbWasm::new(ARB_WASM, &self.reader)
            .programInitGas(program)
            .call()
            .await
            .map_err(|e| read_error("ArbWasm.programInitGas", e, &self.decoder()))?;
        Ok((r.gas, r.gasWhenCached))
    }

    /// The Stylus programs a mined transaction entered, from its stylusTracer trace.
    pub async fn program_entries(&self, tx: &TxOutcome) -> Result<ProgramEntries> {
        let trace = stylus_trace(&self.reader, tx.hash).await?;
        ProgramEntries::from_trace(&trace, tx.to.unwrap_or_default())
            .map_err(|e| anyhow!("{} ({}): {e}", tx.what, tx.hash))
    }
}

/// The node functions of PrimeNetwork that take `(provider, node)`.
#[derive(Clone, Copy, Debug)]
pub enum NodeCall {
    /// `validateNode` (validator).
    Validate,
    /// `invalidateNode` (validator).
    Invalidate,
    /// `removeComputeNode` (the provider or the validator).
    Remove,
}

/// What a pool blacklists.
#[derive(Clone, Copy, Debug)]
pub enum Blacklist {
    /// One node.
    Node(Address),
    /// A provider.
    Provider(Address),
}

/// How work is invalidated.
#[derive(Clone, Copy, Debug)]
pub enum Invalidation {
    /// `invalidateWork`: slash `penalty` of the provider's stake.
    Hard {
        /// Slashed stake, in wei.
        penalty: U256,
    },
    /// `softInvalidateWork`: remove `units` work units.
    Soft {
        /// Work units removed.
        units: U256,
    },
}

fn uint(v: U256) -> DynSolValue {
    DynSolValue::Uint(v, 256)
}

/// `key ‖ units` (64 bytes), or the key alone: the `data` of submitWork and the
/// invalidations (spec §3.9).
pub fn work_data(key: B256, units: Option<U256>) -> Vec<u8> {
    let mut d = key.to_vec();
    if let Some(u) = units {
        d.extend_from_slice(&u.to_be_bytes::<32>());
    }
    d
}

/// The address of a private key.
pub fn address_of(key: &B256) -> Result<Address> {
    Ok(PrivateKeySigner::from_bytes(key)
        .map_err(|e| anyhow!("not a valid private key: {e}"))?
        .address())
}
