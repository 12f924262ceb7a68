//! The 10 reference tests of `AITokenTransferRole.t.sol` (spec §10.1), then bad input.

use alloy_primitives::{address, keccak256, Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_sol_types::{sol_data, SolType};
use motsu::prelude::*;

use super::*;

/// motsu's fixed block timestamp (it cannot move the clock).
const NOW: u64 = 1_735_689_600;

const ADMIN: Address = address!("00000000000000000000000000000000000000aa");
const MINTER: Address = address!("00000000000000000000000000000000000000bb");
const BURNER: Address = address!("00000000000000000000000000000000000000cc");
const XFERER: Address = address!("00000000000000000000000000000000000000dd");

fn u(v: u64) -> U256 {
    U256::from(v)
}

/// The reference `setUp`: admin deploys ("AIToken", "AIT") and hands out the three roles.
fn setup(token: &Contract<AiToken>) {
    token
        .sender(ADMIN)
        .constructor("AIToken".into(), "AIT".into(), ADMIN);
    token
        .sender(ADMIN)
        .access
        .grant_role(MINTER_ROLE, MINTER)
        .motsu_unwrap();
    token
        .sender(ADMIN)
        .access
        .grant_role(BURNER_ROLE, BURNER)
        .motsu_unwrap();
    token
        .sender(ADMIN)
        .access
        .grant_role(TRANSFER_ROLE, XFERER)
        .motsu_unwrap();
}

fn unauthorized(account: Address, role: B256) -> Error {
    Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    })
}

fn assert_err(got: impl Into<Vec<u8>>, want: impl Into<Vec<u8>>) {
    assert_eq!(got.into(), want.into());
}

#[motsu::test]
fn test_mint(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(alice, u(1000)).motsu_unwrap();
    assert_eq!(token.sender(alice).balance_of(alice), u(1000));
    token.assert_emitted(&Transfer {
        from: Address::ZERO,
        to: alice,
        value: u(1000),
    });
}

#[motsu::test]
fn test_revert_when_mint_without_role(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    let err = token.sender(alice).mint(alice, u(1000)).motsu_unwrap_err();
    assert_err(err, unauthorized(alice, MINTER_ROLE));
}

#[motsu::test]
fn test_burn(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(alice, u(500)).motsu_unwrap();
    token.sender(BURNER).burn(alice, u(200)).motsu_unwrap();
    assert_eq!(token.sender(alice).balance_of(alice), u(300));
    assert_eq!(token.sender(alice).total_supply(), u(300));
}

#[motsu::test]
fn test_revert_when_burn_without_role(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(alice, u(500)).motsu_unwrap();
    let err = token.sender(alice).burn(alice, u(200)).motsu_unwrap_err();
    assert_err(err, unauthorized(alice, BURNER_ROLE));
}

#[motsu::test]
fn test_transfer(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(XFERER, u(1000)).motsu_unwrap();
    assert!(token.sender(XFERER).transfer(alice, u(500)).motsu_unwrap());
    assert_eq!(token.sender(alice).balance_of(XFERER), u(500));
    assert_eq!(token.sender(alice).balance_of(alice), u(500));
}

#[motsu::test]
fn test_revert_when_transfer_without_role(token: Contract<AiToken>, alice: Address, bob: Address) {
    setup(&token);
    token.sender(MINTER).mint(alice, u(1000)).motsu_unwrap();
    let err = token.sender(alice).transfer(bob, u(500)).motsu_unwrap_err();
    assert_err(err, unauthorized(alice, TRANSFER_ROLE));
    assert_eq!(token.sender(alice).balance_of(alice), u(1000));
}

