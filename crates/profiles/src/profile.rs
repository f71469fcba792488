//! A saved tenant profile: everything about a tenant except its secret.

use denylist_core::auth0::SigningAlg;
pub use denylist_core::tenant::as_code::ManagedAsCode;
use denylist_core::{Credentials, Error, Result, Secret, TenantDomain};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Environment {
    Development,
    Staging,
    Production,
}

impl Environment {
    /// The colour shown when the admin picks none.
    pub fn default_color(self) -> &'static str {
        match self {
            Environment::Development => "#2e7d32",
            Environment::Staging => "#b26a00",
            Environment::Production => "#c62828",
        }
    }

    pub fn is_production(self) -> bool {
        self == Environment::Production
    }

    pub fn label(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Staging => "staging",
            Environment::Production => "production",
        }
    }

    pub fn parse(text: &str) -> Result<Environment> {
        match text.trim().to_ascii_lowercase().as_str() {
            "development" | "dev" => Ok(Environment::Development),
            "staging" | "stage" | "test" => Ok(Environment::Staging),
            "production" | "prod" => Ok(Environment::Production),
            other => Err(Error::InvalidInput(format!(
                "“{other}” is not an environment: use development, staging or production."
            ))),
        }
    }
}

/// How the app signs in to the tenant. The secret itself is in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AuthMethod {
    /// A Machine to Machine application; its client secret is in the keyring.
    ClientCredentials { client_id: String },
    /// A Machine to Machine application signing in with its private key (in the keyring), whose
    /// public half is registered as the credential `kid` with algorithm `alg`.
    PrivateKey {
        client_id: String,
        alg: SigningAlg,
        kid: Option<String>,
        /// When the registered credential expires (Unix seconds), when known.
        key_expires_at: Option<u64>,
    },
    /// A pasted Management API token, kept in the keyring.
    Token,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Profile {
    /// Stable: renaming keeps it, and the keyring entry is keyed by it.
    pub id: String,
    pub name: String,
    /// Normalised (`acme.us.auth0.com`, or `http://127.0.0.1:PORT` for the demo tenant).
    pub domain: String,
    pub auth: AuthMethod,
    pub environment: Environment,
    /// `#rrggbb`
    pub color: String,
    /// The built-in demo tenant.
    #[serde(default)]
    pub demo: bool,
    /// Its application was made by the app's setup (removing the profile offers to delete it).
    #[serde(default)]
    pub made_by_setup: bool,
    /// Whether Terraform or the Deploy CLI also writes this tenant (said before every write).
    #[serde(default)]
    pub managed_as_code: ManagedAsCode,
    /// For a pasted token: when it expires (Unix seconds), from its claims.
    #[serde(default)]
    pub token_expires_at: Option<u64>,
    /// Unix seconds.
    pub created_at: u64,
    pub last_used_at: Option<u64>,
}

impl Profile {
    pub fn tenant_domain(&self) -> Result<TenantDomain> {
        TenantDomain::parse(&self.domain)
    }

    /// Writes to a production tenant need its name typed.
    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// What rotating this profile's credential makes: its application, a new key (same
    /// algorithm) or secret, and the key it replaces. A pasted token has nothing to rotate.
    pub fn rotation(&self) -> Result<Rotation> {
        use denylist_core::setup::{KEY_LIFE, KeyChoice};
        match &self.auth {
            AuthMethod::PrivateKey {
                client_id,
                alg,
                kid,
                ..
            } => Ok(Rotation {
                client_id: client_id.clone(),
                choice: KeyChoice::Key {
                    alg: *alg,
                    expires_in: KEY_LIFE,
                },
                replaces_kid: kid.clone(),
            }),
            AuthMethod::ClientCredentials { client_id } => Ok(Rotation {
                client_id: client_id.clone(),
                choice: KeyChoice::Secret,
                replaces_kid: None,
            }),
            AuthMethod::Token => Err(Error::InvalidInput(format!(
                "“{}” signs in with a pasted token, which cannot be rotated: paste a new one, or connect the \
                 tenant with an application of its own (the one-paste setup).",
                self.name
            ))),
        }
    }

