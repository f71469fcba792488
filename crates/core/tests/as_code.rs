//! A whole tenant's deny lists written as Terraform and Deploy CLI code, read back by real HCL,
//! YAML and JSON parsers: every readable connection's list is there, exactly, and no name can
//! break out of its string (an HCL `${...}` would be evaluated; here the context is empty, so an
//! unescaped one fails the parse).

use denylist_core::tenant::as_code::{deploy_cli_directory, deploy_cli_yaml, terraform};
use denylist_core::tenant::policy::{Policy, PolicyConnection};
use serde_json::Value;

fn connection(name: &str, strategy: &str, list: Option<&[&str]>) -> PolicyConnection {
    PolicyConnection {
        name: name.into(),
        strategy: strategy.into(),
        deny_list: list.map(|l| l.iter().map(|s| s.to_string()).collect()),
    }
}

fn hostile_policy() -> Policy {
    Policy::new(
        "acme\n# injected.auth0.com",
        vec![
            connection(
                "Username-Password-Authentication",
                "auth0",
                Some(&["gender", "ethnicity"]),
            ),
            connection("google-oauth2", "google-oauth2", Some(&[])),
            connection(
                "Acme SAML",
                "samlp",
                Some(&["http://schemas.acme.com/claims/ethnicity"]),
            ),
            connection("Acme-SAML", "samlp", Some(&["family_name"])),
            connection("quote\"and\\slash", "oidc", Some(&["a\"b", "c\\d"])),
            connection(
                "${file(\"/etc/passwd\")}",
                "waad",
                Some(&["${var.x}", "%{ if true }x%{ endif }"]),
            ),
            connection(
                "line\nbreak: [yes]",
                "okta",
                Some(&[
                    "new\nline",
                    "tab\tbed",
                    "- dash",
                    "#hash",
                    "null",
                    "true",
                    "1e3",
                ]),
            ),
            connection(
                "ünïcode ☃\u{202E}",
                "adfs",
                Some(&["ñame", "\u{200B}hidden"]),
            ),
            connection("Unreadable", "samlp", None),
            connection("Text messages", "sms", Some(&["phone_number"])),
            connection("Second DB", "auth0", Some(&["nickname"])),
        ],
    )
}

fn as_str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("not a string: {s}"))
                .to_string()
        })
        .collect()
}

/// The `options` of a resource: one block is an object, repeated blocks an array.
fn options_of(resource: &Value) -> &Value {
    match &resource["options"] {
        Value::Array(blocks) => {
            assert_eq!(blocks.len(), 1, "one options block");
            &blocks[0]
        }
        other => other,
    }
}

#[test]
fn terraform_export_holds_every_list_a_real_hcl_parser_reads() {
    let policy = hostile_policy();
    let code = terraform(&policy);
    let parsed: Value = hcl::eval::from_str(&code, &hcl::eval::Context::new())
        .unwrap_or_else(|e| panic!("not valid HCL ({e}):\n{code}"));
    let resources = parsed["resource"]["auth0_connection"]
        .as_object()
        .unwrap_or_else(|| panic!("no auth0_connection resources:\n{code}"));

    let mut expected = 0;
    for c in &policy.connections {
        let found: Vec<&Value> = resources
            .values()
            .filter(|r| r["name"] == c.name.as_str())
            .collect();
        match (&c.deny_list, c.strategy.as_str()) {
            (None, _) | (Some(_), "sms") => assert!(found.is_empty(), "{} has no resource", c.name),
            (Some(list), strategy) => {
                expected += 1;
                assert_eq!(found.len(), 1, "one resource for {:?}:\n{code}", c.name);
                assert_eq!(found[0]["strategy"], strategy);
                assert_eq!(
                    as_str_list(&options_of(found[0])["non_persistent_attrs"]),
                    *list,
                    "{:?}",
                    c.name
                );
            }
        }
    }
    assert_eq!(resources.len(), expected, "no other resources");
    // Resource names are valid identifiers and distinct even where connection names clash.
    assert!(resources.contains_key("acme_saml") && resources.contains_key("acme_saml_2"));
    assert!(
        !code.contains('\u{202E}') && !code.contains('\u{200B}'),
        "invisible characters escaped"
    );
}

