//! Evidence files: sources that cite a file in the repository (`file:`,
//! relative to the dossier) and pin it by `sha256`. The engine reads no
//! disk; this module finds and hashes the files, and hands the digests to
//! the analysis.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

/// The SHA-256 of bytes, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

pub use dossier_analysis::EvidenceFile;

/// The repository a dossier belongs to: the nearest folder above it with a
/// `.git`, or else the dossier's own folder.
pub fn repository_root(dossier_dir: &Path) -> PathBuf {
    let mut at = Some(dossier_dir);
    while let Some(dir) = at {
        if dir.join(".git").exists() {
            return dir.to_path_buf();
        }
        at = dir.parent();
    }
    dossier_dir.to_path_buf()
}

/// Find and hash the file a `file:` source names, relative to the folder
/// of the dossier at `dossier`. A path that is absolute, or that leaves
/// the repository by `..` or through a symbolic link, is refused without
/// reading anything.
pub fn evidence_file(dossier: &Path, relative: &str) -> EvidenceFile {
    let rel = Path::new(relative);
    if relative.is_empty()
        || rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return EvidenceFile::Outside("an absolute path: give it relative to the dossier".into());
    }
    let dir = match dossier
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| std::fs::canonicalize(p).ok())
    {
        Some(d) => d,
        None => return EvidenceFile::Missing("the dossier's folder cannot be read".into()),
    };
    let root = repository_root(&dir);
    let joined = dir.join(rel);
    let real = match std::fs::canonicalize(&joined) {
        Ok(r) => r,
        Err(e) => {
            // Not there: say whether the path would leave the repository.
            let mut depth: i64 = dir
                .strip_prefix(&root)
                .map(|p| p.components().count() as i64)
                .unwrap_or(0);
            for c in rel.components() {
                match c {
                    Component::ParentDir => depth -= 1,
                    Component::Normal(_) => depth += 1,
                    _ => {}
                }
                if depth < 0 {
                    return EvidenceFile::Outside("the path leaves the repository".into());
                }
            }
            return EvidenceFile::Missing(crate::io_reason(&e));
        }
    };
    if !real.starts_with(&root) {
        return EvidenceFile::Outside(
            "the path leaves the repository (through `..` or a symbolic link)".into(),
        );
    }
    let meta = match std::fs::metadata(&real) {
        Ok(m) => m,
        Err(e) => return EvidenceFile::Missing(crate::io_reason(&e)),
    };
    if !meta.is_file() {
        return EvidenceFile::Missing("not a regular file".into());
    }
    let mut file = match std::fs::File::open(&real) {
        Ok(f) => f,
        Err(e) => return EvidenceFile::Missing(crate::io_reason(&e)),
    };
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) => return EvidenceFile::Missing(crate::io_reason(&e)),
        }
    }
    EvidenceFile::Found {
        sha256: hex(&hasher.finalize()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_like_sha256sum() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn finds_refuses_and_misses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::create_dir(dir.path().join("evidence")).unwrap();
        std::fs::write(dir.path().join("evidence/a.pdf"), b"abc").unwrap();
        let dossier = dir.path().join("acme.dossier.yaml");
        assert_eq!(
            evidence_file(&dossier, "evidence/a.pdf"),
            EvidenceFile::Found {
                sha256: sha256_hex(b"abc")
            }
        );
        assert!(matches!(
            evidence_file(&dossier, "evidence/b.pdf"),
            EvidenceFile::Missing(_)
        ));
        assert!(matches!(
            evidence_file(&dossier, "../outside.pdf"),
            EvidenceFile::Outside(_)
        ));
        assert!(matches!(
            evidence_file(&dossier, "/etc/passwd"),
            EvidenceFile::Outside(_)
        ));
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("secret"), b"x").unwrap();
            std::os::unix::fs::symlink(
                outside.path().join("secret"),
                dir.path().join("evidence/link.pdf"),
            )
            .unwrap();
            assert!(matches!(
                evidence_file(&dossier, "evidence/link.pdf"),
                EvidenceFile::Outside(_)
            ));
        }
    }
}
