//! Each channel client's rate limit: a token bucket per client, in memory.
//!
//! A client may submit `rate_per_minute` appeals in a burst, and then one more each time a
//! minute's share (60 / rate seconds) has passed. Buckets live in this process only: behind
//! several replicas, each replica allows the client its rate, so a deployment that must
//! enforce one rate across replicas divides it among them.

use sheshim_store::ClientId;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The buckets of every client seen since the server started.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    buckets: Mutex<HashMap<ClientId, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Requests the client may still make now; fractions accrue between requests.
    tokens: f64,
    /// When `tokens` was last brought up to date.
    at: Instant,
}

impl RateLimiter {
    /// Takes one request from `client`'s bucket at `now`, or says how long until one can be
    /// taken.
    pub(crate) fn take(
        &self,
        client: ClientId,
        rate_per_minute: u32,
        now: Instant,
    ) -> Result<(), Duration> {
        let capacity = f64::from(rate_per_minute.max(1));
        let per_second = capacity / 60.0;
        // A poisoned lock only means another request panicked while holding it; the buckets
        // are plain numbers that stay usable.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_rate_then_one_per_share_of_a_minute() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        let client = ClientId(1);
        for _ in 0..6 {
            assert!(limiter.take(client, 6, start).is_ok());
        }
        let wait = limiter.take(client, 6, start).unwrap_err();
        assert!((9.9..=10.0).contains(&wait.as_secs_f64()), "{wait:?}");
        assert!(
            limiter
                .take(client, 6, start + Duration::from_secs(5))
                .is_err()
        );
        assert!(
            limiter
                .take(client, 6, start + Duration::from_secs(10))
                .is_ok()
        );
        assert!(
            limiter
                .take(client, 6, start + Duration::from_secs(10))
                .is_err()
        );
        // Another client has a bucket of its own.
        assert!(limiter.take(ClientId(2), 6, start).is_ok());
        // An idle client's bucket fills up to its rate, not beyond.
        let later = start + Duration::from_secs(3600);
        for _ in 0..6 {
            assert!(limiter.take(client, 6, later).is_ok());
        }
        assert!(limiter.take(client, 6, later).is_err());
    }
}
