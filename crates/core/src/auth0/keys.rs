//! The app's own private key, for signing in with Private Key JWT instead of a shared secret:
//! generated here (RSA 2048), or imported from a PEM the admin has (PKCS#8 or PKCS#1, 2048 to
//! 4096 bits, as Auth0 accepts). Only its public half leaves this computer; the private half is
//! kept in the OS keyring and in memory as a [`Secret`].

use crate::error::{Error, Result};
use crate::secret::Secret;
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// How an assertion is signed: the algorithms Auth0 accepts for a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SigningAlg {
    #[default]
    #[serde(rename = "RS256")]
    Rs256,
    #[serde(rename = "RS384")]
    Rs384,
    #[serde(rename = "PS256")]
    Ps256,
}

impl SigningAlg {
    pub fn name(self) -> &'static str {
        match self {
            SigningAlg::Rs256 => "RS256",
            SigningAlg::Rs384 => "RS384",
            SigningAlg::Ps256 => "PS256",
        }
    }

    pub fn parse(text: &str) -> Result<SigningAlg> {
        match text.trim().to_ascii_uppercase().as_str() {
            "RS256" => Ok(SigningAlg::Rs256),
            "RS384" => Ok(SigningAlg::Rs384),
            "PS256" => Ok(SigningAlg::Ps256),
            _ => Err(Error::InvalidInput(format!(
                "“{}” is not an algorithm Auth0 accepts for a key: use RS256, RS384 or PS256.",
                text.trim()
            ))),
        }
    }

    fn encoding(self) -> &'static dyn signature::RsaEncoding {
        match self {
            SigningAlg::Rs256 => &signature::RSA_PKCS1_SHA256,
            SigningAlg::Rs384 => &signature::RSA_PKCS1_SHA384,
            SigningAlg::Ps256 => &signature::RSA_PSS_SHA256,
        }
    }
}

/// An RSA private key. Prints nothing of itself.
pub struct PrivateKey {
    pkcs8: Zeroizing<Vec<u8>>,
    pair: KeyPair,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey(<{} bits>)", self.bits())
    }
}

/// Auth0's bounds on an application's key.
const MIN_BITS: usize = 2048;
const MAX_BITS: usize = 4096;

