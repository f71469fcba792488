//! The harness: the app started through tauri-driver with its own folders, and helpers that
//! drive it like a person would (wait, click, type, look).

use auth0_simulator::{ALL_SCOPES, Simulator, Tenant, seed};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const APP_ID: &str = "e2e-app";
pub const APP_SECRET: &str = "e2e-app-secret-NOT-IN-ANY-FILE";
pub const LIMITED_ID: &str = "e2e-limited";
pub const LIMITED_SECRET: &str = "e2e-limited-secret-NOT-IN-ANY-FILE";
pub const READONLY_ID: &str = "e2e-readonly";
pub const READONLY_SECRET: &str = "e2e-readonly-secret-NOT-IN-ANY-FILE";
/// In connections' settings: must never reach the window, a file, or the log.
pub const OPTION_SECRET: &str = "e2e-option-secret-NOT-IN-ANY-FILE";
/// What every test secret here carries, and the simulator's token marker: the leak checks look for them.
pub const MARKERS: &[&str] = &["NOT-IN-ANY-FILE", auth0_simulator::TOKEN_MARK];
pub const DB: &str = "con_DemoUsernamePass1";
pub const ENTER: &str = "\u{E007}";
pub const TAB: &str = "\u{E004}";

pub fn tenant() -> Tenant {
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

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// tauri-driver, stopped when dropped.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The app's configuration, data and cache folders and its IPC log. Kept for the leak scan at the
/// end of scripts/test (`DENYLIST_TEST_ARTIFACTS`); otherwise removed when dropped.
pub struct Home {
    pub path: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Home {
    pub fn new() -> Home {
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

    pub fn ipc_log(&self) -> PathBuf {
        self.path.join("ipc.log")
    }

    /// Addresses the app asked the system browser to open.
    pub fn opened_log(&self) -> PathBuf {
        self.path.join("opened-urls.log")
    }

    /// Every reply and event the window received (recorded by the app's test hook).
    pub fn replies(&self) -> String {
        std::fs::read_to_string(self.ipc_log()).unwrap_or_default()
    }
}

pub struct App {
    pub client: Client,
    _driver: Driver,
    pub home: Home,
}

impl App {
    /// Start the app with empty folders.
    pub async fn launch() -> App {
        Self::launch_with(Home::new()).await
    }

    /// Start the app with these folders (e.g. the ones a closed app used).
    pub async fn launch_with(home: Home) -> App {
        Self::launch_env(home, &[]).await
    }

    /// Start the app with extra environment (e.g. a dark GTK theme).
    pub async fn launch_env(home: Home, env: &[(&str, &str)]) -> App {
        // "Open in the browser" is recorded instead (xdg-open runs $BROWSER outside a desktop).
        let browser = home.path.join("browser");
        std::fs::create_dir_all(&home.path).unwrap();
        std::fs::write(
            &browser,
            format!(
                "#!/bin/sh\necho \"$1\" >> '{}'\n",
                home.opened_log().display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
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
                .env("BROWSER", &browser)
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

    pub async fn wait(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(el) => el,
            Err(e) => {
                self.shot("failure").await;
                panic!("{css} never appeared: {e} (see target/e2e-screenshots/failure.png)")
            }
        }
    }

    pub async fn click(&self, css: &str) {
        // The page may still be moving (content loading above the target): try again briefly.
        let mut last = String::new();
        for _ in 0..5 {
            let el = self.wait(css).await;
            // Into view inside its own scrolling area first, as a person scrolls before clicking.
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' });",
                    vec![serde_json::to_value(&el).unwrap()],
                )
                .await;
            match el.click().await {
                Ok(_) => return,
                Err(e) => last = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        self.shot("failure").await;
        panic!("click {css}: {last} (see target/e2e-screenshots/failure.png)");
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    /// Wait until the element's text contains `needle`; returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
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

    /// Wait until nothing matches `css` (a dialog or panel closed): what is behind it was there all along.
    pub async fn wait_gone(&self, css: &str) {
        let started = Instant::now();
        while self.text_of(css).await.is_some() {
            if started.elapsed() > Duration::from_secs(20) {
                self.shot("failure").await;
                panic!("{css} never went away (see target/e2e-screenshots/failure.png)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn text_of(&self, css: &str) -> Option<String> {
        let script =
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;";
        match self.client.execute(script, vec![json!(css)]).await {
            Ok(Value::String(s)) => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")),
            _ => None,
        }
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
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

    pub async fn shot(&self, name: &str) {
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
        // A failing test's picture stays in target/: docs/ holds the README's pictures only.
        if name != "failure" && std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
            let docs = root.join("docs/screenshots");
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::write(docs.join(format!("{name}.png")), &png).unwrap();
        }
    }

    /// Wait for the native confirmation Rust raises before a write to production (a GTK window
    /// outside the web view, which the window's scripts cannot reach) and answer it from the
    /// keyboard as a person would: `keys` as xdotool names them (`alt+a` presses the button whose
    /// label starts with A, `Escape` cancels).
    pub async fn answer_native(&self, keys: &str) {
        let id = self.native_dialog().await;
        let status = Command::new("xdotool")
            .args([
                "windowfocus",
                "--sync",
                &id,
                "key",
                "--clearmodifiers",
                keys,
            ])
            .status()
            .expect("xdotool (apt package xdotool) answers the native dialog");
        assert!(status.success(), "xdotool could not press {keys}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !native_windows().is_empty() {
            assert!(
                Instant::now() < deadline,
                "the native dialog stayed open after {keys}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The native confirmation's X window, once it is shown.
    pub async fn native_dialog(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(id) = native_windows().into_iter().next() {
                // Drawn and ready for keys.
                tokio::time::sleep(Duration::from_millis(400)).await;
                return id;
            }
            if Instant::now() > deadline {
                self.shot("failure").await;
                panic!("no native confirmation appeared (see target/e2e-screenshots/failure.png)");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Fill the "Connect a tenant" screen's form by hand (client id and secret).
    pub async fn add_tenant(
        &self,
        name: &str,
        domain: &str,
        client_id: &str,
        secret: &str,
        environment: &str,
    ) {
        self.click("[data-testid=add-tenant]").await;
        self.click("[data-testid=path-manual]").await;
        self.type_into("[data-testid=profile-name]", name).await;
        self.type_into("[data-testid=profile-domain]", domain).await;
        self.type_into("[data-testid=profile-client-id]", client_id)
            .await;
        self.type_into("[data-testid=profile-secret]", secret).await;
        self.click(&format!("#p-env option[value={environment}]"))
            .await;
    }

    /// Add a tenant with the full-access test application, save it, and wait for its connections.
    pub async fn save_tenant(&self, name: &str, sim: &Simulator, environment: &str) {
        self.add_tenant(name, &sim.base_url(), APP_ID, APP_SECRET, environment)
            .await;
        self.click("[data-testid=save-profile]").await;
        self.wait_text("[data-testid=connections-count]", "connections")
            .await;
    }

    /// Type an attribute and press Enter, then open the review.
    pub async fn add_and_review(&self, attribute: &str) {
        self.type_into(
            "[data-testid=attribute-input]",
            &format!("{attribute}{ENTER}"),
        )
        .await;
        self.wait_text("[data-testid=draft-chips]", attribute).await;
        self.click("[data-testid=review-change]").await;
        self.wait("[data-testid=apply-change]").await;
    }

    pub async fn open_connection(&self, name: &str) {
        self.type_into("[data-testid=search]", name).await;
        self.click(&format!(
            "[data-testid=connection-row][data-name=\"{name}\"]"
        ))
        .await;
        self.wait_text("[data-testid=editor-title]", name).await;
    }

    /// Run a script in the page and return its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// The open tenant's box in the banner holds all it shows: nothing spills past its edges
    /// (a long name or badge once ran over the buttons beside it).
    pub async fn assert_tenant_box_fits(&self) {
        let spills = self
            .eval(
                "const box = document.querySelector('[aria-label=\"Open tenant\"]').getBoundingClientRect();
                 return [...document.querySelectorAll('[aria-label=\"Open tenant\"] > *')]
                   .filter((e) => e.getBoundingClientRect().width > 0)
                   .filter((e) => e.getBoundingClientRect().right > box.right + 1)
                   .map((e) => e.textContent);",
            )
            .await;
        assert_eq!(spills, json!([]), "these run past the tenant's box");
    }

    /// Press keys as a keyboard would: into whatever has the focus.
    pub async fn keys(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(keys)
            .await
            .unwrap();
    }

    /// Whether the focused element matches `css`.
    pub async fn focused(&self, css: &str) -> bool {
        self.client
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await
            .unwrap()
            == json!(true)
    }

    /// Press Tab until the element matching `css` has the focus (as a keyboard user would).
    pub async fn tab_to(&self, css: &str) {
        for _ in 0..60 {
            if self.focused(css).await {
                return;
            }
            self.keys(TAB).await;
        }
        self.shot("failure").await;
        panic!("Tab never reached {css}");
    }

    pub async fn set_size(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
    }

    /// Run axe-core on the page as it is: no serious or critical accessibility violation.
    pub async fn axe(&self, screen: &str) {
        let source = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js"),
        )
        .expect("axe-core is installed in ui/node_modules (npm ci)");
        let loaded = self
            .client
            .execute(&format!("{source}\nreturn typeof axe;"), vec![])
            .await
            .unwrap();
        assert_eq!(loaded, json!("object"), "axe-core did not load");
        let violations = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] }).then((r) => done(
                   r.violations
                     .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                     .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }))));",
                vec![],
            )
            .await
            .unwrap();
        let found = violations.as_array().cloned().unwrap_or_default();
        if !found.is_empty() {
            self.shot(&format!("axe-{screen}")).await;
        }
        assert!(
            found.is_empty(),
            "{screen}: accessibility violations: {}",
            serde_json::to_string_pretty(&violations).unwrap()
        );
    }

    /// Close the window; returns its folders, to start the app again with them. No secret may have
    /// reached the window: every reply and event it received is checked.
    pub async fn close(self) -> Home {
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

/// The native confirmation windows shown now (by title; see `src-tauri/src/confirm.rs`).
pub fn native_windows() -> Vec<String> {
    windows_shown("^Confirm a change to production$")
}

/// The app's main windows shown now (mapped, by title).
pub fn main_windows_shown() -> Vec<String> {
    windows_shown("^Deny List Manager$")
}

fn windows_shown(title: &str) -> Vec<String> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", title])
        .output()
        .expect("xdotool (apt package xdotool) finds windows by title");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

pub fn stored_options(sim: &Simulator, id: &str) -> serde_json::Map<String, Value> {
    sim.stored(id).unwrap()["options"]
        .as_object()
        .unwrap()
        .clone()
}

/// Everything but the deny list is exactly as before: every key of the connection, in order.
pub fn assert_only_deny_list_changed(
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

/// Answer GTK's save dialog (titled `title…`) as a person would: the whole path typed into its
/// name field, then Enter.
pub async fn save_as(title: &str, path: &std::path::Path) {
    let id = file_dialog(title).await;
    let run = |args: &[&str]| {
        let ok = Command::new("xdotool").args(args).status().unwrap();
        assert!(ok.success(), "xdotool {args:?}");
    };
    run(&[
        "windowfocus",
        "--sync",
        &id,
        "key",
        "--clearmodifiers",
        "ctrl+a",
    ]);
    tokio::time::sleep(Duration::from_millis(200)).await;
    run(&["type", "--delay", "15", &path.display().to_string()]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    run(&["key", "Return"]);
}

/// Close GTK's file dialog titled `title…` with Escape, as a person cancels it.
pub async fn cancel_file_dialog(title: &str) {
    let id = file_dialog(title).await;
    let ok = Command::new("xdotool")
        .args([
            "windowfocus",
            "--sync",
            &id,
            "key",
            "--clearmodifiers",
            "Escape",
        ])
        .status()
        .unwrap();
    assert!(ok.success(), "xdotool could not press Escape");
}

/// The X window of the file dialog titled `title…`, once shown and ready for keys.
async fn file_dialog(title: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    let id = loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", &format!("^{title}")])
            .output()
            .expect("xdotool runs");
        if let Some(id) = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
        {
            break id.to_string();
        }
        assert!(
            Instant::now() < deadline,
            "no file dialog “{title}” appeared"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::time::sleep(Duration::from_millis(700)).await;
    id
}
