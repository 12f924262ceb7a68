//! [`AbiString`]: a Solidity `string` argument or return value kept as its bytes.
//!
//! The SDK decodes a `String` argument with alloy's validating decoder, which rejects
//! invalid UTF-8 and pulls UTF-8 validation and lossy conversion into every program that
//! takes a string (about 1.5 KB of code per program). Solidity does not validate strings:
//! a `string` is its bytes. This type has the ABI name `string` (so selectors and the
//! exported ABI are unchanged) and the wire format of `bytes` (which is a string's), and
//! keeps the bytes as they came, as the reference does.

use alloc::vec::Vec;

use alloy_primitives::{keccak256, B256 as Word};
use alloy_sol_types::{abi::token::PackedSeqToken, private::SolTypeValue, SolType, SolValue};
use stylus_sdk::abi::{AbiType, ConstString};

/// A Solidity `string` as its bytes (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AbiString(pub Vec<u8>);

impl AbiString {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<&str> for AbiString {
    fn from(s: &str) -> Self {
        AbiString(s.as_bytes().to_vec())
    }
}

impl From<alloc::string::String> for AbiString {
    fn from(s: alloc::string::String) -> Self {
        AbiString(s.into_bytes())
    }
}

impl SolTypeValue<Self> for AbiString {
    fn stv_to_tokens(&self) -> PackedSeqToken<'_> {
        PackedSeqToken(&self.0)
    }

    fn stv_abi_encoded_size(&self) -> usize {
        32 + self.0.len().div_ceil(32) * 32
    }

    fn stv_abi_packed_encoded_size(&self) -> usize {
        self.0.len()
    }

    fn stv_eip712_data_word(&self) -> Word {
        keccak256(&self.0)
    }

    fn stv_abi_encode_packed_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

impl SolType for AbiString {
    type RustType = AbiString;
    type Token<'a> = PackedSeqToken<'a>;

    const SOL_NAME: &'static str = "string";
    const ENCODED_SIZE: Option<usize> = None;
    const PACKED_ENCODED_SIZE: Option<usize> = None;

    fn valid_token(_: &Self::Token<'_>) -> bool {
        true
    }

    fn detokenize(token: Self::Token<'_>) -> Self::RustType {
        AbiString(token.0.to_vec())
    }
}

impl SolValue for AbiString {
    type SolType = Self;
}

impl AbiType for AbiString {
    type SolType = Self;

    const ABI: ConstString = ConstString::new("string");
    const EXPORT_ABI_ARG: ConstString = ConstString::new("string calldata");
    const EXPORT_ABI_RET: ConstString = ConstString::new("string memory");
}

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for AbiString {}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use alloy_sol_types::{sol_data, SolType};

    use super::*;

    #[test]
    fn same_wire_format_as_string_and_bytes_kept() {
        for s in ["", "ipfs://pool", &"x".repeat(70)] {
            let a = AbiString::from(s);
            let encoded = <(AbiString,) as SolType>::abi_encode_params(&(a.clone(),));
            assert_eq!(
                encoded,
                <(sol_data::String,) as SolType>::abi_encode_params(&(String::from(s),))
            );
            assert_eq!(
                <(AbiString,) as SolType>::abi_decode_params(&encoded, true)
                    .unwrap()
                    .0,
                a
            );
        }
        // Invalid UTF-8 is kept as it came (alloy's `string` would refuse it).
        let raw = AbiString(vec![0xff, 0xfe, b'a']);
        let encoded = <(AbiString,) as SolType>::abi_encode_params(&(raw.clone(),));
        assert_eq!(
            <(AbiString,) as SolType>::abi_decode_params(&encoded, true)
                .unwrap()
                .0,
            raw
        );
        assert_eq!(<AbiString as AbiType>::ABI.as_str(), "string");
    }
}
