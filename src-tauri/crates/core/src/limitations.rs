//! The catalogue of the Deny List's documented limitations, in plain words:
//! when denied attributes still show up, or the list does not do what an admin
//! expects. Findings (see `findings` and `tenant_checks`) point into it.

use serde::Serialize;

/// Where the limitations are documented.
pub const SOURCE: &str = "Auth0 docs: Add User Attributes to Deny List → Limitations";
/// The source named by this app's own checks: what they say is an inference, not Auth0's documentation.
pub const OWN_CHECK: &str = "Deny List Manager's own check (not from Auth0's documentation)";
/// Where the Management API scopes are documented.
pub const SCOPES_SOURCE: &str = "Auth0 docs: Management API → Connections (options scopes)";

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

const fn l(
    code: &'static str,
    title: &'static str,
    explanation: &'static str,
    what_to_do: &'static str,
) -> Limitation {
    Limitation {
        code,
        title,
        explanation,
        what_to_do,
        source: SOURCE,
    }
}

pub const CATALOGUE: &[Limitation] = &[
    l(
        "root_fields_only",
        "Only root fields can be denied",
        "A deny list names top-level attributes of the user profile, such as gender or phone_number. Fields inside \
         an object (address.country, user_metadata.hobby) cannot be denied.",
        "Deny the whole root attribute, or stop sending the nested value from your identity provider.",
    ),
    l(
        "name_nickname_tokens",
        "Denied name or nickname are left out of tokens",
        "If name or nickname are denied, they are not included in tokens.",
        "Deny them only if your applications do not read them from tokens.",
    ),
    l(
        "email_custom_claim",
        "A denied email cannot be mapped to a custom claim",
        "If email is denied, a rule or Action cannot copy it into a custom claim (for example \
         context.idToken['https://acme.com/work_email'] = user.email).",
        "Keep email stored if applications rely on such a claim.",
    ),
    l(
        "mfa",
        "Multi-factor authentication",
        "When multi-factor authentication (MFA) is enabled, denied attributes are not included in tokens.",
        "Expect denied attributes to be missing from tokens of users who go through MFA.",
    ),
    l(
        "redirect",
        "Redirects during login",
        "When a rule redirects the user during login, denied attributes are not included in tokens.",
        "Review rules and Actions that redirect during login.",
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
        "Avoid impersonation for users whose attributes are denied, or disable it for the tenant.",
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
        "For a claim sent by an upstream identity provider, the deny list must name it exactly as sent, for example \
         https://acme.com/temporary_idtoken.",
        "Copy claim names from the identity provider's configuration or a sample token.",
    ),
];

pub fn documented() -> Vec<Limitation> {
    CATALOGUE.to_vec()
}

/// The catalogue entry for `code`.
pub fn get(code: &str) -> &'static Limitation {
    CATALOGUE
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("no limitation {code} in the catalogue"))
}
