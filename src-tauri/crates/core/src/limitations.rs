//! The Deny List's documented limitations, in plain words: when denied
//! attributes still show up, or the list does not do what an admin expects.
//! (Live detection for a tenant builds on these.)

use serde::Serialize;

/// Where the limitation is documented.
pub const SOURCE: &str =
    "Auth0 docs: Secure → Security Guidance → Data Security → Add User Attributes to Deny List";

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limitation {
    /// Stable identifier.
    pub code: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    pub what_to_do: &'static str,
    pub source: &'static str,
}

pub fn documented() -> Vec<Limitation> {
    let l = |code, title, explanation, what_to_do| Limitation {
        code,
        title,
        explanation,
        what_to_do,
        source: SOURCE,
    };
    vec![
        l(
            "root_fields_only",
            "Only root fields can be denied",
            "A deny list names top-level attributes of the user profile, such as gender or phone_number. Fields \
             inside an object (address.country, user_metadata.hobby) cannot be denied.",
            "Deny the whole root attribute, or stop sending the nested value from your identity provider.",
        ),
        l(
            "name_nickname_tokens",
            "Denied name or nickname are left out of tokens",
            "If name or nickname are denied, they are not included in ID tokens.",
            "Deny them only if your applications do not read them from tokens.",
        ),
        l(
            "email_custom_claim",
            "A denied email cannot be mapped to a custom claim",
            "If email is denied, a rule or Action cannot copy it into a custom claim \
             (for example context.idToken['https://acme.com/work_email'] = user.email).",
            "Keep email stored if applications rely on such a claim.",
        ),
        l(
            "mfa",
            "Multi-factor authentication",
            "When MFA is enabled, denied attributes are not included in tokens.",
            "Expect denied attributes to be missing from tokens of users who go through MFA.",
        ),
        l(
            "rule_redirect",
            "Redirects from rules",
            "When a rule redirects the user (context.redirect), denied attributes are not included in tokens.",
            "Review rules (and Actions) that redirect during login.",
        ),
        l(
            "delegation",
            "Delegation",
            "If an application uses delegation without scope = passthrough, denied attributes are not included in tokens.",
            "Use scope = passthrough in delegation requests, or move off legacy delegation.",
        ),
        l(
            "impersonation",
            "Impersonation",
            "If an application uses impersonation, denied attributes are not included in tokens.",
            "Avoid impersonation for users whose attributes are denied.",
        ),
        l(
            "legacy_sso",
            "“Use Auth0 instead of the IdP to do Single Sign-On” (legacy tenants)",
            "With this legacy application setting on, denied attributes are not included in tokens.",
            "Turn the setting off in the application's advanced settings if you do not need it.",
        ),
        l(
            "saml_debug",
            "SAML connections in Debug mode log denied attributes",
            "For SAMLP connections with Debug mode on, tenant logs contain the denied attributes.",
            "Turn Debug mode off on SAML connections once troubleshooting is done.",
        ),
        l(
            "claim_names_exact",
            "Upstream claims must be named exactly",
            "For a claim sent by an upstream identity provider, the deny list must name it exactly as sent, \
             for example https://acme.com/temporary_idtoken.",
            "Copy claim names from the identity provider's configuration or a sample token.",
        ),
    ]
}
