//! The catalogue of the Deny List's documented limitations, in plain words:
//! when denied attributes still show up, or the list does not do what an admin
//! expects. Findings (see `findings` and `tenant_checks`) point into it by a
//! typed id. Where a text goes beyond Auth0's page, it says it is an inference.
//! A leaf: it imports nothing of this crate.

use serde::Serialize;

/// Where the limitations are documented.
pub const SOURCE: &str = "Auth0 docs: Add User Attributes to Deny List → Limitations";
/// The source named by this app's own checks: what they say is an inference, not Auth0's documentation.
pub const OWN_CHECK: &str = "Deny List Manager's own check (not from Auth0's documentation)";
/// Where the Management API scopes are documented.
pub const SCOPES_SOURCE: &str = "Auth0 docs: Management API → Connections (options scopes)";
/// The page itself.
pub const DOC_URL: &str = "https://auth0.com/docs/secure/security-guidance/data-security/denylist";

/// A documented limitation, by a stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LimitationId {
    RootFieldsOnly,
    NameNicknameTokens,
    EmailCustomClaim,
    Mfa,
    Redirect,
    Delegation,
    Impersonation,
    LegacySso,
    SamlDebug,
    ClaimNamesExact,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limitation {
    pub id: LimitationId,
    pub title: &'static str,
    pub explanation: &'static str,
    pub what_to_do: &'static str,
    pub source: &'static str,
    /// Where to read it (Auth0's page).
    pub url: &'static str,
}

const fn l(
    id: LimitationId,
    title: &'static str,
    explanation: &'static str,
    what_to_do: &'static str,
) -> Limitation {
    Limitation {
        id,
        title,
        explanation,
        what_to_do,
        source: SOURCE,
        url: DOC_URL,
    }
}

pub const CATALOGUE: &[Limitation] = &[
    l(
        LimitationId::RootFieldsOnly,
        "Only root fields can be denied",
        "A deny list names top-level attributes of the user profile, such as gender or phone_number. Fields inside \
         an object (address.country, user_metadata.hobby) cannot be denied.",
        "Deny the whole root attribute, or stop sending the nested value from your identity provider.",
    ),
    l(
        LimitationId::NameNicknameTokens,
        "Denied name or nickname are left out of tokens",
        "If name or nickname are denied, they are not included in tokens.",
        "Deny them only if your applications do not read them from tokens.",
    ),
    l(
        LimitationId::EmailCustomClaim,
        "A denied email cannot be mapped to a custom claim",
        "If email is denied, a rule or Action cannot copy it into a custom claim (for example \
         context.idToken['https://acme.com/work_email'] = user.email).",
        "Keep email stored if applications rely on such a claim.",
    ),
    l(
        LimitationId::Mfa,
        "Multi-factor authentication",
        "Denied attributes are normally still in the tokens of the login that brings them. Auth0 documents that \
         when multi-factor authentication (MFA) is enabled, they are not included in tokens.",
        "Expect denied attributes to be missing from tokens of logins that go through MFA; applications that need \
         them must not rely on the token.",
    ),
    l(
        LimitationId::Redirect,
        "Redirects during login",
        "Auth0's page says that after a rule redirects the user during login (context.redirect), denied attributes \
         are not included in tokens. Its wording is older than Auth0's login today: Rules stop running on 18 \
         November 2026 (Auth0's end of life for Rules and Hooks), and a redirect during login then comes from a \
         post-login Action (api.redirect.sendUserTo), expected to behave the same: an inference, the page names \
         rules only.",
        "Review the post-login Actions that redirect during login, and the applications that read denied attributes \
         from tokens.",
    ),
    l(
        LimitationId::Delegation,
        "Delegation",
        "If an application uses (legacy) delegation without scope = passthrough, denied attributes are not included \
         in the tokens it gets.",
        "Send scope = passthrough in delegation requests, or move the application off legacy delegation.",
    ),
    l(
        LimitationId::Impersonation,
        "Impersonation",
        "Impersonation lets an administrator log in as a user (a deprecated Auth0 feature). Tokens issued while \
         impersonating do not include denied attributes.",
        "Nothing to change in Auth0: whether impersonation is available is set by Auth0, not by a setting you can \
         switch. Do not rely on denied attributes in tokens obtained by impersonation.",
    ),
    l(
        LimitationId::LegacySso,
        "“Use Auth0 instead of the IdP to do Single Sign-On” (legacy tenants)",
        "With this legacy application setting on, denied attributes are not included in tokens. It matters on \
         legacy tenants only.",
        "Turn the setting off in the application's advanced settings if you do not need it.",
    ),
    l(
        LimitationId::SamlDebug,
        "SAML connections in Debug mode log denied attributes",
        "For SAMLP connections with Debug mode on, tenant logs contain the denied attributes.",
        "Turn Debug mode off on SAML connections once troubleshooting is done.",
    ),
    l(
        LimitationId::ClaimNamesExact,
        "Upstream claims must be named exactly",
        "For a claim sent by an upstream identity provider, the deny list must name it exactly as sent, for example \
         https://acme.com/temporary_idtoken.",
        "Copy claim names from the identity provider's configuration or a sample token.",
    ),
];

impl LimitationId {
    /// Its entry in the catalogue.
    pub fn limitation(self) -> &'static Limitation {
        // Every id has exactly one entry (checked by a test); the first entry is never reached otherwise.
        CATALOGUE
            .iter()
            .find(|l| l.id == self)
            .unwrap_or(&CATALOGUE[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_exactly_one_entry() {
        for l in CATALOGUE {
            assert_eq!(CATALOGUE.iter().filter(|x| x.id == l.id).count(), 1);
            assert_eq!(l.id.limitation().id, l.id);
        }
        assert_eq!(CATALOGUE.len(), 10);
    }

    #[test]
    fn inferences_are_said_as_such() {
        let redirect = LimitationId::Redirect.limitation().explanation;
        assert!(redirect.contains("an inference"), "{redirect}");
        let impersonation = LimitationId::Impersonation.limitation();
        assert!(impersonation.explanation.contains("deprecated"));
        assert!(
            !impersonation
                .what_to_do
                .to_lowercase()
                .contains("disable it")
        );
    }
}
