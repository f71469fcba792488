//! Welcome / profiles screen: saved tenants, add and edit, test connection, open.

use super::Cx;
use crate::state::{CmdResult, Session, blocking, client_for, client_with_policy, lock};
use crate::views::{DefaultColors, ProfilesOverview, SessionView};
use denylist_core::checks::access::{AccessReport, check_access};
use denylist_core::{Credentials, ErrorCode, ErrorPayload, RetryPolicy, Secret};
use denylist_profiles::{
    Keep, KeyringTokens, Profile, ProfileInput, ProfileList, ProfileView, Profiles, SecretState,
};
use std::sync::Arc;

/// The saved tenants. `check_keyring`: also ask the keyring whether it works, when nothing shows
/// it yet (a round trip to the Secret Service; the first screen asks without it, then with it).
pub async fn load_profiles(cx: &Cx, check_keyring: bool) -> CmdResult<ProfilesOverview> {
    let profiles = cx.state().profiles()?;
    blocking(move || {
        let list = profiles.listing()?;
        // Ask the keyring only when nothing shows yet whether it works.
        let keyring_problem = if check_keyring
            && (list.profiles.is_empty()
                || list
                    .profiles
                    .iter()
                    .any(|v| v.secret == SecretState::Unknown))
        {
            profiles.keyring_problem()
        } else {
            None
        };
        Ok(overview(list, keyring_problem))
    })
    .await
}

/// What the first screen shows when it is known without the keyring (nothing saved yet: a first
/// start): handed to the window with its page, so that the first screen waits for no request.
/// `None` otherwise (each saved profile's secret is looked up in the keyring, which may be slow or
/// ask to be unlocked: the window asks for them once it runs, as for any later list). The keyring
/// itself is asked about once the window runs.
pub fn first_screen(profiles: &Profiles) -> Option<ProfilesOverview> {
    let list = profiles.list_without_keyring().ok()??;
    Some(overview(list, None))
}

fn overview(list: ProfileList, keyring_problem: Option<String>) -> ProfilesOverview {
    ProfilesOverview {
        profiles: list.profiles,
        last_profile_id: list.last_profile_id,
        notice: list.notice,
        keyring_problem,
        default_colors: DefaultColors::default(),
    }
}

/// Add (no `id`) or edit a profile. The secret is only ever written to the keyring
/// (or kept in memory when `session_only`), and never sent back.
pub async fn save_profile(
    cx: &Cx,
    id: Option<String>,
    input: ProfileInput,
    secret: Option<String>,
    new_key: bool,
    session_only: bool,
) -> CmdResult<ProfileView> {
    let state = cx.state();
    let profiles = state.profiles()?;
    let secret = typed_or_new_key(cx, secret, new_key)?;
    // Loosening a production profile is confirmed outside the window.
    if let Some(id) = &id {
        let (check, id, input_) = (profiles.clone(), id.clone(), input.clone());
        let loosening = blocking(move || Ok(check.loosening(&id, &input_)?)).await?;
        crate::confirm::loosening(cx, &input.name, &loosening).await?;
    }
    let keep = if session_only {
        Keep::SessionOnly
    } else {
        Keep::Keyring
    };
    let saved = blocking(move || {
        let profile = match id {
            Some(id) => profiles.edit(&id, &input, secret, keep)?,
            None => profiles.add(&input, secret.unwrap_or_else(|| Secret::new("")), keep)?,
        };
        Ok(profiles.view(profile))
    })
    .await?;
    if new_key {
        super::setup::forget_key(cx);
    }
    // An edited open profile must not keep using the old settings.
    let mut session = state.session.write().await;
    if session
        .as_ref()
        .is_some_and(|s| s.profile.id == saved.profile.id)
    {
        *session = None;
    }
    Ok(saved)
}

/// The secret typed in the form, or the key made or imported for it (`new_key`), which the
/// window never holds.
fn typed_or_new_key(cx: &Cx, typed: Option<String>, new_key: bool) -> CmdResult<Option<Secret>> {
    if !new_key {
        return Ok(typed.map(Secret::new));
    }
    super::setup::held_key(cx)
        .map(Some)
        .ok_or_else(|| ErrorPayload {
            code: ErrorCode::SecretMissing,
            message:
                "The key made or imported for this form is no longer held: make or import it again."
                    .into(),
        })
}

