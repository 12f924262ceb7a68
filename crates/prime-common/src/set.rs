//! [`AddressSet`]: OpenZeppelin's `EnumerableSet.AddressSet` (spec §6: `add` appends,
//! `remove` moves the last element into the freed index and pops, `values` is that order),
//! stored so that the first element shares its slot with the length: a set's first `add`
//! writes one slot where EnumerableSet writes three (length, element, position).

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256, U64};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageB256, StorageU64},
};

use crate::map::Map;

/// See the module documentation.
#[storage]
pub struct AddressSet {
    /// Element 0 (meaningful while `len > 0`).
    first: StorageAddress,
    /// Number of elements; packed into `first`'s slot.
    len: StorageU64,
    /// Elements 1.. by index.
    rest: Map<U256, StorageAddress>,
    /// The index of each element 1.. (0: not an element at an index above 0).
    index: Map<Address, StorageU64>,
}

impl AddressSet {
    /// Number of elements.
    pub fn len(&self) -> u64 {
        self.len.get().as_limbs()[0]
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn position(&self, value: Address) -> Option<u64> {
        if !self.is_empty() && self.first.get() == value {
            return Some(0);
        }
        let i = self.index.get(value).as_limbs()[0];
        (i != 0).then_some(i)
    }

    /// `contains(value)`.
    pub fn contains(&self, value: Address) -> bool {
        self.position(value).is_some()
    }

    /// `at(i)`, `None` out of range.
    pub fn at(&self, i: u64) -> Option<Address> {
        (i < self.len()).then(|| self.get(i))
    }

    fn get(&self, i: u64) -> Address {
        if i == 0 {
            self.first.get()
        } else {
            self.rest.get(U256::from(i))
        }
    }

    fn put(&mut self, i: u64, value: Address) {
        if i == 0 {
            self.first.set(value);
        } else {
            self.rest.setter(U256::from(i)).set(value);
            self.index.setter(value).set(U64::from(i));
        }
    }

    /// `values()`, in set order.
    pub fn values(&self) -> Vec<Address> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }

    /// `add(value)`: appends; false if already there.
    pub fn add(&mut self, value: Address) -> bool {
        if self.contains(value) {
            return false;
        }
        let n = self.len();
        self.put(n, value);
        self.len.set(U64::from(n + 1));
        true
    }

    /// `remove(value)`: the last element moves into the freed index; false if absent.
    pub fn remove(&mut self, value: Address) -> bool {
        let Some(i) = self.position(value) else {
            return false;
        };
        let last = self.len() - 1;
        if i != 0 {
            self.index.delete(value);
        }
        if i != last {
            let moved = self.get(last);
            self.put(i, moved);
            if i == 0 {
                // Element 0 is not in the index map.
                self.index.delete(moved);
            }
        }
        if last == 0 {
            self.first.erase();
        } else {
            self.rest.delete(U256::from(last));
        }
        self.len.set(U64::from(last));
        true
    }

    /// Removes every element (each slot is cleared).
    pub fn clear(&mut self) {
        while let Some(last) = self.len().checked_sub(1) {
            let value = self.get(last);
            self.remove(value);
        }
    }
}

/// OpenZeppelin's `EnumerableSet.Bytes32Set`: the same order rules as [`AddressSet`] (a
/// 32-byte element cannot share the length's slot): the length, the elements by index, and
/// each element's index + 1.
#[storage]
pub struct B256Set {
    len: StorageU64,
    values: Map<U256, StorageB256>,
    /// Index + 1 of each element (0: absent).
    index: Map<B256, StorageU64>,
}

