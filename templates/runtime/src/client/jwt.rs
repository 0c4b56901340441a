//! [`JwtSigner`]: a [`TokenSource`] that signs its own JSON Web Tokens with a private key, for
//! auth schemes whose bearer token is a self-signed JWT (the schema's `self_signed`). Signing
//! is done by the `jsonwebtoken` crate.

use std::fmt;
use std::time::{Duration, SystemTime};

use super::{AccessToken, CredentialError, TokenFuture, TokenSource};

/// A JWT signing algorithm, with the kind of private key it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (an RSA key).
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384 (an RSA key).
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512 (an RSA key).
    Rs512,
    /// RSASSA-PSS with SHA-256 (an RSA key).
    Ps256,
    /// RSASSA-PSS with SHA-384 (an RSA key).
    Ps384,
    /// RSASSA-PSS with SHA-512 (an RSA key).
    Ps512,
    /// ECDSA on P-256 with SHA-256 (an EC key).
    Es256,
    /// ECDSA on P-384 with SHA-384 (an EC key).
    Es384,
    /// Ed25519 (an Ed25519 key).
    EdDsa,
}

impl JwtAlgorithm {
    /// The name in a JWT header (`RS256`).
    pub fn name(self) -> &'static str {
        match self {
            JwtAlgorithm::Rs256 => "RS256",
            JwtAlgorithm::Rs384 => "RS384",
            JwtAlgorithm::Rs512 => "RS512",
            JwtAlgorithm::Ps256 => "PS256",
            JwtAlgorithm::Ps384 => "PS384",
            JwtAlgorithm::Ps512 => "PS512",
            JwtAlgorithm::Es256 => "ES256",
            JwtAlgorithm::Es384 => "ES384",
            JwtAlgorithm::EdDsa => "EdDSA",
        }
    }

    fn jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        use jsonwebtoken::Algorithm as A;
        match self {
            JwtAlgorithm::Rs256 => A::RS256,
            JwtAlgorithm::Rs384 => A::RS384,
            JwtAlgorithm::Rs512 => A::RS512,
            JwtAlgorithm::Ps256 => A::PS256,
            JwtAlgorithm::Ps384 => A::PS384,
            JwtAlgorithm::Ps512 => A::PS512,
            JwtAlgorithm::Es256 => A::ES256,
            JwtAlgorithm::Es384 => A::ES384,
            JwtAlgorithm::EdDsa => A::EdDSA,
        }
    }

    /// The key in PEM: RSA (PKCS#1 or PKCS#8), EC (PKCS#8) or Ed25519 (PKCS#8).
    fn key(self, pem: &[u8]) -> Result<jsonwebtoken::EncodingKey, CredentialError> {
        use jsonwebtoken::EncodingKey;
        let (key, kind) = match self {
            JwtAlgorithm::Rs256
            | JwtAlgorithm::Rs384
            | JwtAlgorithm::Rs512
            | JwtAlgorithm::Ps256
            | JwtAlgorithm::Ps384
            | JwtAlgorithm::Ps512 => (EncodingKey::from_rsa_pem(pem), "an RSA"),
            JwtAlgorithm::Es256 | JwtAlgorithm::Es384 => (EncodingKey::from_ec_pem(pem), "an EC"),
            JwtAlgorithm::EdDsa => (EncodingKey::from_ed_pem(pem), "an Ed25519"),
        };
        key.map_err(|e| {
            CredentialError::new(format!(
                "the private key for {} is not {kind} private key in PEM ({e})",
                self.name()
            ))
        })
    }
}

impl fmt::Display for JwtAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Signs JWTs with a private key: the claims given with [`JwtSigner::claim`], plus `iat` (now),
/// `exp` (now + the lifetime) and a random `jti`. As a [`TokenSource`] it is asked for a new
/// token only when the cached one is about to expire. `Debug` shows the algorithm, the lifetime
/// and the claim names, never the key.
#[derive(Clone)]
pub struct JwtSigner {
    algorithm: JwtAlgorithm,
    key: jsonwebtoken::EncodingKey,
    lifetime: Duration,
    claims: serde_json::Map<String, serde_json::Value>,
}

impl JwtSigner {
    /// A signer with `algorithm` and the private key `private_key_pem`, making tokens valid for
    /// `lifetime`. Fails when the key is not a PEM private key of the algorithm's kind, or the
    /// lifetime is under one second.
    pub fn new(
        algorithm: JwtAlgorithm,
        private_key_pem: &[u8],
        lifetime: Duration,
    ) -> Result<Self, CredentialError> {
        if lifetime < Duration::from_secs(1) {
            return Err(CredentialError::new(
                "the token lifetime must be at least one second",
            ));
        }
        Ok(JwtSigner {
            algorithm,
            key: algorithm.key(private_key_pem)?,
            lifetime,
            claims: serde_json::Map::new(),
        })
    }

    /// Adds (or replaces) the claim `name`. `iat`, `exp` and `jti` are the signer's own and
    /// cannot be set.
    pub fn claim(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        if !matches!(name, "iat" | "exp" | "jti") {
            self.claims.insert(name.to_string(), value.into());
        }
        self
    }

    /// The algorithm.
    pub fn algorithm(&self) -> JwtAlgorithm {
        self.algorithm
    }

    /// How long each token is valid.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A token signed at `now`.
    pub fn sign(&self, now: SystemTime) -> Result<AccessToken, CredentialError> {
        let issued = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_err(|_| CredentialError::new("the clock is before 1970"))?;
        let expires = issued.saturating_add(self.lifetime);
        let mut claims = self.claims.clone();
        claims.insert("iat".to_string(), issued.as_secs().into());
        claims.insert("exp".to_string(), expires.as_secs().into());
        claims.insert(
            "jti".to_string(),
            format!(
                "{:016x}{:016x}",
                super::retry::random_u64(),
                super::retry::random_u64()
            )
            .into(),
        );
        let header = jsonwebtoken::Header::new(self.algorithm.jsonwebtoken());
        let token = jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| {
            CredentialError::new(format!("cannot sign a {} JWT ({e})", self.algorithm))
        })?;
        Ok(AccessToken::new(
            token,
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(expires.as_secs())),
        ))
    }
}

impl TokenSource for JwtSigner {
    fn fetch(&self, now: SystemTime) -> TokenFuture<'_> {
        let token = self.sign(now);
        Box::pin(async move { token })
    }
}

impl fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtSigner")
            .field("algorithm", &self.algorithm)
            .field("lifetime", &self.lifetime)
            .field("claims", &self.claims.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}
