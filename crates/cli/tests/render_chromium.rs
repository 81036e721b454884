//! The pack as a reviewer sees it: rendered by the real binary, opened in
//! headless Chromium (Debian's `chromium`), its DOM as Chromium built it
//! checked, and a screenshot kept under `target/render/` as a CI artefact.
//!
//! Ignored by plain `cargo test` (it needs Chromium); `scripts/test.d/render.sh`
//! installs Chromium and runs it, in `.ci/run`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{dossier, repo_root, stderr};
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
    assert_eq!(text(&doc, "#composite"), "41.1");
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
