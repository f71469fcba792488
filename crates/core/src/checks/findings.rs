//! Findings: where, for this tenant, connection or attribute, the deny list
//! will not do what the admin thinks. This module holds the ones that need no
//! API call (attributes, a connection's own settings); `tenant_checks` asks
//! the Management API for the rest. A finding must be true where it is shown.

use crate::checks::catalogue::{self, LimitationId};
use crate::model::connection::Connection;
use crate::model::deny_list::{self, AttributeKind, Refusal};
use crate::model::strategy::ConnectionKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    /// The deny list will not do what the admin intends.
    BlocksIntent,
    /// Tokens will contain less (or differently) than before.
    ChangesTokens,
    Informational,
}

impl Severity {
    pub const ALL: [Severity; 3] = [
        Severity::BlocksIntent,
        Severity::ChangesTokens,
        Severity::Informational,
    ];

    /// A short tag, in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Severity::BlocksIntent => "won't work as intended",
            Severity::ChangesTokens => "tokens change",
            Severity::Informational => "good to know",
        }
    }

    /// What the tag means (applying is never blocked by a finding).
    pub fn explanation(self) -> &'static str {
        match self {
            Severity::BlocksIntent => {
                "The deny list will not do what you want here: an entry that probably denies nothing, or \
                 denied values that still end up stored or in logs. You can still apply the change."
            }
            Severity::ChangesTokens => {
                "The deny list works, but some tokens will not carry the denied attributes (or carry less than \
                 before): applications that read them from tokens may notice."
            }
            Severity::Informational => "Nothing to fix; worth knowing before you change the list.",
        }
    }
}

/// A severity, its tag and what it means: for a legend.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeverityInfo {
    pub severity: Severity,
    pub label: &'static str,
    pub explanation: &'static str,
}

/// Every severity with its tag and meaning.
pub fn severities() -> Vec<SeverityInfo> {
    Severity::ALL
        .iter()
        .map(|s| SeverityInfo {
            severity: *s,
            label: s.label(),
            explanation: s.explanation(),
        })
        .collect()
}

/// Where a finding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Scope {
    Tenant,
    Connection,
    Attribute,
}

/// What was found, by a stable code (for scripts and the UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FindingCode {
    // Attributes.
    NotARootField,
    InvalidEntry,
    NotComposed,
    CaseDuplicate,
    ClaimMustMatchIdp,
    ClaimWithDot,
    NotInTokens,
    EmailClaimMapping,
    PossibleTypo,
    /// A removed attribute: stored again from now on.
    StoredAgain,
    // Connections.
    OptionsUnreadable,
    SamlDebugLogs,
    /// The connection's name holds invisible or control characters: it may pass for another.
    HiddenCharactersInName,
    // The tenant.
    MfaRequired,
    MfaAvailable,
    RuleRedirect,
    RuleMfa,
    /// Rules remain in the tenant after Auth0 stopped running them: they change nothing.
    RulesNoLongerRun,
    ActionRedirect,
    ActionMfa,
    DelegationAllowed,
    DelegationClients,
    ImpersonationAvailable,
    LegacySso,
    /// A check that could not run (a missing scope, an unavailable endpoint, an error).
    CheckSkipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub code: FindingCode,
    /// The documented limitation it comes from, if any.
    pub limitation: Option<LimitationId>,
    pub severity: Severity,
    pub title: String,
    /// What was found and what it means, in plain words.
    pub message: String,
    pub what_to_do: String,
    /// The documentation section it comes from (or that it is this app's own inference).
    pub source: String,
    pub scope: Scope,
    /// The connection it is about (its name), for connection and attribute findings.
    pub connection: Option<String>,
    /// The attribute it is about, for attribute findings.
    pub attribute: Option<String>,
    /// For a check that could not run for want of a scope: that scope.
    pub missing_scope: Option<String>,
    /// Where the limitation is documented, when it is one of Auth0's.
    pub url: Option<String>,
}

