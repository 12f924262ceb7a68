//! The typed request enum: one variant per method (aliases share one), its parameters read
//! by position into typed fields with serde. A bad parameter is named in the error:
//! `invalid params: eth_getBalance: param 0 (address): …`.

use super::{params::*, RpcError};
use alloy_primitives::{Address, B256};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads a method's positional parameters.
struct Params<'a> {
    method: &'a str,
    values: Vec<Value>,
    next: usize,
}

impl<'a> Params<'a> {
    fn new(method: &'a str, values: Vec<Value>) -> Self {
        Self {
            method,
            values,
            next: 0,
        }
    }

    /// The next parameter, named `name` in errors. A missing one reads as `null`, so optional
    /// (`Option`) parameters may be left out.
    fn next<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, RpcError> {
        let (i, method) = (self.next, self.method);
        self.next += 1;
        match self.values.get_mut(i).map(std::mem::take) {
            Some(v) => T::deserialize(v).map_err(|e| {
                RpcError::invalid_params(format!("{method}: param {i} ({name}): {e}"))
            }),
            None => T::deserialize(Value::Null).map_err(|_| {
                RpcError::invalid_params(format!(
                    "{method}: missing value for required argument {i} ({name})"
                ))
            }),
        }
    }

    /// Refuses parameters beyond the method's (as geth does).
    fn finish(self) -> Result<(), RpcError> {
        if self.values.len() > self.next {
            return Err(RpcError::invalid_params(format!(
                "{}: too many arguments, want at most {}",
                self.method, self.next
            )));
        }
        Ok(())
    }
}

macro_rules! methods {
    ($( $($name:literal)|+ => $variant:ident { $($field:ident : $ty:ty),* $(,)? } ),* $(,)?) => {
        /// A parsed JSON-RPC request.
        #[derive(Debug, Clone)]
        pub enum EthRequest {
            $( $variant { $($field: $ty),* } ),*
        }

        impl EthRequest {
            /// Parses `method` with its positional `params`.
            pub fn parse(method: &str, params: Vec<Value>) -> Result<Self, RpcError> {
                match method {
                    $( $($name)|+ => {
                        #[allow(unused_mut)]
                        let mut p = Params::new(method, params);
                        let request = Self::$variant { $($field: p.next(stringify!($field))?),* };
                        p.finish()?;
                        Ok(request)
                    } )*
                    _ => Err(RpcError::new(
                        -32601,
                        format!("the method {method} does not exist/is not available"),
                    )),
                }
            }
        }
    };
}

