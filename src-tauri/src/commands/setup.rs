//! The setup screen: connect a tenant in one paste (the app makes its own application), the
//! manual path's key (made here, or imported from a file picked natively), and the credential's
//! life (rotate; remove with its application). The pasted token and every private key stay in
//! Rust: the window gets what they say, never them.

use super::Cx;
use crate::state::{CmdResult, PendingSetup, blocking, lock, progress_sink};
use crate::views::{
    NewKeyView, RemovedView, RotatedView, SetupGuide, SetupPreview, SetupProgress, SetupResult,
};
use denylist_core::auth0::{PrivateKey, SigningAlg};
use denylist_core::setup::{
    self, KEY_LIFE, KeyChoice, ManualSignIn, SetupRequest, SetupStep, StepState,
};
use denylist_core::{ErrorCode, ErrorPayload, Secret, TenantDomain};
use denylist_profiles::{AuthMethod, ProfileInput};
use tauri_plugin_dialog::DialogExt;

/// What the screen shows before anything is pasted; links for `domain` when it says which
/// tenant it is.
pub async fn setup_guide(_cx: &Cx, domain: Option<String>) -> CmdResult<SetupGuide> {
    let domain = domain
        .filter(|d| !d.trim().is_empty())
        .and_then(|d| TenantDomain::parse(&d).ok());
    Ok(SetupGuide {
        scopes: setup::scope_choices(),
        explorer_path: setup::dashboard::EXPLORER_PATH.into(),
        explorer_link: domain
            .as_ref()
            .and_then(|d| setup::dashboard::link(d, "apis/management/explorer")),
        application_name: setup::application_name(),
        key_life_days: KEY_LIFE.as_secs() / 86400,
        steps_secret: setup::manual_steps(domain.as_ref(), ManualSignIn::Secret),
        steps_key: setup::manual_steps(domain.as_ref(), ManualSignIn::Key),
    })
}

fn preview(pending: PendingSetup) -> CmdResult<SetupPreview> {
    let facts = setup::read_pasted_token(&pending.typed, &pending.token)?;
    let target = match &facts.canonical_domain {
        Some(c) => TenantDomain::parse(c)?,
        None => pending.typed.clone(),
    };
    let view = SetupPreview {
        setup_id: pending.id.clone(),
        domain: target.to_string(),
        suggested_name: target.tenant_name().to_string(),
        ready: !facts.expired && facts.missing_required.is_empty(),
        key_possible: facts.missing_for_key.is_empty(),
        practice: pending.practice,
        facts,
    };
    Ok(view)
}

fn hold(cx: &Cx, typed: TenantDomain, token: Secret, practice: bool) -> CmdResult<SetupPreview> {
    let id = denylist_core::auth0::keys::random_hex(8)?;
    let facts = setup::read_pasted_token(&typed, &token)?;
    let pending = PendingSetup {
        id,
        typed,
        token,
        practice,
        missing_for_key: !facts.missing_for_key.is_empty(),
    };
    let view = preview(pending.clone())?;
    *lock(&cx.state().setup) = Some(pending);
    Ok(view)
}

/// The token pasted for `domain`: what it says (it is held here, never sent back).
pub async fn setup_preview(cx: &Cx, domain: String, token: String) -> CmdResult<SetupPreview> {
    let typed = TenantDomain::parse(&domain)?;
    hold(cx, typed, Secret::new(token.trim()), false)
}

/// The demo tenant's practice token, held as if pasted.
pub async fn setup_practice(cx: &Cx) -> CmdResult<SetupPreview> {
    let (url, token) = super::demo::practice_token(cx).await?;
    hold(cx, TenantDomain::parse(&url)?, token, true)
}

/// Drop the pasted token (the admin left the screen or pasted another).
pub async fn setup_forget(cx: &Cx) -> CmdResult<()> {
    *lock(&cx.state().setup) = None;
    *lock(&cx.state().new_key) = None;
    Ok(())
}

fn taken(cx: &Cx, setup_id: &str) -> CmdResult<PendingSetup> {
    lock(&cx.state().setup)
        .take()
        .filter(|p| p.id == setup_id)
        .ok_or_else(taken_error)
}

/// Each step to the window as a `setup-progress` event.
fn say_steps(cx: &Cx) -> impl FnMut(SetupStep, StepState) + Send + use<> {
    let app = cx.app.clone();
    move |step, state| {
        crate::ipc::emit(
            &app,
            "setup-progress",
            SetupProgress {
                step,
                label: step.label().into(),
                state,
            },
        )
    }
}

