//! `denylist profile setup|rotate` and `profile remove --delete-application`: the one-paste
//! setup and the credential's life, over the core's `setup`. The pasted token is read once, used
//! for this run only, and never written anywhere.

use crate::spinner::Spinner;
use crate::{Outcome, prompt, term};
use denylist_core::auth0::SigningAlg;
use denylist_core::setup::{
    Credential, KEY_LIFE, KeyChoice, SetupRequest, SetupStep, StepState, application_name,
    delete_application, prepare, prepare_for_tenant, rotate, run, scopes_to_grant,
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

/// A change to the applications of a tenant labelled production: its name, given with
/// `--confirm-tenant` or typed at the prompt (standard input may hold the token, so with
/// `--token-stdin` or `--json` only the flag will do). `Ok(false)`: the admin declined.
pub async fn confirm_production(
    domain: &TenantDomain,
    confirm_tenant: Option<&str>,
    token_stdin: bool,
    what: &str,
    json: bool,
) -> Result<bool> {
    let name = domain.tenant_name();
    match confirm_tenant {
        Some(typed) => domain.require_confirmation(Some(typed)).map(|()| true),
        None if token_stdin || json => Err(Error::ConfirmationRequired(format!(
            "{domain} is a production tenant: add --confirm-tenant {name} to {what}."
        ))),
        None => {
            let question = format!(
                "{domain} is a PRODUCTION tenant. To {what}, type the tenant's name ({name}): "
            );
            let typed = prompt::ask_line(&question, json).await?;
            Ok(typed.is_some_and(|t| domain.confirms(&t)))
        }
    }
}

/// The keyring must work before anything is made: the new key or secret lives only there.
pub fn require_keyring(profiles: &Profiles) -> Result<()> {
    match profiles.keyring_problem() {
        Some(why) => Err(Error::KeyringUnavailable(format!(
            "{why} The new application's key or secret could only be kept there, so nothing was made in the \
             tenant. Start or unlock the system keyring, then run this again."
        ))),
        None => Ok(()),
    }
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
    confirm_tenant: Option<&str>,
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
        managed_as_code: None,
    };
    // The name and the keyring are checked before anything is made in the tenant.
    profiles.check_new(&input)?;
    require_keyring(profiles)?;
    let production = input.environment.is_some_and(Environment::is_production);
    let prepared = prepare(&typed, read_token(token_stdin)?, spinner.sink())?;
    for note in &prepared.facts.notes {
        term::errln!("note: {note}");
    }
    if production
        && !confirm_production(
            prepared.client.domain(),
            confirm_tenant,
            token_stdin,
            "create an application in it",
            json,
        )
        .await?
    {
        term::errln!("Nothing was made.");
        return Ok(Outcome::Declined);
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
        tag: denylist_core::local::ids::install_tag(),
    };
    let outcome = run(&prepared.client, request, &mut say_step(json)).await;
    // The pasted token goes with the client: never kept, never used again.
    drop(prepared);
    spinner.clear();
    let outcome = outcome?;
    input.domain = outcome.domain.to_string();
    let summary = outcome.summary();
    let (profile, updated_earlier) = profiles.add_from_setup(&input, &outcome)?;
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
                "updated_earlier_profile": updated_earlier.is_some(),
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
        for n in outcome.notes.iter().chain(&updated_earlier) {
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
    confirm_tenant: Option<&str>,
) -> Result<Outcome> {
    let profile = profiles.get(name)?;
    let rotation = profile.rotation()?;
    require_keyring(profiles)?;
    let domain = profile.tenant_domain()?;
    if profile.is_production()
        && !confirm_production(
            &domain,
            confirm_tenant,
            token_stdin,
            "replace its application's credential",
            json,
        )
        .await?
    {
        term::errln!("Nothing was changed.");
        return Ok(Outcome::Declined);
    }
    let client = prepare_for_tenant(&domain, read_token(token_stdin)?, spinner.sink())?;
    let result = rotate(
        &client,
        &rotation.client_id,
        rotation.choice,
        &denylist_core::local::ids::install_tag(),
        rotation.replaces_kid,
        &mut say_step(json),
    )
    .await;
    drop(client);
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
    let client_id = profile.application_to_delete()?;
    let client = prepare_for_tenant(
        &profile.tenant_domain()?,
        read_token(token_stdin)?,
        spinner.sink(),
    )?;
    let deleted = delete_application(
        &client,
        &client_id,
        &denylist_core::local::ids::install_tag(),
    )
    .await;
    drop(client);
    spinner.clear();
    deleted?;
    Ok(client_id)
}
