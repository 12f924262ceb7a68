//! Shared, `no_std` building blocks of the Prime Network Stylus contracts: role constants,
//! and the `sol_interface!` bindings and ABI declarations that several contracts use.
#![no_std]
extern crate alloc;

pub mod abi_struct;
pub mod packed_string;
pub mod revert_data;
pub mod roles;
