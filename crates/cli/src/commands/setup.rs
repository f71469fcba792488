//! `denylist profile setup|rotate` and `profile remove --delete-application`: the one-paste
//! setup and the credential's life, over the core's `setup`. The pasted token is read once, used
//! for this run only, and never written anywhere.

use crate::spinner::Spinner;
use crate::{Outcome, prompt, term};
use denylist_core::auth0::SigningAlg;
use denylist_core::setup::{
    Credential, KEY_LIFE, KeyChoice, SetupRequest, SetupStep, StepState, application_name,
    delete_application, prepare, rotate, run, scopes_to_grant,
};
use denylist_core::{Error, Result, Secret, TenantDomain};
use denylist_profiles::{Environment, ProfileInput, Profiles};
use serde_json::json;
use std::sync::Arc;

/// Each step as it starts and ends, on standard error (standard output stays for the result).
fn say_step(json: bool) -> impl FnMut(SetupStep, StepState) + Send {
    move |step, state| {
        if json {
            return;
        }
        match state {
            StepState::Running => term::errln!("… {}", step.label()),
            StepState::Done(m) => term::errln!("✓ {}: {m}", step.label()),
            StepState::Skipped(m) => term::errln!("– {}: {m}", step.label()),
            StepState::Failed(m) => term::errln!("✗ {}: {m}", step.label()),
        }
    }
}

fn read_token(from_stdin: bool) -> Result<Secret> {
    prompt::read_secret("Management API token", from_stdin)
}

#[allow(clippy::too_many_arguments)]
pub async fn setup(
    domain: Option<&str>,
    json: bool,
    profiles: &Profiles,
    spinner: &Arc<Spinner>,
    name: &str,
    token_stdin: bool,
    environment: &str,
    color: Option<&str>,
    scopes: Option<&[String]>,
    secret_instead_of_key: bool,
    new_application: bool,
) -> Result<Outcome> {
    let typed = TenantDomain::parse(domain.ok_or_else(|| {
        Error::InvalidInput(
            "Give the tenant's domain: profile setup NAME --domain acme.us.auth0.com --token-stdin"
                .into(),
        )
    })?)?;
    let scopes = scopes_to_grant(scopes)?;
    let mut input = ProfileInput {
        name: name.to_string(),
        domain: typed.to_string(),
        client_id: Some("pending".into()),
        key: None,
        environment: Some(Environment::parse(environment)?),
        color: color.map(str::to_string),
    };
    // The name is checked before anything is made in the tenant.
    profiles.check_new(&input)?;
    let prepared = prepare(&typed, read_token(token_stdin)?, spinner.sink())?;
    for note in &prepared.facts.notes {
        term::errln!("note: {note}");
    }
    let key = if secret_instead_of_key || !prepared.facts.missing_for_key.is_empty() {
        KeyChoice::Secret
    } else {
        KeyChoice::Key {
            alg: SigningAlg::Rs256,
            expires_in: KEY_LIFE,
        }
    };
    let request = SetupRequest {
        application_name: application_name(),
        scopes,
        key,
        reuse: !new_application,
    };
    let outcome = run(&prepared.client, request, &mut say_step(json)).await;
    // The pasted token goes with the client: never kept, never used again.
    drop(prepared);
    spinner.clear();
    let outcome = outcome?;
    input.domain = outcome.domain.to_string();
    let summary = outcome.summary();
    let profile = profiles.add_from_setup(&input, &outcome)?;
    if json {
        println!(
            "{}",
            json!({
                "profile": profiles.view(profile),
                "client_id": summary.client_id,
                "application": summary.application,
                "scopes": summary.scopes,
                "credential": summary.credential,
                "created": summary.created,
                "dashboard": summary.dashboard,
            })
        );
    } else {
        term::outln!(
            "Saved profile “{}” for {}. In the tenant: the application “{}” (client id {}), {}, granted {}.",
            profile.name,
            profile.domain,
            outcome.application_name,
            outcome.client_id,
            if outcome.created {
                "new"
            } else {
                "made before and reused"
            },
            outcome.scopes.join(", ")
        );
        match (&outcome.credential, &outcome.fell_back_to_secret) {
            (_, Some(why)) => term::outln!("{why}"),
            (Credential::PrivateKey { expires_at, .. }, None) => term::outln!(
                "It signs in with a key made on this computer (kept in the system keyring){}.",
                expires_at
                    .map(|at| format!(
                        ", registered until {}",
                        denylist_core::local::ids::day_of(at)
                    ))
                    .unwrap_or_default()
            ),
            (Credential::Secret(_), None) => {
                term::outln!("It signs in with a client secret, kept in the system keyring.")
            }
        }
        if let Some(link) = &outcome.dashboard_link {
            term::outln!("In the Dashboard: {link}");
        }
        for n in &outcome.notes {
            term::outln!("note: {n}");
        }
        term::outln!("The pasted token was used for this setup only and is not kept.");
    }
    Ok(Outcome::Success)
}

pub async fn rotate_credential(
    json: bool,
    profiles: &Profiles,
    spinner: &Arc<Spinner>,
    name: &str,
    token_stdin: bool,
) -> Result<Outcome> {
    let profile = profiles.get(name)?;
    let (client_id, choice) = profile.rotation()?;
    let prepared = prepare(
        &profile.tenant_domain()?,
        read_token(token_stdin)?,
        spinner.sink(),
    )?;
    let result = rotate(&prepared.client, &client_id, choice, &mut say_step(json)).await;
    drop(prepared);
    spinner.clear();
    let (credential, fell_back, notes) = result?;
    let updated = profiles.replace_credential(&profile.id, &credential)?;
    if json {
        println!("{}", json!({ "profile": profiles.view(updated) }));
    } else {
        term::outln!(
            "“{}” has a new {} (in the system keyring); the earlier one no longer signs in.",
            updated.name,
            match credential {
                Credential::PrivateKey { .. } => "key",
                Credential::Secret(_) => "client secret",
            }
        );
        for n in fell_back.iter().chain(&notes) {
            term::outln!("note: {n}");
        }
    }
    Ok(Outcome::Success)
}

/// Delete the application of `profile` from its tenant, with a pasted token.
pub async fn remove_application(
    profiles: &Profiles,
    spinner: &Arc<Spinner>,
    name: &str,
    token_stdin: bool,
) -> Result<String> {
    let profile = profiles.get(name)?;
    let client_id = profile
        .auth
        .client_id()
        .map(str::to_string)
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "“{}” signs in with a pasted token: it has no application of its own to delete.",
                profile.name
            ))
        })?;
    let prepared = prepare(
        &profile.tenant_domain()?,
        read_token(token_stdin)?,
        spinner.sink(),
    )?;
    let deleted = delete_application(&prepared.client, &client_id).await;
    drop(prepared);
    spinner.clear();
    deleted?;
    Ok(client_id)
}
