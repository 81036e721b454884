//! Evidence files: sources that cite a file in the repository (`file:`,
//! relative to the dossier) and pin it by `sha256`. The engine reads no
//! disk; this module finds and hashes the files, and hands the digests to
//! the analysis.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

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
    match locate(dossier, relative) {
        Ok((real, _)) => hash_file(&real),
        Err(refused) => refused,
    }
}

/// The real path of the regular file a `file:` source names, with its
/// metadata; or why it is not read.
fn locate(dossier: &Path, relative: &str) -> Result<(PathBuf, std::fs::Metadata), EvidenceFile> {
    let rel = Path::new(relative);
    if relative.is_empty()
        || rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(EvidenceFile::Outside(
            "an absolute path: give it relative to the dossier".into(),
        ));
    }
    let dir = dossier
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| std::fs::canonicalize(p).ok())
        .ok_or_else(|| EvidenceFile::Missing("the dossier's folder cannot be read".into()))?;
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
                    return Err(EvidenceFile::Outside(
                        "the path leaves the repository".into(),
                    ));
                }
            }
            return Err(EvidenceFile::Missing(crate::io_reason(&e)));
        }
    };
    if !real.starts_with(&root) {
        return Err(EvidenceFile::Outside(
            "the path leaves the repository (through `..` or a symbolic link)".into(),
        ));
    }
    let meta = std::fs::metadata(&real).map_err(|e| EvidenceFile::Missing(crate::io_reason(&e)))?;
    if !meta.is_file() {
        return Err(EvidenceFile::Missing("not a regular file".into()));
    }
    Ok((real, meta))
}

/// The SHA-256 of a regular file, read in blocks.
fn hash_file(real: &Path) -> EvidenceFile {
    let mut file = match std::fs::File::open(real) {
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

/// The relative path from folder `from` to folder `to` (both absolute and
/// real), with `/`, empty or ending in `/`: `../vendors/`. `None` when
/// none exists (another drive) or a name on the way is not UTF-8.
pub fn relative_dir(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    fn root<'a>(c: &[Component<'a>]) -> Vec<Component<'a>> {
        c.iter()
            .take_while(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
            .copied()
            .collect()
    }
    if root(&from).is_empty() || root(&from) != root(&to) {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = String::new();
    for c in &from[common..] {
        match c {
            Component::Normal(_) => out.push_str("../"),
            Component::CurDir => {}
            _ => return None,
        }
    }
    for c in &to[common..] {
        match c {
            Component::Normal(name) => {
                out.push_str(name.to_str()?);
                out.push('/');
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// How many hashed files an [`EvidenceCache`] remembers before it starts
/// afresh.
const CACHE_FILES: usize = 4096;

/// [`evidence_file`] for a long-running process (the language server, which
/// looks the files up again on every keystroke): a file is hashed again
/// only when its real path, size or modification time changed, so typing
/// does not rehash a PDF. The path is resolved and checked on every look-up
/// (a moved, deleted or relinked file is seen at once); only the digest is
/// remembered. [`EvidenceCache::clear`] forgets every digest (a save, or a
/// file watcher's event, in case a file changed within one mtime tick).
#[derive(Default)]
pub struct EvidenceCache {
    digests: std::sync::Mutex<HashMap<PathBuf, Stamped>>,
}

struct Stamped {
    len: u64,
    modified: Option<SystemTime>,
    sha256: String,
}

impl EvidenceCache {
    pub fn new() -> EvidenceCache {
        EvidenceCache::default()
    }

    /// What [`evidence_file`] finds, from the cache when the file is
    /// unchanged.
    pub fn lookup(&self, dossier: &Path, relative: &str) -> EvidenceFile {
        let (real, meta) = match locate(dossier, relative) {
            Ok(x) => x,
            Err(refused) => return refused,
        };
        let (len, modified) = (meta.len(), meta.modified().ok());
        if let Some(s) = self.digests().get(&real) {
            if s.len == len && s.modified == modified && modified.is_some() {
                return EvidenceFile::Found {
                    sha256: s.sha256.clone(),
                };
            }
        }
        let found = hash_file(&real);
        if let EvidenceFile::Found { sha256 } = &found {
            let mut digests = self.digests();
            if digests.len() >= CACHE_FILES {
                digests.clear();
            }
            digests.insert(
                real,
                Stamped {
                    len,
                    modified,
                    sha256: sha256.clone(),
                },
            );
        }
        found
    }

    /// Forget every digest: the next look-up of each file hashes it again.
    pub fn clear(&self) {
        self.digests().clear();
    }

    /// How many files have a remembered digest.
    pub fn len(&self) -> usize {
        self.digests().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn digests(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Stamped>> {
        self.digests.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_dirs() {
        let r = |a: &str, b: &str| relative_dir(Path::new(a), Path::new(b));
        assert_eq!(r("/w/out", "/w/vendors").as_deref(), Some("../vendors/"));
        assert_eq!(r("/w", "/w").as_deref(), Some(""));
        assert_eq!(r("/w", "/w/a/b").as_deref(), Some("a/b/"));
        assert_eq!(r("/w/a/b", "/w").as_deref(), Some("../../"));
        assert_eq!(r("/", "/x").as_deref(), Some("x/"));
        assert_eq!(r("relative", "/x"), None);
    }

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

    /// The cache hashes a file once while its size and modification time
    /// stay the same (proved by changing the content behind its back with
    /// the same size and mtime), again when either changes, and after
    /// `clear`.
    #[test]
    fn the_cache_rehashes_only_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let file = dir.path().join("a.pdf");
        std::fs::write(&file, b"one").unwrap();
        let dossier = dir.path().join("acme.dossier.yaml");
        let cache = EvidenceCache::new();
        let one = EvidenceFile::Found {
            sha256: sha256_hex(b"one"),
        };
        assert_eq!(cache.lookup(&dossier, "a.pdf"), one);
        assert_eq!(cache.len(), 1);
        let stamp = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::fs::write(&file, b"two").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        assert_eq!(cache.lookup(&dossier, "a.pdf"), one, "not rehashed");
        cache.clear();
        assert_eq!(
            cache.lookup(&dossier, "a.pdf"),
            EvidenceFile::Found {
                sha256: sha256_hex(b"two")
            }
        );
        std::fs::write(&file, b"three").unwrap();
        assert_eq!(
            cache.lookup(&dossier, "a.pdf"),
            EvidenceFile::Found {
                sha256: sha256_hex(b"three")
            },
            "a new size is seen at once"
        );
        std::fs::remove_file(&file).unwrap();
        assert!(matches!(
            cache.lookup(&dossier, "a.pdf"),
            EvidenceFile::Missing(_)
        ));
    }
}
