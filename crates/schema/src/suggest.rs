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
        if input.chars().count() <= 3 && c.chars().count() <= 3 {
            // Two-letter codes are all one edit apart: only case can be a typo.
            continue;
        }
        let dist = strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase());
        let limit = (c.len().max(input.len()) / 3).max(1);
        let jw = strsim::jaro_winkler(&lower, &c.to_ascii_lowercase());
        let close = dist <= limit || jw >= 0.88;
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
    }
}
