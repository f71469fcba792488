//! Randomness for ids, tokens and ciphertext, from std's randomly keyed hasher
//! (no crypto needed: this is a local simulator, not a security boundary).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

pub struct Rng {
    state: RandomState,
    counter: u64,
}

impl Default for Rng {
    fn default() -> Self {
        Rng {
            state: RandomState::new(),
            counter: 0,
        }
    }
}

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.counter += 1;
        let mut h = self.state.build_hasher();
        h.write_u64(self.counter);
        h.finish()
    }

    /// `len` characters from `[A-Za-z0-9]`.
    pub fn alnum(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| CHARS[(self.next_u64() % CHARS.len() as u64) as usize] as char)
            .collect()
    }

    pub fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", self.next_u64() as u8))
            .collect()
    }
}