impl PrivateKey {
    /// A new RSA 2048 key pair.
    pub fn generate() -> Result<PrivateKey> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| {
            Error::InvalidInput("A key pair could not be made on this computer.".into())
        })?;
        let der: Pkcs8V1Der<'static> = pair
            .as_der()
            .map_err(|_| Error::InvalidInput("The new key could not be written out.".into()))?;
        Ok(PrivateKey {
            pkcs8: Zeroizing::new(der.as_ref().to_vec()),
            pair,
        })
    }

    /// A key from its PEM text: `-----BEGIN PRIVATE KEY-----` (PKCS#8) or `-----BEGIN RSA
    /// PRIVATE KEY-----` (PKCS#1), RSA of 2048 to 4096 bits.
    pub fn from_pem(pem: &Secret) -> Result<PrivateKey> {
        let refuse =
            |why: &str| Error::InvalidInput(format!("The private key could not be used: {why}."));
        if pem.expose().contains("ENCRYPTED PRIVATE KEY") {
            return Err(refuse(
                "it is protected by a passphrase; export it without one (for example \
                 `openssl pkey -in key.pem -out plain.pem`) and paste that",
            ));
        }
        let der = PrivateKeyDer::from_pem_slice(pem.expose().as_bytes()).map_err(|_| {
            refuse("it is not a PEM private key (it starts with -----BEGIN PRIVATE KEY-----)")
        })?;
        let pair = match &der {
            PrivateKeyDer::Pkcs8(k) => KeyPair::from_pkcs8(k.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(k) => KeyPair::from_der(k.secret_pkcs1_der()),
            _ => return Err(refuse("it is not an RSA key; Auth0 takes RSA keys only")),
        }
        .map_err(|_| refuse("it is not an RSA key of 2048 to 4096 bits"))?;
        let bits = pair.public_modulus_len() * 8;
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(refuse(&format!(
                "it has {bits} bits, and Auth0 takes RSA keys of {MIN_BITS} to {MAX_BITS} bits"
            )));
        }
        let pkcs8: Pkcs8V1Der<'static> = pair
            .as_der()
            .map_err(|_| refuse("it could not be read back"))?;
        Ok(PrivateKey {
            pkcs8: Zeroizing::new(pkcs8.as_ref().to_vec()),
            pair,
        })
    }

    pub fn bits(&self) -> usize {
        self.pair.public_modulus_len() * 8
    }

    /// The private key as PKCS#8 PEM: what the keyring keeps.
    pub fn to_pem(&self) -> Secret {
        Secret::new(pem("PRIVATE KEY", &self.pkcs8))
    }

    /// The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`): what Auth0 is given.
    pub fn public_pem(&self) -> Result<String> {
        let spki: PublicKeyX509Der<'static> =
            self.pair.public_key().as_der().map_err(|_| {
                Error::InvalidInput("The public key could not be written out.".into())
            })?;
        Ok(pem("PUBLIC KEY", spki.as_ref()))
    }

    /// `message` signed with `alg`.
    pub fn sign(&self, alg: SigningAlg, message: &[u8]) -> Result<Vec<u8>> {
        let mut signature = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(
                alg.encoding(),
                &aws_lc_rs::rand::SystemRandom::new(),
                message,
                &mut signature,
            )
            .map_err(|_| Error::InvalidInput("Signing with the private key failed.".into()))?;
        Ok(signature)
    }
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// `n` random bytes as hex (ids that must not be guessed: a `jti`, a demo secret).
pub fn random_hex(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| {
        Error::InvalidInput("No random bytes could be had on this computer.".into())
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::signature::UnparsedPublicKey;
    use rustls_pki_types::SubjectPublicKeyInfoDer;

    fn verify(public_pem: &str, alg: SigningAlg, message: &[u8], sig: &[u8]) -> bool {
        let spki = SubjectPublicKeyInfoDer::from_pem_slice(public_pem.as_bytes()).unwrap();
        let algorithm: &'static dyn signature::VerificationAlgorithm = match alg {
            SigningAlg::Rs256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            SigningAlg::Rs384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            SigningAlg::Ps256 => &signature::RSA_PSS_2048_8192_SHA256,
        };
        UnparsedPublicKey::new(algorithm, spki.as_ref())
            .verify(message, sig)
            .is_ok()
    }

    #[test]
    fn a_new_key_signs_what_its_public_half_verifies_and_survives_its_pem() {
        let key = PrivateKey::generate().unwrap();
        assert_eq!(key.bits(), 2048);
        let public = key.public_pem().unwrap();
        assert!(
            public.starts_with("-----BEGIN PUBLIC KEY-----\n"),
            "{public}"
        );
        for alg in [SigningAlg::Rs256, SigningAlg::Rs384, SigningAlg::Ps256] {
            let sig = key.sign(alg, b"payload").unwrap();
            assert!(verify(&public, alg, b"payload", &sig), "{alg:?}");
            assert!(!verify(&public, alg, b"other", &sig), "{alg:?}");
        }
        let pem = key.to_pem();
        assert!(pem.expose().starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let again = PrivateKey::from_pem(&pem).unwrap();
        assert_eq!(again.public_pem().unwrap(), public);
        assert!(!format!("{key:?}").contains("BEGIN"));
    }

    #[test]
    fn what_is_not_a_usable_key_is_refused_with_the_reason() {
        for (text, why) in [
            ("not a key", "not a PEM private key"),
            (
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
                "passphrase",
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "not an RSA key",
            ),
        ] {
            let e = PrivateKey::from_pem(&Secret::new(text)).unwrap_err();
            assert_eq!(e.code(), "invalid_input");
            assert!(e.to_string().contains(why), "{e}");
        }
        assert_eq!(SigningAlg::parse("ps256").unwrap(), SigningAlg::Ps256);
        assert!(SigningAlg::parse("HS256").is_err());
    }
}
