fn dump(n: tree_sitter::Node, src: &[u8], depth: usize) {
    let t = if n.child_count() == 0 {
        format!("{:?}", n.utf8_text(src).unwrap_or("?"))
    } else {
        String::new()
    };
    let f = "";
    println!(
        "{}{}{} [{}..{}] {}{}",
        "  ".repeat(depth),
        f,
        n.kind(),
        n.start_byte(),
        n.end_byte(),
        t,
        if n.is_missing() { " MISSING" } else { "" }
    );
    let mut c = n.walk();
    for (i, ch) in n.children(&mut c).enumerate() {
        if let Some(fname) = n.field_name_for_child(i as u32) {
            print!("{}<{}>", "  ".repeat(depth + 1), fname);
            println!();
        }
        dump(ch, src, depth + 1);
    }
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read(path).unwrap();
    let mut p = tree_sitter::Parser::new();
    p.set_language(&tree_sitter_yaml::LANGUAGE.into()).unwrap();
    let t = p.parse(&src, None).unwrap();
    dump(t.root_node(), &src, 0);
}
