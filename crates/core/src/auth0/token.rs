//! Management API access: the client-credentials grant, or a token the admin
//! pasted. Tokens stay in memory only, and are renewed shortly before expiry.

use super::http::{BodyLimit, Failure, Http};
use super::keys::{PrivateKey, SigningAlg, random_hex};
use crate::error::{Error, Result, WHERE_TO_GRANT};
use crate::model::domain::TenantDomain;
use crate::progress::WaitReason;
use crate::redact::server_text;
use crate::secret::Secret;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How the app authenticates to one tenant.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A Machine to Machine application's client ID and secret.
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
    /// A Machine to Machine application signing in with its private key (Private Key JWT): the
    /// key's PKCS#8 PEM, the algorithm of its credential, and the credential's `kid` when known.
    PrivateKey {
        client_id: String,
        key: Secret,
        alg: SigningAlg,
        kid: Option<String>,
    },
    /// A Management API token pasted by the admin.
    Token(Secret),
}

impl Credentials {
    /// The application's client id (`None` for a pasted token).
    pub fn client_id(&self) -> Option<&str> {
        match self {
            Credentials::ClientCredentials { client_id, .. }
            | Credentials::PrivateKey { client_id, .. } => Some(client_id.trim()),
            Credentials::Token(_) => None,
        }
    }
}

/// How an application proves who it is at `/oauth/token`.
pub(crate) enum ClientAuth<'a> {
    Secret(&'a Secret),
    Key {
        key: &'a Secret,
        alg: SigningAlg,
        kid: Option<&'a str>,
    },
}

/// The scopes a token grants.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Scopes(BTreeSet<String>);

impl Scopes {
    pub fn parse(text: &str) -> Scopes {
        Scopes(text.split_whitespace().map(str::to_string).collect())
    }
    pub fn has(&self, scope: &str) -> bool {
        self.0.contains(scope)
    }

    /// Space-separated, as Auth0 writes them.
    pub fn to_text(&self) -> String {
        self.0.iter().cloned().collect::<Vec<_>>().join(" ")
    }
}

/// What a pasted token says about itself (its JWT claims, not verified: used for display only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenInfo {
    pub scopes: Option<Scopes>,
    pub expires_at: Option<SystemTime>,
}

pub fn inspect_token(token: &Secret) -> TokenInfo {
    let claims = token
        .expose()
        .split('.')
        .nth(1)
        .and_then(|p| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p.trim_end_matches('='))
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    let Some(claims) = claims else {
        return TokenInfo::default();
    };
    TokenInfo {
        scopes: claims
            .get("scope")
            .and_then(|s| s.as_str())
            .map(Scopes::parse),
        // Unrepresentable (absurdly far) expiry times are as good as unknown.
        expires_at: claims
            .get("exp")
            .and_then(|e| e.as_f64())
            .and_then(super::http::unix_to_system),
    }
}

/// A token in memory, with when to stop using it.
pub(crate) struct Issued {
    pub token: Secret,
    pub scopes: Option<Scopes>,
    /// Renew after this instant (`None`: never, for pasted tokens).
    pub renew_at: Option<Instant>,
    /// When the token stops working, if known.
    pub expires_at: Option<SystemTime>,
}

impl Issued {
    pub fn fresh(&self) -> bool {
        self.renew_at.is_none_or(|t| Instant::now() < t)
    }

    /// A token kept from an earlier run.
    pub fn from_cache(kept: super::CachedToken) -> Issued {
        Issued {
            renew_at: Some(Instant::now() + kept.usable_for()),
            expires_at: Some(UNIX_EPOCH + Duration::from_secs(kept.expires_at)),
            scopes: kept.scopes.as_deref().map(Scopes::parse),
            token: kept.token,
        }
    }

    /// What to keep for later runs (nothing for a token whose expiry is unknown).
    pub fn to_cache(&self) -> Option<super::CachedToken> {
        let expires_at = self.expires_at?.duration_since(UNIX_EPOCH).ok()?.as_secs();
        Some(super::CachedToken {
            token: self.token.clone(),
            expires_at,
            scopes: self.scopes.as_ref().map(Scopes::to_text),
        })
    }
}

pub(crate) fn pasted(token: &Secret) -> Issued {
    let info = inspect_token(token);
    Issued {
        token: token.clone(),
        scopes: info.scopes,
        renew_at: None,
        expires_at: info.expires_at,
    }
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    expires_in: Option<f64>,
    scope: Option<String>,
}

#[derive(Deserialize, Default)]
struct TokenErrorBody {
    error: Option<String>,
    error_description: Option<String>,
}

