//! Who has which case open, so that a second officer sees a notice before editing.
//!
//! Kept in this process's memory: an open case page reports itself when it is served and
//! every [`Presence::HEARTBEAT`] seconds after (htmx polls the notice), and is forgotten
//! [`Presence::FORGET_AFTER`] seconds after its last report. With several server processes
//! each knows only its own pages; the version check on every action is what keeps two
//! officers from overwriting each other, and this notice only warns them early.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The logins that have one case open, each with when it was last seen there.
type Viewers = Vec<(String, Instant)>;

/// Who has a case open, by case number.
#[derive(Debug, Clone, Default)]
pub struct Presence {
    open: Arc<Mutex<HashMap<String, Viewers>>>,
}

impl Presence {
    /// How often an open page reports itself, in seconds.
    pub const HEARTBEAT: u64 = 15;
    /// How long after its last report a page counts as closed, in seconds.
    pub const FORGET_AFTER: u64 = 45;
    /// The most cases remembered, so that the map cannot grow without bound.
    const MAX_CASES: usize = 100_000;

    /// Records that `login` has `case` open now, and returns the others who have it open.
    pub fn seen(&self, case: &str, login: &str, now: Instant) -> Vec<String> {
        let forget = Duration::from_secs(Self::FORGET_AFTER);
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if open.len() >= Self::MAX_CASES {
            open.retain(|_, viewers| {
                viewers.retain(|(_, at)| now.saturating_duration_since(*at) < forget);
                !viewers.is_empty()
            });
        }
        let viewers = open.entry(case.to_owned()).or_default();
        viewers.retain(|(who, at)| who != login && now.saturating_duration_since(*at) < forget);
        let others = viewers.iter().map(|(who, _)| who.clone()).collect();
        viewers.push((login.to_owned(), now));
        others
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_viewer_is_told_about_the_first_until_they_leave() {
        let presence = Presence::default();
        let start = Instant::now();
        assert!(
            presence
                .seen("SH-2026-0000001", "aigerim", start)
                .is_empty()
        );
        assert_eq!(
            presence.seen("SH-2026-0000001", "daniyar", start),
            vec!["aigerim".to_owned()]
        );
        // Aigerim's own page does not warn her about herself.
        assert_eq!(
            presence.seen("SH-2026-0000001", "aigerim", start),
            vec!["daniyar".to_owned()]
        );
        let later = start + Duration::from_secs(Presence::FORGET_AFTER + 1);
        assert!(
            presence
                .seen("SH-2026-0000001", "daniyar", later)
                .is_empty()
        );
        assert!(
            presence
                .seen("SH-2026-0000002", "aigerim", later)
                .is_empty()
        );
    }
}
