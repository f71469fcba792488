//! The simulated tenant: connections (stored with plain configuration values),
//! machine-to-machine clients, issued tokens, the rate-limit bucket, fault
//! knobs, and a log of what was asked.

use crate::rng::Rng;
use base64::Engine;
use serde_json::{Map, Value, json};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Starts the signature of every token the simulator issues, so a leak scan can find any of them.
pub const TOKEN_MARK: &str = "SimTokenLEAKCHECK";

/// Every scope the app may ask for.
pub const ALL_SCOPES: &[&str] = &[
    "read:connections",
    "update:connections",
    "read:connections_options",
    "update:connections_options",
    "read:guardian_factors",
    "read:mfa_policies",
    "read:rules",
    "read:actions",
    "read:tenant_settings",
    "read:clients",
    "read:users",
    "read:logs",
];

/// What a token needs to set up an application of its own: create it, register a key, grant it
/// scopes, and undo or replace any of that.
pub const SETUP_SCOPES: &[&str] = &[
    "create:clients",
    "update:clients",
    "delete:clients",
    "read:client_keys",
    "update:client_keys",
    "create:client_credentials",
    "read:client_credentials",
    "update:client_credentials",
    "delete:client_credentials",
    "create:client_grants",
    "read:client_grants",
    "update:client_grants",
    "delete:client_grants",
];

/// A machine-to-machine application allowed (or not) to get Management API tokens.
#[derive(Debug, Clone)]
pub struct SimClient {
    /// Empty when the application has none (it signs in with a key).
    pub secret: String,
    pub scopes: Vec<String>,
    /// `false`: the client-credentials grant is not enabled (→ `unauthorized_client`).
    pub grant_allowed: bool,
    /// `false`: no client grant for the Management API (→ `access_denied`).
    pub authorized: bool,
    /// Public keys registered as its credentials; the attached ones sign its assertions.
    pub keys: Vec<SimKey>,
    /// Whether it signs in with its secret (`false` once Private Key JWT is its method).
    pub secret_allowed: bool,
}

/// A public key registered for an application (`POST /clients` or `/clients/{id}/credentials`).
#[derive(Debug, Clone)]
pub struct SimKey {
    pub id: String,
    pub kid: String,
    pub name: String,
    pub alg: String,
    /// DER, as the PEM held it (SPKI or PKCS#1).
    pub der: Vec<u8>,
    pub expires_at: Option<SystemTime>,
    /// One of the application's `client_authentication_methods.private_key_jwt.credentials`.
    pub attached: bool,
}

/// A client grant: an application allowed to call an API with these scopes.
#[derive(Debug, Clone)]
pub struct SimGrant {
    pub id: String,
    pub client_id: String,
    pub audience: String,
    pub scope: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// Who it was issued to: a client id, or `api-explorer` for a pasted token.
    pub subject: String,
    pub scopes: Vec<String>,
    pub expires_at: SystemTime,
}

impl IssuedToken {
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// Token bucket: `burst` requests at once, refilled at `per_second`.
#[derive(Debug, Clone)]
pub struct RateLimit {
    pub burst: u32,
    pub per_second: f64,
    tokens: f64,
    last: Instant,
}

impl RateLimit {
    pub fn new(burst: u32, per_second: f64) -> RateLimit {
        RateLimit {
            burst,
            per_second,
            tokens: burst as f64,
            last: Instant::now(),
        }
    }

    /// Take one request from the bucket. Returns (allowed, remaining, reset unix seconds).
    pub fn take(&mut self) -> (bool, u32, u64) {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.burst as f64);
        let allowed = self.tokens >= 1.0;
        if allowed {
            self.tokens -= 1.0;
        }
        let until_next = if self.tokens >= self.burst as f64 {
            0.0
        } else {
            (1.0 - self.tokens.fract()) / self.per_second
        };
        let reset = SystemTime::now() + Duration::from_secs_f64(until_next);
        let reset_secs = reset
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64()
            .ceil() as u64;
        (allowed, self.tokens.floor().max(0.0) as u32, reset_secs)
    }
}

/// What a hostile or broken server answers instead of handling a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Canned {
    /// An Auth0-shaped error with this status.
    Status(u16),
    /// A redirect (301, 302, 307, 308…) to `location`.
    Redirect { status: u16, location: String },
    /// An error whose message quotes the whole request back: body, query and authorization header.
    Echo { status: u16 },
    /// This JSON body with this status (wrong types, foreign connections, absurd shapes).
    Json { status: u16, body: Value },
    /// A 200 whose body is `bytes` long (streamed, never held in memory); with `declare_length`
    /// the size is announced in `content-length`, else the body is chunked.
    Oversized { bytes: u64, declare_length: bool },
    /// A 200 announcing `declared` bytes that closes the connection after `sent`.
    Truncated { declared: u64, sent: u64 },
}

