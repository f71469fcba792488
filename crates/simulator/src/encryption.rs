//! Custom-database `options.configuration` values: Auth0 stores what is sent
//! and returns only ciphertext, different on every read. The simulator keeps
//! the plain value and renders a fresh `2.0$iv$tag$ciphertext` on each read, so
//! a client that sends ciphertext back visibly corrupts the stored value.

use crate::rng::Rng;

pub fn encrypt(plain: &str, rng: &mut Rng) -> String {
    let iv = rng.next_u64();
    let ciphertext: String = plain
        .bytes()
        .enumerate()
        .map(|(i, b)| format!("{:02x}", b ^ (iv.rotate_left(i as u32 * 8) as u8)))
        .collect();
    format!("2.0${:016x}${}${}", iv, rng.hex(16), ciphertext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_differs_and_hides_the_value() {
        let mut rng = Rng::default();
        let a = encrypt("s3cret", &mut rng);
        let b = encrypt("s3cret", &mut rng);
        assert_ne!(a, b);
        assert!(a.starts_with("2.0$") && !a.contains("s3cret"));
    }
}
