//! Which tenant, and with which credentials: a saved profile (`--profile`), or
//! `--domain` plus the environment.

use crate::args::Cli;
use crate::term;
use denylist_core::{Credentials, Error, Result, Secret, TenantDomain};
use denylist_profiles::{AuthMethod, Profile, Profiles};

pub struct Target {
    pub domain: TenantDomain,
    pub credentials: Credentials,
    /// Set when the tenant came from a saved profile.
    pub profile: Option<Profile>,
}

impl Target {
    /// The domain of a production profile, whose writes need the tenant's name typed.
    pub fn production(&self) -> Option<&TenantDomain> {
        self.profile
            .as_ref()
            .filter(|p| p.is_production())
            .map(|_| &self.domain)
    }
}

pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Only which tenant, without its credentials: for what is read from this computer (the history),
/// which must work without the keyring or the secret.
pub fn tenant_only(cli: &Cli) -> Result<TenantDomain> {
    one_of_profile_or_domain(cli)?;
    match cli.profile() {
        Some(name) => {
            let profiles = Profiles::open_default()?;
            let found = profiles.get(name);
            for notice in profiles.take_notices() {
                term::errln!("note: {notice}");
            }
            let profile = found?;
            // Best effort, as for every other command: the last-used profile.
            let _ = profiles.mark_used(&profile.id);
            profile.tenant_domain()
        }
        None => domain_given(cli).ok_or_else(|| {
            Error::InvalidInput(
                "Say which tenant: --profile NAME (see `denylist profile list`) or --domain \
                 acme.us.auth0.com (or AUTH0_DOMAIN)."
                    .into(),
            )
        })?,
    }
}

fn one_of_profile_or_domain(cli: &Cli) -> Result<()> {
    if cli.profile().is_some() && cli.domain.is_some() {
        return Err(Error::InvalidInput(
            "Give either --profile or --domain, not both.".into(),
        ));
    }
    Ok(())
}

pub fn resolve(cli: &Cli) -> Result<Target> {
    one_of_profile_or_domain(cli)?;
    if let Some(name) = cli.profile() {
        return from_profile(name);
    }
    let domain = domain_given(cli).ok_or_else(|| {
        Error::InvalidInput(
            "Say which tenant: --profile NAME (see `denylist profile list`), or --domain acme.us.auth0.com \
             (or AUTH0_DOMAIN) with AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, or AUTH0_TOKEN, in the environment. \
             Try `denylist demo` for a local demo tenant."
                .into(),
        )
    })??;
    let credentials = match (
        env("AUTH0_CLIENT_ID"),
        env("AUTH0_CLIENT_SECRET").or_else(|| env("AUTH0_PRIVATE_KEY")),
        env("AUTH0_TOKEN"),
    ) {
        // A private key (its PEM) signs in by Private Key JWT, with AUTH0_KEY_ALG and AUTH0_KEY_ID.
        (Some(id), Some(pem), _) if env("AUTH0_PRIVATE_KEY").is_some() => {
            let key = denylist_core::auth0::PrivateKey::from_pem(&Secret::new(pem))?;
            Credentials::PrivateKey {
                client_id: id,
                key: key.to_pem(),
                alg: denylist_core::auth0::SigningAlg::parse(
                    &env("AUTH0_KEY_ALG").unwrap_or_else(|| "RS256".into()),
                )?,
                kid: env("AUTH0_KEY_ID"),
            }
        }
        (Some(id), Some(secret), _) => Credentials::ClientCredentials {
            client_id: id,
            client_secret: Secret::new(secret),
        },
        (None, None, Some(token)) => Credentials::Token(Secret::new(token.trim())),
        (Some(_), None, _) => {
            return Err(Error::InvalidInput(
                "AUTH0_CLIENT_ID is set but AUTH0_CLIENT_SECRET is not: set both (the application's client secret).".into(),
            ));
        }
        (None, Some(_), _) => {
            return Err(Error::InvalidInput(
                "AUTH0_CLIENT_SECRET is set but AUTH0_CLIENT_ID is not: set both.".into(),
            ));
        }
        (None, None, None) => {
            return Err(Error::InvalidInput(format!(
                "No credentials for {domain}: set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (a Machine to Machine \
                 application authorized for the Auth0 Management API), or AUTH0_TOKEN (a Management API token)."
            )));
        }
    };
    // A tenant saved as production stays production when reached with --domain.
    let profile = Profiles::open_default()
        .and_then(|p| p.for_domain(&domain.to_string()))
        .ok()
        .and_then(|saved| saved.into_iter().find(Profile::is_production));
    Ok(Target {
        domain,
        credentials,
        profile,
    })
}

/// The tenant named by --domain or AUTH0_DOMAIN, if one is (and whether it reads as a domain).
fn domain_given(cli: &Cli) -> Option<Result<TenantDomain>> {
    let domain = cli.domain.clone().or_else(|| env("AUTH0_DOMAIN"))?;
    Some(TenantDomain::parse(&domain))
}

pub fn from_profile(name: &str) -> Result<Target> {
    let profiles = Profiles::open_default()?;
    let found = profiles.get(name);
    for notice in profiles.take_notices() {
        term::errln!("note: {notice}");
    }
    let profile = found?;
    // Said before every command, so before any write: a key or pasted token running out.
    if let Some(notice) = denylist_profiles::expiry_notice(&profile) {
        term::errln!("warning: {}: {notice}", term::value(&profile.name));
    }
    let domain = profile.tenant_domain()?;
    let credentials = match profiles.credentials(&profile) {
        Ok(c) => c,
        // No keyring: the secret may be given for this run only, in the environment.
        Err(Error::KeyringUnavailable(message)) => session_secret(&profile).ok_or_else(|| {
            Error::KeyringUnavailable(format!(
                "{message} On the command line, give the secret for this run in {}.",
                match profile.auth {
                    AuthMethod::ClientCredentials { .. } => "AUTH0_CLIENT_SECRET",
                    AuthMethod::PrivateKey { .. } => "AUTH0_PRIVATE_KEY (its PEM)",
                    AuthMethod::Token => "AUTH0_TOKEN",
                }
            ))
        })?,
        Err(e) => return Err(e),
    };
    // Best effort: failing to remember the last-used profile must not stop the command.
    let _ = profiles.mark_used(&profile.id);
    Ok(Target {
        domain,
        credentials,
        profile: Some(profile),
    })
}

fn session_secret(profile: &Profile) -> Option<Credentials> {
    let secret = match &profile.auth {
        AuthMethod::ClientCredentials { .. } => env("AUTH0_CLIENT_SECRET")?,
        AuthMethod::PrivateKey { .. } => env("AUTH0_PRIVATE_KEY")?,
        AuthMethod::Token => env("AUTH0_TOKEN")?.trim().to_string(),
    };
    Some(profile.auth.credentials(Secret::new(secret)))
}