/// Run the setup of `setup_id`: the application made with exactly `scopes`, signing in with a key
/// (`use_key`, where the tenant allows it) or a secret, tested, and saved as `input` (the
/// practice run opens the demo tenant with it instead). The pasted token is forgotten either way.
pub async fn setup_run(
    cx: &Cx,
    setup_id: String,
    input: ProfileInput,
    scopes: Vec<String>,
    use_key: bool,
    reuse: bool,
) -> CmdResult<SetupResult> {
    let state = cx.state();
    let scopes = setup::scopes_to_grant(Some(&scopes))?;
    let (practice, production) = {
        let held = lock(&state.setup);
        let pending = held
            .as_ref()
            .filter(|p| p.id == setup_id)
            .ok_or_else(taken_error)?;
        (
            pending.practice,
            input.environment.is_some_and(|e| e.is_production()),
        )
    };
    // What is wrong with the form, or a keyring that cannot keep the new key, is said before
    // anything is made, and the token stays held.
    if !practice {
        let profiles = state.profiles()?;
        let check = pending_input(&input);
        blocking(move || {
            profiles.check_new(&check)?;
            match profiles.keyring_problem() {
                Some(why) => Err(ErrorPayload {
                    code: ErrorCode::KeyringUnavailable,
                    message: format!(
                        "{why} The new application's key or secret could only be kept in the system keyring, so \
                         nothing was made in the tenant. Start or unlock it, then try again."
                    ),
                }),
                None => Ok(()),
            }
        })
        .await?;
    }
    let name = setup::application_name();
    if production && !practice {
        crate::confirm::production_setup(
            cx,
            &format!(
                "Create the application “{name}” in the production tenant {}, granted {} scope{} of the \
                 Management API ({})?",
                input.domain.trim(),
                scopes.len(),
                if scopes.len() == 1 { "" } else { "s" },
                scopes.join(", ")
            ),
            "Make the application",
        )
        .await?;
    }
    let pending = taken(cx, &setup_id)?;
    let key = if use_key && !pending.missing_for_key {
        KeyChoice::Key {
            alg: SigningAlg::Rs256,
            expires_in: KEY_LIFE,
        }
    } else {
        KeyChoice::Secret
    };
    let prepared = setup::prepare(&pending.typed, pending.token, progress_sink(&cx.app))?;
    let request = SetupRequest {
        application_name: name,
        scopes,
        key,
        reuse,
        tag: denylist_core::local::ids::install_tag(),
    };
    let outcome = setup::run(&prepared.client, request, &mut say_steps(cx)).await;
    // The pasted token goes with its client: never kept, never used again.
    drop(prepared);
    let outcome = outcome?;
    let summary = outcome.summary();
    if practice {
        let auth = match &outcome.credential {
            setup::Credential::PrivateKey { alg, kid, .. } => AuthMethod::PrivateKey {
                client_id: outcome.client_id.clone(),
                alg: *alg,
                kid: kid.clone(),
                key_expires_at: None,
            },
            setup::Credential::Secret(_) => AuthMethod::ClientCredentials {
                client_id: outcome.client_id.clone(),
            },
        };
        let credentials = outcome.credential.credentials(&outcome.client_id);
        let session =
            super::demo::open_demo_as(cx, "Demo tenant (set up in one paste)", auth, credentials)
                .await?;
        return Ok(SetupResult {
            summary,
            profile: None,
            session: Some(session),
        });
    }
    let profiles = state.profiles()?;
    let (saved, updated_earlier) = blocking(move || {
        let (profile, said) = profiles.add_from_setup(&input, &outcome)?;
        Ok((profiles.view(profile), said))
    })
    .await?;
    let mut summary = summary;
    summary.notes.extend(updated_earlier);
    Ok(SetupResult {
        summary,
        profile: Some(saved),
        session: None,
    })
}

fn taken_error() -> ErrorPayload {
    ErrorPayload {
        code: ErrorCode::SecretMissing,
        message: "The pasted token is no longer held (it is forgotten once a setup runs or the screen is left): \
                  paste it again."
            .into(),
    }
}

/// The form as a profile to check before its application exists.
fn pending_input(input: &ProfileInput) -> ProfileInput {
    ProfileInput {
        client_id: Some("pending".into()),
        key: None,
        ..input.clone()
    }
}

/// A new key pair for the manual path: its public half to register, its private half held here
/// until the profile is saved (then only in the keyring).
pub async fn generate_key(cx: &Cx) -> CmdResult<NewKeyView> {
    let key = blocking(|| Ok(PrivateKey::generate()?)).await?;
    hold_key(cx, key, None)
}

/// A private key the admin already has, from a PEM file picked in a native dialog (the key
/// never passes through the window).
pub async fn import_key(cx: &Cx) -> CmdResult<NewKeyView> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    cx.app
        .dialog()
        .file()
        .set_title("Choose the application's private key (PEM)")
        .add_filter("PEM private key", &["pem", "key"])
        .set_parent(&cx.window)
        .pick_file(move |path| {
            let _ = tx.send(path);
        });
    let picked = rx.await.ok().flatten().ok_or_else(|| ErrorPayload {
        code: ErrorCode::Cancelled,
        message: "No file was chosen.".into(),
    })?;
    let path = picked.into_path().map_err(|_| ErrorPayload {
        code: ErrorCode::InvalidInput,
        message: "That is not a file on this computer.".into(),
    })?;
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let key = blocking(move || {
        let meta =
            std::fs::metadata(&path).map_err(|e| invalid(&format!("could not read it: {e}")))?;
        if !meta.is_file() || meta.len() > 64 * 1024 {
            return Err(invalid(
                "it is not a PEM file (a key file is a few kilobytes)",
            ));
        }
        let text =
            std::fs::read_to_string(&path).map_err(|_| invalid("it is not a text (PEM) file"))?;
        Ok(PrivateKey::from_pem(&Secret::new(text))?)
    })
    .await?;
    hold_key(cx, key, file)
}

