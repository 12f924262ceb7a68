//! The dev accounts' keys and signing for `eth_sendTransaction`.

use super::{genesis, ChainError};
use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy_primitives::{Address, Signature, B256};
use k256::ecdsa::SigningKey;

#[derive(Debug, Clone)]
pub struct DevSigner {
    keys: Vec<(Address, SigningKey)>,
}

impl DevSigner {
    /// The first `n` dev keys (nitro-devnode's, then anvil's, then derived ones).
    pub fn new(n: usize) -> Self {
        let keys = (0..n)
            .filter_map(|i| SigningKey::from_slice(genesis::dev_key(i).as_slice()).ok())
            .map(|k| (Address::from_private_key(&k), k))
            .collect();
        Self { keys }
    }

    pub fn accounts(&self) -> Vec<Address> {
        self.keys.iter().map(|(a, _)| *a).collect()
    }

    pub fn keys(&self) -> Vec<B256> {
        self.keys
            .iter()
            .map(|(_, k)| B256::from_slice(&k.to_bytes()))
            .collect()
    }

    /// Signs `tx` as dev account `from`.
    pub fn sign(&self, from: Address, tx: TxEip1559) -> Result<TxEnvelope, ChainError> {
        let key = self
            .keys
            .iter()
            .find(|(a, _)| *a == from)
            .map(|(_, k)| k)
            .ok_or_else(|| ChainError::InvalidTx(format!("unknown account {from}")))?;
        let (sig, recid) = key
            .sign_prehash_recoverable(tx.signature_hash().as_slice())
            .map_err(|e| ChainError::Internal(format!("signing failed: {e}")))?;
        let signature = Signature::from_signature_and_parity(sig, recid.is_y_odd());
        Ok(TxEnvelope::from(tx.into_signed(signature)))
    }
}
