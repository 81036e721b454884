//! Escaping: nothing a dossier contains may become markup.
//!
//! Hand-written because it is a dozen lines and must be exactly this: every
//! character that means something to HTML (or to GitHub-flavoured Markdown)
//! is replaced, and only `http(s)` URLs ever become links.

/// Text or an attribute value for HTML: `& < > " '` become entities, bidi
/// controls and zero-width characters a visible `\u{202e}`.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A bidi control would reorder the title or the score line
            // (the text is not markup, but it lies): a visible escape.
            c if dossier_syntax::display::is_invisible_format(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// A URL that may become a link: `http:` or `https:` only (so never
/// `javascript:`, `data:` or a relative path), without control characters
/// or whitespace.
pub fn link_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    // Bidi controls and zero-width characters make the link's text lie
    // about where it goes (`https://evil\u{202e}moc.elgoog`): no link.
    let clean = !u.chars().any(|c| {
        c.is_control() || c.is_whitespace() || dossier_syntax::display::is_invisible_format(c)
    });
    (scheme_ok && clean && u.len() > "https://".len()).then_some(u)
}

/// An HTML id (and `#fragment`) for any string: ASCII letters, digits, `-`
/// and `.` kept, everything else as `_XX` hex, so ids never need escaping
/// and never collide with each other.
pub fn anchor(prefix: &str, s: &str) -> String {
    let mut out = String::from(prefix);
    out.push('-');
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' => out.push(b as char),
            _ => out.push_str(&format!("_{b:02X}")),
        }
    }
    out
}

/// The characters a file name keeps in a relative link: letters, digits
/// and `-._~` (RFC 3986 unreserved); everything else is percent-encoded.
const PAGE_NAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A link to a page next to this one, from its file name: `./` and the
/// percent-encoded name, so no name (`javascript:x.html`, `#a.html`,
/// `a b?.html`) can become a scheme, a fragment, a query or another folder.
pub fn page_href(name: &str) -> String {
    format!(
        "./{}",
        percent_encoding::utf8_percent_encode(name, PAGE_NAME)
    )
}

/// Inline text for GitHub-flavoured Markdown: one implementation, shared
/// with `dossier diff` (see `dossier_review::escape_markdown`).
pub use dossier_review::escape_markdown as markdown;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_markup_character() {
        assert_eq!(
            html(r#"<script>alert("x")</script> & 'q'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"
        );
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            link_url("https://example.com/a?b=c"),
            Some("https://example.com/a?b=c")
        );
        assert_eq!(
            link_url("  HTTP://example.com "),
            Some("HTTP://example.com")
        );
        assert_eq!(link_url("javascript:alert(1)"), None);
        assert_eq!(link_url("JaVaScRiPt:alert(1)"), None);
        assert_eq!(link_url("data:text/html,<script>"), None);
        assert_eq!(link_url("//evil.example"), None);
        assert_eq!(
            link_url("https://a.example/\"onmouseover=x"),
            Some("https://a.example/\"onmouseover=x")
        );
        assert_eq!(link_url("https://a b"), None);
        assert_eq!(link_url("https://evil\u{202e}moc.elgoog"), None);
        assert_eq!(link_url("https://exa\u{200b}mple.com"), None);
        assert_eq!(link_url("https://"), None);
    }

    #[test]
    fn anchors_are_plain_and_distinct() {
        assert_eq!(anchor("src", "trust-center"), "src-trust-center");
        assert_eq!(anchor("src", "a\"><script>"), "src-a_22_3E_3Cscript_3E");
        assert_ne!(anchor("src", "a b"), anchor("src", "a_b"));
    }

    #[test]
    fn page_links_stay_next_to_the_page() {
        assert_eq!(page_href("acme-cloud.html"), "./acme-cloud.html");
        assert_eq!(
            page_href("javascript:alert(1).html"),
            "./javascript%3Aalert%281%29.html"
        );
        assert_eq!(page_href("a b#c?.html"), "./a%20b%23c%3F.html");
        assert_eq!(page_href("../x/y.html"), "./..%2Fx%2Fy.html");
        assert_eq!(page_href("通知.html"), "./%E9%80%9A%E7%9F%A5.html");
    }

    #[test]
    fn markdown_text_is_inert() {
        let s = markdown("**bold** [x](javascript:alert(1)) <img src=x> | @team\n# h");
        assert!(!s.contains("<img"));
        assert!(!s.contains("](javascript"));
        assert!(!s.contains("@team"));
        assert!(!s.contains('\n'));
        assert!(s.contains("\\|"));
        assert_eq!(markdown("Acme AI"), "Acme AI");
    }
}
