//! Which tenant, and with which credentials: `--domain` plus the environment.

use crate::args::Cli;
use denylist_core::{Credentials, Error, Result, Secret, TenantDomain};

pub struct Target {
    pub domain: TenantDomain,
    pub credentials: Credentials,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

pub fn resolve(cli: &Cli) -> Result<Target> {
    if cli.profile.is_some() && cli.domain.is_some() {
        return Err(Error::InvalidInput(
            "Give either --profile or --domain, not both.".into(),
        ));
    }
    if let Some(name) = &cli.profile {
        return Err(Error::InvalidInput(format!(
            "There is no saved profile named “{name}” (saved profiles are not available in this version). \
             Use --domain with credentials in the environment."
        )));
    }
    let domain = cli.domain.clone().or_else(|| env("AUTH0_DOMAIN")).ok_or_else(|| {
        Error::InvalidInput(
            "Say which tenant: --domain acme.us.auth0.com (or AUTH0_DOMAIN), with AUTH0_CLIENT_ID and \
             AUTH0_CLIENT_SECRET, or AUTH0_TOKEN, in the environment. Try `denylist demo` for a local demo tenant."
                .into(),
        )
    })?;
    let domain = TenantDomain::parse(&domain)?;
    let credentials = match (
        env("AUTH0_CLIENT_ID"),
        env("AUTH0_CLIENT_SECRET"),
        env("AUTH0_TOKEN"),
    ) {
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
    Ok(Target {
        domain,
        credentials,
    })
}
