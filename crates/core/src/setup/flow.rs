//! The setup itself, step by step, each said as it starts and ends: find an application this
//! computer made before, create one (Machine to Machine, client credentials only), register a
//! key made here as its way to sign in (or keep a secret where the plan refuses keys), grant it
//! the Management API with exactly the chosen scopes, and test it. A failure after the creation
//! undoes it, or says exactly what is left in the tenant.

use super::dashboard;
use crate::auth0::keys::{PrivateKey, SigningAlg};
use crate::auth0::{Credentials, ManagementClient, RetryPolicy};
use crate::error::{Error, Result};
use crate::model::domain::TenantDomain;
use crate::secret::Secret;
use reqwest::Method;
use serde::Serialize;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};

/// A step of the setup, as the window and the command line show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SetupStep {
    FindExisting,
    CreateApplication,
    RegisterKey,
    Grant,
    Test,
    Undo,
}

impl SetupStep {
    pub fn label(self) -> &'static str {
        match self {
            SetupStep::FindExisting => "Looking for an application this computer made before",
            SetupStep::CreateApplication => "Creating the application",
            SetupStep::RegisterKey => "Registering this computer's key",
            SetupStep::Grant => "Granting it the Management API",
            SetupStep::Test => "Testing the new access",
            SetupStep::Undo => "Undoing what was created",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "message")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum StepState {
    Running,
    Done(String),
    /// Not needed, or not possible with this token (the message says which).
    Skipped(String),
    Failed(String),
}

/// How the new application will sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyChoice {
    /// A key made on this computer, registered until `expires_in` from now.
    Key {
        alg: SigningAlg,
        expires_in: Duration,
    },
    /// A client secret, as the admin asked.
    Secret,
}

/// One year: a key's default life, said on the result screen.
pub const KEY_LIFE: Duration = Duration::from_secs(365 * 86400);

pub struct SetupRequest {
    pub application_name: String,
    /// Exactly these scopes are granted.
    pub scopes: Vec<String>,
    pub key: KeyChoice,
    /// Where an application of that name exists: reuse it (a new key or secret, the same grant,
    /// its scopes set to these) instead of making another.
    pub reuse: bool,
}

/// What the new application signs in with (kept in the keyring by the caller).
pub enum Credential {
    PrivateKey {
        pem: Secret,
        alg: SigningAlg,
        kid: Option<String>,
        /// Unix seconds.
        expires_at: Option<u64>,
    },
    Secret(Secret),
}

impl Credential {
    pub fn credentials(&self, client_id: &str) -> Credentials {
        match self {
            Credential::PrivateKey { pem, alg, kid, .. } => Credentials::PrivateKey {
                client_id: client_id.into(),
                key: pem.clone(),
                alg: *alg,
                kid: kid.clone(),
            },
            Credential::Secret(s) => Credentials::ClientCredentials {
                client_id: client_id.into(),
                client_secret: s.clone(),
            },
        }
    }
}

pub struct SetupOutcome {
    pub domain: TenantDomain,
    pub client_id: String,
    pub application_name: String,
    pub scopes: Vec<String>,
    pub credential: Credential,
    /// `false` when an application made before was reused.
    pub created: bool,
    /// Set when a key was asked for and a secret is used instead: why, in one line.
    pub fell_back_to_secret: Option<String>,
    /// The application in the Dashboard, when it can be linked.
    pub dashboard_link: Option<String>,
    pub notes: Vec<String>,
}

/// "Deny List Manager — <this computer's name>".
pub fn application_name() -> String {
    let host: String = crate::local::ids::computer_name()
        .chars()
        .filter(|c| !matches!(c, '<' | '>') && !c.is_control())
        .take(60)
        .collect();
    format!("Deny List Manager — {host}")
}

fn expiry_text(at: SystemTime) -> String {
    crate::local::ids::rfc3339_of(unix(at))
}

fn unix(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// Whether a refusal says the tenant's plan does not offer Private Key JWT (a 403 that is not
/// about a scope).
fn plan_refuses_keys(e: &Error) -> bool {
    match e {
        Error::Api {
            status: 403,
            message,
        } => {
            let m = message.to_lowercase();
            m.contains("upgrade")
                || m.contains("subscription")
                || m.contains("entitlement")
                || m.contains("not allowed")
        }
        _ => false,
    }
}

struct Run<'a> {
    client: &'a ManagementClient,
    on_step: &'a mut (dyn FnMut(SetupStep, StepState) + Send),
}

