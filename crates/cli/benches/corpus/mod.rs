//! The generated corpus the benches share: realistic dossiers (every
//! catalogue fact in full form, cited; sources, an attestation, findings,
//! twelve questions).

use dossier_schema::catalogue::{Domain, FACTS, SECTIONS};

fn value_for(domain: Domain, i: usize) -> String {
    match domain {
        Domain::Country => ["DE", "US", "CN", "FR", "SG"][i % 5].into(),
        Domain::Countries => "[DE, FR, SG]".into(),
        Domain::Url => format!("https://vendor{i}.example.com/terms"),
        Domain::Text => "free text".into(),
        Domain::Integer => format!("{}", 30 + i % 300),
        _ => {
            let words = domain.words().unwrap();
            words[i % (words.len() - 1)].to_string()
        }
    }
}

/// A realistic dossier: every catalogue fact in full form, cited; sources,
/// an attestation, findings and the twelve baseline questions.
pub fn generate(n: usize) -> String {
    let mut s = format!(
        "# generated dossier {n}\ndossier: 1\nvendor:\n  name: Vendor {n} AI\n  kind: model_host\n  headquarters: {{country: {hq}, city: Somewhere}}\n  parent: Group {parent}\n  founded: 2015\nassessment:\n  analyst: bench\n  as_of: 2026-10-01\n  profile: default-balanced\n  rating: caution\n  summary: |\n    Generated for the benchmark. Line two of the summary.\nsources:\n",
        hq = ["DE", "US", "CN", "FR", "SG"][n % 5],
        parent = n % 7,
    );
    for k in 0..8 {
        s.push_str(&format!(
            "  src-{k}:\n    url: https://vendor{n}.example.com/doc/{k}\n    title: Document {k} of vendor {n} — 通知 😀\n    kind: vendor_disclosure\n    retrieved: 2026-09-{:02}\n    verified_by: bench\n    quote: \"A quoted passage from document {k}.\"\n",
            1 + k
        ));
    }
    s.push_str("facts:\n");
    for sec in SECTIONS {
        s.push_str(&format!("  {}:\n", sec.name));
        for (i, f) in FACTS.iter().filter(|f| f.section == sec.name).enumerate() {
            s.push_str(&format!(
                "    {}:\n      value: {}\n      cite: [src-{}, src-{}]\n      as_of: 2026-08-01\n      detail: detail for {}\n",
                f.key,
                value_for(f.domain, n + i),
                (n + i) % 8,
                (n + i + 3) % 8,
                f.key
            ));
        }
    }
    // Expiries spread over the months ahead, so the portfolio's due list
    // has something to show.
    s.push_str(&format!("attestations:\n  - id: coc\n    scheme: eu_cloud_coc\n    level: 2\n    issued: 2026-06\n    valid_until: 2027-0{}\n    controls_examined: [5.1.A, 5.1.D, 6.2.P]\n    cite: src-0\nfindings:\n", 1 + n % 9));
    for k in 0..5 {
        s.push_str(&format!(
            "  - id: finding-{k}\n    title: Finding {k}\n    stance: concern\n    severity: medium\n    dimension: jurisdiction\n    text: A finding about the vendor.\n    cite: [src-{k}]\n    owasp: [LLM02:2025]\n    nist: [GOVERN 6]\n"
        ));
    }
    s.push_str("questions:\n");
    for q in 1..=12 {
        s.push_str(&format!(
            "  - id: Q{q:02}\n    ask: Question {q}?\n    status: open\n"
        ));
    }
    s
}
