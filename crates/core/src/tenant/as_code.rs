//! Tenants managed as code: what the next run of Terraform or the Auth0 Deploy CLI does to a
//! deny list set here, and the exact lines to put in that code, for one connection or a whole
//! policy.
//!
//! Checked against the tools' code (terraform-provider-auth0 and auth0-deploy-cli, 2026-08):
//! - Terraform's `auth0_connection` sends its whole `options` block on every update ("the inner
//!   options block behaves like a PUT instead of a PATCH", its maintainers, issue 860): a list in
//!   the code reverts one set here at the next apply; a list left out of the code is deleted by the
//!   next update of that resource, for whatever reason it runs. `non_persistent_attrs` is a set of
//!   strings in `options`; `sms` and `oauth1` connections never send it.
//! - The Deploy CLI sends a `connections:` entry's options as the file has them (unless
//!   `EXCLUDED_PROPS.connections` lists `options.non_persistent_attrs`, whose live value it then
//!   keeps); for `databases:` (strategy auth0 only) it merges the file's options into the live
//!   ones, so a file without the key keeps the list and one with it sets it.

use crate::tenant::policy::{Policy, PolicyConnection};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// How the admin says a tenant is managed (a profile setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ManagedAsCode {
    /// Only by hand (the Dashboard, this app): nothing to warn about.
    #[default]
    Nothing,
    Terraform,
    DeployCli,
    /// Not known: both tools' consequences are said.
    Unknown,
}

