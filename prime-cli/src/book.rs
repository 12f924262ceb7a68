//! The protocol's addresses: `release/deployments.json` (the reference's keys, written by
//! `prime deploy`) unless another file is given, with per-contract overrides.

use std::{collections::BTreeMap, path::Path};

use alloy::primitives::Address;
use anyhow::{anyhow, bail, Context, Result};

use crate::deploy::{Deployment, DEPLOYMENTS_KEYS};

/// Contract addresses by name, and where they came from (for error messages).
#[derive(Clone, Debug, Default)]
pub struct AddressBook {
    entries: BTreeMap<String, (Address, String)>,
}

impl AddressBook {
    /// Reads a `deployments.json` (`{"AIToken": "0x…", …}`); zero addresses are left out
    /// (the reference writes 0x0 for a contract not deployed).
    pub fn load(file: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the addresses file {}", file.display()))?;
        let map: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a JSON object of addresses", file.display()))?;
        let mut book = Self::default();
        for (k, v) in map {
            let a: Address = v
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| anyhow!("{}: {k} is not an address: {v}", file.display()))?;
            if !a.is_zero() {
                book.entries.insert(k, (a, file.display().to_string()));
            }
        }
        Ok(book)
    }

    /// Every contract of `dep` (facets and the distributor implementation included), by its
    /// deploy name: for a program that drives the protocol right after deploying it.
    pub fn from_deployment(dep: &Deployment) -> Self {
        let entries = dep
            .contracts
            .iter()
            .map(|(name, a)| (name.clone(), (*a, "this deployment".to_string())))
            .collect();
        Self { entries }
    }

    /// Applies `Name=0x…` overrides (e.g. from `--address`).
    pub fn with_overrides(mut self, overrides: &[String]) -> Result<Self> {
        for o in overrides {
            let (name, a) = o
                .split_once('=')
                .ok_or_else(|| anyhow!("--address {o}: expected NAME=0xADDRESS"))?;
            if !DEPLOYMENTS_KEYS.contains(&name) {
                bail!(
                    "--address {o}: unknown contract {name} (one of {})",
                    DEPLOYMENTS_KEYS.join(", ")
                );
            }
            let a: Address = a
                .parse()
                .map_err(|e| anyhow!("--address {o}: not an address: {e}"))?;
            self.entries
                .insert(name.to_string(), (a, "--address".to_string()));
        }
        Ok(self)
    }

    /// The address of `name`, or an error saying how to provide it.
    pub fn get(&self, name: &str) -> Result<Address> {
        self.entries.get(name).map(|(a, _)| *a).ok_or_else(|| {
            anyhow!(
                "no {name} address: deploy first (scripts/deploy.sh) or pass --deployments FILE or --address {name}=0x…"
            )
        })
    }

    /// Where the address of `name` came from.
    pub fn source(&self, name: &str) -> &str {
        self.entries.get(name).map_or("?", |(_, s)| s.as_str())
    }
}