/// A signed client assertion (RFC 7523) for `client_id`, addressed to the tenant: `iss` = `sub` =
/// the client id, `aud` the tenant's URL with its final slash (one string), a fresh random `jti`
/// (Auth0 takes each assertion once), and one minute to live (Auth0 allows five).
pub fn client_assertion(
    domain: &TenantDomain,
    client_id: &str,
    key: &Secret,
    alg: SigningAlg,
    kid: Option<&str>,
) -> Result<Secret> {
    let key = PrivateKey::from_pem(key)?;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let mut header = serde_json::json!({"alg": alg.name(), "typ": "JWT"});
    if let Some(kid) = kid {
        header["kid"] = kid.into();
    }
    let claims = serde_json::json!({
        "iss": client_id, "sub": client_id, "aud": format!("{}/", domain.base_url()),
        "iat": now, "nbf": now, "exp": now + 60, "jti": random_hex(16)?,
    });
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = key.sign(alg, input.as_bytes())?;
    Ok(Secret::new(format!("{input}.{}", b64(&signature))))
}

/// `POST /oauth/token` with the client-credentials grant for the Management API audience.
pub(crate) async fn client_credentials(
    http: &Http,
    domain: &TenantDomain,
    client_id: &str,
    auth: ClientAuth<'_>,
) -> Result<Issued> {
    let empty = match &auth {
        ClientAuth::Secret(s) => s.is_empty(),
        ClientAuth::Key { key, .. } => key.is_empty(),
    };
    if client_id.trim().is_empty() || empty {
        return Err(Error::BadCredentials(
            "The client ID or its secret (or private key) is empty. Copy the client ID from Auth0 Dashboard → \
             Applications → your Machine to Machine application → Settings."
                .into(),
        ));
    }
    // A local tenant served over plain HTTP may still name its API with https://.
    let mut audiences = vec![domain.audience()];
    if domain.is_loopback() {
        audiences.push(domain.audience().replacen("http://", "https://", 1));
    }
    let (ClientAuth::Secret(secret) | ClientAuth::Key { key: secret, .. }) = &auth;
    http.remember_secret(secret);
    let mut refused = None;
    for audience in &audiences {
        match request(http, domain, client_id, &auth, audience).await {
            Err(Refusal::Audience(e)) => refused = Some(e),
            Err(Refusal::Other(e)) => return Err(e),
            Ok(issued) => return Ok(issued),
        }
    }
    Err(refused.unwrap_or_else(|| not_auth0(domain)))
}

enum Refusal {
    /// The tenant has no API with this audience (wrong domain, or a custom domain).
    Audience(Error),
    Other(Error),
}

