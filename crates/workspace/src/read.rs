//! Bounded reads of regular files.
//!
//! A path named like a dossier can be anything: a FIFO (opening it for
//! reading waits for a writer for ever), `/dev/zero` behind a symlink (an
//! endless stream), a socket, a dangling symlink. Only regular files are
//! read (a symlink to one is fine), and never more than the limit plus one
//! byte, so no file can hang a run or take its memory.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file could not be read, worded for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {}: {reason}", display(.path))]
pub struct ReadError {
    pub path: PathBuf,
    pub reason: String,
}

/// What a bounded read found.
#[derive(Debug, PartialEq, Eq)]
pub enum Contents {
    /// The whole file (at most the limit).
    Full(Vec<u8>),
    /// The file is larger than the limit: its first `limit + 1` bytes, and
    /// its size as the file system reports it.
    TooLarge { head: Vec<u8>, size: u64 },
}

/// A path as the user would write it (forward slashes, no leading `./`).
pub fn display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// An I/O error in words (without the OS's error number).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            // "Permission denied (os error 13)" -> "Permission denied"
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Check that `path` is (or links to) a regular file, and open it without
/// blocking. Every refusal names what the path is.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let fail = |reason: String| ReadError {
        path: path.to_path_buf(),
        reason,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dangling =
                std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(fail(if dangling {
                "a symbolic link to a file that does not exist".into()
            } else {
                io_reason(&e)
            }));
        }
        Err(e) => return Err(fail(io_reason(&e))),
    };
    if !meta.is_file() {
        return Err(fail(format!(
            "{}, not a regular file",
            kind_of(meta.file_type())
        )));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    // Between the check above and the open, the path could become a FIFO;
    // opening without blocking (and checking again below) closes that gap.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(|e| fail(io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| fail(io_reason(&e)))?;
    if !meta.is_file() {
        return Err(fail(format!(
            "{}, not a regular file",
            kind_of(meta.file_type())
        )));
    }
    Ok(file)
}

/// Read a regular file, at most `limit + 1` bytes of it.
pub fn read_limited(path: &Path, limit: usize) -> Result<Contents, ReadError> {
    let file = open_regular(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut buf = Vec::with_capacity((size as usize).min(limit) + 1);
    file.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ReadError {
            path: path.to_path_buf(),
            reason: io_reason(&e),
        })?;
    if buf.len() > limit {
        Ok(Contents::TooLarge {
            head: buf,
            size: size.max(limit as u64 + 1),
        })
    } else {
        Ok(Contents::Full(buf))
    }
}

/// Read a small text file (dossier.toml, an extra schema) whole, refusing
/// one larger than `limit` bytes or not UTF-8.
pub fn read_text(path: &Path, limit: usize) -> Result<String, ReadError> {
    match read_limited(path, limit)? {
        Contents::Full(bytes) => String::from_utf8(bytes).map_err(|e| ReadError {
            path: path.to_path_buf(),
            reason: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        }),
        Contents::TooLarge { size, .. } => Err(ReadError {
            path: path.to_path_buf(),
            reason: format!("{size} bytes or more, larger than the limit of {limit} bytes"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_limit_plus_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"0123456789").unwrap();
        assert_eq!(
            read_limited(&p, 10).unwrap(),
            Contents::Full(b"0123456789".to_vec())
        );
        match read_limited(&p, 4).unwrap() {
            Contents::TooLarge { head, size } => {
                assert_eq!(head, b"01234");
                assert_eq!(size, 10);
            }
            other => panic!("{other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let e = read_limited(&zero, 10).unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");

        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = read_limited(&fifo, 10).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");

        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let e = read_limited(&dangling, 10).unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");

        let e = read_limited(dir.path(), 10).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
    }
}