fn invalid(why: &str) -> ErrorPayload {
    ErrorPayload {
        code: ErrorCode::InvalidInput,
        message: format!("The file could not be used: {why}."),
    }
}

fn hold_key(cx: &Cx, key: PrivateKey, file: Option<String>) -> CmdResult<NewKeyView> {
    let view = NewKeyView {
        public_pem: key.public_pem()?,
        bits: u32::try_from(key.bits()).unwrap_or(u32::MAX),
        file,
    };
    *lock(&cx.state().new_key) = Some(key.to_pem());
    Ok(view)
}

/// A new key (or secret) for profile `id`'s application, registered and tested, the earlier
/// one removed, with a freshly pasted token (not kept); with what the admin should know.
pub async fn rotate_credential(cx: &Cx, id: String, token: String) -> CmdResult<RotatedView> {
    let state = cx.state();
    let profiles = state.profiles()?;
    let profile = {
        let p = profiles.clone();
        blocking(move || Ok(p.get(&id)?)).await?
    };
    let rotation = profile.rotation()?;
    let (client_id, choice) = (rotation.client_id.clone(), rotation.choice);
    if let Some(why) = {
        let p = profiles.clone();
        blocking(move || Ok(p.keyring_problem())).await?
    } {
        return Err(ErrorPayload {
            code: ErrorCode::KeyringUnavailable,
            message: format!("{why} The new key could only be kept there: nothing was changed."),
        });
    }
    if profile.is_production() {
        crate::confirm::production_setup(
            cx,
            &format!(
                "Replace the {} of “{}” ({}) in the production tenant {}? The earlier one stops signing in.",
                if matches!(choice, KeyChoice::Key { .. }) { "key" } else { "client secret" },
                profile.name,
                client_id,
                profile.domain
            ),
            "Replace it",
        )
        .await?;
    }
    let client = setup::prepare_for_tenant(
        &profile.tenant_domain()?,
        Secret::new(token.trim()),
        progress_sink(&cx.app),
    )?;
    let rotated = setup::rotate(
        &client,
        &client_id,
        choice,
        &denylist_core::local::ids::install_tag(),
        rotation.replaces_kid,
        &mut say_steps(cx),
    )
    .await;
    drop(client);
    let (credential, fell_back, notes) = rotated?;
    let profile_id = profile.id.clone();
    let view = blocking(move || {
        let updated = profiles.replace_credential(&profile_id, &credential)?;
        Ok(profiles.view(updated))
    })
    .await?;
    forget_session_of(cx, &view.profile.id).await;
    Ok(RotatedView {
        profile: view,
        notes: fell_back.into_iter().chain(notes).collect(),
    })
}

/// An open session of `profile_id` signs in with what it had: closed, to be opened again.
async fn forget_session_of(cx: &Cx, profile_id: &str) {
    let state = cx.state();
    let mut session = state.session.write().await;
    if session.as_ref().is_some_and(|s| s.profile.id == profile_id) {
        *session = None;
    }
}

/// Remove profile `id`; with `token` (freshly pasted), its application in the tenant too.
pub async fn remove_profile(cx: &Cx, id: String, token: Option<String>) -> CmdResult<RemovedView> {
    let state = cx.state();
    let profiles = state.profiles()?;
    let profile = {
        let p = profiles.clone();
        blocking(move || Ok(p.get(&id)?)).await?
    };
    let token = token.filter(|t| !t.trim().is_empty());
    let mut deleted_application = None;
    if let Some(token) = token {
        let client_id = profile.application_to_delete()?;
        if profile.is_production() {
            crate::confirm::production_setup(
                cx,
                &format!(
                    "Delete the application {client_id} of “{}” from the production tenant {}? Nothing on this \
                     computer can sign in with it again.",
                    profile.name, profile.domain
                ),
                "Delete it",
            )
            .await?;
        }
        let client = setup::prepare_for_tenant(
            &profile.tenant_domain()?,
            Secret::new(token.trim()),
            progress_sink(&cx.app),
        )?;
        let deleted = setup::delete_application(
            &client,
            &client_id,
            &denylist_core::local::ids::install_tag(),
        )
        .await;
        drop(client);
        deleted?;
        deleted_application = Some(client_id);
    }
    let profile_id = profile.id.clone();
    let removed = blocking(move || Ok(profiles.remove(&profile_id)?)).await?;
    forget_session_of(cx, &removed.id).await;
    Ok(RemovedView {
        left_in_tenant: deleted_application
            .is_none()
            .then(|| removed.application_left())
            .flatten(),
        deleted_application,
    })
}

/// The key held for the manual path, for a test or a save (`None` when none is).
pub fn held_key(cx: &Cx) -> Option<Secret> {
    lock(&cx.state().new_key).clone()
}

pub fn forget_key(cx: &Cx) {
    *lock(&cx.state().new_key) = None;
}