async fn request(
    http: &Http,
    domain: &TenantDomain,
    client_id: &str,
    auth: &ClientAuth<'_>,
    audience: &str,
) -> Result<Issued, Refusal> {
    let url = format!("{}/oauth/token", domain.base_url());
    let mut attempt = 0;
    let reply = loop {
        // A fresh assertion for every attempt: each is taken once.
        let assertion = match auth {
            ClientAuth::Secret(_) => None,
            ClientAuth::Key { key, alg, kid } => {
                let a = client_assertion(domain, client_id.trim(), key, *alg, *kid)
                    .map_err(Refusal::Other)?;
                http.remember_secret(&a);
                Some(a)
            }
        };
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", client_id.trim()),
            ("audience", audience),
        ];
        match (auth, &assertion) {
            (ClientAuth::Secret(secret), _) => form.push(("client_secret", secret.expose())),
            (_, Some(a)) => {
                form.push((
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ));
                form.push(("client_assertion", a.expose()));
            }
            _ => {}
        }
        match http
            .send(http.client.post(&url).form(&form), BodyLimit::Token)
            .await
        {
            Ok(r) if r.status.as_u16() == 429 && attempt < http.policy.rate_limit_retries => {
                let wait = http
                    .rate_limit_wait(&r.headers, attempt)
                    .map_err(Refusal::Other)?;
                http.wait(wait, WaitReason::RateLimit).await;
            }
            Ok(r) if r.status.is_server_error() && attempt < http.policy.server_retries => {
                http.wait(http.backoff(attempt), WaitReason::Retry).await;
            }
            Ok(r) => break r,
            Err(f)
                if attempt < http.policy.server_retries
                    && matches!(f, Failure::Lost(_))
                    && f.retryable() =>
            {
                http.wait(http.backoff(attempt), WaitReason::Retry).await;
            }
            Err(Failure::Stop(e) | Failure::TooLarge(e)) => return Err(Refusal::Other(e)),
            Err(f) => {
                return Err(Refusal::Other(Error::Network(format!(
                    "{} (while signing in).",
                    f.describe(&domain.to_string())
                ))));
            }
        }
        attempt += 1;
    };

    if reply.status.is_success() {
        let parsed: TokenReply =
            serde_json::from_slice(&reply.body).map_err(|_| Refusal::Other(not_auth0(domain)))?;
        let token = Secret::new(parsed.access_token);
        http.remember_secret(&token);
        let lifetime =
            Duration::from_secs_f64(parsed.expires_in.unwrap_or(86400.0).clamp(1.0, 1e9));
        // Renew a minute early (or halfway through a very short lifetime).
        let margin = (lifetime / 2).min(Duration::from_secs(60));
        let scopes = parsed
            .scope
            .as_deref()
            .map(Scopes::parse)
            .or_else(|| inspect_token(&token).scopes);
        return Ok(Issued {
            token,
            scopes,
            renew_at: Some(Instant::now() + lifetime - margin),
            expires_at: Some(SystemTime::now() + lifetime),
        });
    }

    let status = reply.status.as_u16();
    let body: TokenErrorBody = serde_json::from_slice(&reply.body).unwrap_or_default();
    // The description may quote the form, client secret included: cut everything sent out of it.
    let description = body
        .error_description
        .map(|d| server_text(&d, &http.sent()))
        .unwrap_or_default();
    let said = if description.is_empty() {
        String::new()
    } else {
        format!(" (Auth0 said: “{description}”)")
    };
    let bad_secret = || match auth {
        ClientAuth::Secret(_) => Error::BadCredentials(format!(
            "Auth0 did not accept the client ID and secret for {domain}{said}. Copy them again from Auth0 Dashboard → \
             Applications → your Machine to Machine application → Settings, and check that the app belongs to this tenant."
        )),
        ClientAuth::Key { .. } => Error::BadCredentials(format!(
            "Auth0 did not accept the application's private key for {domain}{said}. Check that its public key is \
             registered, not expired, under Auth0 Dashboard → Applications → your application → Credentials \
             (Private Key JWT), with the same algorithm; Auth0's tenant logs (failed exchanges, “feccft”) say why."
        )),
    };
    let lower = description.to_lowercase();
    Err(match body.error.as_deref() {
        Some("unauthorized_client") => Refusal::Other(Error::BadCredentials(format!(
            "The application is not allowed to use the Client Credentials grant{said}. Use a Machine to Machine \
             application, or enable the grant in Auth0 Dashboard → Applications → your app → Advanced Settings → Grant Types."
        ))),
        Some("access_denied")
            if lower.contains("service not found") || lower.contains("audience") =>
        {
            Refusal::Audience(Error::BadCredentials(format!(
                "{domain} has no Management API for the audience {audience}{said}. If {domain} is a custom domain, \
                 use the tenant's own domain instead (for example acme.us.auth0.com, shown in Auth0 Dashboard → Settings)."
            )))
        }
        Some("access_denied")
            if lower.contains("resource server") || lower.contains("client-grant") =>
        {
            Refusal::Other(Error::BadCredentials(format!(
                "The application is not authorized to call the Auth0 Management API{said}. Authorize it in \
                 {WHERE_TO_GRANT} and grant at least read:connections and update:connections."
            )))
        }
        Some("access_denied" | "invalid_client" | "invalid_grant") => Refusal::Other(bad_secret()),
        Some("too_many_requests") => Refusal::Other(rate_limited()),
        Some(other) if status >= 500 || status == 400 => Refusal::Other(Error::Api {
            status,
            message: format!(
                "signing in failed with “{}”{said}",
                server_text(other, &http.sent())
            ),
        }),
        // No OAuth error code (or an unknown one): go by the HTTP status.
        _ => Refusal::Other(match status {
            401 | 403 => bad_secret(),
            429 => rate_limited(),
            404 => not_auth0(domain),
            _ if !reply.body.starts_with(b"{") => not_auth0(domain),
            _ => Error::Api {
                status,
                message: format!("signing in to {domain} failed"),
            },
        }),
    })
}

fn rate_limited() -> Error {
    Error::RateLimited(
        "Auth0 is rate-limiting sign-ins to this tenant. Wait a minute and try again.".into(),
    )
}

fn not_auth0(domain: &TenantDomain) -> Error {
    Error::UnexpectedReply(format!(
        "{domain} did not answer like an Auth0 tenant. Check the domain: it is shown in Auth0 Dashboard → Settings \
         (for example acme.us.auth0.com) or is your custom domain."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> Secret {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        Secret::new(format!("{}.{}.sig", enc(r#"{"alg":"RS256"}"#), enc(claims)))
    }

    #[test]
    fn pasted_jwt_claims_give_scopes_and_expiry() {
        let info = inspect_token(&jwt(
            r#"{"scope":"read:connections update:connections","exp":2000000000}"#,
        ));
        let scopes = info.scopes.unwrap();
        assert!(scopes.has("read:connections") && scopes.has("update:connections"));
        assert!(!scopes.has("read:connections_options"));
        assert_eq!(
            info.expires_at,
            Some(UNIX_EPOCH + Duration::from_secs(2_000_000_000))
        );
        assert_eq!(inspect_token(&Secret::new("opaque")), TokenInfo::default());
    }
}
