//! Tenant logs as Auth0 keeps them: a `sapi` ("Success API Operation") event for every write the
//! tenant accepts, in the shape real events have (`details.request.{method, path, query, body,
//! channel, ip, userAgent, auth: {user, strategy, credentials}}`, `details.response.{statusCode,
//! body}`; method in lower case, the path with `/api/v2`), whoever made it: an application through
//! the Management API, or a person in the Dashboard (`channel: https://manage.auth0.com/`).
//! Sources: Auth0's log schema (`sapi`) and real events (see the project's research notes).

use crate::tenant::{IssuedToken, Tenant};
use serde_json::{Map, Value, json};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Who made a write, as the log records it.
#[derive(Debug, Clone)]
pub enum Writer {
    /// A token the tenant issued (an application's, or the API Explorer's).
    Token(String),
    /// A person in the Auth0 Dashboard.
    Dashboard {
        email: String,
        name: String,
        user_id: String,
    },
    /// Another application, through the Management API (Terraform, the Deploy CLI…).
    Application { client_id: String },
}

impl Writer {
    pub fn of(token: &IssuedToken) -> Writer {
        Writer::Token(token.subject.clone())
    }

    pub fn dashboard(email: &str) -> Writer {
        Writer::Dashboard {
            email: email.into(),
            name: email.split('@').next().unwrap_or(email).into(),
            user_id: format!("auth0|{}", email.len() * 7919),
        }
    }
}

/// One write, as the log will show it.
pub struct Write<'a> {
    pub method: &'a str,
    pub path: String,
    pub description: &'a str,
    /// What was sent (`{}` where Auth0 logs nothing of it, as for Dashboard connection updates).
    pub body: Value,
    pub status: u16,
    pub response: Value,
}

impl Tenant {
    /// Record a write the tenant accepted, now.
    pub fn log_write(&mut self, writer: &Writer, write: Write) {
        self.log_write_at(writer, write, SystemTime::now());
    }

    pub fn log_write_at(&mut self, writer: &Writer, write: Write, at: SystemTime) {
        self.next_log += 1;
        let log_id = format!(
            "900{:020}{:012}{:08}",
            at.duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_millis(),
            self.next_log,
            self.rng.next_u64() % 100_000_000
        );
        let (client_id, channel, user, user_id, agent) = match writer {
            Writer::Token(subject) => (
                subject.clone(),
                "api",
                json!({}),
                Value::String(String::new()),
                "Deny-List-Manager",
            ),
            Writer::Application { client_id } => (
                client_id.clone(),
                "api",
                json!({}),
                Value::String(String::new()),
                "Go-http-client/1.1",
            ),
            Writer::Dashboard {
                email,
                name,
                user_id,
            } => (
                "dashboard-client-id".to_string(),
                "https://manage.auth0.com/",
                json!({"user_id": user_id, "name": name, "email": email}),
                Value::String(user_id.clone()),
                "Mozilla/5.0 (X11; Linux x86_64)",
            ),
        };
        self.tenant_logs.push(json!({
            "date": rfc3339_millis(at),
            "type": "sapi",
            "description": write.description,
            "client_id": client_id,
            "client_name": "",
            "ip": "203.0.113.7",
            "user_agent": agent,
            "details": {
                "request": {
                    "method": write.method.to_ascii_lowercase(),
                    "path": write.path,
                    "query": {},
                    "userAgent": agent,
                    "body": write.body,
                    "channel": channel,
                    "ip": "203.0.113.7",
                    "auth": {"user": user, "strategy": "jwt", "credentials": {}}
                },
                "response": {"statusCode": write.status, "body": write.response}
            },
            "user_id": user_id,
            "log_id": log_id,
        }));
    }

    /// Set a connection's deny list as someone else would (a person in the Dashboard, another
    /// application), and log it as Auth0 does. With `body_logged` false the log holds `{}` for
    /// what was sent and no settings in the reply, as Auth0's own log of a Dashboard connection
    /// update does. Returns `false` when there is no such connection.
    pub fn change_deny_list_as(
        &mut self,
        id: &str,
        list: &[&str],
        writer: &Writer,
        body_logged: bool,
    ) -> bool {
        let Some(connection) = self.connection_mut(id) else {
            return false;
        };
        let options = connection
            .entry("options")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|o| {
                o.insert("non_persistent_attrs".into(), json!(list));
                o.clone()
            })
            .unwrap_or_default();
        let summary = summary(connection);
        let (body, response) = if body_logged {
            let mut reply = summary;
            reply.insert("options".into(), Value::Object(options.clone()));
            (json!({ "options": options }), Value::Object(reply))
        } else {
            (json!({}), Value::Object(summary))
        };
        self.log_write(
            writer,
            Write {
                method: "patch",
                path: format!("/api/v2/connections/{id}"),
                description: "Update a connection",
                body,
                status: 200,
                response,
            },
        );
        true
    }

    /// Another Machine to Machine application of the tenant (Terraform's, the Deploy CLI's),
    /// readable by `GET /api/v2/clients/{id}` and listed by `GET /api/v2/clients`.
    pub fn add_other_application(&mut self, client_id: &str, name: &str) {
        let secret = self.rng.alnum(48);
        let client = self.add_client(client_id, &secret, &[]);
        client.authorized = false;
        self.applications.push(json!({
            "client_id": client_id,
            "name": name,
            "app_type": "non_interactive",
            "grant_types": ["client_credentials"],
        }));
    }

    /// Move the newest log event `age` into the past (a change made days ago).
    pub fn backdate_last_log(&mut self, age: Duration) {
        if let Some(event) = self.tenant_logs.last_mut() {
            let at = SystemTime::now() - age;
            event["date"] = json!(rfc3339_millis(at));
        }
    }
}

/// What Auth0's log keeps of a connection in a reply without its settings.
fn summary(connection: &Map<String, Value>) -> Map<String, Value> {
    ["id", "name", "strategy", "realms"]
        .iter()
        .filter_map(|k| connection.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect()
}

pub(crate) fn rfc3339_millis(at: SystemTime) -> String {
    let t = time::OffsetDateTime::from(at);
    let millis = t.millisecond();
    t.replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map(|s| s.replace('Z', &format!(".{millis:03}Z")))
        .unwrap_or_default()
}

pub(crate) fn parse_date(text: &str) -> Option<SystemTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .or_else(|| {
            // A day alone (`2026-12-01`) is that day's midnight, UTC.
            let mut parts = text.splitn(3, '-').map(|p| p.parse::<i32>().ok());
            let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
            let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
            time::Date::from_calendar_date(y, month, u8::try_from(d).ok()?)
                .ok()
                .map(|d| d.midnight().assume_utc())
        })
        .map(SystemTime::from)
}
