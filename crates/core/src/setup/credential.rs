//! The application's way to sign in, changed without a gap: a key made here is registered and
//! attached *beside* the keys already attached (Auth0 attaches at most two), tested, and only then
//! are this computer's earlier keys detached and deleted; a failed test detaches and deletes the
//! new key instead. Keys registered elsewhere are never touched. Where the tenant refuses keys, a
//! client secret is used, and why is said.

use super::flow::{
    Credential, KeyChoice, Run, SetupStep, StepState, expiry_text, key_refusal, test, unix,
};
use crate::auth0::ManagementClient;
use crate::auth0::keys::{PrivateKey, SigningAlg};
use crate::error::{Error, Result};
use crate::secret::Secret;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::SystemTime;

/// Which earlier keys are this computer's to remove once the new one works: those whose name
/// carries `tag`, and the one registered as `kid` (a profile's own key).
pub(super) struct Retire {
    pub tag: String,
    pub kid: Option<String>,
}

/// A key change under way, finished by [`commit`] or undone by [`roll_back`].
#[derive(Default)]
pub(super) struct Swap {
    /// The application existed before this run (for a new one, the undo deletes it all).
    reused: bool,
    /// The key registered now.
    new_id: Option<String>,
    /// Attached before this run.
    before: Vec<String>,
    /// Attached while the new key is tested.
    during: Vec<String>,
    /// This computer's earlier keys, removed after the test.
    retire: Vec<String>,
}

fn key_name(tag: &str) -> String {
    format!(
        "Deny List Manager key [{tag}], {}",
        expiry_text(SystemTime::now()).get(..10).unwrap_or_default()
    )
}

fn attached_body(ids: &[String]) -> Value {
    if ids.is_empty() {
        json!({"client_authentication_methods": null, "token_endpoint_auth_method": "client_secret_post"})
    } else {
        let credentials: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        json!({
            "client_authentication_methods": {"private_key_jwt": {"credentials": credentials}},
            "token_endpoint_auth_method": null,
        })
    }
}