/// A reply forced on the next matching request, instead of handling it.
#[derive(Debug, Clone)]
pub struct ForcedReply {
    /// `None`: any method.
    pub method: Option<String>,
    /// Only requests whose path contains this (`None`: any /api/v2 or /oauth path).
    pub path_contains: Option<String>,
    pub reply: Canned,
}

impl ForcedReply {
    fn new(method: Option<&str>, path_contains: Option<&str>, reply: Canned) -> ForcedReply {
        ForcedReply {
            method: method.map(str::to_uppercase),
            path_contains: path_contains.map(str::to_string),
            reply,
        }
    }
}

type EditFn = Box<dyn FnOnce(&mut Map<String, Value>) + Send>;

/// An edit someone else makes on the tenant after the n-th GET of a connection.
pub struct ScheduledEdit {
    pub connection_id: String,
    pub after_gets: u32,
    pub edit: EditFn,
}

/// Knobs that make the simulator misbehave the way networks and Auth0 do.
#[derive(Default)]
pub struct Faults {
    /// Added before every reply.
    pub latency: Duration,
    /// Added after a write (PATCH) is handled, before its reply leaves: the write has landed,
    /// and a client stopped now never hears of it.
    pub reply_delay_after_patch: Duration,
    pub forced: VecDeque<ForcedReply>,
    /// Forced replies that take effect only once the next PATCH has been applied.
    pub forced_after_patch: VecDeque<ForcedReply>,
    /// The next N PATCHes are applied, then the connection is closed without a reply.
    pub drop_replies_after_patch: u32,
    /// The next PATCHes are applied, then answered with these statuses (a 5xx after the write landed).
    pub errors_after_patch: VecDeque<u16>,
    pub scheduled_edits: Vec<ScheduledEdit>,
    /// Someone else's edit, made right after the next PATCH has been applied.
    pub(crate) edit_after_patch: Option<EditFn>,
    /// Send `Retry-After` with 429 replies as well.
    pub retry_after_header: bool,
    /// Headers added to (or replacing those of) every reply, e.g. absurd rate-limit values.
    pub extra_headers: Vec<(String, String)>,
    /// Checkpoint listing never ends: every page holds new connections and a new `next`.
    pub endless_pages: bool,
    /// With `endless_pages`: characters of padding in each connection's options (big pages).
    pub endless_padding: usize,
    /// With `endless_pages`: connections on each page beyond what was asked for.
    pub page_overflow: usize,
    /// Behave like an older server: ignore `from`/`take` and answer with offset pages.
    pub ignore_checkpoint: bool,
    /// Ignore the `name` filter of the connections list (every connection is listed).
    pub ignore_name_filter: bool,
    /// Changes the next PATCH reply (not what is stored): a dropped key, a changed value,
    /// server-computed keys, no `options`.
    pub(crate) patch_reply: Option<EditFn>,
}

impl Faults {
    /// Force `status` on the next `times` requests with this method (None: any) and path fragment.
    pub fn force(
        &mut self,
        method: Option<&str>,
        path_contains: Option<&str>,
        status: u16,
        times: usize,
    ) {
        self.serve(method, path_contains, Canned::Status(status), times);
    }

    /// Answer the next `times` matching requests with `reply` instead of handling them.
    pub fn serve(
        &mut self,
        method: Option<&str>,
        path_contains: Option<&str>,
        reply: Canned,
        times: usize,
    ) {
        let reply = ForcedReply::new(method, path_contains, reply);
        self.forced.extend(std::iter::repeat_n(reply, times));
    }

    /// Change the next PATCH reply (what is stored stays as written).
    pub fn change_patch_reply(
        &mut self,
        change: impl FnOnce(&mut Map<String, Value>) + Send + 'static,
    ) {
        self.patch_reply = Some(Box::new(change));
    }

    /// Like [`Faults::force`], but armed only after the next PATCH has been applied
    /// (e.g. a lost reply followed by failing reads).
    pub fn force_after_next_patch(
        &mut self,
        method: Option<&str>,
        path_contains: Option<&str>,
        status: u16,
        times: usize,
    ) {
        let reply = ForcedReply::new(method, path_contains, Canned::Status(status));
        self.forced_after_patch
            .extend(std::iter::repeat_n(reply, times));
    }