#[motsu::test]
fn test_transfer_from(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(XFERER, u(1000)).motsu_unwrap();
    token.sender(XFERER).approve(XFERER, u(400)).motsu_unwrap();
    assert!(token
        .sender(XFERER)
        .transfer_from(XFERER, alice, u(400))
        .motsu_unwrap());
    assert_eq!(token.sender(alice).balance_of(XFERER), u(600));
    assert_eq!(token.sender(alice).balance_of(alice), u(400));
    assert_eq!(token.sender(alice).allowance(XFERER, XFERER), U256::ZERO);
}

#[motsu::test]
fn test_revert_when_transfer_from_without_role(
    token: Contract<AiToken>,
    alice: Address,
    bob: Address,
) {
    setup(&token);
    token.sender(MINTER).mint(alice, u(1000)).motsu_unwrap();
    token.sender(alice).approve(alice, u(400)).motsu_unwrap();
    let err = token
        .sender(alice)
        .transfer_from(alice, bob, u(400))
        .motsu_unwrap_err();
    assert_err(err, unauthorized(alice, TRANSFER_ROLE));
}

#[motsu::test]
fn test_grant_and_revoke_transfer_role(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    assert!(!token.sender(alice).access.has_role(TRANSFER_ROLE, alice));
    token
        .sender(ADMIN)
        .approve_transfer_address(alice)
        .motsu_unwrap();
    assert!(token.sender(alice).access.has_role(TRANSFER_ROLE, alice));
    token
        .sender(ADMIN)
        .revoke_transfer_address(alice)
        .motsu_unwrap();
    assert!(!token.sender(alice).access.has_role(TRANSFER_ROLE, alice));
}

/// Signs an EIP-2612 permit the way the reference test does: from `DOMAIN_SEPARATOR()` and
/// `nonces()` read off the contract.
fn sign_permit(
    token: &Contract<AiToken>,
    owner: &Account,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, B256, B256) {
    type PermitTuple = (
        sol_data::FixedBytes<32>,
        sol_data::Address,
        sol_data::Address,
        sol_data::Uint<256>,
        sol_data::Uint<256>,
        sol_data::Uint<256>,
    );
    let typehash = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
    );
    let struct_hash = keccak256(PermitTuple::abi_encode(&(
        typehash,
        owner.address(),
        spender,
        value,
        nonce,
        deadline,
    )));
    let separator = token.sender(owner.address()).domain_separator();
    let digest = keccak256(
        [
            &[0x19, 0x01][..],
            separator.as_slice(),
            struct_hash.as_slice(),
        ]
        .concat(),
    );
    let sig = owner.signer().sign_hash_sync(&digest).expect("signing");
    (27 + sig.v() as u8, sig.r().into(), sig.s().into())
}

#[motsu::test]
fn test_permit(token: Contract<AiToken>, signer: Account, bob: Address) {
    setup(&token);
    token
        .sender(ADMIN)
        .approve_transfer_address(signer.address())
        .motsu_unwrap();
    let deadline = u(NOW + 3600);
    let nonce = token.sender(bob).nonces(signer.address());
    let (v, r, s) = sign_permit(&token, &signer, bob, u(200), nonce, deadline);
    token
        .sender(signer.address())
        .permit(signer.address(), bob, u(200), deadline, v, r, s)
        .motsu_unwrap();
    assert_eq!(token.sender(bob).allowance(signer.address(), bob), u(200));
    assert_eq!(token.sender(bob).nonces(signer.address()), u(1));
    token.assert_emitted(&Approval {
        owner: signer.address(),
        spender: bob,
        value: u(200),
    });
}

// ---- bad input and details of our own ----

