//! index.html names every module and font the first screen needs, so WebKit fetches them all at
//! once instead of discovering them import by import (scripts/bench's launch breakdown: HTML to
//! DOMContentLoaded went from about 135 ms to 60 ms). A module added without its preload still
//! works, only slower; this test says which line to add.

use std::fs;
use std::path::Path;

use kiosk_tests::root;

fn files(dir: &Path, ext: &str, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("read ui/") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            let rel = path.strip_prefix(root().join("ui")).expect("under ui/");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn index_html_preloads_every_module_and_font() {
    let html = fs::read_to_string(root().join("ui/index.html")).expect("ui/index.html");
    let mut modules = Vec::new();
    files(&root().join("ui/js"), "js", &mut modules);
    let mut fonts = Vec::new();
    files(&root().join("ui/fonts"), "ttf", &mut fonts);
    assert!(
        modules.len() > 5 && !fonts.is_empty(),
        "found {modules:?} and {fonts:?}"
    );

    let mut missing = Vec::new();
    for m in modules.iter().filter(|m| *m != "js/main.js") {
        let line = format!(r#"<link rel="modulepreload" href="{m}">"#);
        if !html.contains(&line) {
            missing.push(line);
        }
    }
    for f in &fonts {
        let line = format!(r#"<link rel="preload" href="{f}" as="font" type="font/ttf" crossorigin>"#);
        if !html.contains(&line) {
            missing.push(line);
        }
    }
    assert!(
        missing.is_empty(),
        "add to ui/index.html's <head>:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_preload_names_a_file_that_exists() {
    let html = fs::read_to_string(root().join("ui/index.html")).expect("ui/index.html");
    for part in html.split("<link ").skip(1) {
        if !part.contains("preload") {
            continue;
        }
        let href = part
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .expect("a preload has an href");
        assert!(
            root().join("ui").join(href).is_file(),
            "ui/index.html preloads {href}, which is not in ui/"
        );
    }
}
