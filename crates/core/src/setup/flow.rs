//! The setup itself, step by step, each said as it starts and ends: find an application this
//! computer made before, create one (Machine to Machine, client credentials only), register a
//! key made here as its way to sign in (or keep a secret where the plan refuses keys), grant it
//! the Management API with exactly the chosen scopes, and test it. A failure after the creation
//! undoes it, or says exactly what is left in the tenant.

use super::credential::{self, Retire};
use super::dashboard;
use crate::auth0::keys::SigningAlg;
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
    /// Where an application this computer made exists: reuse it (a new key or secret, the same
    /// grant, its scopes set to these) instead of making another.
    pub reuse: bool,
    /// This computer's tag (`local::ids::install_tag`): the application made carries it, and only
    /// an application carrying it is reused.
    pub tag: String,
}

/// The `client_metadata` key an application made by setup carries, its value the install tag.
pub const TAG_KEY: &str = "deny_list_manager";

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

pub(super) fn expiry_text(at: SystemTime) -> String {
    crate::local::ids::rfc3339_of(unix(at))
}

pub(super) fn unix(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// How a tenant refused a key (a 400 or 403 that is not about the token's scopes): `Some(true)`
/// where the words say the plan lacks Private Key JWT, `Some(false)` for any other refusal, `None`
/// for anything else (a network failure, a scope the token lacks, ...).
pub(super) fn key_refusal(e: &Error) -> Option<bool> {
    match e {
        Error::Api {
            status: 400 | 403,
            message,
        } => {
            let m = message.to_lowercase();
            Some(
                [
                    "upgrade",
                    "subscription",
                    "entitlement",
                    "not allowed",
                    "plan",
                ]
                .iter()
                .any(|w| m.contains(w)),
            )
        }
        _ => None,
    }
}

pub(super) struct Run<'a> {
    pub(super) client: &'a ManagementClient,
    pub(super) on_step: &'a mut (dyn FnMut(SetupStep, StepState) + Send),
}

impl Run<'_> {
    pub(super) fn say(&mut self, step: SetupStep, state: StepState) {
        (self.on_step)(step, state)
    }

    /// The application this computer made before (carrying `tag`), and any other of the same
    /// name (made elsewhere, never reused).
    async fn find_existing(
        &mut self,
        name: &str,
        tag: &str,
    ) -> Result<(Option<String>, Option<String>)> {
        let mut same_name = None;
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
                        ("fields", "client_id,name,app_type,client_metadata"),
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
            let id = |c: &Value| c["client_id"].as_str().map(str::to_string);
            if let Some(found) = items.iter().find(|c| c["client_metadata"][TAG_KEY] == tag) {
                return Ok((id(found), None));
            }
            if same_name.is_none() {
                same_name = items.iter().find(|c| c["name"] == name).and_then(id);
            }
            if items.len() < 100 || page >= 50 {
                return Ok((None, same_name));
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
            "client_metadata": {TAG_KEY: request.tag},
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

    /// Grant the Management API with exactly `scopes`: a new grant for an application just made
    /// (nothing to look up), or the existing grant's scopes set for one reused.
    async fn grant(
        &mut self,
        client_id: &str,
        audience: &str,
        scopes: &[String],
        created: bool,
    ) -> Result<()> {
        let found = if created {
            None
        } else {
            let reply = self
                .client
                .get_for(
                    "read:client_grants",
                    "the application's grants",
                    &["client-grants"],
                    &[("client_id", client_id), ("audience", audience)],
                )
                .await?;
            let first = match reply {
                Value::Array(a) => a.into_iter().next(),
                Value::Object(mut o) => match o.remove("client_grants") {
                    Some(Value::Array(a)) => a.into_iter().next(),
                    _ => None,
                },
                _ => None,
            };
            first.and_then(|g| g["id"].as_str().map(str::to_string))
        };
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
pub(super) async fn test(
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
    let existing = match run
        .find_existing(&request.application_name, &request.tag)
        .await
    {
        Ok((found, same_name)) => {
            let mut said = match &found {
                Some(id) if request.reuse => format!("Found one ({id}); it is reused."),
                Some(id) => format!("Found one ({id}); another is made, as asked."),
                None => "None found.".into(),
            };
            if let (None, Some(other)) = (&found, &same_name) {
                said = format!(
                    "An application of that name ({other}) exists but was not made on this computer: it is \
                     left alone and a new one is made."
                );
            }
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
        Err(e) if !created && notes.is_empty() => Err(e),
        Err(e) if !created => Err(Error::SetupFailed(
            std::iter::once(e.to_string())
                .chain(notes)
                .collect::<Vec<_>>()
                .join(" "),
        )),
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
/// reused (`None`). A reused application keeps its earlier key until the new one is tested.
async fn finish(
    run: &mut Run<'_>,
    domain: &TenantDomain,
    request: &SetupRequest,
    client_id: &str,
    secret: Option<Secret>,
    notes: &mut Vec<String>,
) -> Result<(Credential, Option<String>)> {
    let created = secret.is_some();
    let retire = Retire {
        tag: request.tag.clone(),
        kid: None,
    };
    let (credential, fell_back, swap) =
        credential::make(run, request.key, client_id, secret, &retire, notes).await?;

    run.say(SetupStep::Grant, StepState::Running);
    let granted = run
        .grant(client_id, &domain.audience(), &request.scopes, created)
        .await;
    if let Err(e) = granted {
        run.say(SetupStep::Grant, StepState::Failed(e.to_string()));
        credential::roll_back(run, client_id, swap, notes).await;
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
            credential::roll_back(run, client_id, swap, notes).await;
            return Err(e);
        }
    }
    credential::commit(run, client_id, swap, notes).await;
    Ok((credential, fell_back))
}

/// Delete this computer's application from the tenant (its grants and keys go with it). Where
/// the application can be read and does not carry this computer's `tag`, nothing is deleted:
/// it was not made here.
pub async fn delete_application(
    client: &ManagementClient,
    client_id: &str,
    tag: &str,
) -> Result<()> {
    if let Ok(app) = client
        .get_for(
            "read:clients",
            "the application",
            &["clients", client_id],
            &[
                ("fields", "client_id,client_metadata"),
                ("include_fields", "true"),
            ],
        )
        .await
        && app["client_metadata"][TAG_KEY] != tag
    {
        return Err(Error::InvalidInput(format!(
            "The application {client_id} was not made by this computer's setup: it is not deleted. Delete it \
             in Auth0 Dashboard → Applications → Applications if it is no longer needed."
        )));
    }
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