methods! {
    "web3_clientVersion" => ClientVersion {},
    "web3_sha3" => Sha3 { data: HexBytes },
    "net_version" => NetVersion {},
    "net_listening" => NetListening {},
    "net_peerCount" => NetPeerCount {},
    "eth_chainId" => ChainId {},
    "eth_syncing" => Syncing {},
    "eth_mining" => Mining {},
    "eth_hashrate" => Hashrate {},
    "eth_protocolVersion" => ProtocolVersion {},
    "eth_coinbase" => Coinbase {},
    "eth_accounts" | "personal_listAccounts" => Accounts {},
    "eth_blockNumber" => BlockNumber {},
    "eth_gasPrice" => GasPrice {},
    "eth_maxPriorityFeePerGas" => MaxPriorityFeePerGas {},
    "eth_blobBaseFee" => BlobBaseFee {},
    "eth_feeHistory" => FeeHistory { block_count: U64, newest_block: Block, reward_percentiles: Option<Percentiles> },
    "eth_getBalance" => GetBalance { address: Address, block: Option<Block> },
    "eth_getTransactionCount" => GetTransactionCount { address: Address, block: Option<Block> },
    "eth_getCode" => GetCode { address: Address, block: Option<Block> },
    "eth_getStorageAt" => GetStorageAt { address: Address, slot: Q256, block: Option<Block> },
    "eth_call" => Call { transaction: CallRequest, block: Option<Block>, state_overrides: Option<Overrides> },
    "eth_estimateGas" => EstimateGas { transaction: CallRequest, block: Option<Block> },
    "eth_sendRawTransaction" => SendRawTransaction { transaction: HexBytes },
    "eth_sendTransaction" => SendTransaction { transaction: CallRequest },
    "eth_getTransactionByHash" => GetTransactionByHash { hash: B256 },
    "eth_getTransactionReceipt" => GetTransactionReceipt { hash: B256 },
    "eth_getBlockByNumber" => GetBlockByNumber { block: Block, full_transactions: Option<bool> },
    "eth_getBlockByHash" => GetBlockByHash { hash: B256, full_transactions: Option<bool> },
    "eth_getBlockTransactionCountByNumber" => GetBlockTransactionCountByNumber { block: Block },
    "eth_getUncleCountByBlockNumber" => UncleCountByNumber { block: Block },
    "eth_getUncleCountByBlockHash" => UncleCountByHash { hash: B256 },
    "eth_getLogs" => GetLogs { filter: Filter },
    "eth_newFilter" => NewFilter { filter: Filter },
    "eth_newBlockFilter" => NewBlockFilter {},
    "eth_newPendingTransactionFilter" => NewPendingTransactionFilter {},
    "eth_getFilterChanges" => GetFilterChanges { id: U64 },
    "eth_getFilterLogs" => GetFilterLogs { id: U64 },
    "eth_uninstallFilter" => UninstallFilter { id: U64 },
    "eth_subscribe" => Subscribe { kind: SubscriptionKind, filter: Option<Filter> },
    "eth_unsubscribe" => Unsubscribe { id: String },
    "evm_increaseTime" => IncreaseTime { seconds: U64 },
    "evm_setNextBlockTimestamp" | "anvil_setNextBlockTimestamp" => SetNextBlockTimestamp { timestamp: U64 },
    "evm_mine" => EvmMine { options: Option<MineOptions> },
    "anvil_mine" => AnvilMine { blocks: Option<U64>, interval: Option<U64> },
    "evm_snapshot" | "anvil_snapshot" => Snapshot {},
    "evm_revert" | "anvil_revert" => Revert { id: U64 },
    "anvil_setBalance" => SetBalance { address: Address, balance: Q256 },
    "anvil_nodeInfo" | "nitrodevnode_info" => NodeInfo {},
    "nitrodevnode_dumpState" | "anvil_dumpState" => DumpState {},
    "debug_traceCall" => TraceCall { transaction: CallRequest, block: Option<Block>, options: Option<TraceOptions> },
    "debug_traceTransaction" => TraceTransaction { hash: B256, options: Option<TraceOptions> },
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(method: &str, params: Value) -> String {
        let Value::Array(p) = params else { panic!() };
        EthRequest::parse(method, p).unwrap_err().message
    }

    #[test]
    fn errors_name_the_parameter() {
        assert_eq!(
            err("eth_getBalance", json!(["0x12"])),
            "invalid params: eth_getBalance: param 0 (address): invalid string length"
        );
        assert_eq!(
            err("eth_getBalance", json!([])),
            "invalid params: eth_getBalance: missing value for required argument 0 (address)"
        );
        let m = err("eth_getBalance", json!([Address::ZERO, "0x001"]));
        assert!(
            m.starts_with("invalid params: eth_getBalance: param 1 (block): "),
            "{m}"
        );
        let m = err("eth_chainId", json!([1]));
        assert!(m.contains("too many arguments"), "{m}");
        let m = err("eth_sendRawTransaction", json!(["f86c"]));
        assert!(
            m.contains("param 0 (transaction): hex string without 0x prefix"),
            "{m}"
        );
        assert_eq!(
            EthRequest::parse("eth_nope", vec![]).unwrap_err().code,
            -32601
        );
        assert!(matches!(
            EthRequest::parse("eth_getBalance", vec![json!(Address::ZERO)]),
            Ok(EthRequest::GetBalance { block: None, .. })
        ));
    }
}