    /// Someone else edits the connection right after its `after_gets`-th GET has been answered.
    pub fn edit_after_get(
        &mut self,
        connection_id: &str,
        after_gets: u32,
        edit: impl FnOnce(&mut Map<String, Value>) + Send + 'static,
    ) {
        self.scheduled_edits.push(ScheduledEdit {
            connection_id: connection_id.to_string(),
            after_gets,
            edit: Box::new(edit),
        });
    }

    /// Someone else edits the patched connection right after the next PATCH lands (before any reply).
    pub fn edit_after_next_patch(
        &mut self,
        edit: impl FnOnce(&mut Map<String, Value>) + Send + 'static,
    ) {
        self.edit_after_patch = Some(Box::new(edit));
    }

    pub(crate) fn take_forced(&mut self, method: &str, path: &str) -> Option<Canned> {
        let i = self.forced.iter().position(|f| {
            f.method.as_deref().is_none_or(|m| m == method)
                && f.path_contains.as_deref().is_none_or(|p| path.contains(p))
        })?;
        self.forced.remove(i).map(|f| f.reply)
    }
}

/// One request as the simulator saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    /// The JSON body of PATCH requests (tests check what clients send).
    pub body: Option<Value>,
    /// The same body as the bytes that came over the wire, for checks that must not go through serde.
    pub raw_body: Option<String>,
    /// The subject of the token it carried, when it was one this tenant issued (a client id, or
    /// `api-explorer`): tests check who made each request.
    pub signed_in_as: Option<String>,
}

pub struct Tenant {
    /// In creation order; configuration values held in plain text.
    pub connections: Vec<Map<String, Value>>,
    pub clients: HashMap<String, SimClient>,
    pub tokens: HashMap<String, IssuedToken>,
    /// Omit `options` for tokens without `read:connections_options` and refuse option writes
    /// without `update:connections_options` (Auth0's behaviour since 2025).
    pub strict_options_scopes: bool,
    pub token_lifetime: Duration,
    /// Accept only this audience at /oauth/token (default: `{base}/api/v2/` over http or https).
    pub audience: Option<String>,
    /// The Management API's bucket. Auth0 sends `x-ratelimit-*` on every reply; so does the
    /// simulator, with a bucket too large to get in the way unless a test sets a real one.
    pub rate_limit: Option<RateLimit>,
    /// The Authentication API's own bucket (`/oauth/token`).
    pub token_rate_limit: Option<RateLimit>,
    pub faults: Faults,
    /// What the limitation checks read: Guardian factors (`{name, enabled}`), MFA policies, rules
    /// (`{id, name, script, enabled}`), Actions (`{id, name, code}`) and the post-login bindings (action ids),
    /// tenant settings (`{flags: {…}}`) and applications (`{client_id, name, grant_types, sso}`).
    pub guardian_factors: Vec<Value>,
    pub mfa_policies: Vec<String>,
    pub rules: Vec<Value>,
    pub actions: Vec<Value>,
    pub post_login_bindings: Vec<String>,
    pub tenant_settings: Value,
    pub applications: Vec<Value>,
    /// Users, as `GET /api/v2/users` searches them: `{user_id, identities: [{connection}], …root attributes}`.
    pub users: Vec<Value>,
    /// Client grants (`/api/v2/client-grants`); a grant for the Management API gives its
    /// application's tokens their scopes.
    pub grants: Vec<SimGrant>,
    /// `false`: the tenant's plan has no Private Key JWT (Enterprise only): registering a public
    /// key is refused, as Auth0 refuses it.
    pub private_key_jwt_allowed: bool,
    /// Client assertions already taken (each `jti` once).
    pub(crate) seen_assertions: std::collections::HashSet<String>,
    pub log: Vec<LoggedRequest>,
    /// Tenant logs (`GET /api/v2/logs`): a `sapi` event for every write the tenant accepted,
    /// oldest first (see `tenant_logs`).
    pub tenant_logs: Vec<Value>,
    /// How many days the tenant keeps its logs (Auth0: 1 to 30, by plan).
    pub log_retention_days: u32,
    pub(crate) next_log: u64,
    /// At most this many requests are kept (the oldest go first); `None`: every one (tests).
    pub log_limit: Option<usize>,
    /// Whether PATCH bodies are kept in the log (tests check what clients send).
    pub log_bodies: bool,
    pub(crate) gets: HashMap<String, u32>,
    pub(crate) rng: Rng,
    /// Base URL once serving (for token audience and issuer).
    pub(crate) base_url: String,
}