#[test]
fn deploy_cli_yaml_export_holds_every_list_a_real_yaml_parser_reads() {
    let policy = hostile_policy();
    let code = deploy_cli_yaml(&policy);
    let parsed: Value =
        serde_norway::from_str(&code).unwrap_or_else(|e| panic!("not valid YAML ({e}):\n{code}"));
    let object = parsed.as_object().expect("a mapping");
    assert_eq!(
        object.keys().collect::<Vec<_>>(),
        ["connections", "databases"],
        "only the two sections:\n{code}"
    );

    let mut seen = 0;
    for c in &policy.connections {
        let section = if c.strategy == "auth0" {
            "databases"
        } else {
            "connections"
        };
        let entries = parsed[section].as_array().expect("a list of entries");
        let found: Vec<&Value> = entries
            .iter()
            .filter(|e| e["name"] == c.name.as_str())
            .collect();
        match &c.deny_list {
            None => assert!(found.is_empty(), "unreadable {} is a comment only", c.name),
            Some(list) => {
                seen += 1;
                assert_eq!(found.len(), 1, "one entry for {:?}:\n{code}", c.name);
                assert_eq!(found[0]["strategy"], c.strategy.as_str());
                assert_eq!(
                    as_str_list(&found[0]["options"]["non_persistent_attrs"]),
                    *list
                );
            }
        }
    }
    let total = parsed["connections"].as_array().unwrap().len()
        + parsed["databases"].as_array().unwrap().len();
    assert_eq!(total, seen);
}

#[test]
fn deploy_cli_directory_export_has_one_safe_file_per_readable_connection() {
    let policy = hostile_policy();
    let files = deploy_cli_directory(&policy);
    assert_eq!(
        files.len(),
        policy
            .connections
            .iter()
            .filter(|c| c.deny_list.is_some())
            .count()
    );
    let mut paths: Vec<String> = files.iter().map(|(p, _)| p.to_lowercase()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), files.len(), "no two files share a path");
    for (path, json) in &files {
        let parts: Vec<&str> = path.split('/').collect();
        assert!(
            parts.iter().all(|p| !p.is_empty()
                && *p != "."
                && *p != ".."
                && !p.contains(['\\', ':', '\n'])),
            "{path:?} stays inside the folder"
        );
        let c = policy
            .connections
            .iter()
            .find(|c| json["name"] == c.name.as_str())
            .expect("a connection");
        let expected_root = if c.strategy == "auth0" {
            "database-connections"
        } else {
            "connections"
        };
        assert_eq!(parts[0], expected_root, "{path}");
        let text = serde_json::to_string(json).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            as_str_list(&back["options"]["non_persistent_attrs"]),
            *c.deny_list.as_ref().unwrap()
        );
    }
}

/// A revert on a tenant managed with Terraform: the code for whichever list is written, the list
/// before that change or the one with only that change undone.
#[test]
fn a_revert_gets_the_code_for_either_list_it_may_write() {
    use denylist_core::change::revert::RevertView;
    use denylist_core::local::history::{ChangeSource, FORMAT_VERSION, HistoryEntry};
    use denylist_core::model::connection::Connection;
    use denylist_core::tenant::as_code::{ManagedAsCode, for_revert};
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let entry = HistoryEntry {
        v: FORMAT_VERSION,
        id: "20261128-000000-0000".into(),
        at: "2026-11-28T00:00:00Z".into(),
        tenant: "acme.auth0.com".into(),
        profile: None,
        connection_id: "con_1".into(),
        connection_name: "db".into(),
        before: s(&["gender", "birthdate"]),
        after: s(&["gender", "ethnicity"]),
        source: ChangeSource::Edit,
        reverts: None,
        run: None,
        notes: vec![],
        state: Default::default(),
        found: None,
    };
    let now = s(&["gender", "ethnicity", "address"]);
    let connection = Connection::from_value(serde_json::json!({"id": "con_1", "name": "db",
        "strategy": "auth0", "options": {"non_persistent_attrs": now}}))
    .unwrap();
    let view = RevertView::new(&entry, now);
    let (restore, undo_only) = for_revert(ManagedAsCode::Terraform, &view, &connection);
    assert!(
        restore[0].snippets[0]
            .code
            .contains(r#"["gender", "birthdate"]"#)
    );
    assert!(
        undo_only[0].snippets[0]
            .code
            .contains(r#"["gender", "address", "birthdate"]"#)
    );
    let (a, b) = for_revert(ManagedAsCode::Nothing, &view, &connection);
    assert!(a.is_empty() && b.is_empty());
}
