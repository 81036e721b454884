/// The closest candidate to `input`, if one is close enough to be a typo.
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
        let len = input.chars().count().max(c.chars().count());
        let dist = strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase());
        let jw = strsim::jaro_winkler(&lower, &c.to_ascii_lowercase());
        // The edit distance allowed grows with the word: none for two
        // letters (country codes are all one edit apart, only case can be a
        // typo), one up to five letters (`yse`, `hgih`), then a third.
        let limit = match len {
            0..=2 => 0,
            3..=5 => 1,
            _ => len / 3,
        };
        let close = dist <= limit || (len > 5 && jw >= 0.88);
        if close && best.is_none_or(|(s, _)| jw > s) {
            best = Some((jw, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

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
}