impl Default for Tenant {
    fn default() -> Self {
        Tenant {
            connections: Vec::new(),
            clients: HashMap::new(),
            tokens: HashMap::new(),
            strict_options_scopes: true,
            token_lifetime: Duration::from_secs(86400),
            audience: None,
            rate_limit: Some(RateLimit::new(1000, 1000.0)),
            token_rate_limit: Some(RateLimit::new(100, 100.0)),
            faults: Faults::default(),
            // A tenant where nothing defeats the deny list; tests and the demo turn things on.
            guardian_factors: [
                "sms",
                "push-notification",
                "email",
                "duo",
                "otp",
                "webauthn-roaming",
                "webauthn-platform",
                "recovery-code",
            ]
            .iter()
            .map(|n| json!({"name": n, "enabled": false, "trial_expired": false}))
            .collect(),
            mfa_policies: Vec::new(),
            rules: Vec::new(),
            actions: Vec::new(),
            post_login_bindings: Vec::new(),
            tenant_settings: json!({"flags": {"disable_impersonation": true, "allow_legacy_delegation_grant_types": false}}),
            applications: Vec::new(),
            users: Vec::new(),
            grants: Vec::new(),
            private_key_jwt_allowed: true,
            seen_assertions: Default::default(),
            log: Vec::new(),
            tenant_logs: Vec::new(),
            log_retention_days: 30,
            next_log: 0,
            log_limit: None,
            log_bodies: true,
            gets: HashMap::new(),
            rng: Rng::default(),
            base_url: String::new(),
        }
    }
}

impl Tenant {
    pub fn new() -> Tenant {
        Tenant::default()
    }

    pub fn add_client(&mut self, client_id: &str, secret: &str, scopes: &[&str]) -> &mut SimClient {
        self.clients.insert(
            client_id.to_string(),
            SimClient {
                secret: secret.to_string(),
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                grant_allowed: true,
                authorized: true,
                keys: Vec::new(),
                secret_allowed: true,
            },
        );
        self.clients.get_mut(client_id).expect("just inserted")
    }

    /// Store a connection as given (configuration values are taken as plain text).
    /// A missing or duplicate id is replaced by a fresh `con_…` id. Returns the id.
    pub fn add_connection(&mut self, connection: Value) -> String {
        let mut map = match connection {
            Value::Object(m) => m,
            other => panic!("a connection is a JSON object, not {other}"),
        };
        let id = match map.get("id").and_then(Value::as_str) {
            Some(id) if self.connection(id).is_none() => id.to_string(),
            _ => format!("con_{}", self.rng.alnum(16)),
        };
        map.insert("id".into(), json!(id));
        self.connections.push(map);
        id
    }

    pub fn connection(&self, id: &str) -> Option<&Map<String, Value>> {
        self.connections
            .iter()
            .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
    }

    pub fn connection_mut(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.connections
            .iter_mut()
            .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
    }

    /// Mint a token directly, as if pasted from the Dashboard's API Explorer. JWT-shaped.
    pub fn issue_token(&mut self, scopes: &[&str], lifetime: Duration) -> String {
        self.mint(
            "api-explorer",
            scopes.iter().map(|s| s.to_string()).collect(),
            lifetime,
        )
    }

    pub(crate) fn mint(
        &mut self,
        subject: &str,
        scopes: Vec<String>,
        lifetime: Duration,
    ) -> String {
        let now = SystemTime::now();
        let exp = now + lifetime;
        let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let enc =
            |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": "simulator"});
        let claims = json!({
            "iss": format!("{}/", self.base_url),
            "sub": format!("{subject}@clients"),
            "aud": format!("{}/api/v2/", self.base_url),
            "iat": secs(now),
            "exp": secs(exp),
            "scope": scopes.join(" "),
            "gty": "client-credentials",
            "jti": self.rng.alnum(12),
        });
        let token = format!(
            "{}.{}.{TOKEN_MARK}{}",
            enc(&header),
            enc(&claims),
            self.rng.alnum(27)
        );
        self.tokens.insert(
            token.clone(),
            IssuedToken {
                subject: subject.to_string(),
                scopes,
                expires_at: exp,
            },
        );
        token
    }

    /// Turn a Guardian factor on or off.
    pub fn set_factor(&mut self, name: &str, enabled: bool) {
        for f in &mut self.guardian_factors {
            if f["name"] == name {
                f["enabled"] = json!(enabled);
            }
        }
    }

