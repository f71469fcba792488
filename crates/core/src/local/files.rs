//! Files the core keeps on this computer (the change history, the tenant checks' cache).

/// A file name for `key` (a tenant's domain, a client's identity): letters, digits, `.` and `-`
/// kept, anything else `_`, at most 120 characters — never a path separator or `..` alone.
pub fn file_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_leave_their_folder() {
        assert_eq!(
            file_name("https://acme.us.auth0.com"),
            "https___acme.us.auth0.com"
        );
        assert_eq!(file_name("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(file_name(&"a".repeat(300)).len(), 120);
    }
}
