//! Whatever an admin types as an attribute: no panic; what is accepted has no
//! control, invisible or space characters, fits Auth0's limit, and checks the
//! same the second time. Server text made safe to show never panics either.
#![no_main]

use denylist_core::ConnectionKind;
use denylist_core::checks::findings::{self, AttributeContext};
use denylist_core::model::deny_list::{self, MAX_LENGTH, Names};
use denylist_core::redact::{Sent, server_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let context = AttributeContext {
        kind: ConnectionKind::Database,
        list: Vec::new(),
        known: Vec::new(),
    };
    let check = findings::check_attribute(input, &context);
    match deny_list::check(input, Names::ProfileFields) {
        Ok(accepted) => {
            let v = &accepted.value;
            assert!(!v.is_empty() && v.chars().count() <= MAX_LENGTH);
            assert!(!v.chars().any(|c| c.is_control() || c.is_whitespace() || deny_list::is_invisible(c)));
            assert_eq!(deny_list::check(v, Names::ProfileFields).map(|a| a.value).as_ref(), Ok(v), "{input:?}");
            assert!(check.accepted.is_some());
        }
        Err(refusal) => {
            assert!(!refusal.to_string().is_empty());
            assert!(check.problem.is_some());
        }
    }
    let parts: Vec<String> = input.split(',').map(str::to_string).collect();
    if let Ok(valid) = deny_list::validate(&parts, Names::ProfileFields) {
        let mut seen = std::collections::HashSet::new();
        assert!(valid.values.iter().all(|v| seen.insert(v)), "duplicates kept");
    }
    let _ = findings::case_duplicates(&parts);
    let mut sent = Sent::default();
    for p in &parts {
        sent.add(p);
    }
    let shown = server_text(input, &sent);
    assert!(!shown.chars().any(char::is_control));
});
