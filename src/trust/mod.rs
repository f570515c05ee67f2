//! Trust, verified rather than decoded: public keys and the signatures they make (`key`), the
//! keys a user gives (`keys`), and JWT signatures as the Kubernetes API server checks them
//! (`jws`). Pure like the rest of the engine: keys come in as text, nothing is ever fetched
//! (not from a token's `iss`, `jku` or `x5u` either).

pub mod jws;
pub mod key;
pub mod keys;

pub use jws::Cache;
pub use keys::Keys;

/// What the engine is given besides the input and the settings: keys to verify tokens with, and
/// the cache of verifications already made with them.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub keys: Keys,
    pub cache: Cache,
}

impl Evidence {
    /// Nothing given: signatures stay unchecked.
    pub fn none() -> Evidence {
        Evidence::default()
    }

    /// Keys read from `text` (a JWKS, a JWK, or PEM).
    pub fn with_keys(text: &str) -> Evidence {
        Evidence {
            keys: Keys::parse(text),
            cache: Cache::default(),
        }
    }
}