impl ManagedAsCode {
    pub fn parse(text: &str) -> crate::Result<ManagedAsCode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "nothing" | "none" | "no" => Ok(ManagedAsCode::Nothing),
            "terraform" => Ok(ManagedAsCode::Terraform),
            "deploy-cli" | "deploy_cli" | "a0deploy" => Ok(ManagedAsCode::DeployCli),
            "unknown" | "dont-know" | "i-dont-know" => Ok(ManagedAsCode::Unknown),
            other => Err(crate::Error::InvalidInput(format!(
                "“{other}” is not a way of managing a tenant: use nothing, terraform, deploy-cli or unknown."
            ))),
        }
    }

    pub fn tools(self) -> &'static [Tool] {
        match self {
            ManagedAsCode::Nothing => &[],
            ManagedAsCode::Terraform => &[Tool::Terraform],
            ManagedAsCode::DeployCli => &[Tool::DeployCli],
            ManagedAsCode::Unknown => &[Tool::Terraform, Tool::DeployCli],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Tool {
    Terraform,
    DeployCli,
}

/// What the next run of a tool does, and the lines to put in its code, for one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeNotice {
    pub tool: Tool,
    /// "Terraform", "Auth0 Deploy CLI".
    pub tool_name: String,
    /// Before the write: what the tool's next run does to the list set here.
    pub consequence: String,
    /// The code to put in place, each with what it is.
    pub snippets: Vec<Snippet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Snippet {
    /// Where it goes ("tenant.yaml (YAML format)").
    pub label: String,
    /// "hcl", "yaml" or "json".
    pub language: String,
    pub code: String,
}

/// What each tool the tenant is managed with does to `list` set on this connection, with the
/// lines for its code. Empty when the tenant is managed by hand.
pub fn notices(
    managed: ManagedAsCode,
    name: &str,
    strategy: &str,
    list: &[String],
) -> Vec<CodeNotice> {
    notices_for(
        managed,
        &[PolicyConnection {
            name: name.into(),
            strategy: strategy.into(),
            deny_list: Some(list.to_vec()),
        }],
    )
}

/// The notices of a revert: for the list before that change, and (when the list changed since
/// and the two differ) for the list with only that change undone.
pub fn for_revert(
    managed: ManagedAsCode,
    view: &crate::change::revert::RevertView,
    connection: &crate::model::connection::Connection,
) -> (Vec<CodeNotice>, Vec<CodeNotice>) {
    let (name, strategy) = (connection.name(), connection.strategy());
    let undo_only = if view.changed_since && !view.same_either_way {
        notices(managed, name, strategy, &view.undo_only)
    } else {
        Vec::new()
    };
    (notices(managed, name, strategy, &view.restore), undo_only)
}

/// The notices of a bulk dry run or a sync: the connections it changes, each with the list it
/// will have.
pub fn for_bulk(managed: ManagedAsCode, plan: &crate::tenant::bulk::BulkPlan) -> Vec<CodeNotice> {
    let changed: Vec<PolicyConnection> = plan
        .items
        .iter()
        .filter(|i| i.skip.is_none())
        .map(|i| PolicyConnection {
            name: i.connection_name.clone(),
            strategy: i.strategy.clone(),
            deny_list: i.after.clone(),
        })
        .collect();
    notices_for(managed, &changed)
}

/// The same for many connections at once (a bulk change, a sync): one notice per tool, its
/// code covering every connection given (each with the list it will have).
pub fn notices_for(managed: ManagedAsCode, connections: &[PolicyConnection]) -> Vec<CodeNotice> {
    if connections.is_empty() {
        return Vec::new();
    }
    let names = resource_names(connections);
    managed
        .tools()
        .iter()
        .map(|tool| match tool {
            Tool::Terraform => CodeNotice {
                tool: *tool,
                tool_name: "Terraform".into(),
                consequence: terraform_consequence(connections),
                snippets: vec![Snippet {
                    label: if connections.len() == 1 {
                        format!(
                            "The connection's auth0_connection resource (add the line to its existing options \
                             block; as `auth0 terraform generate` names it: auth0_connection.{})",
                            names[0]
                        )
                    } else {
                        "Each connection's auth0_connection resource (add each line to that resource's existing \
                         options block; named as `auth0 terraform generate` names them)"
                            .into()
                    },
                    language: "hcl".into(),
                    code: connections
                        .iter()
                        .zip(&names)
                        .map(|(c, n)| terraform_block(c, n))
                        .collect::<Vec<_>>()
                        .join("\n"),
                }],
            },
            Tool::DeployCli => CodeNotice {
                tool: *tool,
                tool_name: "Auth0 Deploy CLI".into(),
                consequence: deploy_cli_consequence(connections),
                snippets: vec![
                    Snippet {
                        label: "tenant.yaml (YAML format): in each connection's entry".into(),
                        language: "yaml".into(),
                        code: deploy_cli_yaml_entries(connections),
                    },
                    match connections {
                        [one] => Snippet {
                            label: format!("{} (directory format): in its options", deploy_cli_path(one)),
                            language: "json".into(),
                            code: pretty(&deploy_cli_json(one)),
                        },
                        _ => Snippet {
                            label: "Directory format: each file (path → its content), in its options".into(),
                            language: "json".into(),
                            code: pretty(&Value::Object(
                                directory(connections).into_iter().collect(),
                            )),
                        },
                    },
                ],
            },
        })
        .collect()
}

fn is_database(strategy: &str) -> bool {
    strategy == "auth0"
}

/// Strategies whose `options` Terraform's provider sends with `non_persistent_attrs`.
const TERRAFORM_SENDS: &[&str] = &[
    "auth0",
    "google-oauth2",
    "google-apps",
    "oauth2",
    "dropbox",
    "bitbucket",
    "paypal",
    "twitter",
    "amazon",
    "yahoo",
    "box",
    "wordpress",
    "shopify",
    "line",
    "custom",
    "facebook",
    "apple",
    "linkedin",
    "github",
    "windowslive",
    "salesforce",
    "salesforce-community",
    "salesforce-sandbox",
    "email",
    "ad",
    "waad",
    "oidc",
    "okta",
    "samlp",
    "adfs",
    "pingfederate",
];

fn terraform_consequence(connections: &[PolicyConnection]) -> String {
    let sent = |c: &&PolicyConnection| TERRAFORM_SENDS.contains(&c.strategy.as_str());
    let mut parts = Vec::new();
    if connections.iter().any(|c| sent(&c)) {
        parts.push(
            "Terraform sends a connection's whole options block on every apply. If the code sets \
             non_persistent_attrs, its next apply puts that list back; if the code leaves it out, the next update \
             of the resource (for any reason) deletes the list. Put the list in the code, as below, before or right \
             after this change."
                .to_string(),
        );
    }
    let quoted = |c: &PolicyConnection| {
        format!(
            "“{}”, a {} connection",
            comment_safe(&c.name),
            crate::model::strategy::strategy_label(&c.strategy)
        )
    };
    let never: Vec<String> = connections
        .iter()
        .filter(|c| matches!(c.strategy.as_str(), "sms" | "oauth1"))
        .map(quoted)
        .collect();
    if !never.is_empty() {
        parts.push(format!(
            "Terraform's Auth0 provider never sends the deny list of {}: an apply \
             leaves the list set here; but any update of the resource replaces the other options with the code's.",
            never.join("; ")
        ));
    }
    let unmanaged: Vec<String> = connections
        .iter()
        .filter(|c| !sent(c) && !matches!(c.strategy.as_str(), "sms" | "oauth1"))
        .map(quoted)
        .collect();
    if !unmanaged.is_empty() {
        parts.push(format!(
            "Terraform's Auth0 provider does not manage the kind of connection of {}: its runs do not touch that \
             list.",
            unmanaged.join("; ")
        ));
    }
    parts.join(" ")
}

fn deploy_cli_consequence(connections: &[PolicyConnection]) -> String {
    let mut parts = Vec::new();
    if connections.iter().any(|c| !is_database(&c.strategy)) {
        parts.push(
            "The Deploy CLI sends a connection's options (connections: in tenant.yaml) as the file has them at \
             every import: a file without non_persistent_attrs deletes the list set here, one with it puts its own \
             back. Put the list in the file, as below, or add \"options.non_persistent_attrs\" to \
             EXCLUDED_PROPS.connections in its config so imports keep what is set in Auth0.",
        );
    }
    if connections.iter().any(|c| is_database(&c.strategy)) {
        parts.push(
            "For a database connection (databases: in tenant.yaml) it merges the file's options with what is in \
             Auth0: a file without non_persistent_attrs keeps the list set here, a file with it sets its own at \
             the next import. Put the list in the file, as below, or leave the key out of it.",
        );
    }
    // Auth0's page "Exclude resources from management" (Deploy CLI): excluded types are neither
    // exported nor imported.
    parts.push(
        "If the config's AUTH0_EXCLUDED lists \"connections\" (or \"databases\"), or AUTH0_INCLUDED_ONLY leaves \
         them out, the Deploy CLI does not touch those connections at all and the change stays as made here.",
    );
    parts.join(" ")
}

// ---- Terraform ----

/// Resource names as `auth0 terraform generate` makes them (the connection's name, characters
/// other than letters, digits and `_` made `_`, leading digits dropped, `_` trimmed,
/// lower-cased), duplicates numbered `_2`, `_3`…, an empty one `connection`.
pub fn resource_names(connections: &[PolicyConnection]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    connections
        .iter()
        .map(|c| {
            let mut base = String::new();
            let mut gap = false;
            for ch in c.name.chars() {
                if ch.is_ascii_alphanumeric() || ch == '_' {
                    if gap {
                        base.push('_');
                        gap = false;
                    }
                    base.push(ch);
                } else {
                    gap = true;
                }
            }
            if gap {
                base.push('_');
            }
            let base = base
                .trim_start_matches(|ch: char| ch.is_ascii_digit())
                .trim_matches('_')
                .to_ascii_lowercase();
            let base = if base.is_empty() {
                "connection".to_string()
            } else {
                base
            };
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken.push(name.clone());
            name
        })
        .collect()
}

/// A string as an HCL quoted template: escapes, and `${`/`%{` kept literal.
fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if invisible(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters a reader would not see (controls, Unicode's format characters, line and
/// paragraph separators): written as escapes in code.
fn invisible(c: char) -> bool {
    c.is_control() || crate::text::is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

fn hcl_list(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|a| hcl_string(a)).collect();
    format!("[{}]", items.join(", "))
}

/// A comment's text on one line, with nothing a reader would not see.
fn comment_safe(s: &str) -> String {
    s.chars()
        .map(|c| if invisible(c) { '?' } else { c })
        .collect()
}

fn terraform_block(c: &PolicyConnection, resource: &str) -> String {
    let mut out = String::new();
    match &c.deny_list {
        None => {
            out.push_str(&format!(
                "# “{}”: its settings could not be read, so its deny list is not known.\n",
                comment_safe(&c.name)
            ));
            return out;
        }
        Some(_) if !TERRAFORM_SENDS.contains(&c.strategy.as_str()) => {
            out.push_str(&format!(
                "# “{}” ({}): Terraform's Auth0 provider does not send its deny list; set it in Auth0.\n",
                comment_safe(&c.name),
                comment_safe(&c.strategy)
            ));
            return out;
        }
        Some(list) => {
            out.push_str(&format!(
                "resource \"auth0_connection\" \"{resource}\" {{\n  name     = {}\n  strategy = {}\n\n  options {{\n    \
                 # ...keep every other option of this connection: Terraform sends the whole block.\n    \
                 non_persistent_attrs = {}\n  }}\n}}\n",
                hcl_string(&c.name),
                hcl_string(&c.strategy),
                hcl_list(list)
            ));
        }
    }
    out
}

/// Every connection's deny list as `auth0_connection` resources.
pub fn terraform(policy: &Policy) -> String {
    let names = resource_names(&policy.connections);
    let mut out = format!(
        "# Deny lists of {}, exported {} by Deny List Manager.\n# Add each non_persistent_attrs line to the \
         options block of that connection's existing auth0_connection resource: the provider sends the whole \
         options block, so a resource with only these lines would erase the connection's other settings.\n\n",
        comment_safe(&policy.tenant),
        policy.exported_at
    );
    for (c, name) in policy.connections.iter().zip(&names) {
        out.push_str(&terraform_block(c, name));
        out.push('\n');
    }
    out
}

// ---- Deploy CLI ----

/// A scalar as YAML: a double-quoted string (JSON's escapes are YAML's), invisible characters
/// escaped.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if invisible(c) || c == '\u{85}' || c == '\u{A0}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_entry(out: &mut String, c: &PolicyConnection, list: &[String]) {
    out.push_str(&format!(
        "  - name: {}\n    strategy: {}\n    options:\n      # ...every other option of this connection.\n",
        yaml_string(&c.name),
        yaml_string(&c.strategy)
    ));
    if list.is_empty() {
        out.push_str("      non_persistent_attrs: []\n");
    } else {
        out.push_str("      non_persistent_attrs:\n");
        for a in list {
            out.push_str(&format!("        - {}\n", yaml_string(a)));
        }
    }
}

/// The `connections:` and `databases:` sections for these connections.
fn deploy_cli_yaml_entries(connections: &[PolicyConnection]) -> String {
    let mut out = String::new();
    for (section, databases) in [("connections", false), ("databases", true)] {
        let here: Vec<&PolicyConnection> = connections
            .iter()
            .filter(|c| is_database(&c.strategy) == databases)
            .collect();
        if here.is_empty() {
            continue;
        }
        out.push_str(&format!("{section}:\n"));
        for c in here {
            match &c.deny_list {
                Some(list) => yaml_entry(&mut out, c, list),
                None => out.push_str(&format!(
                    "  # “{}”: its settings could not be read, so its deny list is not known.\n",
                    comment_safe(&c.name)
                )),
            }
        }
    }
    out
}

/// Every connection's deny list in the Deploy CLI's YAML format (`tenant.yaml`).
pub fn deploy_cli_yaml(policy: &Policy) -> String {
    format!(
        "# Deny lists of {}, exported {} by Deny List Manager, for the Auth0 Deploy CLI's tenant.yaml.\n# Put each \
         non_persistent_attrs in that connection's entry. connections: entries are sent whole at every import \
         (or add \"options.non_persistent_attrs\" to EXCLUDED_PROPS.connections to keep the live list); databases: \
         entries are merged with the live options.\n{}",
        comment_safe(&policy.tenant),
        policy.exported_at,
        deploy_cli_yaml_entries(&policy.connections)
    )
}

/// The Deploy CLI's file name for a connection (its `sanitize`: characters a file name cannot
/// hold made `-`, at most 255 bytes, `undefined` when empty).
fn file_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_control()
                || ('\u{80}'..='\u{9f}').contains(&c)
                || matches!(c, '/' | '?' | '<' | '>' | '\\' | ':' | '*' | '|' | '"')
            {
                '-'
            } else {
                c
            }
        })
        .collect();
    if out == "." || out == ".." {
        out = "-".into();
    }
    while out.ends_with(['.', ' ']) {
        out.pop();
        out.push('-');
        if out.chars().all(|c| c == '-') {
            break;
        }
    }
    let stem = out
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        out = "-".into();
    }
    while out.len() > 255 {
        out.pop();
    }
    if out.is_empty() {
        "undefined".into()
    } else {
        out
    }
}

