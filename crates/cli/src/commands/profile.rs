//! `denylist profile add|set-secret|list|show|rename|remove|test`

use crate::args::{Cli, ProfileCommand};
use crate::spinner::Spinner;
use crate::{Outcome, commands};
use crate::{prompt, term};
use denylist_core::auth0::{PrivateKey, SigningAlg};
use denylist_core::checks::access::{AccessReport, Need, check_access};
use denylist_core::{Error, Result};
use denylist_profiles::{
    AuthMethod, Environment, Keep, KeyInput, ManagedAsCode, ProfileInput, ProfileView, Profiles,
};
use serde_json::json;
use std::fmt::Write;
use std::sync::Arc;

pub async fn run(cli: &Cli, command: &ProfileCommand, spinner: &Arc<Spinner>) -> Result<Outcome> {
    let profiles = Profiles::open_default()?;
    let outcome = run_with(cli, command, spinner, &profiles).await;
    // Whatever happened, say so if the profiles file had to be set aside.
    for notice in profiles.take_notices() {
        term::errln!("note: {notice}");
    }
    outcome
}

async fn run_with(
    cli: &Cli,
    command: &ProfileCommand,
    spinner: &Arc<Spinner>,
    profiles: &Profiles,
) -> Result<Outcome> {
    match command {
        ProfileCommand::Setup {
            name,
            token_stdin,
            environment,
            color,
            scopes,
            secret_instead_of_key,
            new_application,
            confirm_tenant,
        } => {
            return commands::setup::setup(
                cli.domain.as_deref(),
                cli.json,
                profiles,
                spinner,
                name,
                *token_stdin,
                environment,
                color.as_deref(),
                scopes.as_deref(),
                *secret_instead_of_key,
                *new_application,
                confirm_tenant.as_deref(),
            )
            .await;
        }
        ProfileCommand::Rotate {
            name,
            token_stdin,
            confirm_tenant,
        } => {
            return commands::setup::rotate_credential(
                cli.json,
                profiles,
                spinner,
                name,
                *token_stdin,
                confirm_tenant.as_deref(),
            )
            .await;
        }
        ProfileCommand::Add {
            name,
            client_id,
            token,
            private_key_stdin,
            generate_key,
            alg,
            key_id,
            environment,
            color,
            secret_stdin,
            managed_as_code,
        } => {
            let domain = cli.domain.clone().ok_or_else(|| {
                Error::InvalidInput(
                    "Give the tenant's domain: profile add NAME --domain acme.us.auth0.com …"
                        .into(),
                )
            })?;
            if client_id.is_none() && !token {
                return Err(Error::InvalidInput(
                    "Say how to sign in: --client-id ID (a Machine to Machine application; its secret is asked \
                     for next) or --token (a pasted Management API token)."
                        .into(),
                ));
            }
            let by_key = *private_key_stdin || *generate_key;
            let input = ProfileInput {
                name: name.clone(),
                domain,
                client_id: client_id.clone(),
                key: by_key.then(|| KeyInput {
                    alg: SigningAlg::parse(alg).unwrap_or_default(),
                    kid: key_id.clone(),
                    expires_at: None,
                }),
                environment: Some(Environment::parse(environment)?),
                color: color.clone(),
                managed_as_code: managed_as_code
                    .as_deref()
                    .map(ManagedAsCode::parse)
                    .transpose()?,
            };
            if by_key {
                SigningAlg::parse(alg)?;
            }
            let what = if *token {
                "Management API token"
            } else if by_key {
                "private key"
            } else {
                "client secret"
            };
            // Everything but the secret is checked before the secret is asked for.
            profiles.check_new(&input)?;
            let mut public_pem = None;
            let secret = if *generate_key {
                // A key made here exists only in the keyring: without one it would be lost.
                commands::setup::require_keyring(profiles)?;
                let key = PrivateKey::generate()?;
                // Only the public half is printed, to register in the Dashboard.
                if cli.json {
                    public_pem = Some(key.public_pem()?);
                } else {
                    println!("{}", key.public_pem()?.trim_end());
                }
                term::errln!(
                    "Register the public key above in Auth0 Dashboard → Applications → your application → \
                     Credentials → Private Key JWT (algorithm {}); its private half goes to the keyring.",
                    alg.to_ascii_uppercase()
                );
                key.to_pem()
            } else if *private_key_stdin {
                let pem = prompt::read_all_stdin("private key")?;
                // Checked (an RSA key of 2048 to 4096 bits), then kept as PKCS#8.
                PrivateKey::from_pem(&pem)?.to_pem()
            } else {
                prompt::read_secret(what, *secret_stdin)?
            };
            match profiles.add(&input, secret, Keep::Keyring) {
                Ok(profile) => {
                    let view = profiles.view(profile);
                    if cli.json {
                        println!("{}", json!({ "profile": view, "public_key": public_pem }));
                    } else {
                        term::outln!(
                            "Saved profile “{}” for {} ({}); its {what} is in the system keyring.",
                            view.profile.name,
                            view.profile.domain,
                            view.profile.environment.label()
                        );
                        term::outln!(
                            "Check its access with: denylist profile test \"{}\"",
                            view.profile.name
                        );
                    }
                }
                Err(Error::KeyringUnavailable(why)) => {
                    // No keyring: save the profile without its secret; the secret is then given for each run.
                    let profile = profiles.add_without_secret(&input)?;
                    let variable = if *token {
                        "AUTH0_TOKEN"
                    } else if by_key {
                        "AUTH0_PRIVATE_KEY"
                    } else {
                        "AUTH0_CLIENT_SECRET"
                    };
                    if cli.json {
                        println!(
                            "{}",
                            json!({ "profile": profiles.view(profile), "secret_saved": false, "secret_variable": variable })
                        );
                    }
                    term::errln!(
                        "Saved the profile, but not its {what}: {why}\nUntil a keyring is available, give the {what} \
                         for each command in {variable}, e.g. {variable}=… denylist --profile \"{}\" connections; once \
                         it is, save it with: denylist profile set-secret \"{}\"",
                        input.name.trim(),
                        input.name.trim()
                    );
                }
                Err(e) => return Err(e),
            }
        }
        ProfileCommand::SetSecret { name, secret_stdin } => {
            let profile = profiles.get(name)?;
            let (what, secret) = match profile.auth {
                AuthMethod::ClientCredentials { .. } => (
                    "client secret",
                    prompt::read_secret("client secret", *secret_stdin)?,
                ),
                AuthMethod::PrivateKey { .. } => (
                    "private key",
                    PrivateKey::from_pem(&prompt::read_all_stdin("private key")?)?.to_pem(),
                ),
                AuthMethod::Token => (
                    "Management API token",
                    prompt::read_secret("Management API token", *secret_stdin)?,
                ),
            };
            let profile = profiles.set_secret(&profile.id, secret, Keep::Keyring)?;
            if cli.json {
                println!("{}", json!({ "profile": profiles.view(profile) }));
            } else {
                term::outln!(
                    "Saved the {what} of “{}” in the system keyring.",
                    profile.name
                );
            }
        }
        ProfileCommand::List => {
            let (views, notice) = profiles.list()?;
            if let Some(n) = notice {
                term::errln!("note: {n}");
            }
            if cli.json {
                println!("{}", json!({ "profiles": views }));
            } else if views.is_empty() {
                term::outln!(
                    "No saved profiles. Add one with: denylist profile add NAME --domain DOMAIN --client-id ID"
                );
            } else {
                term::out!("{}", table(&views));
            }
        }
        ProfileCommand::Show { name } => {
            let view = profiles.view(profiles.get(name)?);
            if cli.json {
                println!("{}", json!({ "profile": view }));
            } else {
                term::out!("{}", table(std::slice::from_ref(&view)));
                term::outln!("{}", managed_line(&view.profile));
            }
        }
        ProfileCommand::Rename { name, new_name } => {
            let p = profiles.rename(name, new_name)?;
            if cli.json {
                println!("{}", json!({ "profile": profiles.view(p) }));
            } else {
                term::outln!("Renamed to “{}”; its secret stays with it.", p.name);
            }
        }
        ProfileCommand::ManagedAsCode { name, how } => {
            let p = profiles.set_managed_as_code(name, ManagedAsCode::parse(how)?)?;
            if cli.json {
                println!("{}", json!({ "profile": profiles.view(p) }));
            } else {
                term::outln!("{}", managed_line(&p));
            }
        }
        ProfileCommand::Remove {
            name,
            yes,
            delete_application,
            token_stdin,
            confirm_tenant,
        } => {
            let p = profiles.get(name)?;
            if *delete_application {
                // Refused before anything is asked: only an application this app's setup made.
                p.application_to_delete()?;
                if p.is_production()
                    && !commands::setup::confirm_production(
                        &p.tenant_domain()?,
                        confirm_tenant.as_deref(),
                        *token_stdin || *yes,
                        "delete its application",
                        cli.json,
                    )
                    .await?
                {
                    term::outln!("Nothing was deleted.");
                    return Ok(Outcome::Declined);
                }
            }
            let question = if *delete_application {
                format!(
                    "Delete the profile “{}”, its saved secret, and its application in {}? [y/N] ",
                    p.name, p.domain
                )
            } else {
                format!(
                    "Delete the profile “{}” and its saved secret? [y/N] ",
                    p.name
                )
            };
            if !yes && !crate::prompt::confirm(&question, cli.json).await? {
                if cli.json {
                    println!("{}", json!({ "removed": null }));
                } else {
                    term::outln!("Nothing was deleted.");
                }
                return Ok(Outcome::Declined);
            }
            let deleted = if *delete_application {
                Some(
                    commands::setup::remove_application(profiles, spinner, &p.id, *token_stdin)
                        .await?,
                )
            } else {
                None
            };
            let removed = profiles.remove(&p.id)?;
            if cli.json {
                println!(
                    "{}",
                    json!({ "removed": removed, "deleted_application": deleted })
                );
            } else {
                term::outln!("Deleted the profile “{}” and its secret.", removed.name);
                match (&deleted, removed.application_left()) {
                    (Some(id), _) => {
                        term::outln!("Deleted its application ({id}) from {}.", removed.domain)
                    }
                    (None, Some(left)) => term::outln!(
                        "{} (Or run `denylist profile remove` with --delete-application --token-stdin next time.)",
                        term::value(&left)
                    ),
                    _ => {}
                }
            }
        }
        ProfileCommand::Test { name } => {
            let profile = profiles.get(name)?;
            let target_cli = Cli {
                profiles: vec![profile.name.clone()],
                domain: None,
                ..clone_flags(cli)
            };
            let client = commands::client(crate::target::resolve(&target_cli)?, spinner)?;
            let report = check_access(&client).await?;
            spinner.clear();
            if cli.json {
                println!("{}", json!({ "access": report }));
            } else {
                term::out!("{}", access_text(&report));
            }
        }
    }
    Ok(Outcome::Success)
}

