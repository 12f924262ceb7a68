//! Calls to other contracts: ABI encoding of the arguments, the call itself, and reading the
//! returned words. The typed wrappers in [`crate::interfaces`] are built on this; contracts
//! call those, never this module with a hand-written selector.
//!
//! One small encoder and one call path per program instead of `sol_interface!`'s per-method
//! encoder and decoder (0.4-1.3 KB of program each, engineering.md §9).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::call::RawCall;

use crate::revert::{Result, Revert};

/// One argument: a static 32-byte word, or dynamic `bytes`/`string` data.
pub enum Arg<'a> {
    /// `uint256`, `address`, `bool`, `bytes32`, … as its word.
    Word([u8; 32]),
    /// `bytes` or `string`.
    Bytes(&'a [u8]),
    /// `address[]`.
    Addresses(&'a [Address]),
}

impl From<U256> for Arg<'_> {
    fn from(v: U256) -> Self {
        Arg::Word(v.to_be_bytes())
    }
}

impl From<Address> for Arg<'_> {
    fn from(a: Address) -> Self {
        Arg::Word(a.into_word().0)
    }
}

impl From<B256> for Arg<'_> {
    fn from(w: B256) -> Self {
        Arg::Word(w.0)
    }
}

impl From<bool> for Arg<'_> {
    fn from(b: bool) -> Self {
        let mut w = [0u8; 32];
        w[31] = b as u8;
        Arg::Word(w)
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(data: &'a [u8]) -> Self {
        Arg::Bytes(data)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Bytes(s.as_bytes())
    }
}

/// `abi.encodeWithSelector(selector, args…)`: the selector, then [`encode_params`].
pub fn encode(selector: [u8; 4], args: &[Arg]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 32 * args.len());
    out.extend_from_slice(&selector);
    encode_params_into(&mut out, args);
    out
}

/// `abi.encode(args…)`: the heads (words, or the offsets of dynamic arguments), then each
/// dynamic argument as its length and its data padded to 32 bytes (event data, return data).
pub fn encode_params(args: &[Arg]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * args.len());
    encode_params_into(&mut out, args);
    out
}

fn encode_params_into(head: &mut Vec<u8>, args: &[Arg]) {
    let mut tail = Vec::new();
    for arg in args {
        let w = match arg {
            Arg::Word(w) => *w,
            Arg::Bytes(data) => {
                let offset = U256::from(32 * args.len() + tail.len()).to_be_bytes();
                tail.extend_from_slice(&U256::from(data.len()).to_be_bytes::<32>());
                tail.extend_from_slice(data);
                tail.resize(tail.len().div_ceil(32) * 32, 0);
                offset
            }
            Arg::Addresses(list) => {
                let offset = U256::from(32 * args.len() + tail.len()).to_be_bytes();
                tail.extend_from_slice(&U256::from(list.len()).to_be_bytes::<32>());
                for a in list.iter() {
                    tail.extend_from_slice(a.into_word().as_slice());
                }
                offset
            }
        };
        head.extend_from_slice(&w);
    }
    head.extend_from_slice(&tail);
}

/// ABI-encoded return data, read word by word. Data too short for what is read reverts
/// with empty data, as Solidity's decoder does.
pub struct Return(pub Vec<u8>);

impl Return {
    /// Word `i`.
    pub fn word(&self, i: usize) -> Result<U256> {
        self.0
            .get(32 * i..32 * i + 32)
            .map(U256::from_be_slice)
            .ok_or(Revert::Data(Vec::new()))
    }

    /// Word `i` as an address (its low 20 bytes).
    pub fn address(&self, i: usize) -> Result<Address> {
        Ok(Address::from_word(self.word(i)?.into()))
    }

    /// Word `i` as a bool (non-zero).
    pub fn flag(&self, i: usize) -> Result<bool> {
        Ok(!self.word(i)?.is_zero())
    }

    /// Word `i` as a `usize` offset or length.
    fn index(&self, i: usize) -> Result<usize> {
        usize::try_from(self.word(i)?).map_err(|_| Revert::Data(Vec::new()))
    }

    /// The `address[]` whose offset is word `i`.
    pub fn addresses(&self, i: usize) -> Result<Vec<Address>> {
        let start = self.index(i)? / 32;
        let len = self.index(start)?;
        (0..len).map(|k| self.address(start + 1 + k)).collect()
    }
}

