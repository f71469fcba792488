//! Tenant domains: what an admin types or pastes, normalised to a host.
//!
//! Accepted: `acme.us.auth0.com`, a custom domain, `https://acme.eu.auth0.com/`.
//! Plain `http://` (and a port) only for loopback hosts: that is how tests and
//! the demo tenant are reached.

use crate::error::{Error, Result};
use std::fmt;
use std::net::IpAddr;
use url::{Host, Url};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TenantDomain {
    secure: bool,
    host: String,
    port: Option<u16>,
}

impl TenantDomain {
    pub fn parse(input: &str) -> Result<TenantDomain> {
        let trimmed = input.trim();
        // Echo the input in errors only when it looks like an address: never a password pasted
        // into it, never a secret or a token pasted into the wrong field, not a paragraph.
        let shown: String = if trimmed.contains('@') {
            "the address".to_string()
        } else if !domain_shaped(trimmed) {
            String::new()
        } else {
            trimmed.to_string()
        };
        let fail = |reason: &str| Error::InvalidDomain {
            input: shown.clone(),
            reason: reason.to_string(),
        };
        if trimmed.is_empty() {
            return Err(fail(
                "it is empty. Enter the tenant's domain, for example acme.us.auth0.com",
            ));
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(fail(
                "it contains spaces or invisible characters. Enter only the domain, for example acme.us.auth0.com",
            ));
        }
        let has_scheme = trimmed.contains("://");
        let url = Url::parse(&if has_scheme {
            trimmed.to_string()
        } else {
            format!("https://{trimmed}")
        })
        .map_err(|_| fail("it is not a domain name. Enter something like acme.us.auth0.com"))?;

        if let Some(hint) = dashboard_hint(&url) {
            return Err(fail(&hint));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(fail(
                "it contains a user name or password. Enter only the domain",
            ));
        }
        if !(url.path().is_empty() || url.path() == "/") {
            return Err(fail(
                "it contains a path. Enter only the domain, without /api/v2 or anything after it",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(fail(
                "it contains a query (?…) or fragment (#…). Enter only the domain",
            ));
        }

        let (host, loopback) = match url.host() {
            Some(Host::Domain(d)) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                let lb = d == "localhost";
                (d, lb)
            }
            Some(Host::Ipv4(ip)) => (ip.to_string(), IpAddr::V4(ip).is_loopback()),
            Some(Host::Ipv6(ip)) => (format!("[{ip}]"), IpAddr::V6(ip).is_loopback()),
            None => return Err(fail("it has no host name")),
        };
        let secure = match url.scheme() {
            // No scheme typed and a loopback host: that is the local simulator, on plain HTTP.
            "https" => !loopback || has_scheme,
            "http" if loopback => false,
            "http" => {
                return Err(fail(
                    "plain http:// is refused: Auth0 tenants are reached over https://",
                ));
            }
            _ => return Err(fail("only https:// addresses are accepted")),
        };
        if !loopback {
            if url.port().is_some() {
                return Err(fail(
                    "it has a port number. Auth0 tenants are reached on the standard HTTPS port: remove “:port”",
                ));
            }
            if matches!(url.host(), Some(Host::Ipv4(_)) | Some(Host::Ipv6(_))) {
                return Err(fail(
                    "it is an IP address. Enter the tenant's domain name, for example acme.us.auth0.com",
                ));
            }
            if !host.contains('.') {
                return Err(fail(
                    "it is not a full domain name. Tenant domains look like acme.us.auth0.com",
                ));
            }
            // DNS allows 63 characters a label and 253 in all: longer is a token or a secret.
            if host.len() > 253 || host.split('.').any(|label| label.len() > 63) {
                return Err(fail(
                    "it is not a domain name (it may be a token or a secret pasted into the wrong field). \
                     Enter the tenant's domain, for example acme.us.auth0.com",
                ));
            }
        }
        // The host as kept (trailing dots trimmed) must itself be an address: `acme.127..` is
        // accepted by the URL parser, `acme.127` is not (a numeric last label reads as IPv4).
        if Url::parse(&format!("https://{host}"))
            .ok()
            .is_none_or(|u| u.host_str() != Some(host.as_str()))
        {
            return Err(fail(
                "it is not a domain name. Enter something like acme.us.auth0.com",
            ));
        }
        Ok(TenantDomain {
            secure,
            host,
            port: url.port(),
        })
    }

    /// The host name, as shown to the admin (`acme.us.auth0.com`).
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn is_loopback(&self) -> bool {
        !self.secure
            || self.host == "localhost"
            || self
                .host
                .trim_matches(['[', ']'])
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// `https://acme.us.auth0.com` (or `http://127.0.0.1:PORT` for a loopback tenant).
    pub fn base_url(&self) -> String {
        let scheme = if self.secure { "https" } else { "http" };
        match self.port {
            Some(p) => format!("{scheme}://{}:{p}", self.host),
            None => format!("{scheme}://{}", self.host),
        }
    }

    /// For `localhost`: its port, so the client can reach 127.0.0.1 / ::1 directly instead of
    /// trusting whatever the resolver answers for that name (plain http and the secret go there).
    pub fn localhost_port(&self) -> Option<u16> {
        (self.host == "localhost").then(|| self.port.unwrap_or(if self.secure { 443 } else { 80 }))
    }

    /// The tenant's name, typed to confirm writes to production: `acme` for
    /// `acme.us.auth0.com`; the whole host for a custom domain.
    pub fn tenant_name(&self) -> &str {
        if self.host.ends_with(".auth0.com") {
            self.host.split('.').next().unwrap_or(&self.host)
        } else {
            &self.host
        }
    }

    /// Whether `typed` is this tenant's name (case and surrounding spaces ignored).
    pub fn confirms(&self, typed: &str) -> bool {
        typed.trim().eq_ignore_ascii_case(self.tenant_name())
    }

    /// A write to this tenant, labelled production, goes ahead only with its name typed (`typed`).
    pub fn require_confirmation(&self, typed: Option<&str>) -> Result<()> {
        let name = self.tenant_name();
        match typed {
            Some(t) if self.confirms(t) => Ok(()),
            Some(t) if !t.trim().is_empty() => Err(Error::ConfirmationRequired(format!(
                "“{}” is not the name of this production tenant: type {name} to apply the change.",
                t.trim()
            ))),
            _ => Err(Error::ConfirmationRequired(format!(
                "{self} is a production tenant: type its name, {name}, to apply the change."
            ))),
        }
    }

    /// The Management API audience: `https://{domain}/api/v2/`.
    pub fn audience(&self) -> String {
        format!("{}/api/v2/", self.base_url())
    }
}

impl fmt::Display for TenantDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secure && self.port.is_none() {
            f.write_str(&self.host)
        } else {
            f.write_str(&self.base_url())
        }
    }
}