#[motsu::test]
fn constructor_sets_metadata_and_roles(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    let t = token.sender(alice);
    assert_eq!(t.name(), "AIToken".into());
    assert_eq!(t.symbol(), "AIT".into());
    assert_eq!(t.decimals(), 18);
    for role in [DEFAULT_ADMIN_ROLE, MINTER_ROLE, BURNER_ROLE] {
        assert!(t.access.has_role(role, ADMIN));
    }
    assert!(
        !t.access.has_role(TRANSFER_ROLE, ADMIN),
        "the admin does not get TRANSFER_ROLE"
    );
    assert_eq!(t.minter_role(), MINTER_ROLE);
    assert_eq!(t.burner_role(), BURNER_ROLE);
    assert_eq!(t.transfer_role(), TRANSFER_ROLE);
    assert_eq!(t.access.default_admin_role(), B256::ZERO);
    let (fields, name, version, _chain, verifying, salt, ext) = t.eip712_domain();
    assert_eq!(
        (fields.0, name.as_bytes(), version.as_bytes()),
        ([0x0f], &b"AIToken"[..], &b"1"[..])
    );
    assert_eq!(
        (verifying, salt, ext.len()),
        (token.address(), B256::ZERO, 0)
    );
}

#[motsu::test]
fn supports_only_erc165_and_access_control(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    let t = token.sender(alice);
    assert!(t
        .access
        .supports_interface(0x01ffc9a7u32.to_be_bytes().into()));
    assert!(t
        .access
        .supports_interface(0x7965db0bu32.to_be_bytes().into()));
    assert!(
        !t.access
            .supports_interface(0x36372b07u32.to_be_bytes().into()),
        "IERC20 is not advertised"
    );
    assert!(!t
        .access
        .supports_interface(0xffffffffu32.to_be_bytes().into()));
}

#[motsu::test]
fn transfer_role_admin_can_grant_transfer_role_but_nothing_else(
    token: Contract<AiToken>,
    factory: Address,
    distributor: Address,
) {
    setup(&token);
    assert_eq!(
        token.sender(factory).access.get_role_admin(TRANSFER_ROLE),
        TRANSFER_ROLE_ADMIN
    );
    token.assert_emitted(&prime_common::access::RoleAdminChanged {
        role: TRANSFER_ROLE,
        previousAdminRole: B256::ZERO,
        newAdminRole: TRANSFER_ROLE_ADMIN,
    });
    // The deploy script grants TRANSFER_ROLE_ADMIN to the distributor factory.
    token
        .sender(ADMIN)
        .access
        .grant_role(TRANSFER_ROLE_ADMIN, factory)
        .motsu_unwrap();
    token
        .sender(factory)
        .access
        .grant_role(TRANSFER_ROLE, distributor)
        .motsu_unwrap();
    assert!(token
        .sender(factory)
        .access
        .has_role(TRANSFER_ROLE, distributor));
    for role in [
        MINTER_ROLE,
        BURNER_ROLE,
        DEFAULT_ADMIN_ROLE,
        TRANSFER_ROLE_ADMIN,
    ] {
        let err = token
            .sender(factory)
            .access
            .grant_role(role, factory)
            .motsu_unwrap_err();
        assert_err(err, unauthorized(factory, DEFAULT_ADMIN_ROLE));
    }
    let err = token
        .sender(factory)
        .approve_transfer_address(factory)
        .motsu_unwrap_err();
    assert_err(err, unauthorized(factory, DEFAULT_ADMIN_ROLE));
}

#[motsu::test]
fn only_the_admin_manages_transfer_addresses(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    let err = token
        .sender(alice)
        .approve_transfer_address(alice)
        .motsu_unwrap_err();
    assert_err(err, unauthorized(alice, DEFAULT_ADMIN_ROLE));
    let err = token
        .sender(MINTER)
        .revoke_transfer_address(XFERER)
        .motsu_unwrap_err();
    assert_err(err, unauthorized(MINTER, DEFAULT_ADMIN_ROLE));
    assert!(token.sender(alice).access.has_role(TRANSFER_ROLE, XFERER));
}