impl Finding {
    /// A finding of a documented limitation, with the specific `message`.
    pub fn of(
        code: FindingCode,
        limitation: LimitationId,
        severity: Severity,
        scope: Scope,
        message: String,
    ) -> Finding {
        let l = limitation.limitation();
        Finding {
            code,
            limitation: Some(l.id),
            severity,
            title: l.title.to_string(),
            message,
            what_to_do: l.what_to_do.to_string(),
            source: l.source.into(),
            scope,
            connection: None,
            attribute: None,
            missing_scope: None,
            url: Some(l.url.into()),
        }
    }

    /// A finding of this app's own checks (not one of Auth0's documented limitations).
    pub fn own(
        code: FindingCode,
        severity: Severity,
        scope: Scope,
        title: &str,
        message: String,
        what_to_do: &str,
    ) -> Finding {
        Finding {
            code,
            limitation: None,
            severity,
            title: title.into(),
            message,
            what_to_do: what_to_do.into(),
            source: catalogue::OWN_CHECK.into(),
            scope,
            connection: None,
            attribute: None,
            missing_scope: None,
            url: None,
        }
    }

    fn on_attribute(mut self, attribute: &str) -> Finding {
        self.attribute = Some(attribute.to_string());
        self
    }

    pub fn on_connection(mut self, name: &str) -> Finding {
        self.connection = Some(name.to_string());
        self
    }

    /// Whether this finding says a check could not run.
    pub fn is_skipped(&self) -> bool {
        self.code == FindingCode::CheckSkipped
    }
}

/// How what is typed reads, in plain words under the add box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Tone {
    /// Nothing typed.
    None,
    Ok,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Feedback {
    pub tone: Tone,
    pub text: String,
}

/// Two entries that differ only in case (`b` is the one on the list), said in the same words
/// while typing and in the findings of a list.
pub fn case_twin_message(a: &str, b: &str) -> String {
    format!(
        "“{a}” and “{b}” differ only in upper and lower case. Names are compared exactly, so only the one \
         spelled as your users' profiles (or the identity provider) spell it has an effect"
    )
}

/// The check of one attribute as the admin types it: accepted (and how it will be stored), or why not,
/// with what the documentation says about it, and the mistakes it may be.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeCheck {
    pub input: String,
    pub accepted: Option<deny_list::Accepted>,
    pub problem: Option<String>,
    pub warnings: Vec<Finding>,
    /// Already on the list, exactly as it would be stored: adding it changes nothing.
    pub already_listed: bool,
    /// An entry of the list that differs from it only in case.
    pub case_twin: Option<String>,
    /// A known name it is probably a misspelling of.
    pub typo: Option<crate::model::known_names::Typo>,
    /// What to say under the add box about it.
    pub feedback: Feedback,
}

impl AttributeCheck {
    fn feedback(&self) -> Feedback {
        let say = |tone, text: String| Feedback { tone, text };
        let input = self.input.trim();
        if input.is_empty() {
            return say(Tone::None, String::new());
        }
        if let Some(problem) = &self.problem {
            return say(Tone::Error, format!("“{input}” {problem}."));
        }
        let value = self.accepted.as_ref().map_or(input, |a| a.value.as_str());
        if self.already_listed {
            return say(
                Tone::Warn,
                format!("“{value}” is already on the list: adding it again changes nothing."),
            );
        }
        if let Some(twin) = &self.case_twin {
            return say(
                Tone::Warn,
                format!(
                    "{} (“{twin}” is already on the list).",
                    case_twin_message(value, twin)
                ),
            );
        }
        if let Some(typo) = &self.typo {
            return say(Tone::Warn, format!("{}.", typo.message));
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(note) = self.accepted.as_ref().and_then(|a| a.note.as_ref()) {
            parts.push(format!("{note}."));
        }
        parts.extend(self.warnings.iter().map(|w| format!("{}.", w.message)));
        if !parts.is_empty() {
            return say(Tone::Warn, parts.join(" "));
        }
        let kind = match self.accepted.as_ref().map(|a| a.kind) {
            Some(AttributeKind::ClaimUri | AttributeKind::ClaimName) => "an upstream claim name",
            _ => "a root attribute",
        };
        say(
            Tone::Ok,
            format!("“{value}” is {kind}: press Enter to add it."),
        )
    }
}

/// What an attribute is checked against: the connection's kind, its list as the admin has it now,
/// and the names it is likely to be (see `known_names`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AttributeContext {
    pub kind: ConnectionKind,
    pub list: Vec<String>,
    pub known: Vec<String>,
}

