//! The module graph read from the source itself: every file under `src/`,
//! every `crate::`, `super::` and `self::` path in its code (comments and
//! test modules left out), resolved to the module it names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A module path, `["compare", "costs"]`; the crate root is empty.
pub type Module = Vec<String>;

/// One source file and the module it is.
pub struct File {
    /// Relative to the repository, `src/compare/costs.rs`.
    pub path: String,
    pub module: Module,
    /// The code: comment lines blanked and test modules cut, lines kept in place.
    pub code: String,
}

/// One path in a file's code that names a module of the crate.
pub struct Import {
    pub file: String,
    pub line: usize,
    pub from: Module,
    /// The module the path lands in (the longest prefix that is a module).
    pub to: Module,
    /// The path as resolved from the crate root, `compare::costs::at_count`.
    pub path: String,
}

impl Import {
    /// `src/results/io.rs:12 uses crate::compare::costs::at_count`.
    pub fn describe(&self) -> String {
        format!("{}:{} uses crate::{}", self.file, self.line, self.path)
    }
}

/// Every non-test `.rs` file under `src/`.
pub fn files(root: &Path) -> Vec<File> {
    let mut paths = Vec::new();
    walk(&root.join("src"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter(|p| !is_test_file(p))
        .map(|p| {
            let rel = p.strip_prefix(root).expect("under the root");
            let text = std::fs::read_to_string(&p).expect("source is readable");
            File {
                path: rel.to_string_lossy().into_owned(),
                module: module_of(rel),
                code: code_of(&text),
            }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_test_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "tests.rs" || name.ends_with("_tests.rs")
}

/// `src/exec/processes/mod.rs` → `exec::processes`; `src/lib.rs` → root.
pub fn module_of(rel: &Path) -> Module {
    let mut parts: Vec<String> = rel
        .iter()
        .skip(1)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The text with comment lines blanked and `#[cfg(test)] mod … { … }` cut
/// (their lines blanked too, so line numbers stay true).
fn code_of(text: &str) -> String {
    let mut code: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    while let Some(start) = code.find("#[cfg(test)]") {
        let end = test_module_end(&code, start).unwrap_or(start + "#[cfg(test)]".len());
        let blank: String = code[start..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        code.replace_range(start..end, &blank);
    }
    code
}

/// Where the item after a `#[cfg(test)]` at `start` ends: after its matching
/// brace, or its semicolon for `mod tests;`.
fn test_module_end(code: &str, start: usize) -> Option<usize> {
    let bytes = code.as_bytes();
    let mut depth = 0usize;
    let mut i = start + "#[cfg(test)]".len();
    let mut in_str = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                b';' if depth == 0 => return Some(i + 1),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Every import of every file, resolved against the set of modules.
pub fn imports(files: &[File]) -> Vec<Import> {
    let modules: BTreeSet<Module> = files.iter().map(|f| f.module.clone()).collect();
    let mut out = Vec::new();
    for file in files {
        for (offset, base, rest) in anchors(file) {
            let line = file.code[..offset].matches('\n').count() + 1;
            for tail in expand(rest) {
                let mut full = base.clone();
                full.extend(tail);
                let to = (0..=full.len())
                    .rev()
                    .map(|n| full[..n].to_vec())
                    .find(|m| modules.contains(m))
                    .unwrap_or_default();
                out.push(Import {
                    file: file.path.clone(),
                    line,
                    from: file.module.clone(),
                    to,
                    path: full.join("::"),
                });
            }
        }
    }
    out
}

/// Each `crate::`, `super::…` or `self::` in the code: where it starts, the
/// module it is relative to, and the text after it.
fn anchors(file: &File) -> Vec<(usize, Module, &str)> {
    let code = file.code.as_str();
    let mut out = Vec::new();
    for (i, _) in code.char_indices() {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[i..];
        if let Some(tail) = rest.strip_prefix("crate::") {
            out.push((i, Vec::new(), tail));
        } else if let Some(tail) = rest.strip_prefix("self::") {
            out.push((i, file.module.clone(), tail));
        } else if rest.starts_with("super::") {
            let mut base = file.module.clone();
            let mut tail = rest;
            while let Some(t) = tail.strip_prefix("super::") {
                base.pop();
                tail = t;
            }
            out.push((i, base, tail));
        }
    }
    out
}

/// The paths one use-tree stands for: `a::{b, c::d}` → `[a, b]`, `[a, c, d]`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    tree(text, Vec::new(), &mut out);
    out
}

/// Reads one tree at the start of `text` into `out`; returns what is left.
fn tree<'a>(text: &'a str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> &'a str {
    let mut path = prefix;
    let mut rest = text.trim_start();
    loop {
        if let Some(mut inner) = rest.strip_prefix('{') {
            loop {
                inner = inner.trim_start();
                if let Some(after) = inner.strip_prefix('}') {
                    return after;
                }
                if inner.is_empty() {
                    return inner;
                }
                inner = tree(inner, path.clone(), out).trim_start();
                inner = inner.strip_prefix(',').unwrap_or(inner);
            }
        }
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (ident, after) = rest.split_at(len);
        if !ident.is_empty() && ident != "self" && ident != "*" {
            path.push(ident.to_string());
        }
        match after.strip_prefix("::") {
            Some(next) if !ident.is_empty() => rest = next.trim_start(),
            _ => {
                out.push(path);
                return skip_alias(after);
            }
        }
    }
}

/// Past ` as name` after a path, if there is one.
fn skip_alias(text: &str) -> &str {
    let t = text.trim_start();
    match t.strip_prefix("as ") {
        Some(a) => {
            let a = a.trim_start();
            let len = a
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(a.len());
            &a[len..]
        }
        None => text,
    }
}
