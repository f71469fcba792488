//! End to end: the real app, in a real window (Xvfb), driven through WebDriver
//! (tauri-driver + WebKitWebDriver), against the simulator on loopback, with a
//! real Secret Service. Ignored by a plain `cargo test`; scripts/test runs them
//! under xvfb-run and scripts/with-keyring. Screenshots go to
//! target/e2e-screenshots/ (and to docs/screenshots/ with UPDATE_SCREENSHOTS=1).

use auth0_simulator::{ALL_SCOPES, Simulator, Tenant, seed};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const APP_ID: &str = "e2e-app";
const APP_SECRET: &str = "e2e-app-secret-NOT-IN-ANY-FILE";
const LIMITED_ID: &str = "e2e-limited";
const LIMITED_SECRET: &str = "e2e-limited-secret-NOT-IN-ANY-FILE";
const READONLY_ID: &str = "e2e-readonly";
const READONLY_SECRET: &str = "e2e-readonly-secret-NOT-IN-ANY-FILE";
/// In connections' settings: must never reach the window, a file, or the log.
const OPTION_SECRET: &str = "e2e-option-secret-NOT-IN-ANY-FILE";
/// What every test secret here carries, and the simulator's token marker: the leak checks look for them.
const MARKERS: &[&str] = &["NOT-IN-ANY-FILE", auth0_simulator::TOKEN_MARK];
const DB: &str = "con_DemoUsernamePass1";
const ENTER: &str = "\u{E007}";