fn deploy_cli_path(c: &PolicyConnection) -> String {
    if is_database(&c.strategy) {
        format!("database-connections/{}/database.json", file_name(&c.name))
    } else {
        format!("connections/{}.json", file_name(&c.name))
    }
}

fn deploy_cli_json(c: &PolicyConnection) -> Value {
    json!({
        "name": c.name,
        "strategy": c.strategy,
        "options": {"non_persistent_attrs": c.deny_list},
    })
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Every connection's deny list in the Deploy CLI's directory format: each file's path (under
/// the export folder) and its JSON, for connections whose list could be read. Files of the same
/// name are numbered, as two connections cannot share one.
pub fn deploy_cli_directory(policy: &Policy) -> Vec<(String, Value)> {
    directory(&policy.connections)
}

fn directory(connections: &[PolicyConnection]) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    for c in connections.iter().filter(|c| c.deny_list.is_some()) {
        let mut path = deploy_cli_path(c);
        let mut n = 2;
        while out.iter().any(|(p, _)| p.eq_ignore_ascii_case(&path)) {
            let base = deploy_cli_path(c);
            path = match base.strip_suffix("/database.json") {
                Some(dir) => format!("{dir}-{n}/database.json"),
                None => format!("{}-{n}.json", base.trim_end_matches(".json")),
            };
            n += 1;
        }
        out.push((path, deploy_cli_json(c)));
    }
    out
}