    /// Add a rule; returns its id.
    pub fn add_rule(&mut self, name: &str, script: &str, enabled: bool) -> String {
        let id = format!("rul_{}", self.rng.alnum(16));
        let order = self.rules.len() + 1;
        self.rules.push(json!({"id": id, "name": name, "script": script, "enabled": enabled, "order": order, "stage": "login_success"}));
        id
    }

    /// Add an Action whose deployed code is `code`, bound to the post-login trigger when `bound`;
    /// returns its id.
    pub fn add_action(&mut self, name: &str, code: &str, bound: bool) -> String {
        self.add_action_versions(name, code, Some(code), bound)
    }

    /// Add an Action with a draft (`code`) and, if it was ever deployed, the code that runs
    /// (`deployed_version.code`), as `GET /api/v2/actions/actions/{id}` returns them.
    pub fn add_action_versions(
        &mut self,
        name: &str,
        draft: &str,
        deployed: Option<&str>,
        bound: bool,
    ) -> String {
        let id = self.rng.alnum(8).to_lowercase() + "-action";
        let mut action = json!({
            "id": id, "name": name, "code": draft, "runtime": "node18",
            "supported_triggers": [{"id": "post-login", "version": "v3"}], "status": "built",
            "all_changes_deployed": deployed == Some(draft),
        });
        if let Some(code) = deployed {
            action["deployed_version"] = json!({
                "id": format!("ver_{}", self.rng.alnum(10)), "code": code, "deployed": true,
                "status": "built", "number": 1,
            });
        }
        self.actions.push(action);
        if bound {
            self.post_login_bindings.push(id.clone());
        }
        id
    }

    /// Add an application (as listed by GET /api/v2/clients).
    pub fn add_application(&mut self, name: &str, grant_types: &[&str], sso: bool) {
        let client_id = self.rng.alnum(32);
        self.applications.push(
            json!({"client_id": client_id, "name": name, "grant_types": grant_types, "sso": sso}),
        );
    }

    /// Register `pem` as an attached public key of `client_id` (as an admin does in the
    /// Dashboard: Credentials → Private Key JWT) and make it the only way it signs in; its `kid`.
    pub fn register_public_key(&mut self, client_id: &str, pem: &str, alg: &str) -> Option<String> {
        let der = crate::assertion::public_key_der(pem).ok()?;
        let kid = format!("kid_{}", self.rng.alnum(20));
        let id = format!("cred_{}", self.rng.alnum(22));
        let client = self.clients.get_mut(client_id)?;
        client.keys.push(SimKey {
            id,
            kid: kid.clone(),
            name: "registered by hand".into(),
            alg: alg.to_string(),
            der,
            expires_at: None,
            attached: true,
        });
        client.secret_allowed = false;
        Some(kid)
    }

    /// How many client assertions `client_id` has signed in with.
    pub fn assertions_taken(&self, client_id: &str) -> usize {
        let prefix = format!("{client_id}|");
        self.seen_assertions
            .iter()
            .filter(|a| a.starts_with(&prefix))
            .count()
    }

    /// The Management API's audience, as its grants name it.
    pub fn management_audience(&self) -> String {
        format!("{}/api/v2/", self.base_url)
    }

    /// A practice token as the Dashboard's API Explorer gives one: every scope, 24 hours.
    pub fn explorer_token(&mut self) -> String {
        let all: Vec<&str> = ALL_SCOPES.iter().chain(SETUP_SCOPES).copied().collect();
        self.issue_token(&all, Duration::from_secs(86400))
    }

    /// Add `count` users of `connection` with these root attributes set.
    pub fn add_users(&mut self, connection: &str, count: usize, attributes: &[(&str, &str)]) {
        for _ in 0..count {
            let id = self.rng.alnum(24).to_lowercase();
            let mut user = json!({
                "user_id": format!("auth0|{id}"),
                "identities": [{"connection": connection, "provider": "auth0", "user_id": id, "isSocial": false}],
            });
            for (k, v) in attributes {
                user[*k] = json!(v);
            }
            self.users.push(user);
        }
    }

    /// Requests whose path contains `fragment`, in order.
    pub fn requests_to(&self, fragment: &str) -> Vec<&LoggedRequest> {
        self.log
            .iter()
            .filter(|r| r.path.contains(fragment))
            .collect()
    }

    /// JSON bodies of every PATCH received.
    pub fn patch_bodies(&self) -> Vec<Value> {
        self.log
            .iter()
            .filter(|r| r.method == "PATCH")
            .filter_map(|r| r.body.clone())
            .collect()
    }
}
