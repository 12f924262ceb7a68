//! Genesis: prefunded dev accounts and nitro-devnode's predeploys.

use super::{dump::set_account, ChainConfig, Db};
use crate::exec::{ARB_ADDRESSES, STYLUS_DEPLOYER};
use alloy_primitives::{address, b256, Address, Bytes, B256, U256};

/// nitro-devnode's dev key and address.
pub const DEV_KEY: B256 = b256!("b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659");
pub const DEV_ADDRESS: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");

/// The ten standard anvil/hardhat keys ("test test … junk" mnemonic).
pub const ANVIL_KEYS: [B256; 10] = [
    b256!("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
    b256!("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
    b256!("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
    b256!("7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
    b256!("47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"),
    b256!("8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"),
    b256!("92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"),
    b256!("4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"),
    b256!("dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97"),
    b256!("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"),
];

/// Arachnid's deterministic-deployment proxy (CREATE2 factory) address and runtime code.
pub const CREATE2_FACTORY: Address = address!("4e59b44847b379578588920ca78fbf26c0b4956c");
pub const CREATE2_FACTORY_CODE: &str =
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";

/// Private key of dev account `i` (the nitro dev key first, then anvil's, then derived).
pub fn dev_key(i: usize) -> B256 {
    match i {
        0 => DEV_KEY,
        1..=10 => ANVIL_KEYS[i - 1],
        _ => alloy_primitives::keccak256(format!("nitro-devnode dev account {i}")),
    }
}

/// The genesis state: prefunded `accounts`, the ArbOS precompiles and StylusDeployer (with
/// code, so their storage is never cleared) and the CREATE2 factory.
pub fn state(config: &ChainConfig, accounts: &[Address]) -> Db {
    let mut db = Db::default();
    for a in accounts {
        set_account(&mut db, *a, config.balance, 0, Bytes::new());
    }
    for a in ARB_ADDRESSES {
        set_account(
            &mut db,
            a,
            U256::ZERO,
            u64::from(a == STYLUS_DEPLOYER),
            Bytes::from_static(&[0xfe]),
        );
    }
    let factory = alloy_primitives::hex::decode(CREATE2_FACTORY_CODE).unwrap_or_default();
    set_account(&mut db, CREATE2_FACTORY, U256::ZERO, 1, factory.into());
    db
}
