//! "Did you mean": the closest known word to a typo.
//!
//! [`did_you_mean`] compares against every candidate and is meant for short,
//! fixed lists (enum words, keys, rule codes). For lists that grow with the
//! file (source ids, question ids), build a [`Suggester`] once: it compares
//! each query against a bounded number of candidates, so N queries against
//! N candidates cost O(N log N), not O(N²).

use std::collections::HashMap;

/// Up to this many candidates, a [`Suggester`] compares against all of them
/// (the same answers as [`did_you_mean`]).
const SCAN_ALL: usize = 64;
/// Otherwise it compares against this many neighbours on each side of the
/// query, in the candidates sorted by their start and sorted by their end.
/// A one-place typo keeps either the part before it or the part after it,
/// so the intended word sorts close to the typo in one of the two orders.
const NEIGHBOURS: usize = 16;

/// The closest candidate to `input`, if one is close enough to be a typo.
/// Compares against every candidate: for short, fixed lists only.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = input.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(input) {
            return Some(c);
        }
        if let Some(jw) = closeness(input, &lower, c, &c.to_ascii_lowercase()) {
            if best.is_none_or(|(s, _)| jw > s) {
                best = Some((jw, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// How close `c` is to `input` (Jaro-Winkler), if close enough to be a typo.
fn closeness(input: &str, input_lower: &str, c: &str, c_lower: &str) -> Option<f64> {
    let (n_in, n_c) = (input.chars().count(), c.chars().count());
    let (short, long) = (n_in.min(n_c), n_in.max(n_c));
    // The edit distance allowed grows with the word: none for two letters
    // (country codes are all one edit apart, only case can be a typo), one
    // up to five letters (`yse`, `hgih`), then a third of the length.
    let limit = match long {
        0..=2 => 0,
        3..=5 => 1,
        _ => long / 3,
    };
    // Cheap bounds first. Jaro-Winkler is at most 0.4 + 0.6 * Jaro, and
    // Jaro at most (2 + short/long) / 3, so a match at 0.88 needs
    // short/long >= 0.4; an edit distance within `limit` needs the lengths
    // to differ by at most `limit`.
    let jw_can_match = long > 5 && short as f64 >= 0.4 * long as f64;
    let distance_can_match = long - short <= limit;
    if !jw_can_match && !distance_can_match {
        return None;
    }
    let jw = strsim::jaro_winkler(input_lower, c_lower);
    let close = (jw_can_match && jw >= 0.88)
        || (distance_can_match && strsim::damerau_levenshtein(input_lower, c_lower) <= limit);
    close.then_some(jw)
}

/// A "did you mean" index over candidates that may be many.
pub struct Suggester<'a> {
    /// Lower-cased candidate → the first candidate spelled that way.
    exact: HashMap<String, &'a str>,
    /// (lower-cased, original), sorted.
    forward: Vec<(String, &'a str)>,
    /// (lower-cased and reversed, original), sorted.
    backward: Vec<(String, &'a str)>,
    /// Answers already given, by query.
    memo: std::cell::RefCell<HashMap<String, Option<&'a str>>>,
}

impl<'a> Suggester<'a> {
    pub fn new<I>(candidates: I) -> Suggester<'a>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut exact = HashMap::new();
        let mut forward = Vec::new();
        for c in candidates {
            let lower = c.to_ascii_lowercase();
            if !exact.contains_key(&lower) {
                exact.insert(lower.clone(), c);
                forward.push((lower, c));
            }
        }
        let mut backward: Vec<(String, &'a str)> = forward
            .iter()
            .map(|(l, c)| (l.chars().rev().collect(), *c))
            .collect();
        forward.sort_unstable();
        backward.sort_unstable();
        Suggester {
            exact,
            forward,
            backward,
            memo: Default::default(),
        }
    }

    /// The closest candidate to `input`, if one is close enough to be a typo.
    pub fn suggest(&self, input: &str) -> Option<&'a str> {
        let lower = input.to_ascii_lowercase();
        if let Some(c) = self.exact.get(&lower) {
            return Some(c);
        }
        if let Some(answer) = self.memo.borrow().get(input) {
            return *answer;
        }
        let answer = if self.forward.len() <= SCAN_ALL {
            self.best(input, &lower, self.forward.iter())
        } else {
            let reversed: String = lower.chars().rev().collect();
            let near = neighbours(&self.forward, &lower)
                .iter()
                .chain(neighbours(&self.backward, &reversed));
            self.best(input, &lower, near)
        };
        self.memo.borrow_mut().insert(input.to_string(), answer);
        answer
    }

    fn best<'s>(
        &self,
        input: &str,
        lower: &str,
        candidates: impl Iterator<Item = &'s (String, &'a str)>,
    ) -> Option<&'a str>
    where
        'a: 's,
    {
        let mut best: Option<(f64, &'a str)> = None;
        for (_, c) in candidates {
            let c_lower = c.to_ascii_lowercase();
            if let Some(jw) = closeness(input, lower, c, &c_lower) {
                // Ties go to the earlier candidate in sorted order, whatever
                // order the two neighbourhoods were visited in.
                if best.is_none_or(|(s, b)| jw > s || (jw == s && *c < b)) {
                    best = Some((jw, c));
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Up to `NEIGHBOURS` entries on each side of where `key` sorts.
fn neighbours<'v, T>(sorted: &'v [(String, T)], key: &str) -> &'v [(String, T)] {
    let at = sorted.partition_point(|(k, _)| k.as_str() < key);
    &sorted[at.saturating_sub(NEIGHBOURS)..(at + NEIGHBOURS).min(sorted.len())]
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, Suggester};

    #[test]
    fn typos_and_case() {
        let c = ["soc2_type2", "soc2_type1", "iso_27001"];
        assert_eq!(did_you_mean("soc2_typ2", c), Some("soc2_type2"));
        assert_eq!(did_you_mean("ISO_27001", c), Some("iso_27001"));
        assert_eq!(did_you_mean("completely_else", c), None);
        assert_eq!(did_you_mean("Yes", ["yes", "no"]), Some("yes"));
        // Short words: one transposition or one wrong letter is a typo.
        assert_eq!(did_you_mean("yse", ["yes", "no"]), Some("yes"));
        assert_eq!(did_you_mean("YSE", ["yes", "no"]), Some("yes"));
        assert_eq!(
            did_you_mean("hgih", ["low", "medium", "high"]),
            Some("high")
        );
        assert_eq!(did_you_mean("nO", ["yes", "no"]), Some("no"));
        // ... but two-letter codes only by case.
        assert_eq!(did_you_mean("DX", ["DE", "DK"]), None);
    }

    #[test]
    fn suggester_agrees_with_the_full_scan_on_short_lists() {
        let c = ["soc2_type2", "soc2_type1", "iso_27001"];
        let s = Suggester::new(c);
        for q in ["soc2_typ2", "ISO_27001", "completely_else", "iso-27001"] {
            assert_eq!(s.suggest(q), did_you_mean(q, c), "{q}");
        }
    }

    #[test]
    fn suggester_finds_typos_among_many() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("src-{i:05}")).collect();
        let s = Suggester::new(ids.iter().map(String::as_str));
        // A typo at the start keeps the end, one at the end keeps the start.
        assert_eq!(s.suggest("scr-12345"), Some("src-12345"));
        assert_eq!(s.suggest("src-12345x"), Some("src-12345"));
        assert_eq!(s.suggest("SRC-00042"), Some("src-00042"));
        assert_eq!(s.suggest("nothing-like-these-at-all"), None);
    }
}
