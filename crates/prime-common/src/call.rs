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

/// ABI-encoded data read by position: a function's arguments (the calldata after its
/// selector, [`Words::args`]) or a call's return data. Reads are validated as Solidity's
/// decoder validates them: data too short for what is read, an offset or a length out of
/// range, or an `address` with non-zero high bytes reverts with empty data.
///
/// Functions with dynamic arguments (`bytes`, `string`, arrays) are decoded with this
/// instead of the SDK router's generic decoder, which instantiates alloy's token decoder
/// per argument list (about 2 KB of compressed program for ComputePool's few such
/// functions).
#[derive(Clone, Copy)]
pub struct Words<'a>(pub &'a [u8]);

fn bad_data() -> Revert {
    Revert::Data(Vec::new())
}

impl<'a> Words<'a> {
    /// The arguments of `calldata`: what follows its 4-byte selector.
    pub fn args(calldata: &'a [u8]) -> Self {
        Words(calldata.get(4..).unwrap_or(&[]))
    }

    fn raw(&self, i: usize) -> Result<&'a [u8; 32]> {
        self.0
            .get(32 * i..)
            .and_then(<[u8]>::first_chunk)
            .ok_or_else(bad_data)
    }

    /// Word `i`, which must have `zeros` leading zero bytes.
    fn narrow(&self, i: usize, zeros: usize) -> Result<&'a [u8; 32]> {
        let w = self.raw(i)?;
        if w[..zeros].iter().any(|&b| b != 0) {
            return Err(bad_data());
        }
        Ok(w)
    }

    /// Word `i` (`uint256`).
    pub fn word(&self, i: usize) -> Result<U256> {
        Ok(U256::from_be_bytes(*self.raw(i)?))
    }

    /// Word `i` as an `address`.
    pub fn address(&self, i: usize) -> Result<Address> {
        let w = self.narrow(i, 12)?;
        Ok(Address::from_word(B256::new(*w)))
    }

    /// Word `i` as a `bool` (0 or 1).
    pub fn flag(&self, i: usize) -> Result<bool> {
        match self.narrow(i, 31)?[31] {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(bad_data()),
        }
    }

    fn small(&self, i: usize) -> Result<usize> {
        let w = self.narrow(i, 28)?;
        Ok(u32::from_be_bytes([w[28], w[29], w[30], w[31]]) as usize)
    }

    /// The dynamic value whose offset is word `i`: its length and what follows the length.
    fn dynamic(&self, i: usize) -> Result<(usize, Words<'a>)> {
        let rest = self.0.get(self.small(i)?..).ok_or_else(bad_data)?;
        let len = Words(rest).small(0)?;
        Ok((len, Words(&rest[32..])))
    }

    /// The elements of the array whose offset is word `i` (each read with `read`).
    fn list<T>(&self, i: usize, read: impl Fn(&Words<'a>, usize) -> Result<T>) -> Result<Vec<T>> {
        let (len, items) = self.dynamic(i)?;
        if len > items.0.len() / 32 {
            return Err(bad_data());
        }
        // A loop rather than `collect::<Result<_>>()`: less code per element type.
        let mut out = Vec::with_capacity(len);
        for k in 0..len {
            out.push(read(&items, k)?);
        }
        Ok(out)
    }

    /// The `bytes` or `string` whose offset is word `i`.
    pub fn bytes(&self, i: usize) -> Result<&'a [u8]> {
        let (len, data) = self.dynamic(i)?;
        data.0.get(..len).ok_or_else(bad_data)
    }

    /// The `address[]` whose offset is word `i`.
    pub fn addresses(&self, i: usize) -> Result<Vec<Address>> {
        self.list(i, Words::address)
    }

    /// The `uint256[]` whose offset is word `i`.
    pub fn words(&self, i: usize) -> Result<Vec<U256>> {
        self.list(i, Words::word)
    }

    /// The `bytes[]` whose offset is word `i`.
    pub fn bytes_list(&self, i: usize) -> Result<Vec<&'a [u8]>> {
        self.list(i, Words::bytes)
    }
}

/// The first four bytes of `calldata` (zeros if shorter).
pub fn selector(calldata: &[u8]) -> [u8; 4] {
    match calldata {
        [a, b, c, d, ..] => [*a, *b, *c, *d],
        _ => [0; 4],
    }
}

/// A call's return data (see [`Words`]).
pub struct Return(pub Vec<u8>);

impl Return {
    /// The data as [`Words`].
    pub fn words(&self) -> Words<'_> {
        Words(&self.0)
    }

    /// Word `i`.
    pub fn word(&self, i: usize) -> Result<U256> {
        self.words().word(i)
    }

    /// Word `i` as an address.
    pub fn address(&self, i: usize) -> Result<Address> {
        self.words().address(i)
    }

    /// Word `i` as a bool.
    pub fn flag(&self, i: usize) -> Result<bool> {
        self.words().flag(i)
    }

    /// The `address[]` whose offset is word `i`.
    pub fn addresses(&self, i: usize) -> Result<Vec<Address>> {
        self.words().addresses(i)
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

    #[test]
    fn arguments_decode_as_solidity_s_decoder() {
        sol! {
            function j(uint256 id, address p, address[] n, uint256[] e, bytes[] s, string u, bool f) external;
        }
        let (x, y) = (
            address!("00000000000000000000000000000000000000a1"),
            address!("00000000000000000000000000000000000000a2"),
        );
        let call = jCall {
            id: U256::from(3),
            p: x,
            n: vec![x, y],
            e: vec![U256::from(1), U256::MAX],
            s: vec![vec![1; 65].into(), vec![].into(), vec![2; 3].into()],
            u: "ipfs://u".into(),
            f: true,
        }
        .abi_encode();
        assert_eq!(selector(&call), jCall::SELECTOR);
        let a = Words::args(&call);
        assert_eq!(a.word(0), Ok(U256::from(3)));
        assert_eq!(a.address(1), Ok(x));
        assert_eq!(a.addresses(2), Ok(vec![x, y]));
        assert_eq!(a.words(3), Ok(vec![U256::from(1), U256::MAX]));
        assert_eq!(
            a.bytes_list(4),
            Ok(vec![&[1u8; 65][..], &[][..], &[2u8; 3][..]])
        );
        assert_eq!(a.bytes(5), Ok(&b"ipfs://u"[..]));
        assert_eq!(a.flag(6), Ok(true));

        fn empty<T>() -> Result<T> {
            Err(Revert::Data(Vec::new()))
        }
        // Past the end, a dirty address, a bool other than 0 or 1.
        assert_eq!(a.word(40), empty());
        let mut dirty = call.clone();
        dirty[4 + 32] = 1;
        assert_eq!(Words::args(&dirty).address(1), empty());
        let mut two = call.clone();
        two[4 + 7 * 32 - 1] = 2;
        assert_eq!(Words::args(&two).flag(6), empty());
        // An offset or a length out of range.
        let mut far = call.clone();
        far[4 + 3 * 32 - 1] = 0xff;
        assert_eq!(Words::args(&far).addresses(2), empty());
        let mut long = call.clone();
        let at = 4 + usize::try_from(a.word(5).unwrap()).unwrap();
        long[at + 31] = 0xff;
        assert_eq!(Words::args(&long).bytes(5), empty());
        assert_eq!(Words::args(&call[..40]).addresses(2), empty());
        assert_eq!(selector(&[1, 2]), [0; 4]);
    }
}