/// Check one attribute as typed, in its context.
pub fn check_attribute(input: &str, context: &AttributeContext) -> AttributeCheck {
    let mut check = AttributeCheck {
        input: input.to_string(),
        accepted: None,
        problem: None,
        warnings: Vec::new(),
        already_listed: false,
        case_twin: None,
        typo: None,
        feedback: Feedback {
            tone: Tone::None,
            text: String::new(),
        },
    };
    match deny_list::check(input, context.kind.names()) {
        Ok(accepted) => {
            let value = accepted.value.clone();
            check.warnings = for_attribute(&value, context.kind);
            check.already_listed = context.list.contains(&value);
            check.case_twin = context
                .list
                .iter()
                .find(|l| **l != value && l.to_lowercase() == value.to_lowercase())
                .cloned();
            if !check.already_listed && check.case_twin.is_none() {
                check.typo = crate::model::known_names::Typo::of(&value, &context.known);
            }
            check.accepted = Some(accepted);
        }
        Err(refusal) => check.problem = Some(refusal.to_string()),
    }
    check.feedback = check.feedback();
    check
}

/// A likely misspelling of a known name, as a warning before the change.
pub fn possible_typo(typo: crate::model::known_names::Typo) -> Finding {
    Finding::own(
        FindingCode::PossibleTypo,
        Severity::BlocksIntent,
        Scope::Attribute,
        "Possibly misspelled",
        typo.message,
        &format!(
            "If you meant “{}”, change the entry to it.",
            typo.suggestion
        ),
    )
    .on_attribute(&typo.typed)
}

/// What emptying lists means, said before the dry run of an edit that empties them.
pub const CLEAR_MEANS: &str =
    "Emptying a list means Auth0 stores every attribute again for users of those connections.";

/// What removing an attribute means, said before it happens.
pub fn stored_again(attribute: &str) -> Finding {
    Finding::own(
        FindingCode::StoredAgain,
        Severity::Informational,
        Scope::Attribute,
        "Stored again after removal",
        format!(
            "Auth0 will store “{attribute}” again whenever it receives it for users of this connection (for \
             example at their next login)"
        ),
        "Remove it only if storing it again is intended.",
    )
    .on_attribute(attribute)
}