#[motsu::test]
fn zero_addresses_are_rejected(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    let err = token
        .sender(MINTER)
        .mint(Address::ZERO, u(1))
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO,
        }),
    );
    let err = token
        .sender(BURNER)
        .burn(Address::ZERO, u(1))
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::InvalidSender(ERC20InvalidSender {
            sender: Address::ZERO,
        }),
    );
    token.sender(MINTER).mint(XFERER, u(10)).motsu_unwrap();
    let err = token
        .sender(XFERER)
        .transfer(Address::ZERO, u(1))
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO,
        }),
    );
    let err = token
        .sender(alice)
        .approve(Address::ZERO, u(1))
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::InvalidSpender(ERC20InvalidSpender {
            spender: Address::ZERO,
        }),
    );
}

#[motsu::test]
fn insufficient_balance_and_allowance(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(XFERER, u(100)).motsu_unwrap();
    let err = token
        .sender(XFERER)
        .transfer(alice, u(101))
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: XFERER,
            balance: u(100),
            needed: u(101),
        }),
    );
    let err = token.sender(BURNER).burn(alice, u(1)).motsu_unwrap_err();
    assert_err(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: alice,
            balance: U256::ZERO,
            needed: u(1),
        }),
    );
    token.sender(MINTER).mint(alice, u(100)).motsu_unwrap();
    token.sender(alice).approve(XFERER, u(50)).motsu_unwrap();
    let err = token
        .sender(XFERER)
        .transfer_from(alice, XFERER, u(51))
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: XFERER,
            allowance: u(50),
            needed: u(51),
        }),
    );
    assert_eq!(
        token.sender(alice).balance_of(alice),
        u(100),
        "failed calls move nothing"
    );
}

#[motsu::test]
fn supply_overflow_panics_and_burns_lower_it(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(alice, U256::MAX).motsu_unwrap();
    let err = token.sender(MINTER).mint(XFERER, u(1)).motsu_unwrap_err();
    // Solidity's checked `_totalSupply += value`: Panic(0x11).
    assert_err(
        err,
        prime_common::revert::panic_code(prime_common::revert::PANIC_ARITHMETIC),
    );
    assert_eq!(token.sender(alice).balance_of(XFERER), U256::ZERO);
    token.sender(BURNER).burn(alice, u(5)).motsu_unwrap();
    assert_eq!(token.sender(alice).total_supply(), U256::MAX - u(5));
    assert_eq!(token.sender(alice).balance_of(alice), U256::MAX - u(5));
    token.assert_emitted(&Transfer {
        from: alice,
        to: Address::ZERO,
        value: u(5),
    });
}

#[motsu::test]
fn max_allowance_is_not_spent(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    token.sender(MINTER).mint(alice, u(100)).motsu_unwrap();
    token
        .sender(alice)
        .approve(XFERER, U256::MAX)
        .motsu_unwrap();
    token
        .sender(XFERER)
        .transfer_from(alice, XFERER, u(60))
        .motsu_unwrap();
    assert_eq!(token.sender(alice).allowance(alice, XFERER), U256::MAX);
}

#[motsu::test]
fn permit_needs_transfer_role_on_the_caller(
    token: Contract<AiToken>,
    signer: Account,
    bob: Address,
) {
    setup(&token);
    let deadline = u(NOW + 3600);
    let (v, r, s) = sign_permit(&token, &signer, bob, u(200), U256::ZERO, deadline);
    let err = token
        .sender(bob)
        .permit(signer.address(), bob, u(200), deadline, v, r, s)
        .motsu_unwrap_err();
    assert_err(err, unauthorized(bob, TRANSFER_ROLE));
    // A relayer with the role may submit someone else's signed permit.
    token
        .sender(XFERER)
        .permit(signer.address(), bob, u(200), deadline, v, r, s)
        .motsu_unwrap();
    assert_eq!(token.sender(bob).allowance(signer.address(), bob), u(200));
}

