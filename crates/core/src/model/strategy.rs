//! Strategies in plain words: the broad family of each (for filters and for which names its deny
//! list can hold) and a readable name (`waad` → "Microsoft Entra ID (Azure AD)"), used wherever a
//! strategy is shown, never the raw code alone.

use crate::model::deny_list;
use serde::Serialize;

/// Broad families of strategies, for filtering, readable names, and which names a deny list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ConnectionKind {
    Database,
    Social,
    Enterprise,
    Passwordless,
}

impl ConnectionKind {
    /// Which names its deny list can hold.
    pub fn names(self) -> deny_list::Names {
        match self {
            ConnectionKind::Database | ConnectionKind::Passwordless => {
                deny_list::Names::ProfileFields
            }
            ConnectionKind::Enterprise | ConnectionKind::Social => deny_list::Names::ProviderClaims,
        }
    }
}

pub fn kind_of_strategy(strategy: &str) -> ConnectionKind {
    match strategy {
        "auth0" => ConnectionKind::Database,
        "email" | "sms" => ConnectionKind::Passwordless,
        "ad" | "adfs" | "auth0-adldap" | "google-apps" | "ip" | "office365" | "oidc" | "okta"
        | "pingfederate" | "samlp" | "sharepoint" | "waad" => ConnectionKind::Enterprise,
        _ => ConnectionKind::Social,
    }
}

/// A readable name for a strategy (`waad` → `Microsoft Entra ID (Azure AD)`).
pub fn strategy_label(strategy: &str) -> String {
    let known = match strategy {
        "auth0" => "Database",
        "email" => "Passwordless (email)",
        "sms" => "Passwordless (SMS)",
        "ad" => "Active Directory / LDAP",
        "auth0-adldap" => "Active Directory / LDAP",
        "adfs" => "ADFS",
        "google-apps" => "Google Workspace",
        "google-oauth2" => "Google",
        "oidc" => "OpenID Connect",
        "okta" => "Okta Workforce",
        "pingfederate" => "PingFederate",
        "samlp" => "SAML",
        "waad" => "Microsoft Entra ID (Azure AD)",
        "windowslive" => "Microsoft Account",
        "github" => "GitHub",
        "facebook" => "Facebook",
        "apple" => "Apple",
        "linkedin" => "LinkedIn",
        "twitter" => "X (Twitter)",
        "oauth2" => "Custom OAuth2",
        _ => "",
    };
    if known.is_empty() {
        strategy.to_string()
    } else {
        known.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind_of_strategy("auth0"), ConnectionKind::Database);
        assert_eq!(kind_of_strategy("samlp"), ConnectionKind::Enterprise);
        assert_eq!(kind_of_strategy("sms"), ConnectionKind::Passwordless);
        assert_eq!(kind_of_strategy("github"), ConnectionKind::Social);
        assert_eq!(
            ConnectionKind::Social.names(),
            deny_list::Names::ProviderClaims
        );
    }

    #[test]
    fn labels() {
        assert_eq!(strategy_label("waad"), "Microsoft Entra ID (Azure AD)");
        assert_eq!(strategy_label("some-new"), "some-new");
    }
}
