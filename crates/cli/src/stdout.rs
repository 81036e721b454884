//! Writing to stdout when the reader may go away.
//!
//! `dossier check | head` closes the pipe early. Rust ignores SIGPIPE, so
//! the write fails with `BrokenPipe`, and `print!` would panic on it. Every
//! command writes through [`Out`] instead: after the reader has gone, the
//! rest of the output is dropped quietly, as Unix tools do, and the command
//! ends with the exit status its results call for. Any other write error
//! (a full disk, `> /dev/full`) is said once on stderr and ends the command
//! with status 2 ([`Out::failed`]), as the docs promise for I/O errors.
//!
//! Stderr may fail too: [`eprintln!`](crate::eprintln) writes to it and
//! never panics (the standard `eprintln!` does when stderr is full).

use std::io::{self, Write};

/// Stdout, silenced once its reader has gone.
pub struct Out<W: Write = io::Stdout> {
    inner: W,
    closed: bool,
    failed: bool,
}

impl Out<io::Stdout> {
    pub fn stdout() -> Out<io::Stdout> {
        Out::new(io::stdout())
    }
}

impl<W: Write> Out<W> {
    pub fn new(inner: W) -> Out<W> {
        Out {
            inner,
            closed: false,
            failed: false,
        }
    }

    /// Whether the reader has gone (or stdout failed otherwise).
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// Whether a write failed for another reason than a reader that has
    /// gone: the output is incomplete, and the command exits with 2.
    pub fn failed(&self) -> bool {
        self.failed
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for Out<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.closed {
            if let Err(e) = self.inner.write_all(buf) {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    crate::eprintln!("error: cannot write the output: {e}");
                    self.failed = true;
                }
                self.closed = true;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.closed {
            if let Err(e) = self.inner.flush() {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    crate::eprintln!("error: cannot write the output: {e}");
                    self.failed = true;
                }
                self.closed = true;
            }
        }
        Ok(())
    }
}

/// Write `text` to stdout, quietly giving up if the reader has gone; an
/// error if the write failed otherwise (already said on stderr).
pub fn print(text: &str) -> Result<(), WriteFailed> {
    let mut out = Out::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    if out.failed() {
        Err(WriteFailed)
    } else {
        Ok(())
    }
}

/// Stdout could not be written (the message is on stderr): exit status 2.
#[derive(Debug)]
pub struct WriteFailed;

impl From<WriteFailed> for std::process::ExitCode {
    fn from(_: WriteFailed) -> Self {
        std::process::ExitCode::from(2)
    }
}

/// `eprintln!` that never panics: a full or closed stderr loses the
/// message, never the run (the standard macro panics when the write fails).
#[macro_export]
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let _ = ::std::io::Write::write_fmt(
            &mut ::std::io::stderr(),
            ::std::format_args!("{}\n", ::std::format_args!($($arg)*)),
        );
    }};
}
