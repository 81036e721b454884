fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let p = dossier_syntax::parse(&text);
    for e in &p.errors {
        println!("SYNTAX {:?} {}", e.range, e.message);
    }
    if let Some(root) = &p.root {
        let doc = dossier_schema::to_json(root);
        for i in dossier_schema::validate(&doc, None) {
            println!(
                "SCHEMA {:?} {:?} {} {:?}",
                i.range,
                &text[i.range.start..i.range.end],
                i.message,
                i.replacement.map(|r| r.text)
            );
        }
    }
}
