//! Whatever an admin types or pastes as a tenant domain: no panic, and anything
//! accepted is a plain host reached over https (plain http only on loopback).
#![no_main]

use denylist_core::TenantDomain;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok(domain) = TenantDomain::parse(input) else {
        return;
    };
    let base = domain.base_url();
    assert!(
        base.starts_with("https://") || domain.is_loopback(),
        "{input:?} → {base}"
    );
    let host = domain.host();
    assert!(!host.is_empty() && !host.chars().any(|c| c.is_whitespace() || c.is_control()));
    assert!(!host.contains(['/', '?', '#', '@']), "{input:?} → {host}");
    assert!(domain.audience().ends_with("/api/v2/"));
    // Parsing what was accepted gives the same tenant.
    let again = TenantDomain::parse(&base).expect("its own address parses");
    assert_eq!(again.base_url(), base);
    let _ = domain.to_string();
    let _ = domain.tenant_name();
    let _ = domain.require_confirmation(Some(input));
});
