//! Transaction validation: decoding a raw transaction, the checks that do not depend on
//! state (type, chain id, gas, fee, EIP-2681 nonce), and the sender's nonce and funds.

use super::{ChainConfig, ChainError};
use alloy_consensus::{transaction::RlpEcdsaDecodableTx, Transaction as _, TxEnvelope, TxLegacy};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{Address, U256};
use revm::context::TxEnv;

/// Decodes a signed, EIP-2718 encoded transaction and recovers its sender.
pub fn decode_raw(raw: &[u8]) -> Result<(TxEnvelope, Address), ChainError> {
    let invalid = |what: String| ChainError::InvalidParams(format!("invalid transaction: {what}"));
    let env = match raw.first() {
        None => return Err(invalid("empty".into())),
        // An RLP list: a legacy transaction (EIP-2718: type bytes are 0x00..=0x7f).
        Some(b) if *b >= 0xc0 => {
            let mut buf = raw;
            let signed = TxLegacy::rlp_decode_signed(&mut buf)
                .map_err(|e| invalid(format!("legacy transaction: {e}")))?;
            if !buf.is_empty() {
                return Err(invalid(format!(
                    "legacy transaction: {} bytes after its end",
                    buf.len()
                )));
            }
            TxEnvelope::Legacy(signed)
        }
        Some(ty) => TxEnvelope::decode_2718_exact(raw)
            .map_err(|e| invalid(format!("type {ty} transaction: {e}")))?,
    };
    let from = alloy_consensus::transaction::SignerRecoverable::recover_signer(&env)
        .map_err(|_| ChainError::InvalidTx("invalid signature: cannot recover sender".into()))?;
    Ok((env, from))
}

/// Checks that need no state; returns the most the transaction can cost its sender (gas
/// limit times max fee, plus value).
pub fn check_static(env: &TxEnvelope, config: &ChainConfig) -> Result<U256, ChainError> {
    let invalid = |m: String| Err(ChainError::InvalidTx(m));
    match env {
        TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_) => {}
        _ => return invalid("transaction type not supported".into()),
    }
    if let Some(id) = env.chain_id() {
        if id != config.chain_id {
            return invalid(format!(
                "invalid chain id for signer: have {id}, want {}",
                config.chain_id
            ));
        }
    }
    // EIP-2681: a nonce must stay below 2^64 - 1 after the transaction.
    if env.nonce() == u64::MAX {
        return invalid("nonce has max value: 2^64-1 is not a valid nonce (EIP-2681)".into());
    }
    if env.gas_limit() > config.block_gas_limit {
        return invalid("exceeds block gas limit".into());
    }
    if env.max_fee_per_gas() < u128::from(config.base_fee) {
        return invalid(format!(
            "max fee per gas less than block base fee: maxFeePerGas: {}, baseFee: {}",
            env.max_fee_per_gas(),
            config.base_fee
        ));
    }
    U256::from(env.gas_limit())
        .checked_mul(U256::from(env.max_fee_per_gas()))
        .and_then(|c| c.checked_add(env.value()))
        .ok_or_else(|| {
            ChainError::InvalidTx("insufficient funds for gas * price + value: overflow".into())
        })
}

/// The sender's nonce must be the transaction's and its balance must cover `cost`.
pub fn check_account(
    from: Address,
    nonce: u64,
    have_nonce: u64,
    balance: U256,
    cost: U256,
) -> Result<(), ChainError> {
    if nonce < have_nonce {
        return Err(ChainError::InvalidTx(format!(
            "nonce too low: next nonce {have_nonce}, tx nonce {nonce}"
        )));
    }
    if nonce > have_nonce {
        return Err(ChainError::InvalidTx(format!(
            "nonce too high: next nonce {have_nonce}, tx nonce {nonce}"
        )));
    }
    if balance < cost {
        return Err(ChainError::InvalidTx(format!(
            "insufficient funds for gas * price + value: address {from} have {balance} want {cost}"
        )));
    }
    Ok(())
}

/// revm's view of a validated transaction.
pub fn tx_env(env: &TxEnvelope, from: Address) -> TxEnv {
    TxEnv {
        tx_type: env.tx_type() as u8,
        caller: from,
        gas_limit: env.gas_limit(),
        gas_price: env.max_fee_per_gas(),
        kind: env.kind(),
        value: env.value(),
        data: env.input().clone(),
        nonce: env.nonce(),
        chain_id: env.chain_id(),
        access_list: env.access_list().cloned().unwrap_or_default(),
        gas_priority_fee: env.max_priority_fee_per_gas(),
        ..Default::default()
    }
}

/// geth's wording for revm's validation errors.
pub fn tx_error_message(s: &str) -> String {
    let l = s.to_lowercase();
    if l.contains("nonce") && l.contains("low") {
        format!("nonce too low: {s}")
    } else if l.contains("lack of funds") || l.contains("balance") {
        format!("insufficient funds for gas * price + value: {s}")
    } else if l.contains("intrinsic") || l.contains("gas floor") {
        format!("intrinsic gas too low: {s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &[u8]) -> String {
        decode_raw(raw).unwrap_err().to_string()
    }

    #[test]
    fn decode_errors_say_what_is_wrong() {
        assert!(message(&[]).contains("empty"));
        // A legacy transaction (RLP list) cut short.
        let m = message(&[0xf8, 0x6b, 0x01]);
        assert!(
            m.contains("legacy transaction") && !m.contains("type flag"),
            "{m}"
        );
        // A list of the wrong shape.
        let m = message(&[0xc1, 0x80]);
        assert!(m.contains("legacy transaction"), "{m}");
        // Typed ones name their type.
        let m = message(&[0x02, 0xc0]);
        assert!(m.contains("type 2 transaction"), "{m}");
        let m = message(&[0x7f, 0x00]);
        assert!(m.contains("type 127"), "{m}");
    }
}
