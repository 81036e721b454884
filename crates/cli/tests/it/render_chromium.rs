//! The pack and the portfolio page as a reviewer sees them: rendered by the
//! real binary, opened in headless Chromium (Debian's `chromium`), their
//! DOM as Chromium built it checked, and screenshots kept under
//! `target/render/` as CI artefacts.
//!
//! Ignored by plain `cargo test` (it needs Chromium); `scripts/test.d/render.sh`
//! installs Chromium and runs it, in `.ci/run`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{dossier, repo_root, stderr};
use scraper::{Html, Selector};

fn out_dir() -> PathBuf {
    let d = repo_root().join("target/render");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn chromium() -> Command {
    let mut c = Command::new(std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into()));
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
    ]);
    c
}

/// The DOM after Chromium loaded the page.
fn dom(page: &Path) -> Html {
    let o = chromium()
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium (apt-get install chromium)");
    assert!(
        o.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Html::parse_document(&String::from_utf8_lossy(&o.stdout))
}

fn screenshot(page: &Path, png: &Path) {
    let _ = std::fs::remove_file(png);
    let o = chromium()
        .arg("--window-size=1100,3000")
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let size = std::fs::metadata(png).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 50_000,
        "{} is {size} bytes: a blank page?",
        png.display()
    );
}