/// Whether `text` looks like a domain or an address as typed (so it may be repeated in an error):
/// URL characters only, a dot or `localhost`, labels no longer than DNS allows (a pasted secret
/// has no dot; a token's parts are far longer than 63 characters), not over 100 characters.
fn domain_shaped(text: &str) -> bool {
    let host = text
        .split_once("://")
        .map_or(text, |(_, rest)| rest)
        .trim_end_matches('/');
    text.chars().count() <= 100
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_:/[]?#=&%".contains(c))
        && (host.contains('.') || host.starts_with("localhost") || host.starts_with('['))
        && host
            .split(['.', ':', '/', '?', '#'])
            .all(|label| label.chars().count() <= 63)
}

/// Admins often paste the Dashboard's address; point them to the tenant domain instead.
fn dashboard_hint(url: &Url) -> Option<String> {
    if url.host_str() != Some("manage.auth0.com") {
        return None;
    }
    let parts: Vec<&str> = url.path_segments()?.collect();
    let hint = match parts.as_slice() {
        ["dashboard", region, tenant, ..] if !tenant.is_empty() => format!(
            " Your tenant domain is probably {tenant}.{region}.auth0.com (or {tenant}.auth0.com for older US tenants); \
             it is shown in Dashboard → Settings."
        ),
        _ => " The tenant domain is shown in Dashboard → Settings.".to_string(),
    };
    Some(format!(
        "this is the address of the Auth0 Dashboard, not of a tenant.{hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> TenantDomain {
        TenantDomain::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"))
    }
    fn bad(input: &str) -> String {
        match TenantDomain::parse(input) {
            Ok(d) => panic!("{input} was accepted as {d:?}"),
            Err(e) => {
                assert_eq!(e.code(), "invalid_domain");
                e.to_string()
            }
        }
    }

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(ok("acme.us.auth0.com").host(), "acme.us.auth0.com");
        assert_eq!(ok("https://acme.eu.auth0.com/").host(), "acme.eu.auth0.com");
        assert_eq!(ok("  ACME.Eu.Auth0.com.  ").host(), "acme.eu.auth0.com");
        assert_eq!(
            ok("login.example.org").base_url(),
            "https://login.example.org"
        );
        assert_eq!(
            ok("https://acme.auth0.com:443").base_url(),
            "https://acme.auth0.com"
        );
        assert_eq!(
            ok("acme.us.auth0.com").audience(),
            "https://acme.us.auth0.com/api/v2/"
        );
        assert_eq!(ok("acme.us.auth0.com").to_string(), "acme.us.auth0.com");
    }

    #[test]
    fn tenant_name_for_production_confirmation() {
        let d = ok("acme.us.auth0.com");
        assert_eq!(d.tenant_name(), "acme");
        assert!(d.confirms(" ACME "));
        assert!(!d.confirms("acme.us"));
        assert!(!d.confirms(""));
        assert_eq!(ok("login.acme.com").tenant_name(), "login.acme.com");
        assert!(d.require_confirmation(Some("acme")).is_ok());
        assert_eq!(
            d.require_confirmation(None).unwrap_err().code(),
            "confirmation_required"
        );
        assert!(
            d.require_confirmation(Some("prod"))
                .unwrap_err()
                .to_string()
                .contains("“prod” is not")
        );
    }

    #[test]
    fn loopback_may_use_http_and_a_port() {
        let d = ok("http://127.0.0.1:8123");
        assert_eq!(d.base_url(), "http://127.0.0.1:8123");
        assert!(d.is_loopback());
        assert_eq!(d.to_string(), "http://127.0.0.1:8123");
        assert_eq!(ok("http://localhost:9/").base_url(), "http://localhost:9");
        assert_eq!(ok("http://[::1]:4000").base_url(), "http://[::1]:4000");
        assert_eq!(ok("http://127.3.4.5:1").host(), "127.3.4.5");
        // Without a scheme, a loopback host means the local simulator.
        assert_eq!(ok("127.0.0.1:4000").base_url(), "http://127.0.0.1:4000");
        assert!(!ok("acme.auth0.com").is_loopback());
    }

    #[test]
    fn refuses_what_is_not_a_domain() {
        assert!(bad("").contains("empty"));
        assert!(bad("acme .auth0.com").contains("spaces"));
        assert!(bad("https://acme.auth0.com/api/v2/").contains("path"));
        assert!(bad("acme.auth0.com?x=1").contains("query"));
        let with_password = bad("https://user:pw-123@acme.auth0.com");
        assert!(with_password.contains("user name") && !with_password.contains("pw-123"));
        assert!(bad("https://acme.auth0.com:8443").contains("port"));
        assert!(bad("http://acme.auth0.com").contains("http://"));
        assert!(bad("http://10.0.0.1:80").contains("http://"));
        assert!(bad("https://10.0.0.1").contains("IP address"));
        assert!(bad("ftp://acme.auth0.com").contains("https://"));
        assert!(bad("acme").contains("full domain"));
        assert!(bad("acme\u{7}.auth0.com").contains("invisible"));
        assert!(bad("https://manage.auth0.com/dashboard/eu/acme/").contains("acme.eu.auth0.com"));
        // Found by fuzzing: trimming the dots left a host that is no address (it used to panic later).
        assert!(bad("hptoct.127..").contains("not a domain name"));
        // What looks like a secret or a token is never repeated.
        // A token: its payload and RS256 signature are hundreds of characters.
        let token = format!(
            "eyJhbGciOiJSUzI1NiJ9.{}.{}",
            "eyJz".repeat(40),
            "Sg".repeat(171)
        );
        for pasted in [
            "Xk3bq9Zp0LmN4vR7tY2wS8uE1cA6dF5gH0jK3lM9nB2vC",
            token.as_str(),
            "secret with spaces",
        ] {
            let said = bad(pasted);
            assert!(!said.contains(&pasted[..12]), "{said}");
            assert!(
                said.starts_with("This is not a usable tenant domain"),
                "{said}"
            );
        }
        assert!(bad("acme").contains("“acme”") || bad("acme").contains("full domain"));
    }
}