/// What Auth0's documentation (and this app's checks) say about denying this attribute on a
/// connection of this kind (no API call).
pub fn for_attribute(attribute: &str, kind: ConnectionKind) -> Vec<Finding> {
    let names = kind.names();
    let of = |code, limitation, severity, message: String| {
        Finding::of(code, limitation, severity, Scope::Attribute, message).on_attribute(attribute)
    };
    let own = |code, severity, title: &str, message: String, what_to_do: &str| {
        Finding::own(code, severity, Scope::Attribute, title, message, what_to_do)
            .on_attribute(attribute)
    };
    match deny_list::check(attribute, names) {
        Err(reason @ Refusal::Nested { .. }) => vec![of(
            FindingCode::NotARootField,
            LimitationId::RootFieldsOnly,
            Severity::BlocksIntent,
            format!(
                "“{attribute}” {reason}. Auth0 documents that only root fields can be denied, so this entry \
                 probably denies nothing"
            ),
        )],
        Err(reason) => vec![own(
            FindingCode::InvalidEntry,
            Severity::BlocksIntent,
            "An entry that cannot work",
            format!("“{attribute}” {reason}"),
            "Remove it, and add the attribute again as it should be spelled.",
        )],
        Ok(a) if !deny_list::is_nfc(&a.value) => vec![own(
            FindingCode::NotComposed,
            Severity::BlocksIntent,
            "A name written in an unusual form",
            format!(
                "“{}” writes an accented letter as a letter plus a separate accent (not Unicode's usual composed \
                 form). Names are compared exactly, so it probably matches nothing your users' profiles hold \
                 (an inference: Auth0 does not document how it compares names)",
                a.value
            ),
            "Type the name again on the keyboard, or copy it from the identity provider's configuration.",
        )],
        Ok(a) if a.kind == AttributeKind::ClaimUri => vec![of(
            FindingCode::ClaimMustMatchIdp,
            LimitationId::ClaimNamesExact,
            Severity::Informational,
            format!(
                "“{attribute}” must match, character for character, the claim name the upstream identity provider sends"
            ),
        )],
        Ok(a) if a.kind == AttributeKind::ClaimName => vec![of(
            FindingCode::ClaimWithDot,
            LimitationId::ClaimNamesExact,
            Severity::Informational,
            format!(
                "“{attribute}” is kept as a claim name, exactly as your identity provider sends it. If it is \
                 instead a field inside an object ({}), it cannot be denied: only root fields can",
                attribute.replacen('.', " → ", 1)
            ),
        )],
        Ok(a) => match a.value.as_str() {
            "name" | "nickname" => vec![of(
                FindingCode::NotInTokens,
                LimitationId::NameNicknameTokens,
                Severity::ChangesTokens,
                format!("When “{}” is denied it is no longer included in tokens", a.value),
            )],
            "email" => vec![of(
                FindingCode::EmailClaimMapping,
                LimitationId::EmailCustomClaim,
                Severity::ChangesTokens,
                "When “email” is denied its value cannot be mapped to a custom claim (for example in a rule or Action)"
                    .to_string(),
            )],
            _ => Vec::new(),
        },
    }
}