fn render(file: &str) -> PathBuf {
    let out = out_dir();
    let o = dossier(&[
        "render",
        file,
        "--today",
        "2026-11-24",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let name = dossier_report::fallback_name(file);
    out.join(format!("{name}.html"))
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(doc: &Html, css: &str) -> String {
    select(doc, css)
        .first()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

#[test]
#[ignore = "needs chromium: run by scripts/test.d/render.sh"]
fn the_example_pack_in_chromium() {
    let page = render("examples/alibaba-cloud.dossier.yaml");
    let doc = dom(&page);
    assert_eq!(text(&doc, "#composite"), "52.1");
    assert_eq!(text(&doc, "#band"), "elevated");
    assert_eq!(text(&doc, "#vendor"), "Alibaba Cloud");
    // Eight bars, each drawn, each a link to its dimension's contributions.
    let bars = select(&doc, "#chart a > g.bar");
    assert_eq!(bars.len(), 8);
    for bar in &bars {
        assert_eq!(bar.select(&Selector::parse("rect").unwrap()).count(), 1);
        let href = bar
            .parent()
            .and_then(scraper::ElementRef::wrap)
            .unwrap()
            .attr("href")
            .unwrap();
        assert!(
            !select(&doc, href).is_empty(),
            "bar link {href} lands nowhere"
        );
    }
    // Every cited source has its document linked, and every citation in the
    // page links to its source.
    let example =
        std::fs::read_to_string(repo_root().join("examples/alibaba-cloud.dossier.yaml")).unwrap();
    let parsed = dossier_syntax::parse(&example);
    let root = parsed.root.unwrap();
    let view = dossier_schema::view::DossierView::new(&root);
    let cited: std::collections::BTreeSet<&str> =
        view.all_citations().iter().map(|c| c.text).collect();
    assert!(cited.len() > 10);
    for id in &cited {
        let row = format!("#src-{id}");
        let link = select(&doc, &format!("{row} a.source-link"));
        assert_eq!(link.len(), 1, "source {id} is not linked");
        assert!(link[0].attr("href").unwrap().starts_with("https://"));
        assert!(
            !select(&doc, &format!("a.cite[href='#src-{id}']")).is_empty(),
            "no citation links to {id}"
        );
    }
    // Every internal link lands on an element.
    let mut internal = 0;
    for a in select(&doc, "a[href^='#']") {
        let href = a.attr("href").unwrap();
        assert!(
            !select(&doc, &format!("[id='{}']", &href[1..])).is_empty(),
            "dangling {href}"
        );
        internal += 1;
    }
    assert!(internal > 200);
    // Attestations, findings, crosswalks, questions, diagnostics are there.
    assert!(text(&doc, "#attestations").contains("33 controls examined"));
    assert_eq!(select(&doc, "#owasp tbody tr").len(), 10);
    assert_eq!(select(&doc, "#nist tbody tr").len(), 4);
    assert_eq!(select(&doc, "#nist .cats li").len(), 19);
    assert!(select(&doc, "#questions tbody tr").len() >= 12);
    assert!(!select(&doc, "#diagnostics tbody tr").is_empty());
    assert!(select(&doc, "script").is_empty());
    screenshot(&page, &out_dir().join("alibaba-cloud.png"));
}

#[test]
#[ignore = "needs chromium: run by scripts/test.d/render.sh"]
fn a_hostile_dossier_is_inert_in_chromium() {
    let page = render("crates/report/tests/fixtures/hostile.dossier.yaml");
    let doc = dom(&page);
    assert!(select(&doc, "script, iframe, img, object, embed").is_empty());
    for a in select(&doc, "a[href]") {
        let href = a.attr("href").unwrap();
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("http://"),
            "{href}"
        );
    }
    for el in select(&doc, "*") {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "<{} {name}>", el.value().name());
        }
    }
    // The attempts are there as text.
    assert!(text(&doc, "#vendor").contains("<script>alert('vendor')</script>"));
    assert!(text(&doc, "#sources").contains("javascript:alert(document.cookie)"));
    screenshot(&page, &out_dir().join("hostile.png"));
}

/// `dossier render DIR -o OUT`: the portfolio page lists every dossier,
/// highest composite first; every link lands on a pack written next to it
/// or on an element of the page; the due list is `dossier due --within
/// 90d`'s.
#[test]
#[ignore = "needs chromium: run by scripts/test.d/render.sh"]
fn the_portfolio_page_in_chromium() {
    const DIR: &str = "crates/cli/tests/fixtures/portfolio";
    let out = out_dir().join("portfolio");
    let _ = std::fs::remove_dir_all(&out);
    let o = dossier(&[
        "render",
        DIR,
        "--today",
        "2026-11-24",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = out.join("index.html");
    let doc = dom(&page);
    // One inline script, allowed by its hash, never by 'unsafe-inline'.
    assert_eq!(select(&doc, "script").len(), 1);
    let csp = select(&doc, "meta[http-equiv='Content-Security-Policy']")[0]
        .attr("content")
        .unwrap()
        .to_string();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    // The script ran (Chromium honoured the hash): the controls are shown.
    assert!(select(&doc, "form#controls[hidden]").is_empty());

    // Every vendor, once.
    let rows = select(&doc, "#vendors tbody tr");
    let mut vendors: Vec<String> = rows
        .iter()
        .map(|r| {
            r.select(&Selector::parse(".pack").unwrap())
                .next()
                .unwrap()
                .text()
                .collect()
        })
        .collect();
    vendors.sort();
    assert_eq!(
        vendors,
        [
            "Acme Cloud",
            "Globex AI",
            "Initech \"R&D\" <GmbH>",
            "broken",
            "notes"
        ]
    );

    // Ordered by score, highest first; the unscored file last.
    let scores: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r.attr("data-composite").unwrap().parse().ok())
        .collect();
    let scored: Vec<f64> = scores.iter().map_while(|s| *s).collect();
    assert_eq!(scored.len(), 4, "{scores:?}");
    assert!(scored.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores[4].is_none(), "{scores:?}");
    for r in &rows {
        let shown: String = r
            .select(&Selector::parse("td.score .chip").unwrap())
            .next()
            .unwrap()
            .text()
            .collect();
        if let Some(c) = r.attr("data-composite").filter(|c| !c.is_empty()) {
            assert_eq!(shown, c);
        }
    }

    // Every link resolves: to a pack file next to the page, or to an id.
    let mut packs = 0;
    for a in select(&doc, "a[href]") {
        let href = a.attr("href").unwrap();
        if let Some(id) = href.strip_prefix('#') {
            assert!(
                !select(&doc, &format!("[id='{id}']")).is_empty(),
                "dangling {href}"
            );
        } else {
            let name = href
                .strip_prefix("./")
                .unwrap_or_else(|| panic!("not a relative link: {href}"));
            assert!(!name.contains('%') && !name.contains('/'), "{href}");
            assert!(out.join(name).is_file(), "{href} is not a written pack");
            packs += 1;
        }
    }
    assert!(packs >= 5, "{packs} links to packs");

    // The due list: `dossier due --within 90d`'s events, grouped per
    // vendor (each vendor's group holds as many events as it lists).
    let o = dossier(&[
        "due",
        DIR,
        "--today",
        "2026-11-24",
        "--within",
        "90d",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let due: serde_json::Value = serde_json::from_str(&crate::common::stdout(&o)).unwrap();
    let mut want: std::collections::BTreeMap<String, usize> = Default::default();
    for e in due["events"].as_array().unwrap() {
        *want
            .entry(e["file"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let mut got: std::collections::BTreeMap<String, usize> = Default::default();
    for group in select(&doc, "#due tbody.vendor") {
        let file = group.attr("data-file").unwrap().to_string();
        let counted: usize = group
            .select(&Selector::parse("tr[data-count]").unwrap())
            .map(|r| r.attr("data-count").unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(
            counted,
            group.attr("data-events").unwrap().parse::<usize>().unwrap()
        );
        got.insert(file, counted);
    }
    assert!(want.values().sum::<usize>() >= 4, "{want:?}");
    assert_eq!(got, want);
    // Overdue rows say so.
    for r in select(&doc, "#due tbody tr.overdue") {
        assert!(r.attr("data-days").unwrap().starts_with('-'));
        assert!(r.text().collect::<String>().contains("overdue by"));
    }

    // The band chart counts every dossier.
    let counted: usize = select(&doc, "#band-chart g.bar")
        .iter()
        .map(|g| g.attr("data-count").unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, 5);
    screenshot(&page, &out_dir().join("portfolio.png"));
}

fn dom_at(page: &Path, fragment: &str, width: u32, height: u32) -> Html {
    let o = chromium()
        .arg(format!("--window-size={width},{height}"))
        .arg("--virtual-time-budget=2000")
        .arg("--dump-dom")
        .arg(format!("file://{}#{fragment}", page.display()))
        .output()
        .expect("run chromium (apt-get install chromium)");
    assert!(
        o.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Html::parse_document(&String::from_utf8_lossy(&o.stdout))
}

fn visible_vendors(doc: &Html) -> Vec<String> {
    select(doc, "#vendors tbody tr:not([hidden])")
        .iter()
        .map(|r| {
            r.select(&Selector::parse(".pack").unwrap())
                .next()
                .unwrap()
                .text()
                .collect()
        })
        .collect()
}

/// The vendor table is the first thing on the page (in the first screen
/// of a 1280×800 window, measured by the page's own script), and sorting
/// and filtering work in the browser (driven through the address, which
/// the page keeps its state in).
#[test]
#[ignore = "needs chromium: run by scripts/test.d/render.sh"]
fn the_portfolio_table_is_above_the_fold_and_sorts_and_filters() {
    const DIR: &str = "crates/cli/tests/fixtures/portfolio";
    let out = out_dir().join("portfolio-programme");
    let _ = std::fs::remove_dir_all(&out);
    let o = dossier(&[
        "render",
        DIR,
        "crates/cli/tests/fixtures/programme",
        "--today",
        "2026-11-24",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = out.join("index.html");
    let doc = dom_at(&page, "", 1280, 800);
    let root = select(&doc, "html")[0];
    let top: i64 = root.attr("data-table-top").unwrap().parse().unwrap();
    assert!(top < 300, "the vendor table starts {top}px down");
    // Sorted by vendor name, ascending.
    let doc = dom_at(&page, "sort=vendor&dir=asc", 1280, 800);
    let names = visible_vendors(&doc);
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 7);
    // By errors, most first.
    let doc = dom_at(&page, "sort=errors&dir=desc", 1280, 800);
    let errors: Vec<i64> = select(&doc, "#vendors tbody tr")
        .iter()
        .map(|r| r.attr("data-errors").unwrap().parse().unwrap())
        .collect();
    assert!(errors.windows(2).all(|w| w[0] >= w[1]), "{errors:?}");
    // Filtered: text, tier, status.
    let doc = dom_at(&page, "q=volga", 1280, 800);
    assert_eq!(visible_vendors(&doc), ["Volga Speech"]);
    assert!(text(&doc, "#shown").starts_with("1 of 7"));
    let doc = dom_at(&page, "tier=4", 1280, 800);
    assert_eq!(visible_vendors(&doc).len(), 1);
    let doc = dom_at(&page, "status=active", 1280, 800);
    assert_eq!(visible_vendors(&doc), ["Volga Speech"]);
    screenshot(&page, &out_dir().join("portfolio-programme.png"));
}

/// `render DIR --history N`: a sparkline per vendor and the bands over
/// time, in Chromium.
#[test]
#[ignore = "needs chromium: run by scripts/test.d/render.sh"]
fn history_sparklines_in_chromium() {
    let repo = crate::programme::history_repo();
    let out = out_dir().join("portfolio-history");
    let _ = std::fs::remove_dir_all(&out);
    let o = crate::common::dossier_in(
        repo.path(),
        &[
            "render",
            "vendors",
            "--today",
            "2026-11-24",
            "--history",
            "12",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let page = out.join("index.html");
    let doc = dom_at(&page, "", 1280, 800);
    let rows = select(&doc, "#vendors tbody tr");
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(r.select(&Selector::parse("svg.spark").unwrap()).count(), 1);
    }
    // Acme's line has a point per commit and now.
    let acme = select(&doc, "#vendors tbody tr")
        .into_iter()
        .find(|r| r.text().collect::<String>().contains("Acme"))
        .unwrap();
    let spark = acme
        .select(&Selector::parse("svg.spark").unwrap())
        .next()
        .unwrap();
    assert_eq!(spark.attr("data-points").unwrap().split(" → ").count(), 4);
    assert_eq!(
        acme.select(&Selector::parse("svg.spark polyline").unwrap())
            .count(),
        1
    );
    assert_eq!(select(&doc, "#band-history g.column").len(), 4);
    assert!(text(&doc, "#changes h2").contains("What changed since 2026-06-01"));
    screenshot(&page, &out_dir().join("portfolio-history.png"));
}

#[allow(dead_code)]
#[path = "../../benches/corpus/mod.rs"]
mod corpus;

/// `n` generated dossiers (the benches' corpus: every catalogue fact,
/// sources, an attestation, findings, twelve questions) rendered with
/// `-o`; the portfolio page and its size in bytes.
fn generated_portfolio(n: usize) -> (tempfile::TempDir, PathBuf, u64) {
    let dir = tempfile::tempdir().unwrap();
    let vendors = dir.path().join("vendors");
    std::fs::create_dir(&vendors).unwrap();
    for i in 0..n {
        std::fs::write(
            vendors.join(format!("vendor-{i:05}.dossier.yaml")),
            corpus::generate(i),
        )
        .unwrap();
    }
    let o = crate::common::dossier_in(
        dir.path(),
        &["render", "vendors", "--today", "2026-11-24", "-o", "out"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let page = dir.path().join("out/index.html");
    let size = std::fs::metadata(&page).unwrap().len();
    (dir, page, size)
}

/// The portfolio page at 1,000 vendors (issue 28): the vendor table is
/// still in the first screen, every vendor has its row, and the page
/// grows linearly: each vendor past the first adds about as many bytes
/// at 1,000 vendors as at 22.
#[test]
#[ignore = "needs chromium: run by scripts/test.d/render.sh"]
fn the_portfolio_page_at_1000_vendors_in_chromium() {
    let (_one, _, one) = generated_portfolio(1);
    let (_small, _, small) = generated_portfolio(22);
    let (big_dir, page, big) = generated_portfolio(1000);
    let per_vendor_small = (small - one) as f64 / 21.0;
    let per_vendor_big = (big - one) as f64 / 999.0;
    let ratio = per_vendor_big / per_vendor_small;
    println!(
        "portfolio page: 1 vendor {one} B, 22 vendors {small} B ({per_vendor_small:.0} B per added vendor), 1,000 vendors {big} B ({per_vendor_big:.0} B per added vendor), ratio {ratio:.2}"
    );
    assert!(
        (0.75..=1.33).contains(&ratio),
        "not linear: {per_vendor_small:.0} B per vendor at 22, {per_vendor_big:.0} B at 1,000"
    );

    let doc = dom_at(&page, "", 1280, 800);
    assert_eq!(select(&doc, "#vendors tbody tr").len(), 1000);
    let top: i64 = select(&doc, "html")[0]
        .attr("data-table-top")
        .unwrap()
        .parse()
        .unwrap();
    assert!(top < 300, "the vendor table starts {top}px down");
    // Filtering still works at this size.
    let doc = dom_at(&page, "q=vendor%20999%20ai", 1280, 800);
    assert_eq!(visible_vendors(&doc), ["Vendor 999 AI"]);
    screenshot(&page, &out_dir().join("portfolio-1000.png"));
    drop(big_dir);
}
