#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(not(any(test, feature = "export-abi")))]
#[no_mangle]
pub extern "C" fn main() {}

/// `abi-json` prints the JSON ABI of the address: the front's functions, the facet's
/// functions (reached through the front's fallback) and the declared events and errors.
#[cfg(feature = "export-abi")]
fn main() {
    use stylus_sdk::abi::export::GenerateAbi;
    struct Interface<T>(std::marker::PhantomData<T>);
    impl<T: GenerateAbi> std::fmt::Display for Interface<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            T::fmt_abi(f)
        }
    }
    use prime_network::{PrimeNetwork, PrimeNetworkFacet};
    if std::env::args().nth(1).as_deref() == Some("abi-json") {
        let text = format!(
            "{}\n{}",
            Interface::<PrimeNetwork>(Default::default()),
            Interface::<PrimeNetworkFacet>(Default::default())
        );
        match abi_export::contract_abi(&text, prime_network::abi::DECLARATIONS) {
            Ok(abi) => print!("{}", abi_export::to_json(&abi)),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    } else {
        stylus_sdk::abi::export::print_from_args::<PrimeNetwork>();
    }
}