/// Whether `account` has code (`EXTCODEHASH` neither 0 nor `keccak256("")`).
pub fn has_code(host: &dyn stylus_sdk::prelude::Host, account: Address) -> bool {
    const EMPTY: B256 =
        alloy_primitives::b256!("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    let hash = host.code_hash(account);
    hash != B256::ZERO && hash != EMPTY
}

/// A state-changing call; `Err` carries the callee's revert data. The storage cache is
/// flushed and cleared first (the callee sees our writes, we re-read what it wrote).
pub fn call(to: Address, calldata: &[u8]) -> Result<Return> {
    // SAFETY: no storage reference lives across the call; the cache is cleared first.
    unsafe { RawCall::new().clear_storage_cache().call(to, calldata) }
        .map(Return)
        .map_err(Revert::Data)
}

/// A view call (STATICCALL); `Err` carries the callee's revert data.
pub fn view(to: Address, calldata: &[u8]) -> Result<Return> {
    // SAFETY: as `call`; a static callee cannot write, so flushing is enough.
    unsafe {
        RawCall::new_static()
            .flush_storage_cache()
            .call(to, calldata)
    }
    .map(Return)
    .map_err(Revert::Data)
}

/// A state-changing call of a function that returns nothing: like Solidity, a target
/// without code reverts (with empty data) instead of "succeeding".
pub fn call_void(host: &dyn stylus_sdk::prelude::Host, to: Address, calldata: &[u8]) -> Result<()> {
    if !has_code(host, to) {
        return Err(Revert::Data(Vec::new()));
    }
    call(to, calldata).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec;
    use alloy_primitives::address;
    use alloy_sol_types::{sol, SolCall};

    sol! {
        function f(address a, bytes b, uint256 c, string d, bool e) external;
        function g(bytes32 h, bytes s) external;
        function h() external;
    }

    #[test]
    fn encoding_is_solidity_s() {
        let a = address!("00000000000000000000000000000000000000a1");
        for (b, d) in [
            (&b""[..], ""),
            (&[7u8; 33][..], "uri"),
            (&[1u8; 64][..], "x"),
        ] {
            let want = fCall {
                a,
                b: b.to_vec().into(),
                c: U256::from(5),
                d: d.into(),
                e: true,
            }
            .abi_encode();
            let got = encode(
                fCall::SELECTOR,
                &[
                    a.into(),
                    b.into(),
                    U256::from(5).into(),
                    d.into(),
                    true.into(),
                ],
            );
            assert_eq!(got, want);
        }
        let h = B256::repeat_byte(3);
        let want = gCall {
            h,
            s: vec![9; 65].into(),
        }
        .abi_encode();
        assert_eq!(
            encode(gCall::SELECTOR, &[h.into(), (&[9u8; 65][..]).into()]),
            want
        );
        assert_eq!(encode(hCall::SELECTOR, &[]), hCall {}.abi_encode());
        // Event data: an address, a number, a string; an address array.
        use alloy_sol_types::SolValue;
        let list = [a, Address::ZERO, a];
        assert_eq!(
            encode_params(&[a.into(), U256::from(9).into(), "ipfs://x".into()]),
            (a, U256::from(9), String::from("ipfs://x")).abi_encode_params()
        );
        assert_eq!(
            encode_params(&[Arg::Addresses(&list)]),
            (list.to_vec(),).abi_encode_params()
        );
    }

    #[test]
    fn return_words_decode_or_revert_empty() {
        use alloy_sol_types::SolValue;
        let (x, y) = (
            address!("00000000000000000000000000000000000000a1"),
            address!("00000000000000000000000000000000000000a2"),
        );
        let r = Return((U256::from(7), vec![x, y], true).abi_encode_params());
        assert_eq!(r.word(0), Ok(U256::from(7)));
        assert_eq!(r.addresses(1), Ok(vec![x, y]));
        assert_eq!(r.flag(2), Ok(true));
        assert_eq!(r.word(9), Err(Revert::Data(Vec::new())));
        assert_eq!(
            Return(vec![0; 31]).address(0),
            Err(Revert::Data(Vec::new()))
        );
    }
}
