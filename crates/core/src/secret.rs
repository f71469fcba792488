//! A wrapper for client secrets and access tokens.
//!
//! `Debug` and `Display` print `<redacted>`, the type does not implement
//! `Serialize`, and the memory is wiped on drop, so a secret cannot leak
//! through logs, error messages, files or the webview by accident. The only
//! way to read it is [`Secret::expose`], which is greppable.

use std::fmt;
use zeroize::Zeroizing;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret text. Call only where it is sent to its own tenant or stored in the keyring.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

// Compile-time proof that `Secret` is not `Serialize` (the trick behind
// `static_assertions::assert_not_impl_any!`): if it were, the path below
// would be ambiguous and the crate would not build.
trait AmbiguousIfSerialize<A> {
    fn check() {}
}
impl<T: ?Sized> AmbiguousIfSerialize<()> for T {}
impl<T: ?Sized + serde::Serialize> AmbiguousIfSerialize<u8> for T {}
const _: fn() = || <Secret as AmbiguousIfSerialize<_>>::check();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn blank_counts_as_empty() {
        assert!(Secret::new("  ").is_empty());
        assert!(!Secret::new("x").is_empty());
    }
}