impl B256Set {
    /// Number of elements.
    pub fn len(&self) -> u64 {
        self.len.get().as_limbs()[0]
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `contains(value)`.
    pub fn contains(&self, value: B256) -> bool {
        self.index.get(value) != U64::ZERO
    }

    /// `values()`, in set order.
    pub fn values(&self) -> Vec<B256> {
        (0..self.len())
            .map(|i| self.values.get(U256::from(i)))
            .collect()
    }

    /// `add(value)`: appends; false if already there.
    pub fn add(&mut self, value: B256) -> bool {
        if self.contains(value) {
            return false;
        }
        let n = self.len();
        self.values.setter(U256::from(n)).set(value);
        self.index.setter(value).set(U64::from(n + 1));
        self.len.set(U64::from(n + 1));
        true
    }

    /// `remove(value)`: the last element moves into the freed index; false if absent.
    pub fn remove(&mut self, value: B256) -> bool {
        let i = self.index.get(value).as_limbs()[0];
        if i == 0 {
            return false;
        }
        let (i, last) = (i - 1, self.len() - 1);
        if i != last {
            let moved = self.values.get(U256::from(last));
            self.values.setter(U256::from(i)).set(moved);
            self.index.setter(moved).set(U64::from(i + 1));
        }
        self.values.delete(U256::from(last));
        self.index.delete(value);
        self.len.set(U64::from(last));
        true
    }
}

#[cfg(test)]
mod tests {
    use motsu::prelude::*;

    use super::*;

    #[storage]
    struct Tester {
        set: AddressSet,
        words: B256Set,
    }

    unsafe impl TopLevelStorage for Tester {}

    #[public]
    impl Tester {
        fn add(&mut self, v: Address) -> bool {
            self.set.add(v)
        }
        fn remove(&mut self, v: Address) -> bool {
            self.set.remove(v)
        }
        fn clear(&mut self) {
            self.set.clear()
        }
        fn values(&self) -> Vec<Address> {
            self.set.values()
        }
        fn contains(&self, v: Address) -> bool {
            self.set.contains(v)
        }
        fn add_word(&mut self, v: B256) -> bool {
            self.words.add(v)
        }
        fn remove_word(&mut self, v: B256) -> bool {
            self.words.remove(v)
        }
        fn words(&self) -> Vec<B256> {
            self.words.values()
        }
        fn contains_word(&self, v: B256) -> bool {
            self.words.contains(v)
        }
        fn at(&self, i: u64) -> (bool, Address) {
            let a = self.set.at(i);
            (a.is_some(), a.unwrap_or_default())
        }
    }

    #[motsu::test]
    fn behaves_as_enumerable_set(c: Contract<Tester>, alice: Address) {
        let mut pool: Vec<Address> = (1..=6u8).map(Address::with_last_byte).collect();
        pool.push(Address::ZERO);
        let mut model: Vec<Address> = vec![];
        let mut x = 99u64;
        for step in 0..500 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = pool[(x >> 33) as usize % pool.len()];
            if step == 250 {
                c.sender(alice).clear();
                model.clear();
            } else if (x >> 20).is_multiple_of(3) {
                let want = match model.iter().position(|m| *m == v) {
                    Some(i) => {
                        model.swap_remove(i);
                        true
                    }
                    None => false,
                };
                assert_eq!(c.sender(alice).remove(v), want);
            } else {
                let want = !model.contains(&v);
                if want {
                    model.push(v);
                }
                assert_eq!(c.sender(alice).add(v), want);
            }
            assert_eq!(c.sender(alice).values(), model);
            for p in &pool {
                assert_eq!(c.sender(alice).contains(*p), model.contains(p));
            }
            assert_eq!(
                c.sender(alice).at(model.len() as u64),
                (false, Address::ZERO)
            );
            for (i, m) in model.iter().enumerate() {
                assert_eq!(c.sender(alice).at(i as u64), (true, *m));
            }
        }
    }

    #[motsu::test]
    fn b256_set_behaves_as_enumerable_set(c: Contract<Tester>, alice: Address) {
        let pool: Vec<B256> = (0..7u8).map(B256::repeat_byte).collect();
        let mut model: Vec<B256> = vec![];
        let mut x = 7u64;
        for _ in 0..400 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = pool[(x >> 33) as usize % pool.len()];
            if (x >> 20).is_multiple_of(3) {
                let want = match model.iter().position(|m| *m == v) {
                    Some(i) => {
                        model.swap_remove(i);
                        true
                    }
                    None => false,
                };
                assert_eq!(c.sender(alice).remove_word(v), want);
            } else {
                let want = !model.contains(&v);
                if want {
                    model.push(v);
                }
                assert_eq!(c.sender(alice).add_word(v), want);
            }
            assert_eq!(c.sender(alice).words(), model);
            for p in &pool {
                assert_eq!(c.sender(alice).contains_word(*p), model.contains(p));
            }
        }
    }
}
