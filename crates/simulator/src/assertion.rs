//! Client assertions (Private Key JWT, RFC 7523) checked as Auth0 documents them: signed by one
//! of the application's attached public keys with that key's algorithm, `iss` = `sub` = the
//! client id, `aud` the tenant's URL (with its final slash, one string), `exp` in the future and
//! at most five minutes after `iat`, and each `jti` taken once.

use crate::tenant::{SimKey, Tenant};
use aws_lc_rs::signature::{self, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// Why an assertion was refused (said in `error_description`; Auth0 says less, and puts the
/// reason in its tenant logs).
pub fn check(t: &mut Tenant, client_id: &str, assertion: &str) -> Result<(), String> {
    let parts: Vec<&str> = assertion.split('.').collect();
    let [header, claims, sig] = parts.as_slice() else {
        return Err("the client assertion is not a signed JWT".into());
    };
    if assertion.len() > 2048 {
        return Err("the client assertion is longer than 2048 bytes".into());
    }
    let json = |part: &str| -> Result<Value, String> {
        URL_SAFE_NO_PAD
            .decode(part)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| "the client assertion is not a signed JWT".to_string())
    };
    let (header, claims) = (json(header)?, json(claims)?);
    let signature = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| "the client assertion's signature is not base64url".to_string())?;
    let alg = header["alg"].as_str().unwrap_or_default();
    let kid = header["kid"].as_str();
    let client = t
        .clients
        .get(client_id)
        .ok_or_else(|| "unknown client".to_string())?;
    let now = SystemTime::now();
    let signed_by = |k: &&SimKey| {
        k.attached
            && k.alg == alg
            && kid.is_none_or(|kid| kid == k.kid)
            && k.expires_at.is_none_or(|e| e > now)
            && verifies(k, alg, &format!("{}.{}", parts[0], parts[1]), &signature)
    };
    if !client.keys.iter().any(|k| signed_by(&k)) {
        return Err(
            "the client assertion is not signed by a registered, unexpired key of this client with its algorithm"
                .into(),
        );
    }
    let text = |k: &str| claims[k].as_str().unwrap_or_default().to_string();
    if text("iss") != client_id || text("sub") != client_id {
        return Err("the client assertion's iss and sub must be the client id".into());
    }
    let aud = claims["aud"].as_str().unwrap_or_default();
    if !audience_is_tenant(aud, &t.base_url) {
        return Err(format!(
            "the client assertion's aud must be the tenant's URL with a final slash, not {aud:?}"
        ));
    }
    let secs = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let exp = claims["exp"].as_u64().unwrap_or(0);
    let iat = claims["iat"].as_u64().unwrap_or(secs);
    if exp <= secs {
        return Err("the client assertion has expired".into());
    }
    if exp.saturating_sub(iat) > 300 || exp.saturating_sub(secs) > 310 {
        return Err(
            "'exp' claim must specify a time that is no more than 5 minutes after 'iat'".into(),
        );
    }
    let jti = text("jti");
    if jti.is_empty() {
        return Err("the client assertion has no jti".into());
    }
    if !t.seen_assertions.insert(format!("{client_id}|{jti}")) {
        return Err("the client assertion was already used (jti)".into());
    }
    Ok(())
}

fn verifies(key: &SimKey, alg: &str, input: &str, sig: &[u8]) -> bool {
    let algorithm: &'static dyn signature::VerificationAlgorithm = match alg {
        "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
        "RS384" => &signature::RSA_PKCS1_2048_8192_SHA384,
        "PS256" => &signature::RSA_PSS_2048_8192_SHA256,
        _ => return false,
    };
    UnparsedPublicKey::new(algorithm, &key.der)
        .verify(input.as_bytes(), sig)
        .is_ok()
}

/// `https://{tenant}/` by any of the simulator's own loopback names, over http or https.
fn audience_is_tenant(aud: &str, base_url: &str) -> bool {
    let Some(rest) = aud.strip_suffix('/') else {
        return false;
    };
    let rest = rest
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let own = base_url.trim_start_matches("http://");
    let port = own.rsplit(':').next().unwrap_or_default();
    rest == own || rest == format!("localhost:{port}") || rest == format!("[::1]:{port}")
}

/// The DER of a public key given as PEM: SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`), 2048 to
/// 4096 bits.
pub fn public_key_der(pem: &str) -> Result<Vec<u8>, String> {
    use rustls_pki_types::pem::PemObject;
    let der = rustls_pki_types::SubjectPublicKeyInfoDer::from_pem_slice(pem.as_bytes())
        .map(|d| d.as_ref().to_vec())
        .or_else(|_| pkcs1(pem))
        .map_err(|_| "The credential's pem is not a PEM public key".to_string())?;
    // RSA 2048 to 4096 bits: about 270 to 550 bytes of DER (SPKI or PKCS#1).
    if !(250..=600).contains(&der.len()) {
        return Err("invalid certificate: RSA keys of 2048 to 4096 bits only".into());
    }
    Ok(der)
}

fn pkcs1(pem: &str) -> Result<Vec<u8>, ()> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    if !pem.contains("BEGIN RSA PUBLIC KEY") {
        return Err(());
    }
    base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .map_err(|_| ())
}