fn tenant() -> Tenant {
    let mut t = seed::demo();
    for c in &mut t.connections {
        if let Some(Value::Object(o)) = c.get_mut("options") {
            o.insert("client_secret".into(), json!(OPTION_SECRET));
        }
    }
    t.add_client(APP_ID, APP_SECRET, ALL_SCOPES);
    t.add_client(
        LIMITED_ID,
        LIMITED_SECRET,
        &["read:connections", "update:connections"],
    );
    t.add_client(
        READONLY_ID,
        READONLY_SECRET,
        &[
            "read:connections",
            "read:connections_options",
            "update:connections_options",
        ],
    );
    t
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// tauri-driver, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The app's configuration, data and cache folders and its IPC log. Kept for the leak scan at the
/// end of scripts/test (`DENYLIST_TEST_ARTIFACTS`); otherwise removed when dropped.
struct Home {
    path: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Home {
    fn new() -> Home {
        match std::env::var_os("DENYLIST_TEST_ARTIFACTS") {
            Some(root) => {
                let root = PathBuf::from(root).join("e2e");
                std::fs::create_dir_all(&root).unwrap();
                let path = tempfile::Builder::new()
                    .prefix("app-")
                    .tempdir_in(root)
                    .unwrap()
                    .keep();
                Home { path, _temp: None }
            }
            None => {
                let temp = tempfile::tempdir().unwrap();
                Home {
                    path: temp.path().to_path_buf(),
                    _temp: Some(temp),
                }
            }
        }
    }

    fn ipc_log(&self) -> PathBuf {
        self.path.join("ipc.log")
    }

    /// Every reply and event the window received (recorded by the app's test hook).
    fn replies(&self) -> String {
        std::fs::read_to_string(self.ipc_log()).unwrap_or_default()
    }
}

struct App {
    client: Client,
    _driver: Driver,
    home: Home,
}

impl App {
    /// Start the app with empty folders.
    async fn launch() -> App {
        Self::launch_with(Home::new()).await
    }

    /// Start the app with these folders (e.g. the ones a closed app used).
    async fn launch_with(home: Home) -> App {
        Self::launch_env(home, &[]).await
    }

    /// Start the app with extra environment (e.g. a dark GTK theme).
    async fn launch_env(home: Home, env: &[(&str, &str)]) -> App {
        let (port, native) = (free_port(), free_port());
        let driver = Driver(
            Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native.to_string(),
                ])
                .env("XDG_CONFIG_HOME", home.path.join("config"))
                .env("XDG_DATA_HOME", home.path.join("data"))
                // One cache for every app in the run: a cold font and shader cache per launch
                // makes the first paints lag behind the page (and screenshots show old states).
                .env(
                    "XDG_CACHE_HOME",
                    home.path.parent().unwrap().join("shared-cache"),
                )
                .env("DENYLIST_IPC_LOG", home.ipc_log())
                .envs(env.iter().copied())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("tauri-driver is installed (cargo install tauri-driver --version '^2')"),
        );
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "tauri-driver did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": env!("CARGO_BIN_EXE_deny-list-manager") }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with the app");
        let app = App {
            client,
            _driver: driver,
            home,
        };
        app.wait("[data-testid=tenant-banner]").await;
        app
    }

    async fn wait(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    async fn click(&self, css: &str) {
        self.wait(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn type_into(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    /// Wait until the element's text contains `needle`; returns the text.
    async fn wait_text(&self, css: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            // textContent, not WebDriver's visible text: WebKit leaves out ellipsised spans.
            let text = self.text_of(css).await;
            if let Some(text) = text.filter(|t| t.contains(needle)) {
                return text;
            }
            if started.elapsed() > Duration::from_secs(20) {
                self.shot("failure").await;
                let text = self
                    .text_of(css)
                    .await
                    .unwrap_or_else(|| "(no such element)".into());
                panic!(
                    "{css} never said “{needle}”; it says “{text}” (see target/e2e-screenshots/failure.png)"
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn text_of(&self, css: &str) -> Option<String> {
        let script =
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;";
        match self.client.execute(script, vec![json!(css)]).await {
            Ok(Value::String(s)) => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")),
            _ => None,
        }
    }

    async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(
                el.attr("data-value")
                    .await
                    .unwrap()
                    .unwrap_or(el.text().await.unwrap()),
            );
        }
        out
    }

    async fn shot(&self, name: &str) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Wait until the page as it is now has been painted (two frames), so the picture is current.
        let painted = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        assert_eq!(painted.ok(), Some(json!(true)), "the page never painted");
        let png = self.client.screenshot().await.unwrap();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), &png).unwrap();
        if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
            let docs = root.join("docs/screenshots");
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::write(docs.join(format!("{name}.png")), &png).unwrap();
        }
    }

    /// Fill the "Add a tenant" form.
    async fn add_tenant(
        &self,
        name: &str,
        domain: &str,
        client_id: &str,
        secret: &str,
        environment: &str,
    ) {
        self.click("[data-testid=add-tenant]").await;
        self.type_into("[data-testid=profile-name]", name).await;
        self.type_into("[data-testid=profile-domain]", domain).await;
        self.type_into("[data-testid=profile-client-id]", client_id)
            .await;
        self.type_into("[data-testid=profile-secret]", secret).await;
        self.click(&format!("#p-env option[value={environment}]"))
            .await;
    }

    /// Type an attribute and press Enter, then open the review.
    async fn add_and_review(&self, attribute: &str) {
        self.type_into(
            "[data-testid=attribute-input]",
            &format!("{attribute}{ENTER}"),
        )
        .await;
        self.wait_text("[data-testid=draft-chips]", attribute).await;
        self.click("[data-testid=review-change]").await;
        self.wait("[data-testid=apply-change]").await;
    }

    async fn open_connection(&self, name: &str) {
        self.type_into("[data-testid=search]", name).await;
        self.click(&format!(
            "[data-testid=connection-row][data-name=\"{name}\"]"
        ))
        .await;
        self.wait_text("[data-testid=editor-title]", name).await;
    }

    /// Close the window; returns its folders, to start the app again with them. No secret may have
    /// reached the window: every reply and event it received is checked.
    async fn close(self) -> Home {
        let _ = self.client.close().await;
        let replies = self.home.replies();
        assert!(
            !replies.is_empty(),
            "the app's IPC log is empty: is the test hook on?"
        );
        for marker in MARKERS {
            assert!(
                !replies.contains(marker),
                "a secret ({marker}) reached the window; see {}",
                self.home.ipc_log().display()
            );
        }
        self.home
    }
}