fn clone_flags(cli: &Cli) -> Cli {
    Cli {
        profiles: cli.profile().cloned().into_iter().collect(),
        domain: cli.domain.clone(),
        json: cli.json,
        verbose: cli.verbose,
        command: crate::args::Command::Connections,
    }
}

fn table(views: &[ProfileView]) -> String {
    let mut out = String::new();
    let rows: Vec<[String; 5]> = views
        .iter()
        .map(|v| {
            let p = &v.profile;
            [
                if p.demo {
                    format!("{} (demo)", p.name)
                } else {
                    p.name.clone()
                },
                p.domain.clone(),
                p.environment.label().to_string(),
                match &p.auth {
                    AuthMethod::ClientCredentials { client_id } => {
                        format!("application {client_id}")
                    }
                    AuthMethod::PrivateKey { client_id, .. } => {
                        format!("application {client_id} (key)")
                    }
                    AuthMethod::Token => "pasted token".into(),
                },
                serde_json::to_value(v.secret)
                    .ok()
                    .and_then(|s| s.as_str().map(|s| s.replace('_', " ")))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let headers = ["NAME", "DOMAIN", "ENVIRONMENT", "SIGN-IN", "SECRET"];
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
                .max(headers[i].len())
        })
        .collect();
    let mut line = |cells: &[&str]| {
        let text: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:w$}"))
            .collect();
        let _ = writeln!(out, "{}", text.join("  ").trim_end());
    };
    line(&headers);
    for r in &rows {
        line(&r.iter().map(String::as_str).collect::<Vec<_>>());
    }
    // A key or pasted token running out, under the table.
    for v in views {
        if let Some(expiry) = &v.expiry {
            let _ = writeln!(out, "\n{}: {expiry}", term::value(&v.profile.name));
        }
    }
    out
}