    /// The application to delete with this profile: only one its setup made (others are the
    /// tenant's, not this app's, to delete).
    pub fn application_to_delete(&self) -> Result<String> {
        let id = self.auth.client_id().ok_or_else(|| {
            Error::InvalidInput(format!(
                "“{}” signs in with a pasted token: it has no application of its own to delete.",
                self.name
            ))
        })?;
        if !self.made_by_setup {
            return Err(Error::InvalidInput(format!(
                "The application {id} of “{}” was not made by this app's setup, so it is not deleted: remove \
                 the profile alone, and delete the application in Auth0 Dashboard → Applications if it is no \
                 longer needed.",
                self.name
            )));
        }
        Ok(id.to_string())
    }

    /// After the profile is removed without its application: what is left in the tenant.
    pub fn application_left(&self) -> Option<String> {
        let id = self.auth.client_id().filter(|_| self.made_by_setup)?;
        let link = self.tenant_domain().ok().and_then(|d| {
            denylist_core::setup::dashboard::link(&d, &format!("applications/{id}/settings"))
        });
        Some(format!(
            "Its application ({id}) is still in {}: delete it in Auth0 Dashboard → Applications → Applications{}.",
            self.domain,
            link.map(|l| format!(" ({l})")).unwrap_or_default()
        ))
    }
}

/// What rotating a profile's credential makes, and replaces.
pub struct Rotation {
    pub client_id: String,
    pub choice: denylist_core::setup::KeyChoice,
    /// The profile's own key, removed once the new one works.
    pub replaces_kid: Option<String>,
}

impl AuthMethod {
    /// How to sign in with this method and its secret (a client secret, a private key's PEM, or a
    /// pasted token).
    pub fn credentials(&self, secret: Secret) -> Credentials {
        match self {
            AuthMethod::ClientCredentials { client_id } => Credentials::ClientCredentials {
                client_id: client_id.clone(),
                client_secret: secret,
            },
            AuthMethod::PrivateKey {
                client_id,
                alg,
                kid,
                ..
            } => Credentials::PrivateKey {
                client_id: client_id.clone(),
                key: secret,
                alg: *alg,
                kid: kid.clone(),
            },
            AuthMethod::Token => Credentials::Token(secret),
        }
    }

    /// The application's client id (`None` for a pasted token).
    pub fn client_id(&self) -> Option<&str> {
        match self {
            AuthMethod::ClientCredentials { client_id }
            | AuthMethod::PrivateKey { client_id, .. } => Some(client_id),
            AuthMethod::Token => None,
        }
    }

    /// The same method, apart from when the key expires (bound secrets do not change with it).
    fn binding(&self) -> AuthMethod {
        match self {
            AuthMethod::PrivateKey {
                client_id,
                alg,
                kid,
                ..
            } => AuthMethod::PrivateKey {
                client_id: client_id.clone(),
                alg: *alg,
                kid: kid.clone(),
                key_expires_at: None,
            },
            other => other.clone(),
        }
    }

    /// Whether a secret saved for `self` still belongs to `other`.
    pub fn same_binding(&self, other: &AuthMethod) -> bool {
        self.binding() == other.binding()
    }
}

/// What an admin fills in to add or edit a profile.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileInput {
    pub name: String,
    pub domain: String,
    /// `None` means a pasted token.
    pub client_id: Option<String>,
    /// With a client id: sign in with a private key (its credential's algorithm and `kid`)
    /// instead of a client secret.
    #[serde(default)]
    pub key: Option<KeyInput>,
    pub environment: Option<Environment>,
    pub color: Option<String>,
    /// How the tenant is managed as code (`None`: as before; nothing for a new profile).
    #[serde(default)]
    pub managed_as_code: Option<ManagedAsCode>,
}

