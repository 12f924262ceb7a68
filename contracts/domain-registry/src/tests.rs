//! DomainRegistry: every function, every revert path, and the byte-exact encoding of the two
//! getters that return strings.

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::{SolCall, SolError, SolValue};
use motsu::prelude::*;
use prime_common::revert::{panic_code, AccessControlUnauthorizedAccount};
use stylus_sdk::abi::AbiType;

use super::*;

const PRIME: Address = address!("00000000000000000000000000000000000000aa");
const POOL: Address = address!("00000000000000000000000000000000000000cc");
const LOGIC: Address = address!("00000000000000000000000000000000000000dd");
const LOGIC2: Address = address!("00000000000000000000000000000000000000ee");

fn setup(reg: &Contract<DomainRegistry>) {
    reg.sender(PRIME).constructor(PRIME);
}

fn create(reg: &Contract<DomainRegistry>, name: &str, uri: &str) -> U256 {
    reg.sender(PRIME)
        .create(name.into(), POOL, LOGIC, uri.into())
        .motsu_unwrap()
}

fn unauthorized(account: Address) -> Vec<u8> {
    AccessControlUnauthorizedAccount {
        account,
        neededRole: PRIME_ROLE,
    }
    .abi_encode()
}

#[motsu::test]
fn create_assigns_sequential_ids_and_emits(reg: Contract<DomainRegistry>) {
    setup(&reg);
    assert_eq!(create(&reg, "synthetic", "ipfs://a"), U256::ZERO);
    reg.assert_emitted(&DomainCreated {
        domainName: "synthetic".into(),
        domainId: U256::ZERO,
        validationLogic: LOGIC,
        domainParametersURI: "ipfs://a".into(),
    });
    // Names may repeat.
    assert_eq!(create(&reg, "synthetic", ""), U256::from(1));
    let d = reg.sender(PRIME).get(U256::from(1)).motsu_unwrap();
    assert_eq!(
        d,
        Domain {
            domainId: U256::from(1),
            name: "synthetic".into(),
            validationLogic: LOGIC,
            domainParametersURI: String::new(),
            computePool: POOL,
        }
    );
}

#[motsu::test]
fn updates_keep_the_other_field_and_emit(reg: Contract<DomainRegistry>) {
    setup(&reg);
    create(&reg, "d", "uri-1");
    reg.sender(PRIME)
        .update_validation_logic(U256::ZERO, LOGIC2)
        .motsu_unwrap();
    reg.assert_emitted(&DomainUpdated {
        domainId: U256::ZERO,
        validationLogic: LOGIC2,
        domainParametersURI: "uri-1".into(),
    });
    reg.sender(PRIME)
        .update_parameters(U256::ZERO, "uri-2".into())
        .motsu_unwrap();
    reg.assert_emitted(&DomainUpdated {
        domainId: U256::ZERO,
        validationLogic: LOGIC2,
        domainParametersURI: "uri-2".into(),
    });
    let d = reg.sender(PRIME).get(U256::ZERO).motsu_unwrap();
    assert_eq!(
        (d.validationLogic, d.domainParametersURI.as_str()),
        (LOGIC2, "uri-2")
    );
}

#[motsu::test]
fn writes_require_prime(reg: Contract<DomainRegistry>, alice: Address) {
    setup(&reg);
    create(&reg, "d", "u");
    let err = reg
        .sender(alice)
        .create("x".into(), POOL, LOGIC, "u".into())
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(alice));
    let err = reg
        .sender(alice)
        .update_validation_logic(U256::ZERO, LOGIC2)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(alice));
    let err = reg
        .sender(alice)
        .update_parameters(U256::ZERO, "x".into())
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(alice));
}

#[motsu::test]
fn unknown_domain_panics_0x32(reg: Contract<DomainRegistry>) {
    setup(&reg);
    create(&reg, "d", "u");
    let want = panic_code(0x32);
    for id in [U256::from(1), U256::MAX] {
        assert_eq!(reg.sender(PRIME).get(id).motsu_unwrap_err(), want);
        assert_eq!(
            reg.sender(PRIME)
                .update_validation_logic(id, LOGIC2)
                .motsu_unwrap_err(),
            want
        );
        assert_eq!(
            reg.sender(PRIME)
                .update_parameters(id, "x".into())
                .motsu_unwrap_err(),
            want
        );
        assert_eq!(reg.sender(PRIME).domains_getter(id).unwrap_err(), want);
    }
}

#[motsu::test]
fn domains_getter_is_encoded_as_five_outputs(reg: Contract<DomainRegistry>) {
    setup(&reg);
    create(&reg, "synthetic-data", "https://example.com/params.json");
    let calldata = domainsCall { _0: U256::ZERO }.abi_encode();
    let out = reg.sender(PRIME).fallback(&calldata).motsu_unwrap();
    let want = (
        U256::ZERO,
        String::from("synthetic-data"),
        LOGIC,
        String::from("https://example.com/params.json"),
        POOL,
    )
        .abi_encode_params();
    assert_eq!(out, want);
    let r = domainsCall::abi_decode_returns(&out, true).unwrap();
    assert_eq!((r.name.as_str(), r.computePool), ("synthetic-data", POOL));
    // Out of range, short calldata and unknown selectors revert like Solidity.
    let calldata = domainsCall { _0: U256::from(5) }.abi_encode();
    assert_eq!(
        reg.sender(PRIME).fallback(&calldata).motsu_unwrap_err(),
        panic_code(0x32)
    );
    assert_eq!(
        reg.sender(PRIME)
            .fallback(&calldata[..35])
            .motsu_unwrap_err(),
        Vec::<u8>::new()
    );
    assert_eq!(
        reg.sender(PRIME).fallback(&[1, 2, 3, 4]).motsu_unwrap_err(),
        Vec::<u8>::new()
    );
    assert_eq!(
        reg.sender(PRIME).fallback(&[]).motsu_unwrap_err(),
        Vec::<u8>::new()
    );
}