/// "Test connection": with the secret just typed, or with the saved one of profile `id`. Gives up
/// within about 15 seconds with a plain reason, and stops at once on `cancel_test`.
pub async fn test_access(
    cx: &Cx,
    input: ProfileInput,
    secret: Option<String>,
    new_key: bool,
    id: Option<String>,
) -> CmdResult<AccessReport> {
    let state = cx.state();
    let profiles = state.profiles()?;
    let typed = typed_or_new_key(cx, secret, new_key)?;
    let (domain, credentials) =
        blocking(move || Ok(profiles.credentials_to_test(&input, typed, id.as_deref())?)).await?;
    let client = client_with_policy(&cx.app, domain, credentials, RetryPolicy::interactive())?;
    let (cancel, cancelled) = tokio::sync::oneshot::channel();
    *lock(&state.test_cancel) = Some(cancel);
    tokio::select! {
        report = check_access(&client) => Ok(report?),
        _ = cancelled => Err(ErrorPayload {
            code: ErrorCode::Cancelled,
            message: "The test was cancelled; nothing was saved.".into(),
        }),
    }
}

/// Stop the "Test connection" under way.
pub async fn cancel_test(cx: &Cx) -> CmdResult<()> {
    if let Some(cancel) = lock(&cx.state().test_cancel).take() {
        let _ = cancel.send(());
    }
    Ok(())
}

pub async fn open_profile(cx: &Cx, id: String) -> CmdResult<SessionView> {
    let profiles = cx.state().profiles()?;
    let (profile, credentials) = blocking(move || {
        let profile = profiles.get(&id)?;
        let credentials = profiles.credentials(&profile)?;
        let _ = profiles.mark_used(&profile.id);
        Ok((profile, credentials))
    })
    .await?;
    open(cx, profile, credentials).await
}

/// Make `profile` the open tenant.
pub(super) async fn open(
    cx: &Cx,
    profile: Profile,
    credentials: Credentials,
) -> CmdResult<SessionView> {
    let state = cx.state();
    let domain = profile.tenant_domain().map_err(ErrorPayload::from)?;
    let mut client = client_for(&cx.app, domain.clone(), credentials)?;
    // A saved tenant's token is kept in the keyring across restarts (the demo's is not).
    if !profile.demo {
        client = client.with_token_cache(Arc::new(KeyringTokens));
    }
    let client = Arc::new(client);
    let session = Arc::new(Session {
        profile,
        domain,
        client,
        findings: tokio::sync::Mutex::new(None),
        logged: std::sync::Mutex::new(None),
        table: std::sync::Mutex::new(Default::default()),
    });
    state.forget_held();
    *state.session.write().await = Some(session.clone());
    // Changes a crash interrupted last time are settled before anything else (no request when
    // nothing is pending).
    let settled = session.resolve_interrupted().await;
    Ok(SessionView {
        production: session.production(),
        expiry: denylist_profiles::expiry_notice(&session.profile),
        tenant_name: session.domain.tenant_name().to_string(),
        profile: session.profile.clone(),
        settled,
    })
}

#[cfg(test)]
mod tests {
    use super::first_screen;
    use denylist_core::Secret;
    use denylist_profiles::{Keep, MemoryStore, ProfileFile, ProfileInput, Profiles};

    #[test]
    fn the_first_screen_comes_with_the_page_only_when_nothing_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = Profiles::new(
            ProfileFile::in_dir(dir.path()),
            Box::new(MemoryStore::default()),
        );
        let first = first_screen(&profiles).expect("nothing saved: known without the keyring");
        assert!(first.profiles.is_empty());
        assert!(first.last_profile_id.is_none() && first.keyring_problem.is_none());

        let input = ProfileInput {
            name: "Acme".into(),
            domain: "acme.eu.auth0.com".into(),
            client_id: Some("client-abc".into()),
            key: None,
            environment: None,
            color: None,
            managed_as_code: None,
        };
        profiles
            .add(&input, Secret::new("s3cret"), Keep::Keyring)
            .unwrap();
        assert!(
            first_screen(&profiles).is_none(),
            "a saved profile's secret is looked up in the keyring: the window asks for it"
        );
    }
}