/// A private key's credential, as registered in Auth0.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyInput {
    pub alg: SigningAlg,
    pub kid: Option<String>,
    /// Unix seconds.
    pub expires_at: Option<u64>,
}

pub const MAX_NAME: usize = 64;

/// Validated pieces of a [`ProfileInput`].
pub(crate) struct Checked {
    pub name: String,
    pub domain: TenantDomain,
    pub auth: AuthMethod,
    pub environment: Environment,
    pub color: String,
    pub managed_as_code: Option<ManagedAsCode>,
}

pub(crate) fn check(input: &ProfileInput) -> Result<Checked> {
    let name = check_name(&input.name)?;
    let domain = TenantDomain::parse(&input.domain)?;
    let auth = match input.client_id.as_deref().map(str::trim) {
        None => AuthMethod::Token,
        Some("") => {
            return Err(Error::InvalidInput(
                "Enter the application's client ID (Auth0 Dashboard → Applications → your app → Settings).".into(),
            ));
        }
        Some(id) if id.chars().any(char::is_whitespace) => {
            return Err(Error::InvalidInput(
                "A client ID contains no spaces.".into(),
            ));
        }
        Some(id) => match &input.key {
            None => AuthMethod::ClientCredentials {
                client_id: id.to_string(),
            },
            Some(key) => AuthMethod::PrivateKey {
                client_id: id.to_string(),
                alg: key.alg,
                kid: key
                    .kid
                    .as_deref()
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
                key_expires_at: key.expires_at,
            },
        },
    };
    let environment = input.environment.unwrap_or(Environment::Development);
    let color = match input.color.as_deref().map(str::trim) {
        None | Some("") => environment.default_color().to_string(),
        Some(c) if is_hex_color(c) => c.to_ascii_lowercase(),
        Some(c) => {
            return Err(Error::InvalidInput(format!(
                "“{c}” is not a colour: use the form #1e88e5."
            )));
        }
    };
    Ok(Checked {
        name,
        domain,
        auth,
        environment,
        color,
        managed_as_code: input.managed_as_code,
    })
}

pub(crate) fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput(
            "Give the profile a name, for example “Acme production”.".into(),
        ));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::InvalidInput(format!(
            "A profile name has at most {MAX_NAME} characters."
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::InvalidInput(
            "A profile name cannot contain control characters.".into(),
        ));
    }
    Ok(name.to_string())
}

fn is_hex_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_validated_with_reasons() {
        let ok = check(&ProfileInput {
            name: " Acme prod ".into(),
            domain: "https://acme.us.auth0.com/".into(),
            client_id: Some("abc123".into()),
            key: None,
            environment: Some(Environment::Production),
            color: None,
            managed_as_code: None,
        })
        .unwrap();
        assert_eq!(ok.name, "Acme prod");
        assert_eq!(ok.domain.host(), "acme.us.auth0.com");
        assert_eq!(ok.color, "#c62828");
        let bad = |i: ProfileInput| check(&i).map(|_| ()).unwrap_err().to_string();
        assert!(
            bad(ProfileInput {
                name: "".into(),
                domain: "a.b.com".into(),
                ..Default::default()
            })
            .contains("name")
        );
        assert!(
            bad(ProfileInput {
                name: "x".into(),
                domain: "nope".into(),
                ..Default::default()
            })
            .contains("domain")
        );
        assert!(
            bad(ProfileInput {
                name: "x".into(),
                domain: "a.b.com".into(),
                client_id: Some(" ".into()),
                key: None,
                ..Default::default()
            })
            .contains("client ID")
        );
        assert!(
            bad(ProfileInput {
                name: "x".into(),
                domain: "a.b.com".into(),
                color: Some("red".into()),
                managed_as_code: None,
                ..Default::default()
            })
            .contains("colour")
        );
        assert_eq!(Environment::parse("PROD").unwrap(), Environment::Production);
        assert!(Environment::parse("qa").is_err());
    }
}