/// Settings of this connection that defeat or weaken the deny list (no API call beyond reading it).
pub fn for_connection(connection: &Connection) -> Vec<Finding> {
    let name = connection.name();
    let Some(options) = connection.options() else {
        let mut f = Finding::own(
            FindingCode::OptionsUnreadable,
            Severity::BlocksIntent,
            Scope::Connection,
            "Settings cannot be read",
            format!(
                "Auth0 did not return the settings of “{name}” to this token, so its deny list can neither be read nor \
                 changed safely"
            ),
            &format!(
                "Grant read:connections_options and update:connections_options in {}.",
                crate::error::WHERE_TO_GRANT
            ),
        );
        f.source = catalogue::SCOPES_SOURCE.into();
        f.missing_scope = Some("read:connections_options".into());
        return vec![f.on_connection(name)];
    };
    let mut out = Vec::new();
    let hidden: Vec<String> = name
        .chars()
        .filter(|c| c.is_control() || crate::text::is_invisible(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    if !hidden.is_empty() {
        out.push(
            Finding::own(
                FindingCode::HiddenCharactersInName,
                Severity::Informational,
                Scope::Connection,
                "A name with invisible characters",
                format!(
                    "The name of this connection holds invisible or control characters ({}): it may look like \
                     another connection's name, or reorder the text around it. The app shows them as ⟨U+…⟩",
                    hidden.join(", ")
                ),
                "Check that this is the connection you mean (its id is shown), and rename it in the Auth0 Dashboard.",
            )
            .on_connection(name),
        );
    }
    if connection.strategy() == "samlp" && options.get("debug") == Some(&Value::Bool(true)) {
        out.push(
            Finding::of(
                FindingCode::SamlDebugLogs,
                LimitationId::SamlDebug,
                Severity::BlocksIntent,
                Scope::Connection,
                "Debug mode is on for this SAML connection: tenant logs will contain the denied attributes. \
                 Turn Debug mode off in the connection's settings."
                    .into(),
            )
            .on_connection(name),
        );
    }
    // `options.mfa.active` is on by default on every database connection: it says MFA *may* be
    // used, not that it is. It is part of the tenant's MFA finding, never an alert by itself.
    out
}

/// Attribute and connection findings for a connection's deny list.
pub fn for_deny_list(connection: &Connection, list: &[String]) -> Vec<Finding> {
    let kind = connection.kind();
    let mut out: Vec<Finding> = list
        .iter()
        .flat_map(|a| for_attribute(a, kind))
        .chain(case_duplicates(list))
        .map(|f| f.on_connection(connection.name()))
        .collect();
    out.extend(for_connection(connection));
    out
}

/// What bears on a change, each said once: the findings of the attributes it adds (claims that
/// must match grouped into one), likely misspellings, case-only twins, the connection's own
/// findings, and what each removal means.
pub fn for_change(
    connection: &Connection,
    added: &[String],
    removed: &[String],
    after: &[String],
) -> Vec<Finding> {
    let kind = connection.kind();
    let known = crate::model::known_names::for_connection(connection);
    let mut out: Vec<Finding> = Vec::new();
    let mut claims: Vec<&str> = Vec::new();
    for a in added {
        for f in for_attribute(a, kind) {
            if f.code == FindingCode::ClaimMustMatchIdp {
                claims.push(a);
            } else {
                out.push(f);
            }
        }
        if let Some(typo) = crate::model::known_names::Typo::of(a, &known)
            && !after.contains(&typo.suggestion)
        {
            out.push(possible_typo(typo));
        }
    }
    if !claims.is_empty() {
        let quoted: Vec<String> = claims.iter().map(|c| format!("“{c}”")).collect();
        let mut f = Finding::of(
            FindingCode::ClaimMustMatchIdp,
            LimitationId::ClaimNamesExact,
            Severity::Informational,
            Scope::Attribute,
            format!(
                "{} must match, character for character, the claim name{} the upstream identity provider sends",
                quoted.join(", "),
                if claims.len() == 1 { "" } else { "s" }
            ),
        );
        if let [one] = claims.as_slice() {
            f = f.on_attribute(one);
        }
        out.push(f);
    }
    out.extend(
        case_duplicates(after)
            .into_iter()
            .filter(|f| f.attribute.as_ref().is_some_and(|a| added.contains(a))),
    );
    out.extend(removed.iter().map(|r| stored_again(r)));
    let mut out: Vec<Finding> = out
        .into_iter()
        .map(|f| f.on_connection(connection.name()))
        .collect();
    out.extend(for_connection(connection));
    out
}

/// Entries that differ only in case (`Gender` next to `gender`): usually a typo, since only
/// the spelling the profile or identity provider uses has an effect.
pub fn case_duplicates(list: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        if let Some(b) = list[..i]
            .iter()
            .find(|b| *b != a && b.to_lowercase() == a.to_lowercase())
        {
            out.push(
                Finding::own(
                    FindingCode::CaseDuplicate,
                    Severity::Informational,
                    Scope::Attribute,
                    "Two entries differ only in case",
                    case_twin_message(a, b),
                    "Keep the spelling that matches, and remove the other.",
                )
                .on_attribute(a),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DB: ConnectionKind = ConnectionKind::Database;
    const SAML: ConnectionKind = ConnectionKind::Enterprise;

    #[test]
    fn a_misspelling_is_said_in_the_same_words_while_typing_in_the_review_and_in_bulk() {
        let db = Connection::from_value(
            json!({"id":"c","strategy":"auth0","options":{"non_persistent_attrs":[]}}),
        )
        .unwrap();
        let known = crate::model::known_names::for_connection(&db);
        let context = AttributeContext {
            kind: DB,
            list: Vec::new(),
            known: known.clone(),
        };
        let typing = check_attribute("ethnicty", &context).typo.unwrap();
        let typed = vec!["ethnicty".to_string()];
        let review = for_change(&db, &typed, &[], &typed);
        let review = review
            .iter()
            .find(|f| f.code == FindingCode::PossibleTypo)
            .unwrap();
        let bulk = crate::tenant::bulk::likely_typos(
            &crate::change::plan::Edit::Add(typed.clone()),
            &known,
        )
        .remove(0);
        assert_eq!(typing.suggestion, "ethnicity");
        assert_eq!(review.message, typing.message);
        assert_eq!(bulk, typing);
    }

    #[test]
    fn attribute_findings() {
        assert_eq!(for_attribute("name", DB)[0].code, FindingCode::NotInTokens);
        assert_eq!(
            for_attribute("nickname", DB)[0].code,
            FindingCode::NotInTokens
        );
        assert_eq!(
            for_attribute("email", DB)[0].code,
            FindingCode::EmailClaimMapping
        );
        let claim = &for_attribute("https://acme.com/x", SAML)[0];
        assert_eq!(
            (claim.code, claim.scope, claim.severity),
            (
                FindingCode::ClaimMustMatchIdp,
                Scope::Attribute,
                Severity::Informational
            )
        );
        let nested = &for_attribute("user_metadata.x", DB)[0];
        assert_eq!(
            (nested.code, nested.severity),
            (FindingCode::NotARootField, Severity::BlocksIntent)
        );
        assert_eq!(nested.limitation, Some(LimitationId::RootFieldsOnly));
        assert!(!nested.what_to_do.is_empty() && nested.source.contains("Deny List"));
        assert!(for_attribute("gender", DB).is_empty());
        assert_eq!(
            for_attribute("gen\u{200b}der", DB)[0].code,
            FindingCode::InvalidEntry
        );
        assert_eq!(
            for_attribute("ge\u{301}nero", DB)[0].code,
            FindingCode::NotComposed
        );
        let dup = case_duplicates(&["gender".into(), "ethnicity".into(), "Gender".into()]);
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].attribute.as_deref(), Some("Gender"));
        assert!(case_duplicates(&["gender".into(), "ethnicity".into()]).is_empty());
    }

    fn typed(input: &str, list: &[&str]) -> AttributeCheck {
        let context = AttributeContext {
            kind: DB,
            list: list.iter().map(|s| s.to_string()).collect(),
            known: crate::model::known_names::standard(),
        };
        check_attribute(input, &context)
    }

    #[test]
    fn what_is_typed_is_said_under_the_add_box() {
        let refused = typed("address.country", &[]).feedback;
        assert_eq!(refused.tone, Tone::Error);
        assert!(
            refused.text.contains("only root fields"),
            "{}",
            refused.text
        );
        let rewritten = typed("user.name", &[]).feedback;
        assert_eq!(rewritten.tone, Tone::Warn);
        assert!(rewritten.text.contains("understood as the root field"));
        assert!(rewritten.text.contains("no longer included in tokens"));
        assert_eq!(
            typed("gender", &[]).feedback,
            Feedback {
                tone: Tone::Ok,
                text: "“gender” is a root attribute: press Enter to add it.".into()
            }
        );
        let listed = typed("gender", &["gender"]).feedback;
        assert_eq!(listed.tone, Tone::Warn);
        assert!(
            listed
                .text
                .contains("already on the list: adding it again changes nothing")
        );
        assert_eq!(typed("  ", &[]).feedback.tone, Tone::None);
    }

    #[test]
    fn a_likely_mistake_is_never_read_as_approval() {
        let typo = typed("ethnicty", &[]).feedback;
        assert_eq!(typo.tone, Tone::Warn);
        assert!(
            typo.text.contains("Did you mean “ethnicity”?"),
            "{}",
            typo.text
        );
        assert!(!typo.text.contains("press Enter"));
        let twin = typed("Ethnicity", &["ethnicity"]).feedback;
        assert!(
            twin.text.contains("only in upper and lower case"),
            "{}",
            twin.text
        );
        // The same words as the finding of a list holding both.
        let finding = &case_duplicates(&["ethnicity".into(), "Ethnicity".into()])[0];
        assert!(twin.text.starts_with(&finding.message), "{}", twin.text);
    }

    #[test]
    fn a_dotted_claim_of_an_identity_provider_is_a_note_not_a_verdict() {
        let f = &for_attribute("employee.id", SAML)[0];
        assert_eq!(
            (f.code, f.severity),
            (FindingCode::ClaimWithDot, Severity::Informational)
        );
        assert!(f.message.contains("employee → id"), "{}", f.message);
        assert!(!f.message.contains("no effect"));
        // On a database connection the same entry is a nested field.
        assert_eq!(
            for_attribute("employee.id", DB)[0].code,
            FindingCode::NotARootField
        );
        // Inside an object Auth0 owns: nested on every kind of connection.
        for name in ["user_metadata.hobby", "app_metadata.plan", "identities.0"] {
            let f = &for_attribute(name, SAML)[0];
            assert_eq!(f.code, FindingCode::NotARootField, "{name}");
            assert!(f.message.contains("nested field"), "{}", f.message);
        }
    }

    #[test]
    fn a_name_with_invisible_characters_is_flagged() {
        let spoof = Connection::from_value(
            json!({"id":"c","name":"customers\u{202e}bd","strategy":"auth0","options":{}}),
        )
        .unwrap();
        let f = &for_connection(&spoof)[0];
        assert_eq!(f.code, FindingCode::HiddenCharactersInName);
        assert!(f.message.contains("U+202E"), "{}", f.message);
        assert!(spoof.summary().alert.is_some());
        let plain = Connection::from_value(
            json!({"id":"c","name":"customers","strategy":"auth0","options":{}}),
        )
        .unwrap();
        assert!(for_connection(&plain).is_empty());
    }

    #[test]
    fn connection_findings() {
        let saml = Connection::from_value(
            json!({"id":"c","name":"s","strategy":"samlp","options":{"debug":true}}),
        )
        .unwrap();
        let f = &for_connection(&saml)[0];
        assert_eq!(
            (f.code, f.scope, f.connection.as_deref()),
            (FindingCode::SamlDebugLogs, Scope::Connection, Some("s"))
        );
        let saml_off =
            Connection::from_value(json!({"id":"c","strategy":"samlp","options":{"debug":false}}))
                .unwrap();
        assert!(for_connection(&saml_off).is_empty());
        // MFA active is every database connection's default: not an alert by itself.
        let db = Connection::from_value(
            json!({"id":"c","strategy":"auth0","options":{"mfa":{"active":true,"return_enroll_settings":true}}}),
        )
        .unwrap();
        assert!(for_connection(&db).is_empty());
        let hidden = Connection::from_value(json!({"id":"c","strategy":"auth0"})).unwrap();
        let f = &for_connection(&hidden)[0];
        assert_eq!(f.code, FindingCode::OptionsUnreadable);
        assert_eq!(f.missing_scope.as_deref(), Some("read:connections_options"));
    }

    #[test]
    fn no_recorded_connection_raises_an_alert_on_its_own() {
        // Every recorded database connection has `mfa.active`; none is debug-logging SAML.
        for (name, text) in [
            (
                "auth0-1",
                include_str!("../../../../tests/fixtures/auth0-recorded/auth0-1.json"),
            ),
            (
                "auth0-2",
                include_str!("../../../../tests/fixtures/auth0-recorded/auth0-2.json"),
            ),
            (
                "auth0-5",
                include_str!("../../../../tests/fixtures/auth0-recorded/auth0-5.json"),
            ),
        ] {
            let c = Connection::from_value(serde_json::from_str(text).unwrap()).unwrap();
            assert!(for_connection(&c).is_empty(), "{name}");
        }
    }
}
