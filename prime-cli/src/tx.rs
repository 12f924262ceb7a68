//! Signing providers, transactions and receipts: one [`Sender`] per key, which estimates gas
//! (surfacing reverts with their decoded reason), sends, waits for the receipt and turns a
//! failed receipt into an error naming the contract error.

use std::time::{Duration, Instant};

use alloy::{
    dyn_abi::{DynSolValue, JsonAbiExt},
    json_abi::Function,
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, Bytes, B256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{TransactionReceipt, TransactionRequest},
    signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, bail, Context, Result};

use crate::revert::{revert_data_of_transport, RevertDecoder};

/// Builds a signing provider for `key` on `url`. The nonce is read from the node for each
/// transaction (a cached nonce would drift when a transaction fails gas estimation).
pub fn signer_provider(url: &str, key: B256) -> Result<DynProvider> {
    let signer = PrivateKeySigner::from_bytes(&key).context("invalid private key")?;
    let url: alloy::transports::http::reqwest::Url = url
        .parse()
        .with_context(|| format!("invalid RPC URL {url}"))?;
    // reqwest's defaults (keep-alive, 90 s idle pool), as the reference client uses them.
    let http = alloy::transports::http::reqwest::Client::new();
    let is_local = url
        .host_str()
        .is_some_and(|h| h == "localhost" || h.starts_with("127."));
    let client = alloy::rpc::client::RpcClient::new(
        alloy::transports::http::Http::with_client(http, url),
        is_local,
    );
    Ok(ProviderBuilder::new()
        .disable_recommended_fillers()
        .with_gas_estimation()
        .with_simple_nonce_management()
        .fetch_chain_id()
        .wallet(EthereumWallet::from(signer))
        .connect_client(client)
        .erased())
}

/// Calldata for `sig` (e.g. `"mint(address,uint256)"`) with `values`.
pub fn calldata(sig: &str, values: &[DynSolValue]) -> Result<Vec<u8>> {
    let f = Function::parse(sig).map_err(|e| anyhow!("bad signature {sig}: {e}"))?;
    f.abi_encode_input(values)
        .map_err(|e| anyhow!("arguments of {sig}: {e}"))
}

/// A deployer/federator session on one chain: sends transactions, waits for receipts, and
/// turns failures into errors with decoded revert reasons.
pub struct Sender {
    /// The signing provider.
    pub provider: DynProvider,
    /// Its address.
    pub from: Address,
    /// Revert decoder.
    pub decoder: RevertDecoder,
}

impl Sender {
    /// A sender for `key` on `url`.
    pub fn new(url: &str, key: B256, decoder: RevertDecoder) -> Result<Self> {
        let from = PrivateKeySigner::from_bytes(&key)?.address();
        Ok(Self {
            provider: signer_provider(url, key)?,
            from,
            decoder,
        })
    }

    /// Sends `tx` (gas estimated with a 20 % margin), waits for the receipt, and fails with
    /// the decoded revert reason when estimation or execution reverts.
    pub async fn send(&self, what: &str, tx: TransactionRequest) -> Result<TransactionReceipt> {
        let tx = tx.with_from(self.from);
        let est = match self.provider.estimate_gas(tx.clone()).await {
            Ok(g) => g,
            Err(e) => match revert_data_of_transport(&e) {
                Some(data) => bail!("{what}: reverted: {}", self.decoder.decode(&data)),
                None => bail!("{what}: gas estimation failed: {e}"),
            },
        };
        let tx = tx.with_gas_limit(est + est / 5);
        let pending = self
            .provider
            .send_transaction(tx.clone())
            .await
            .map_err(|e| anyhow!("{what}: transaction rejected: {e}"))?;
        let receipt = wait_receipt(&self.provider, *pending.tx_hash(), Duration::from_secs(300))
            .await
            .map_err(|e| anyhow!("{what}: {e}"))?;
        if !receipt.status() {
            // Replay at the head to recover the revert data (dev chains keep no history).
            let reason = match self.provider.call(tx).await {
                Err(e) => revert_data_of_transport(&e)
                    .map(|d| self.decoder.decode(&d))
                    .unwrap_or_else(|| e.to_string()),
                Ok(_) => "(the replay succeeded; out of gas?)".into(),
            };
            bail!(
                "{what}: transaction {} failed: {reason}",
                receipt.transaction_hash
            );
        }
        Ok(receipt)
    }

    /// Sends calldata to `to`.
    pub async fn call_tx(
        &self,
        what: &str,
        to: Address,
        data: Vec<u8>,
    ) -> Result<TransactionReceipt> {
        self.send(
            what,
            TransactionRequest::default()
                .with_to(to)
                .with_input(Bytes::from(data)),
        )
        .await
    }
}

/// Polls `eth_getTransactionReceipt` until the receipt is there (20 ms, then up to 200 ms
/// between polls), or fails after `timeout`.
pub async fn wait_receipt<P: Provider>(
    p: &P,
    hash: B256,
    timeout: Duration,
) -> Result<TransactionReceipt> {
    let t0 = Instant::now();
    let mut delay = Duration::from_millis(20);
    loop {
        if let Some(r) = p.get_transaction_receipt(hash).await? {
            return Ok(r);
        }
        if t0.elapsed() > timeout {
            bail!("no receipt for {hash} after {} s", timeout.as_secs());
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_millis(200));
    }
}

/// A provider without a wallet, for reads.
pub fn read_provider(url: &str) -> Result<DynProvider> {
    let url: alloy::transports::http::reqwest::Url = url
        .parse()
        .with_context(|| format!("invalid RPC URL {url}"))?;
    Ok(ProviderBuilder::new()
        .disable_recommended_fillers()
        .connect_http(url)
        .erased())
}