fn access_text(r: &AccessReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Tenant: {}", r.domain);
    if let Some(exp) = r.expires_at {
        let left = exp as i64
            - std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs() as i64;
        let _ = writeln!(
            out,
            "Token: {}expires in {}",
            if r.pasted_token { "pasted, " } else { "" },
            if left > 3600 {
                format!("{} h {} min", left / 3600, left % 3600 / 60)
            } else {
                format!("{} min", left.max(0) / 60)
            }
        );
    }
    for (need, title) in [
        (Need::Required, "Required"),
        (Need::Options, "Needed on newer tenants"),
        (Need::Optional, "Optional (limitation checks)"),
    ] {
        let _ = writeln!(out, "{title}:");
        for c in r.checks.iter().filter(|c| c.need == need) {
            let mark = match c.granted {
                Some(true) => "  ✓",
                Some(false) => "  ✗",
                None => "  ?",
            };
            let _ = writeln!(out, "{mark} {:<28} {}", c.scope, c.purpose);
        }
    }
    let _ = writeln!(out, "{}", r.summary);
    out
}

/// What a profile says about code that also writes its tenant.
fn managed_line(p: &denylist_profiles::Profile) -> String {
    match p.managed_as_code {
        ManagedAsCode::Nothing => format!("“{}”: managed by hand (no code writes it).", p.name),
        ManagedAsCode::Terraform => format!(
            "“{}”: managed with Terraform; each change says what its next apply does, with the code to add.",
            p.name
        ),
        ManagedAsCode::DeployCli => format!(
            "“{}”: managed with the Auth0 Deploy CLI; each change says what its next import does, with the \
             YAML and JSON to add.",
            p.name
        ),
        ManagedAsCode::Unknown => format!(
            "“{}”: not known whether code writes it; each change says what Terraform and the Deploy CLI \
             would do.",
            p.name
        ),
    }
}