#[test]
fn get_is_encoded_as_one_struct() {
    // What the router returns for `get`: the struct as a single (dynamic) tuple output.
    let d = Domain {
        domainId: U256::from(3),
        name: "n".into(),
        validationLogic: LOGIC,
        domainParametersURI: "u".into(),
        computePool: POOL,
    };
    let routed = <<Domain as AbiType>::SolType as alloy_sol_types::SolType>::abi_encode(&d);
    let want = (d.clone(),).abi_encode_params();
    assert_eq!(routed, want);
    assert_eq!(
        &routed[..32],
        U256::from(32).to_be_bytes::<32>().as_slice(),
        "one offset word"
    );
}

#[motsu::test]
fn roles_are_enumerable(reg: Contract<DomainRegistry>, alice: Address) {
    setup(&reg);
    assert_eq!(
        reg.sender(alice).access.get_role_members(PRIME_ROLE),
        vec![PRIME]
    );
    assert_eq!(
        reg.sender(alice)
            .access
            .get_role_member(DEFAULT_ADMIN_ROLE, U256::ZERO)
            .motsu_unwrap(),
        PRIME
    );
    assert_eq!(
        reg.sender(alice)
            .access
            .get_role_member(PRIME_ROLE, U256::from(1))
            .motsu_unwrap_err(),
        panic_code(0x32)
    );
    let err = reg
        .sender(alice)
        .access
        .grant_role(PRIME_ROLE, alice)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        AccessControlUnauthorizedAccount {
            account: alice,
            neededRole: DEFAULT_ADMIN_ROLE
        }
        .abi_encode()
    );
    reg.sender(PRIME)
        .access
        .grant_role(PRIME_ROLE, alice)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(alice).access.get_role_member_count(PRIME_ROLE),
        U256::from(2)
    );
    assert_eq!(
        reg.sender(alice)
            .access
            .renounce_role(PRIME_ROLE, PRIME)
            .motsu_unwrap_err(),
        prime_common::revert::AccessControlBadConfirmation {}.abi_encode()
    );
    reg.sender(alice)
        .access
        .renounce_role(PRIME_ROLE, alice)
        .motsu_unwrap();
    reg.sender(PRIME)
        .access
        .revoke_role(PRIME_ROLE, PRIME)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(alice).access.get_role_member_count(PRIME_ROLE),
        U256::ZERO
    );
    assert!(reg.sender(alice).access.has_role(DEFAULT_ADMIN_ROLE, PRIME));
    assert_eq!(
        reg.sender(alice).access.get_role_admin(PRIME_ROLE),
        B256::ZERO
    );
    assert_eq!(reg.sender(alice).prime_role(), PRIME_ROLE);
    assert_eq!(reg.sender(alice).access.default_admin_role(), B256::ZERO);
    assert!(reg
        .sender(alice)
        .access
        .supports_interface(0x5a05180fu32.to_be_bytes().into()));
    assert!(!reg
        .sender(alice)
        .access
        .supports_interface(0xdeadbeefu32.to_be_bytes().into()));
}

/// A `StoredDomain` with every field written spans no more slots than the SDK counts for it
/// (the elements of the domains vector are laid out by that count).
#[storage]
struct LayoutProbe {}

unsafe impl TopLevelStorage for LayoutProbe {}

#[public]
impl LayoutProbe {
    fn stored_domain(&mut self) -> (u64, u64) {
        use stylus_sdk::storage::StorageType;
        let base = U256::from(1_000_000);
        // SAFETY: a scratch slot range of the probe's own storage.
        let mut d = unsafe { StoredDomain::new(base, 0, self.__stylus_host.clone()) };
        d.name.set_str("n");
        d.domain_parameters_uri.set_str("u");
        d.domain_id.set(U256::from(1));
        d.validation_logic.set(Address::with_last_byte(2));
        d.compute_pool.set(Address::with_last_byte(3));
        let span = prime_common::storage_span(self.vm(), base, 64);
        (span as u64, StoredDomain::REQUIRED_SLOTS as u64)
    }
}

#[motsu::test]
fn storage_slots_match_the_sdk_count(probe: Contract<LayoutProbe>, alice: Address) {
    let (span, counted) = probe.sender(alice).stored_domain();
    assert_eq!(span, counted);
    assert_eq!(counted, 7);
}

#[motsu::test]
fn validation_logic_view_follows_updates(reg: Contract<DomainRegistry>) {
    setup(&reg);
    create(&reg, "a", &"long uri ".repeat(10));
    create(&reg, "b", "u");
    assert_eq!(
        reg.sender(PRIME).get_validation_logic(U256::ZERO),
        Ok(LOGIC)
    );
    reg.sender(PRIME)
        .update_validation_logic(U256::from(1), LOGIC2)
        .motsu_unwrap();
    assert_eq!(
        reg.sender(PRIME).get_validation_logic(U256::from(1)),
        Ok(LOGIC2)
    );
    assert_eq!(
        reg.sender(PRIME)
            .get(U256::from(1))
            .motsu_unwrap()
            .validationLogic,
        LOGIC2
    );
    // Unknown domains panic as `get` does.
    let err = reg
        .sender(PRIME)
        .get_validation_logic(U256::from(2))
        .unwrap_err();
    assert_eq!(err, panic_code(0x32));
}