fn stored_options(sim: &Simulator, id: &str) -> serde_json::Map<String, Value> {
    sim.stored(id).unwrap()["options"]
        .as_object()
        .unwrap()
        .clone()
}

/// Everything but the deny list is exactly as before: every key of the connection, in order.
fn assert_only_deny_list_changed(
    before: &serde_json::Map<String, Value>,
    after: &serde_json::Map<String, Value>,
) {
    let strip = |m: &serde_json::Map<String, Value>| {
        let mut m = m.clone();
        if let Some(Value::Object(options)) = m.get_mut("options") {
            options.shift_remove("non_persistent_attrs");
        }
        serde_json::to_string(&m).unwrap()
    };
    assert_eq!(
        strip(before),
        strip(after),
        "something other than the deny list changed"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn add_a_tenant_test_it_edit_review_and_apply() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let original = sim.stored(DB).unwrap();
    let app = App::launch().await;

    app.wait("[data-testid=explore-demo]").await;
    app.shot("01-welcome").await;

    app.add_tenant(
        "Acme staging",
        &sim.base_url(),
        APP_ID,
        APP_SECRET,
        "staging",
    )
    .await;
    app.click("[data-testid=test-connection]").await;
    let report = app
        .wait_text("[data-testid=access-report]", "Connection works")
        .await;
    assert!(report.contains("update:connections_options"), "{report}");
    app.shot("02-add-tenant").await;

    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=tenant-name]", "Acme staging")
        .await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.shot("03-connections").await;

    // Filter by type, then search and open.
    app.click("[data-testid=kind-enterprise]").await;
    app.wait_text("[data-testid=connections-count]", "of 18")
        .await;
    app.click("[data-testid=kind-all]").await;
    app.open_connection("Username-Password-Authentication")
        .await;
    assert_eq!(
        app.texts("[data-testid=draft-chips] [data-testid=chip]")
            .await,
        ["ethnicity"]
    );

    // Validation as you type, with the reason.
    app.type_into("[data-testid=attribute-input]", "address.country")
        .await;
    app.wait_text("[data-testid=attribute-feedback]", "only root fields")
        .await;
    app.shot("04-editor-validation").await;
    // Add by keyboard, by suggestion, and an understood `user.` prefix.
    app.type_into("[data-testid=attribute-input]", &format!("gender{ENTER}"))
        .await;
    app.wait_text("[data-testid=draft-chips]", "gender").await;
    app.type_into("[data-testid=attribute-input]", "user.name")
        .await;
    app.wait_text(
        "[data-testid=attribute-feedback]",
        "no longer included in tokens",
    )
    .await;
    app.click("[data-testid=add-attribute]").await;
    app.click("[data-testid=suggestion]").await; // the first common attribute not listed
    app.wait_text(
        "[data-testid=attribute-warnings]",
        "no longer included in tokens",
    )
    .await;
    app.click("[data-testid=chip][data-value=ethnicity] [data-testid=remove-chip]")
        .await;
    let draft = app
        .texts("[data-testid=draft-chips] [data-testid=chip]")
        .await;
    assert_eq!(draft[..2], ["gender".to_string(), "name".to_string()]);
    assert_eq!(draft.len(), 3, "{draft:?}");
    app.shot("05-editor").await;

    app.click("[data-testid=review-change]").await;
    app.wait_text("[data-testid=kept-settings]", "other settings")
        .await;
    assert_eq!(
        app.texts("[data-testid=before-chips] [data-testid=chip]")
            .await,
        ["ethnicity"]
    );
    assert_eq!(
        app.texts("[data-testid=after-chips] [data-testid=chip]")
            .await,
        draft
    );
    app.wait_text("[data-testid=review-warnings]", "name").await;
    app.shot("06-review").await;

    app.click("[data-testid=apply-change]").await;
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    app.shot("07-applied").await;

    let stored = sim.stored(DB).unwrap();
    assert_eq!(stored["options"]["non_persistent_attrs"], json!(draft));
    assert_only_deny_list_changed(&original, &stored);

    // The list shows the new size.
    app.click("[data-testid=back-to-list]").await;
    app.wait("[data-testid=connection-row][data-name=\"Username-Password-Authentication\"]")
        .await;
    app.wait_text(
        "[data-testid=connection-row][data-name=\"Username-Password-Authentication\"]",
        "3 denied",
    )
    .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_concurrent_edit_is_shown_as_a_conflict_and_nothing_is_written() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.add_tenant(
        "Acme dev",
        &sim.base_url(),
        APP_ID,
        APP_SECRET,
        "development",
    )
    .await;
    app.click("[data-testid=save-profile]").await;
    app.open_connection("okta-workforce").await;
    app.add_and_review("picture").await;

    // Someone else changes the list while the admin reviews.
    let id = "con_DemoOktaWorkforc1";
    sim.tenant(|t| {
        t.connection_mut(id).unwrap()["options"]["non_persistent_attrs"] = json!(["birthdate"])
    });
    app.click("[data-testid=apply-change]").await;
    let message = app
        .wait_text(
            "[data-testid=error][data-code=conflict]",
            "changed by someone else",
        )
        .await;
    assert!(message.contains("[birthdate]"), "{message}");
    app.shot("08-conflict").await;
    assert!(sim.patch_bodies().is_empty());
    assert_eq!(
        stored_options(&sim, id)["non_persistent_attrs"],
        json!(["birthdate"])
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn missing_scopes_are_explained_and_nothing_is_written() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.add_tenant(
        "Limited app",
        &sim.base_url(),
        LIMITED_ID,
        LIMITED_SECRET,
        "development",
    )
    .await;
    app.click("[data-testid=test-connection]").await;
    let report = app
        .wait_text("[data-testid=access-report]", "Missing scopes")
        .await;
    assert!(report.contains("read:connections_options"), "{report}");
    app.shot("09-missing-scopes").await;
    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.wait_text(
        "[data-testid=connection-row][data-name=\"google-oauth2\"]",
        "unknown",
    )
    .await;
    app.open_connection("google-oauth2").await;
    app.wait_text(".notice.error", "read:connections_options")
        .await;
    assert!(
        app.client
            .find(Locator::Css("[data-testid=attribute-input]"))
            .await
            .is_err(),
        "no editing without options"
    );
    assert!(sim.patch_bodies().is_empty());

    // A token that may read but not write: the review's Apply explains the missing scope.
    app.click("[data-testid=switch-tenant]").await;
    app.add_tenant(
        "Read-only app",
        &sim.base_url(),
        READONLY_ID,
        READONLY_SECRET,
        "development",
    )
    .await;
    app.click("[data-testid=save-profile]").await;
    app.open_connection("okta-workforce").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    let error = app
        .wait_text(
            "[data-testid=error][data-code=missing_scope]",
            "update:connections",
        )
        .await;
    assert!(error.contains("Machine to Machine Applications"), "{error}");
    app.shot("14-missing-write-scope").await;
    // Auth0 refused the write (there was one, and it was refused): nothing changed.
    let patches: Vec<u16> = sim
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .map(|r| r.status)
        .collect();
    assert_eq!(patches, [403], "one PATCH, refused");
    assert_eq!(
        stored_options(&sim, "con_DemoOktaWorkforc1")["non_persistent_attrs"],
        json!(["gender", "ethnicity"])
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn production_asks_for_the_tenant_name_in_the_window_and_in_rust_and_is_restored_at_start() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.add_tenant(
        "Acme production",
        &sim.base_url(),
        APP_ID,
        APP_SECRET,
        "production",
    )
    .await;
    app.click("[data-testid=save-profile]").await;
    app.wait("[data-testid=production-badge]").await;
    app.open_connection("partners-oidc").await;
    app.add_and_review("gender").await;
    let apply = app.wait("[data-testid=apply-change]").await;
    assert!(
        !apply.is_enabled().await.unwrap(),
        "apply waits for the tenant's name"
    );
    app.type_into("[data-testid=confirm-tenant]", "acme").await;
    assert!(!apply.is_enabled().await.unwrap());
    app.type_into("[data-testid=confirm-tenant]", "127.0.0.1")
        .await;
    app.shot("10-review-production").await;
    assert!(apply.is_enabled().await.unwrap());
    // The window is not the only guard: the command itself refuses a write without the name.
    let refused = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const planId = document.querySelector('[data-plan-id]').dataset.planId;
             window.__TAURI_INTERNALS__.invoke('apply_plan', { planId, confirmTenant: 'acme', configuration: null })
               .then((r) => done({ ok: r }), (e) => done({ err: e }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(refused["err"]["code"], "confirmation_required", "{refused}");
    assert!(sim.patch_bodies().is_empty());
    apply.click().await.unwrap();
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    assert_eq!(
        stored_options(&sim, "con_DemoPartnersOidc1")["non_persistent_attrs"],
        json!(["birthdate", "gender"])
    );

    // Back on the welcome screen, the saved tenant is listed (its secret in the keyring).
    app.click("[data-testid=switch-tenant]").await;
    app.wait_text(
        "[data-testid=profile-card]",
        "Secret saved in the system keyring",
    )
    .await;
    app.shot("11-tenants").await;
    app.click("[data-testid=open-profile]").await;
    app.wait("[data-testid=connections-count]").await;
    let config = app.close().await;

    // Started again, the app reopens the tenant used last (its secret read from the keyring).
    let again = App::launch_with(config).await;
    again
        .wait_text("[data-testid=tenant-name]", "Acme production")
        .await;
    again
        .wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    again.wait("[data-testid=production-badge]").await;
    again.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn the_demo_tenant_and_the_limitations_panel() {
    let app = App::launch().await;
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=tenant-name]", "Demo tenant")
        .await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    // The SAML connection in Debug mode is flagged in the list.
    app.wait(
        "[data-testid=connection-row][data-name=\"acme-corp-saml\"] [data-testid=connection-alert]",
    )
    .await;
    app.open_connection("acme-corp-saml").await;
    app.wait_text("[data-testid=connection-warning]", "Debug mode")
        .await;
    // An identity provider's claim name with a dot is accepted here, with a note.
    app.type_into("[data-testid=attribute-input]", "employee.id")
        .await;
    app.wait_text("[data-testid=attribute-feedback]", "kept as a claim name")
        .await;
    app.wait_text("[data-testid=attribute-feedback]", "field inside an object")
        .await;
    app.wait("[data-testid=attribute-input]")
        .await
        .clear()
        .await
        .unwrap();
    app.shot("12-demo-editor").await;
    app.click("[data-testid=open-limitations]").await;
    app.wait("[data-testid=limitation]").await;
    // Live results for the demo tenant: an MFA factor, a redirecting rule, a legacy SSO application.
    let live = app
        .wait_text(
            "[data-testid=tenant-findings]",
            "Multi-factor authentication",
        )
        .await;
    assert!(live.contains("Redirect to accept the terms"), "{live}");
    assert!(live.contains("Legacy intranet"), "{live}");
    let count = app
        .client
        .find_all(Locator::Css("[data-testid=limitation]"))
        .await
        .unwrap()
        .len();
    assert!(count >= 9, "{count}");
    app.click("[data-testid=limitation] summary").await;
    app.shot("13-limitations").await;
    // Auth0's way out, with an example to copy.
    app.click("[data-testid=way-out] summary").await;
    let example = app
        .wait_text("[data-testid=way-out-example]", "api.user.setAppMetadata")
        .await;
    assert!(example.contains("aes-256-gcm"), "{example}");
    app.client
        .execute(
            "document.querySelector('[data-testid=way-out]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    app.shot("17-way-out").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn thirteen_hundred_connections_load_and_filter() {
    let mut t = tenant();
    for c in seed::generated(1300) {
        t.add_connection(c);
    }
    let sim = Simulator::start(t).await.unwrap();
    let app = App::launch().await;
    app.add_tenant("Big tenant", &sim.base_url(), APP_ID, APP_SECRET, "staging")
        .await;
    app.click("[data-testid=save-profile]").await;
    app.wait_text("[data-testid=connections-count]", "1318 connections")
        .await;
    // Only the rows in view are in the page.
    let rendered = app
        .client
        .find_all(Locator::Css("[data-testid=connection-row]"))
        .await
        .unwrap()
        .len();
    assert!(rendered < 60, "{rendered} rows rendered");
    app.type_into("[data-testid=search]", "conn-01299").await;
    app.wait_text("[data-testid=connections-count]", "1 of 1318")
        .await;
    app.click("[data-testid=connection-row][data-name=\"conn-01299-oidc\"]")
        .await;
    app.wait_text("[data-testid=editor-title]", "conn-01299-oidc")
        .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn the_theme_follows_the_system() {
    let app = App::launch_env(Home::new(), &[("GTK_THEME", "Adwaita:dark")]).await;
    let dark = app
        .client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        dark,
        json!(true),
        "a dark system theme gives the dark theme"
    );
    let background = app
        .client
        .execute(
            "return getComputedStyle(document.documentElement).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(background, json!("rgb(17, 19, 26)"));
    app.click("[data-testid=explore-demo]").await;
    app.wait_text("[data-testid=connections-count]", "18 connections")
        .await;
    app.shot("15-dark-theme").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, tauri-driver and a Secret Service: run through scripts/test"]
async fn a_reply_that_differs_from_what_was_written_is_reported() {
    let sim = Simulator::start(tenant()).await.unwrap();
    let app = App::launch().await;
    app.add_tenant(
        "Acme dev",
        &sim.base_url(),
        APP_ID,
        APP_SECRET,
        "development",
    )
    .await;
    app.click("[data-testid=save-profile]").await;

    // Auth0's reply lacks a setting that was sent: said plainly, as a failed check.
    sim.tenant(|t| {
        t.faults.change_patch_reply(|c| {
            c["options"].as_object_mut().unwrap().shift_remove("domain");
        })
    });
    app.open_connection("okta-workforce").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    let error = app
        .wait_text(
            "[data-testid=error][data-code=verification_failed]",
            "missing afterwards",
        )
        .await;
    assert!(error.contains("domain"), "{error}");
    app.shot("16-verification-failed").await;

    // A reply without the settings: saved, but said not to be checked.
    sim.tenant(|t| {
        t.faults.change_patch_reply(|c| {
            c.shift_remove("options");
        })
    });
    app.click("[data-testid=back-to-editor]").await;
    app.click("[data-testid=back-to-connections]").await;
    app.open_connection("partners-oidc").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    app.wait_text("[data-testid=apply-result]", "could not be checked")
        .await;
    assert_eq!(
        stored_options(&sim, "con_DemoPartnersOidc1")["non_persistent_attrs"],
        json!(["birthdate", "picture"])
    );

    // A reply with settings Auth0 computes itself: saved and verified, and what else changed is said.
    sim.tenant(|t| {
        t.faults.change_patch_reply(|c| {
            c["options"]["strategy_version"] = json!(2);
        })
    });
    app.click("[data-testid=back-to-list]").await;
    app.open_connection("google-oauth2").await;
    app.add_and_review("picture").await;
    app.click("[data-testid=apply-change]").await;
    app.wait_text("[data-testid=apply-result]", "Saved and verified")
        .await;
    app.wait_text("[data-testid=other-changes]", "strategy_version")
        .await;
    app.shot("18-other-changes").await;
    app.close().await;
}