#[motsu::test]
fn expired_permit_is_rejected(token: Contract<AiToken>, signer: Account, bob: Address) {
    setup(&token);
    let deadline = u(NOW - 1);
    let (v, r, s) = sign_permit(&token, &signer, bob, u(200), U256::ZERO, deadline);
    let err = token
        .sender(XFERER)
        .permit(signer.address(), bob, u(200), deadline, v, r, s)
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::ExpiredSignature(ERC2612ExpiredSignature { deadline }),
    );
    // The deadline itself is still valid (`block.timestamp > deadline` reverts).
    let (v, r, s) = sign_permit(&token, &signer, bob, u(200), U256::ZERO, u(NOW));
    token
        .sender(XFERER)
        .permit(signer.address(), bob, u(200), u(NOW), v, r, s)
        .motsu_unwrap();
}

#[motsu::test]
fn replayed_or_wrong_nonce_permit_is_rejected(
    token: Contract<AiToken>,
    signer: Account,
    bob: Address,
) {
    setup(&token);
    let deadline = u(NOW + 60);
    let (v, r, s) = sign_permit(&token, &signer, bob, u(5), U256::ZERO, deadline);
    token
        .sender(XFERER)
        .permit(signer.address(), bob, u(5), deadline, v, r, s)
        .motsu_unwrap();
    // Replay: the nonce is now 1, so the same signature recovers another signer.
    let err = token
        .sender(XFERER)
        .permit(signer.address(), bob, u(5), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(
        matches!(err, Error::InvalidSigner(ERC2612InvalidSigner { owner, .. }) if owner == signer.address())
    );
    // Signed over a future nonce.
    let (v, r, s) = sign_permit(&token, &signer, bob, u(5), u(7), deadline);
    let err = token
        .sender(XFERER)
        .permit(signer.address(), bob, u(5), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
    assert_eq!(
        token.sender(bob).nonces(signer.address()),
        u(1),
        "failed permits consume no nonce"
    );
}

#[motsu::test]
fn forged_permits_are_rejected(
    token: Contract<AiToken>,
    signer: Account,
    mallory: Account,
    bob: Address,
) {
    setup(&token);
    let deadline = u(NOW + 60);
    // Signed by someone else.
    let (v, r, s) = sign_permit(&token, &mallory, bob, u(9), U256::ZERO, deadline);
    let err = token
        .sender(XFERER)
        .permit(signer.address(), bob, u(9), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
    // Tampered value.
    let (v, r, s) = sign_permit(&token, &signer, bob, u(9), U256::ZERO, deadline);
    let err = token
        .sender(XFERER)
        .permit(signer.address(), bob, u(10), deadline, v, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
    // Malleable high-s twin of a valid signature.
    let n = U256::from_be_bytes(alloy_primitives::hex!(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"
    ));
    let high_s = B256::from(n - U256::from_be_bytes(s.0));
    let flipped_v = if v == 27 { 28 } else { 27 };
    let err = token
        .sender(XFERER)
        .permit(signer.address(), bob, u(9), deadline, flipped_v, r, high_s)
        .motsu_unwrap_err();
    assert_err(
        err,
        Error::InvalidSignatureS(ECDSAInvalidSignatureS { s: high_s }),
    );
    // Bad v.
    let err = token
        .sender(XFERER)
        .permit(signer.address(), bob, u(9), deadline, 29, r, s)
        .motsu_unwrap_err();
    assert_err(err, Error::InvalidSignature(ECDSAInvalidSignature {}));
    assert_eq!(
        token.sender(bob).allowance(signer.address(), bob),
        U256::ZERO
    );
}

#[motsu::test]
fn renounce_requires_confirmation(token: Contract<AiToken>, alice: Address) {
    setup(&token);
    let err = token
        .sender(MINTER)
        .access
        .renounce_role(MINTER_ROLE, alice)
        .motsu_unwrap_err();
    assert_err(err, Error::BadConfirmation(AccessControlBadConfirmation {}));
    token
        .sender(MINTER)
        .access
        .renounce_role(MINTER_ROLE, MINTER)
        .motsu_unwrap();
    assert!(!token.sender(alice).access.has_role(MINTER_ROLE, MINTER));
}