impl Run<'_> {
    fn say(&mut self, step: SetupStep, state: StepState) {
        (self.on_step)(step, state)
    }

    async fn find_existing(&mut self, name: &str) -> Result<Option<String>> {
        let mut page = 0u32;
        loop {
            let page_s = page.to_string();
            let reply = self
                .client
                .get_for(
                    "read:clients",
                    "applications",
                    &["clients"],
                    &[
                        ("fields", "client_id,name,app_type"),
                        ("include_fields", "true"),
                        ("page", page_s.as_str()),
                        ("per_page", "100"),
                    ],
                )
                .await?;
            let items = match reply {
                Value::Array(a) => a,
                Value::Object(mut o) => match o.remove("clients") {
                    Some(Value::Array(a)) => a,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            if let Some(found) = items.iter().find(|c| c["name"] == name) {
                return Ok(found["client_id"].as_str().map(str::to_string));
            }
            if items.len() < 100 || page >= 50 {
                return Ok(None);
            }
            page += 1;
        }
    }

    async fn create(&mut self, request: &SetupRequest) -> Result<(String, Secret)> {
        let today = expiry_text(SystemTime::now())
            .get(..10)
            .unwrap_or_default()
            .to_string();
        let description: String = format!(
            "Made by Deny List Manager on {}, {today}, to edit connections' deny lists.",
            crate::local::ids::computer_name()
        )
        .chars()
        .take(140)
        .collect();
        let body = json!({
            "name": request.application_name,
            "description": description,
            "app_type": "non_interactive",
            "grant_types": ["client_credentials"],
            "jwt_configuration": {"alg": "RS256"},
            "token_endpoint_auth_method": "client_secret_post",
        });
        let reply = self
            .client
            .change(
                Method::POST,
                &["clients"],
                Some(&body),
                "create:clients",
                "to create the application",
            )
            .await?
            .unwrap_or_default();
        let client_id = reply["client_id"].as_str().unwrap_or_default().to_string();
        if client_id.is_empty() {
            return Err(Error::UnexpectedReply(
                "the tenant created an application but did not say its client id".into(),
            ));
        }
        let secret = Secret::new(reply["client_secret"].as_str().unwrap_or_default());
        self.client.remember(&secret);
        Ok((client_id, secret))
    }

    /// Register `key` as the application's only way to sign in; returns its `kid`.
    async fn register_key(
        &mut self,
        client_id: &str,
        key: &PrivateKey,
        alg: SigningAlg,
        expires_at: SystemTime,
    ) -> Result<(Option<String>, Vec<String>)> {
        let existing: Vec<String> = match self
            .client
            .get_for(
                "read:client_credentials",
                "the application's keys",
                &["clients", client_id, "credentials"],
                &[],
            )
            .await
        {
            Ok(Value::Array(a)) => a
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let body = json!({
            "credential_type": "public_key",
            "name": format!("Deny List Manager key, {}", expiry_text(SystemTime::now()).get(..10).unwrap_or_default()),
            "pem": key.public_pem()?,
            "alg": alg.name(),
            "expires_at": expiry_text(expires_at),
        });
        let reply = self
            .client
            .change(
                Method::POST,
                &["clients", client_id, "credentials"],
                Some(&body),
                "create:client_credentials",
                "to register this computer's key",
            )
            .await?
            .unwrap_or_default();
        let id = reply["id"].as_str().unwrap_or_default().to_string();
        let kid = reply["kid"].as_str().map(str::to_string);
        let attach = json!({
            "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": id}]}},
            "token_endpoint_auth_method": null,
        });
        self.client
            .change(
                Method::PATCH,
                &["clients", client_id],
                Some(&attach),
                "update:client_credentials",
                "to make the key the application's way to sign in",
            )
            .await?;
        Ok((kid, existing))
    }

    async fn grant(&mut self, client_id: &str, audience: &str, scopes: &[String]) -> Result<()> {
        let found = self
            .client
            .get_for(
                "read:client_grants",
                "the application's grants",
                &["client-grants"],
                &[("client_id", client_id), ("audience", audience)],
            )
            .await
            .ok()
            .and_then(|v| match v {
                Value::Array(a) => a.into_iter().next(),
                Value::Object(mut o) => match o.remove("client_grants") {
                    Some(Value::Array(a)) => a.into_iter().next(),
                    _ => None,
                },
                _ => None,
            })
            .and_then(|g| g["id"].as_str().map(str::to_string));
        match found {
            Some(id) => {
                self.client
                    .change(
                        Method::PATCH,
                        &["client-grants", &id],
                        Some(&json!({"scope": scopes})),
                        "update:client_grants",
                        "to set the application's scopes",
                    )
                    .await?;
            }
            None => {
                self.client
                    .change(
                        Method::POST,
                        &["client-grants"],
                        Some(
                            &json!({"client_id": client_id, "audience": audience, "scope": scopes}),
                        ),
                        "create:client_grants",
                        "to grant the application the Management API",
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

/// Sign in as the new application and list one connection, a few times while the tenant takes
/// the new credential in; the scopes it was given must be exactly the ones asked for.
async fn test(
    domain: &TenantDomain,
    credentials: Credentials,
    scopes: Option<&[String]>,
) -> Result<String> {
    let mut last = None;
    for attempt in 0..4 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        let client = ManagementClient::with_options(
            domain.clone(),
            credentials.clone(),
            RetryPolicy::interactive(),
            crate::progress::silent(),
        )?;
        match client.scopes().await {
            Ok(granted) => {
                client.probe_connections().await?;
                if let (Some(granted), Some(scopes)) = (granted, scopes) {
                    let mut want: Vec<&str> = scopes.iter().map(String::as_str).collect();
                    want.sort_unstable();
                    let got_text = granted.to_text();
                    let mut got: Vec<&str> = got_text.split_whitespace().collect();
                    got.sort_unstable();
                    if got != want {
                        return Err(Error::SetupFailed(format!(
                            "The new application signs in, but its token carries other scopes than were \
                             granted ({}).",
                            got.join(", ")
                        )));
                    }
                }
                return Ok("It signs in and lists connections.".into());
            }
            Err(e @ Error::BadCredentials(_)) => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::SetupFailed("The new application could not sign in.".into())))
}

/// Run the setup with `client` (signed in with the pasted token, at the canonical domain).
pub async fn run(
    client: &ManagementClient,
    request: SetupRequest,
    on_step: &mut (dyn FnMut(SetupStep, StepState) + Send),
) -> Result<SetupOutcome> {
    let domain = client.domain().clone();
    let mut run = Run { client, on_step };
    let mut notes = Vec::new();

    run.say(SetupStep::FindExisting, StepState::Running);
    let existing = match run.find_existing(&request.application_name).await {
        Ok(found) => {
            let said = match &found {
                Some(id) if request.reuse => format!("Found one ({id}); it is reused."),
                Some(id) => format!("Found one ({id}); another is made, as asked."),
                None => "None found.".into(),
            };
            run.say(SetupStep::FindExisting, StepState::Done(said));
            found.filter(|_| request.reuse)
        }
        Err(e) => {
            run.say(
                SetupStep::FindExisting,
                StepState::Skipped(format!("Could not look ({e}).")),
            );
            None
        }
    };

    let created = existing.is_none();
    let (client_id, secret) = match existing {
        Some(id) => {
            run.say(
                SetupStep::CreateApplication,
                StepState::Skipped("An application made before is reused.".into()),
            );
            (id, None)
        }
        None => {
            run.say(SetupStep::CreateApplication, StepState::Running);
            match run.create(&request).await {
                Ok((id, secret)) => {
                    run.say(
                        SetupStep::CreateApplication,
                        StepState::Done(format!("“{}” ({id}).", request.application_name)),
                    );
                    (id, Some(secret))
                }
                Err(e) => {
                    run.say(
                        SetupStep::CreateApplication,
                        StepState::Failed(e.to_string()),
                    );
                    return Err(e);
                }
            }
        }
    };

    let rest = finish(&mut run, &domain, &request, &client_id, secret, &mut notes).await;
    match rest {
        Ok((credential, fell_back_to_secret)) => Ok(SetupOutcome {
            dashboard_link: dashboard::link(&domain, &format!("applications/{client_id}/settings")),
            domain,
            client_id,
            application_name: request.application_name,
            scopes: request.scopes,
            credential,
            created,
            fell_back_to_secret,
            notes,
        }),
        Err(e) if !created => Err(e),
        Err(e) => {
            run.say(SetupStep::Undo, StepState::Running);
            let undone = run
                .client
                .change(
                    Method::DELETE,
                    &["clients", &client_id],
                    None,
                    "delete:clients",
                    "to delete the application again",
                )
                .await;
            let link = dashboard::link(&domain, &format!("applications/{client_id}/settings"));
            match undone {
                Ok(_) => {
                    run.say(
                        SetupStep::Undo,
                        StepState::Done(
                            "The application was deleted: nothing is left in the tenant.".into(),
                        ),
                    );
                    Err(Error::SetupFailed(format!(
                        "{e} The application made for this setup was deleted again: nothing is left in the tenant."
                    )))
                }
                Err(undo) => {
                    let left = format!(
                        "The application “{}” (client id {client_id}) is still in the tenant and could not be \
                         deleted ({undo}): delete it in Auth0 Dashboard → Applications → Applications{}.",
                        request.application_name,
                        link.map(|l| format!(" ({l})")).unwrap_or_default()
                    );
                    run.say(SetupStep::Undo, StepState::Failed(left.clone()));
                    Err(Error::SetupFailed(format!("{e} {left}")))
                }
            }
        }
    }
}

/// Key (or secret), grant and test, for an application just made (`secret` its new secret) or
/// reused (`None`).
async fn finish(
    run: &mut Run<'_>,
    domain: &TenantDomain,
    request: &SetupRequest,
    client_id: &str,
    secret: Option<Secret>,
    notes: &mut Vec<String>,
) -> Result<(Credential, Option<String>)> {
    let (credential, fell_back) = credential(run, request.key, client_id, secret, notes).await?;

    run.say(SetupStep::Grant, StepState::Running);
    if let Err(e) = run
        .grant(client_id, &domain.audience(), &request.scopes)
        .await
    {
        run.say(SetupStep::Grant, StepState::Failed(e.to_string()));
        return Err(e);
    }
    run.say(
        SetupStep::Grant,
        StepState::Done(format!("Scopes: {}.", request.scopes.join(", "))),
    );

    run.say(SetupStep::Test, StepState::Running);
    match test(
        domain,
        credential.credentials(client_id),
        Some(&request.scopes),
    )
    .await
    {
        Ok(said) => run.say(SetupStep::Test, StepState::Done(said)),
        Err(e) => {
            run.say(SetupStep::Test, StepState::Failed(e.to_string()));
            return Err(e);
        }
    }
    Ok((credential, fell_back))
}

/// The application's new way to sign in: a key made here (registered, attached, earlier keys
/// removed), or a secret; with why a secret is used where a key was asked for.
async fn credential(
    run: &mut Run<'_>,
    choice: KeyChoice,
    client_id: &str,
    secret: Option<Secret>,
    notes: &mut Vec<String>,
) -> Result<(Credential, Option<String>)> {
    run.say(SetupStep::RegisterKey, StepState::Running);
    let mut fell_back = None;
    let credential = match choice {
        KeyChoice::Key { alg, expires_in } => {
            let key = PrivateKey::generate()?;
            let expires = SystemTime::now() + expires_in;
            match run.register_key(client_id, &key, alg, expires).await {
                Ok((kid, old)) => {
                    // A reused application's earlier keys go: this computer's new one replaces them.
                    for id in old {
                        if let Err(e) = run
                            .client
                            .change(
                                Method::DELETE,
                                &["clients", client_id, "credentials", &id],
                                None,
                                "delete:client_credentials",
                                "to remove the application's earlier key",
                            )
                            .await
                        {
                            notes.push(format!("Its earlier key {id} could not be removed ({e})."));
                        }
                    }
                    run.say(
                        SetupStep::RegisterKey,
                        StepState::Done(format!(
                            "A {} RSA key made on this computer ({}), valid until {}; its private half stays in \
                             this computer's keyring.",
                            key.bits(),
                            alg.name(),
                            expiry_text(expires).get(..10).unwrap_or_default()
                        )),
                    );
                    Credential::PrivateKey {
                        pem: key.to_pem(),
                        alg,
                        kid,
                        expires_at: Some(unix(expires)),
                    }
                }
                Err(e) if plan_refuses_keys(&e) || matches!(e, Error::MissingScope { .. }) => {
                    let why = if plan_refuses_keys(&e) {
                        "This tenant's plan has no Private Key JWT (Auth0 offers it on Enterprise plans only): the \
                         application signs in with a client secret, kept in this computer's keyring."
                            .to_string()
                    } else {
                        format!(
                            "The token cannot register a key ({e}): the application signs in with a client secret, \
                             kept in this computer's keyring."
                        )
                    };
                    let secret = match secret {
                        Some(s) if !s.is_empty() => s,
                        _ => new_secret(run, client_id).await?,
                    };
                    run.say(SetupStep::RegisterKey, StepState::Skipped(why.clone()));
                    fell_back = Some(why);
                    Credential::Secret(secret)
                }
                Err(e) => {
                    run.say(SetupStep::RegisterKey, StepState::Failed(e.to_string()));
                    return Err(e);
                }
            }
        }
        KeyChoice::Secret => {
            let secret = match secret {
                Some(s) if !s.is_empty() => s,
                _ => new_secret(run, client_id).await?,
            };
            run.say(
                SetupStep::RegisterKey,
                StepState::Skipped(
                    "A client secret, as asked; kept in this computer's keyring.".into(),
                ),
            );
            Credential::Secret(secret)
        }
    };

    Ok((credential, fell_back))
}

/// A new key (or secret) for an application made before, tested, the earlier one removed.
pub async fn rotate(
    client: &ManagementClient,
    client_id: &str,
    choice: KeyChoice,
    on_step: &mut (dyn FnMut(SetupStep, StepState) + Send),
) -> Result<(Credential, Option<String>, Vec<String>)> {
    let domain = client.domain().clone();
    let mut run = Run { client, on_step };
    let mut notes = Vec::new();
    let (credential, fell_back) = credential(&mut run, choice, client_id, None, &mut notes).await?;
    run.say(SetupStep::Test, StepState::Running);
    match test(&domain, credential.credentials(client_id), None).await {
        Ok(said) => run.say(SetupStep::Test, StepState::Done(said)),
        Err(e) => {
            run.say(SetupStep::Test, StepState::Failed(e.to_string()));
            return Err(e);
        }
    }
    Ok((credential, fell_back, notes))
}

/// Delete this computer's application from the tenant (its grants and keys go with it).
pub async fn delete_application(client: &ManagementClient, client_id: &str) -> Result<()> {
    client
        .change(
            Method::DELETE,
            &["clients", client_id],
            None,
            "delete:clients",
            "to delete the application",
        )
        .await
        .map(|_| ())
}

/// A new secret for a reused application (`rotate-secret`, which needs `update:client_keys`),
/// made its way to sign in again first if it signed in with a key.
async fn new_secret(run: &mut Run<'_>, client_id: &str) -> Result<Secret> {
    let back = json!({"client_authentication_methods": null, "token_endpoint_auth_method": "client_secret_post"});
    let _ = run
        .client
        .change(
            Method::PATCH,
            &["clients", client_id],
            Some(&back),
            "update:clients",
            "to let the application sign in with a secret",
        )
        .await;
    let reply = run
        .client
        .change(
            Method::POST,
            &["clients", client_id, "rotate-secret"],
            None,
            "update:client_keys",
            "to give the application a new secret",
        )
        .await?
        .unwrap_or_default();
    let secret = Secret::new(reply["client_secret"].as_str().unwrap_or_default());
    if secret.is_empty() {
        return Err(Error::UnexpectedReply(
            "the tenant gave the application no secret".into(),
        ));
    }
    run.client.remember(&secret);
    Ok(secret)
}