/// The directory format as one JSON document (`{"path": file, …}`), for standard output.
pub fn deploy_cli_json_document(policy: &Policy) -> String {
    let files: serde_json::Map<String, Value> = deploy_cli_directory(policy).into_iter().collect();
    pretty(&Value::Object(files)) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pc(name: &str, strategy: &str, list: Option<&[&str]>) -> PolicyConnection {
        PolicyConnection {
            name: name.into(),
            strategy: strategy.into(),
            deny_list: list.map(|l| l.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn resource_names_follow_the_generator() {
        let names = resource_names(&[
            pc("Username-Password-Authentication", "auth0", None),
            pc("_Another_Valid-Name", "auth0", None),
            pc("123 Starts With Number", "auth0", None),
            pc("Invalid@Name", "auth0", None),
            pc("invalid-name", "auth0", None),
            pc("", "auth0", None),
            pc("ünïcode", "auth0", None),
        ]);
        assert_eq!(
            names,
            [
                "username_password_authentication",
                "another_valid_name",
                "starts_with_number",
                "invalid_name",
                "invalid_name_2",
                "connection",
                "n_code",
            ]
        );
    }

    #[test]
    fn strings_cannot_break_out_of_the_code() {
        assert_eq!(hcl_string("a\"b\\c${x}%{y}"), r#""a\"b\\c$${x}%%{y}""#);
        assert_eq!(hcl_string("a\u{202E}b\n"), r#""a\u202Eb\n""#);
        assert_eq!(yaml_string("a\"b\u{7}"), r#""a\"b\u0007""#);
        assert_eq!(file_name("a/b:c"), "a-b-c");
        assert_eq!(file_name(".."), "-");
        assert_eq!(file_name("CON"), "-");
        assert_eq!(file_name(""), "undefined");
    }

    #[test]
    fn notices_say_what_each_tool_does_and_nothing_when_managed_by_hand() {
        let list = vec!["gender".to_string()];
        assert!(notices(ManagedAsCode::Nothing, "x", "samlp", &list).is_empty());
        let both = notices(ManagedAsCode::Unknown, "Acme SAML", "samlp", &list);
        assert_eq!(both.len(), 2);
        assert!(both[0].consequence.contains("deletes the list"));
        assert!(
            both[0].snippets[0]
                .code
                .contains("non_persistent_attrs = [\"gender\"]")
        );
        assert!(both[1].snippets[0].code.starts_with("connections:\n"));
        assert!(
            both[1].snippets[1]
                .label
                .starts_with("connections/Acme SAML.json")
        );
        let db = notices(ManagedAsCode::DeployCli, "Users", "auth0", &list);
        assert!(db[0].snippets[0].code.starts_with("databases:\n"));
        assert!(db[0].consequence.contains("merges"));
        assert!(
            db[0].snippets[1]
                .label
                .starts_with("database-connections/Users/database.json")
        );
    }
}