impl Run<'_> {
    /// The credentials attached to the application now (none when it signs in with a secret).
    async fn attached(&mut self, client_id: &str) -> Result<Vec<String>> {
        let app = self
            .client
            .get_for(
                "read:clients",
                "the application",
                &["clients", client_id],
                &[
                    ("fields", "client_id,client_authentication_methods"),
                    ("include_fields", "true"),
                ],
            )
            .await?;
        Ok(app
            .pointer("/client_authentication_methods/private_key_jwt/credentials")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The application's registered keys as `(id, kid, name)`.
    async fn keys(&mut self, client_id: &str) -> Result<Vec<(String, Option<String>, String)>> {
        let reply = self
            .client
            .get_for(
                "read:client_credentials",
                "the application's keys",
                &["clients", client_id, "credentials"],
                &[],
            )
            .await?;
        Ok(match reply {
            Value::Array(a) => a
                .iter()
                .filter_map(|c| {
                    Some((
                        c["id"].as_str()?.to_string(),
                        c["kid"].as_str().map(str::to_string),
                        c["name"].as_str().unwrap_or_default().to_string(),
                    ))
                })
                .collect(),
            _ => Vec::new(),
        })
    }

    async fn set_attached(&mut self, client_id: &str, ids: &[String]) -> Result<()> {
        self.client
            .change(
                Method::PATCH,
                &["clients", client_id],
                Some(&attached_body(ids)),
                "update:client_credentials",
                "to set the keys the application signs in with",
            )
            .await
            .map(|_| ())
    }

    async fn delete_key(&mut self, client_id: &str, id: &str) -> Result<()> {
        self.client
            .change(
                Method::DELETE,
                &["clients", client_id, "credentials", id],
                None,
                "delete:client_credentials",
                "to remove a key of the application",
            )
            .await
            .map(|_| ())
    }

    /// Register `key` and attach it beside what is attached; returns its `kid` and the swap.
    async fn register(
        &mut self,
        client_id: &str,
        (key, alg, expires_at): (&PrivateKey, SigningAlg, SystemTime),
        retire: &Retire,
        reused: bool,
        notes: &mut Vec<String>,
    ) -> Result<(Option<String>, Swap)> {
        let mut swap = Swap {
            reused,
            ..Swap::default()
        };
        if reused {
            swap.before = self.attached(client_id).await?;
            match self.keys(client_id).await {
                Ok(keys) => {
                    swap.retire = keys
                        .into_iter()
                        .filter(|(_, kid, name)| {
                            name.contains(&format!("[{}]", retire.tag))
                                || (kid.is_some() && *kid == retire.kid)
                        })
                        .map(|(id, ..)| id)
                        .collect();
                }
                Err(e) => notes.push(format!(
                    "Its earlier keys could not be listed ({e}), so none was removed: remove them in Auth0 \
                     Dashboard → Applications → the application → Credentials."
                )),
            }
        }
        let body = json!({
            "credential_type": "public_key",
            "name": key_name(&retire.tag),
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
        let Some(id) = reply["id"].as_str().map(str::to_string) else {
            return Err(Error::UnexpectedReply(
                "the tenant registered the key but did not say its id".into(),
            ));
        };
        let kid = reply["kid"].as_str().map(str::to_string);
        let mut during: Vec<String> = swap.before.clone();
        during.push(id.clone());
        if during.len() > 2 {
            during.retain(|d| !swap.retire.contains(d));
        }
        if during.len() > 2 {
            let _ = self.delete_key(client_id, &id).await;
            return Err(Error::SetupFailed(
                "The application already has two keys attached that this computer did not register, and Auth0 \
                 attaches at most two: detach one in Auth0 Dashboard → Applications → the application → \
                 Credentials, then try again."
                    .into(),
            ));
        }
        if let Err(e) = self.set_attached(client_id, &during).await {
            // Not attached: the registered key would only be clutter.
            if self.delete_key(client_id, &id).await.is_err() {
                notes.push(format!(
                    "A key registered for this run ({id}) could not be removed again: remove it in Auth0 \
                     Dashboard → Applications → the application → Credentials."
                ));
            }
            return Err(e);
        }
        swap.new_id = Some(id);
        swap.during = during;
        Ok((kid, swap))
    }
}

/// The new way to sign in: a key made here (registered, attached beside the earlier ones), or a
/// secret; with why a secret is used where a key was asked for.
pub(super) async fn make(
    run: &mut Run<'_>,
    choice: KeyChoice,
    client_id: &str,
    secret: Option<Secret>,
    retire: &Retire,
    notes: &mut Vec<String>,
) -> Result<(Credential, Option<String>, Swap)> {
    run.say(SetupStep::RegisterKey, StepState::Running);
    let reused = secret.is_none();
    let (alg, expires_in) = match choice {
        KeyChoice::Key { alg, expires_in } => (alg, expires_in),
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
            return Ok((Credential::Secret(secret), None, Swap::default()));
        }
    };
    let key = PrivateKey::generate()?;
    let expires = SystemTime::now() + expires_in;
    match run
        .register(client_id, (&key, alg, expires), retire, reused, notes)
        .await
    {
        Ok((kid, swap)) => {
            run.say(
                SetupStep::RegisterKey,
                StepState::Done(format!(
                    "A {} RSA key made on this computer ({}), valid until {}; its private half stays in this \
                     computer's keyring.",
                    key.bits(),
                    alg.name(),
                    expiry_text(expires).get(..10).unwrap_or_default()
                )),
            );
            let credential = Credential::PrivateKey {
                pem: key.to_pem(),
                alg,
                kid,
                expires_at: Some(unix(expires)),
            };
            Ok((credential, None, swap))
        }
        Err(e) if key_refusal(&e).is_some() || matches!(e, Error::MissingScope { .. }) => {
            let why = match key_refusal(&e) {
                Some(true) => "This tenant's plan has no Private Key JWT (Auth0 offers it on Enterprise plans only): \
                     the application signs in with a client secret, kept in this computer's keyring."
                    .to_string(),
                Some(false) => format!(
                    "The tenant refused the key ({e}): the application signs in with a client secret, kept in \
                     this computer's keyring."
                ),
                None => format!(
                    "The token cannot register a key ({e}): the application signs in with a client secret, \
                     kept in this computer's keyring."
                ),
            };
            let secret = match secret {
                Some(s) if !s.is_empty() => s,
                _ => new_secret(run, client_id).await?,
            };
            run.say(SetupStep::RegisterKey, StepState::Skipped(why.clone()));
            Ok((Credential::Secret(secret), Some(why), Swap::default()))
        }
        Err(e) => {
            run.say(SetupStep::RegisterKey, StepState::Failed(e.to_string()));
            Err(e)
        }
    }
}

/// The new key works: detach and delete this computer's earlier keys.
pub(super) async fn commit(
    run: &mut Run<'_>,
    client_id: &str,
    swap: Swap,
    notes: &mut Vec<String>,
) {
    if swap.retire.is_empty() {
        return;
    }
    let after: Vec<String> = swap
        .during
        .iter()
        .filter(|d| !swap.retire.contains(d))
        .cloned()
        .collect();
    if after != swap.during
        && let Err(e) = run.set_attached(client_id, &after).await
    {
        notes.push(format!(
            "The new key works, but the earlier one could not be detached ({e}): detach it in Auth0 Dashboard → \
             Applications → the application → Credentials."
        ));
        return;
    }
    for id in &swap.retire {
        if let Err(e) = run.delete_key(client_id, id).await {
            notes.push(format!("Its earlier key {id} could not be removed ({e})."));
        }
    }
}

/// The new key failed: attach again what was attached, and delete the new key.
pub(super) async fn roll_back(
    run: &mut Run<'_>,
    client_id: &str,
    swap: Swap,
    notes: &mut Vec<String>,
) {
    let Some(new_id) = swap.new_id.filter(|_| swap.reused) else {
        return;
    };
    let restored = run.set_attached(client_id, &swap.before).await;
    let deleted = match &restored {
        Ok(()) => run.delete_key(client_id, &new_id).await,
        Err(_) => Ok(()),
    };
    if let Err(e) = restored.and(deleted) {
        notes.push(format!(
            "The key registered for this run ({new_id}) could not be taken away again ({e}): check the \
             application's Credentials in Auth0 Dashboard → Applications."
        ));
    }
}

/// A new key (or secret) for an application made before: the key is tested before this
/// computer's earlier one (`retire`) goes; a secret replaces the old one at once (Auth0's
/// rotate-secret), so it is kept even if the test after fails, and that is said.
pub async fn rotate(
    client: &ManagementClient,
    client_id: &str,
    choice: KeyChoice,
    tag: &str,
    kid: Option<String>,
    on_step: &mut (dyn FnMut(SetupStep, StepState) + Send),
) -> Result<(Credential, Option<String>, Vec<String>)> {
    let domain = client.domain().clone();
    let mut run = Run { client, on_step };
    let mut notes = Vec::new();
    let retire = Retire {
        tag: tag.to_string(),
        kid,
    };
    let (credential, fell_back, swap) =
        make(&mut run, choice, client_id, None, &retire, &mut notes).await?;
    run.say(SetupStep::Test, StepState::Running);
    match test(&domain, credential.credentials(client_id), None).await {
        Ok(said) => run.say(SetupStep::Test, StepState::Done(said)),
        Err(e) => {
            run.say(SetupStep::Test, StepState::Failed(e.to_string()));
            if matches!(credential, Credential::Secret(_)) {
                notes.push(format!(
                    "The new secret is kept (the old one no longer works), but signing in with it failed: {e}"
                ));
                return Ok((credential, fell_back, notes));
            }
            roll_back(&mut run, client_id, swap, &mut notes).await;
            let mut message = format!(
                "The new key did not work ({e}); it was taken away again and the earlier key still signs in."
            );
            for n in &notes {
                message.push(' ');
                message.push_str(n);
            }
            return Err(Error::SetupFailed(message));
        }
    }
    commit(&mut run, client_id, swap, &mut notes).await;
    Ok((credential, fell_back, notes))
}

/// A new secret for a reused application (`rotate-secret`, which needs `update:client_keys`),
/// made its way to sign in again first if it signed in with a key.
async fn new_secret(run: &mut Run<'_>, client_id: &str) -> Result<Secret> {
    let _ = run
        .client
        .change(
            Method::PATCH,
            &["clients", client_id],
            Some(&attached_body(&[])),
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
