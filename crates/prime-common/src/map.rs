//! [`Map`]: Solidity's `mapping`, slot for slot the SDK's `StorageMap`, with a cheaper slot
//! computation.
//!
//! An element lives at `keccak256(key as a 32-byte word ‖ the map's slot)`, as in Solidity
//! and in `StorageMap`. The SDK builds that preimage byte by byte (`FixedBytes::concat_const`
//! loops over 64 bytes with a branch each) after converting an address key through `U160`
//! and `U256`: on Nitro's ink prices (a 2,450-ink header per basic block) that measured 100
//! to 180 gas of execution per access, more than the `native_keccak256` it feeds. Here the
//! preimage is two 32-byte copies.

use core::marker::PhantomData;

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::{
    host::VM,
    storage::{Erase, SimpleStorageType, StorageGuard, StorageGuardMut, StorageType},
};

/// A key of a [`Map`]: how Solidity lays it out in the slot's preimage (a 32-byte word).
pub trait MapKey {
    /// The key as the first 32 bytes of the preimage.
    fn word(&self) -> B256;
}

impl MapKey for Address {
    fn word(&self) -> B256 {
        self.into_word()
    }
}

impl MapKey for B256 {
    fn word(&self) -> B256 {
        *self
    }
}

impl MapKey for U256 {
    fn word(&self) -> B256 {
        B256::from(self.to_be_bytes::<32>())
    }
}

/// A storage mapping from `K` to `V` (see the module documentation).
pub struct Map<K: MapKey, V: StorageType> {
    slot: U256,
    host: VM,
    marker: PhantomData<(K, V)>,
}

impl<K: MapKey, V: StorageType> StorageType for Map<K, V> {
    type Wraps<'a>
        = StorageGuard<'a, Map<K, V>>
    where
        Self: 'a;
    type WrapsMut<'a>
        = StorageGuardMut<'a, Map<K, V>>
    where
        Self: 'a;

    unsafe fn new(slot: U256, offset: u8, host: VM) -> Self {
        debug_assert!(offset == 0);
        Self {
            slot,
            host,
            marker: PhantomData,
        }
    }

    fn load<'s>(self) -> Self::Wraps<'s> {
        StorageGuard::new(self)
    }

    fn load_mut<'s>(self) -> Self::WrapsMut<'s> {
        StorageGuardMut::new(self)
    }
}

impl<K: MapKey, V: StorageType> Map<K, V> {
    /// Where a value shorter than a slot starts in its slot, as the SDK places it.
    const CHILD_OFFSET: u8 = 32 - V::SLOT_BYTES as u8;

    /// The slot of `key`'s element.
    fn slot_of(&self, key: &K) -> U256 {
        let mut preimage = [0u8; 64];
        preimage[..32].copy_from_slice(key.word().as_slice());
        preimage[32..].copy_from_slice(&self.slot.to_be_bytes::<32>());
        U256::from_be_bytes(stylus_sdk::crypto::keccak(preimage).0)
    }

    fn element(&self, key: &K) -> V {
        // SAFETY: the slot is the map's own element slot; the guards returned below tie
        // the accessor's lifetime to the map borrow, as `StorageMap` does.
        unsafe { V::new(self.slot_of(key), Self::CHILD_OFFSET, self.host.clone()) }
    }

    /// A read-only accessor to `key`'s element (the zero value if never set).
    pub fn getter(&self, key: K) -> StorageGuard<'_, V> {
        StorageGuard::new(self.element(&key))
    }

    /// A mutable accessor to `key`'s element.
    pub fn setter(&mut self, key: K) -> StorageGuardMut<'_, V> {
        StorageGuardMut::new(self.element(&key))
    }

    /// `key`'s element, loaded.
    pub fn get(&self, key: K) -> V::Wraps<'_> {
        self.element(&key).load()
    }
}

impl<'a, K: MapKey, V: SimpleStorageType<'a>> Map<K, V> {
    /// Sets `key`'s element.
    pub fn insert(&mut self, key: K, value: V::Wraps<'a>) {
        self.element(&key).set_by_wrapped(value);
    }
}

impl<K: MapKey, V: Erase> Map<K, V> {
    /// Clears `key`'s element.
    pub fn delete(&mut self, key: K) {
        self.element(&key).erase();
    }
}

#[cfg(test)]
mod tests {
    use motsu::prelude::*;
    use stylus_sdk::{
        prelude::*,
        storage::{StorageMap, StorageU256},
    };

    use super::*;

    /// This map, and the SDK's map read at the same slots.
    #[storage]
    struct Both {
        by_address: Map<Address, StorageU256>,
        by_word: Map<B256, Map<U256, StorageU256>>,
    }

    unsafe impl TopLevelStorage for Both {}

    #[public]
    impl Both {
        fn set(&mut self, a: Address, w: B256, u: U256, value: U256) {
            self.by_address.insert(a, value);
            self.by_word.setter(w).setter(u).set(value + U256::from(1));
        }
        fn read(&self, a: Address, w: B256, u: U256) -> (U256, U256) {
            (self.by_address.get(a), self.by_word.getter(w).get(u))
        }
        /// The same fields as the SDK's maps: slots 0 and 1.
        fn read_sdk(&self, a: Address, w: B256, u: U256) -> (U256, U256) {
            // SAFETY: read-only views of this contract's own slots 0 and 1.
            let (by_address, by_word) = unsafe {
                (
                    StorageMap::<Address, StorageU256>::new(
                        U256::ZERO,
                        0,
                        self.__stylus_host.clone(),
                    ),
                    StorageMap::<B256, StorageMap<U256, StorageU256>>::new(
                        U256::from(1),
                        0,
                        self.__stylus_host.clone(),
                    ),
                )
            };
            (by_address.get(a), by_word.getter(w).get(u))
        }
        fn clear(&mut self, a: Address) {
            self.by_address.delete(a);
        }
    }

    #[motsu::test]
    fn lays_out_elements_as_the_sdk_map(c: Contract<Both>, alice: Address) {
        let (a, w, u) = (alice, B256::repeat_byte(0xab), U256::from(7) << 200);
        c.sender(alice).set(a, w, u, U256::from(41));
        let want = (U256::from(41), U256::from(42));
        assert_eq!(c.sender(alice).read_sdk(a, w, u), want);
        assert_eq!(c.sender(alice).read(a, w, u), want);
        assert_eq!(
            c.sender(alice).read(Address::ZERO, w, U256::ZERO),
            (U256::ZERO, U256::ZERO)
        );
        c.sender(alice).clear(a);
        assert_eq!(c.sender(alice).read_sdk(a, w, u).0, U256::ZERO);
    }
}
