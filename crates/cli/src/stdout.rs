//! Writing to stdout when the reader may go away.
//!
//! `dossier check | head` closes the pipe early. Rust ignores SIGPIPE, so
//! the write fails with `BrokenPipe`, and `print!` would panic on it. Every
//! command writes through [`Out`] instead: after the reader has gone, the
//! rest of the output is dropped quietly, as Unix tools do, and the command
//! ends with the exit status its results call for.

use std::io::{self, Write};

/// Stdout, silenced once its reader has gone.
pub struct Out<W: Write = io::Stdout> {
    inner: W,
    closed: bool,
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
        }
    }

    /// Whether the reader has gone (or stdout failed otherwise).
    pub fn closed(&self) -> bool {
        self.closed
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
                    eprintln!("error: cannot write the output: {e}");
                }
                self.closed = true;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.closed && self.inner.flush().is_err() {
            self.closed = true;
        }
        Ok(())
    }
}

/// Write `text` to stdout, quietly giving up if the reader has gone.
pub fn print(text: &str) {
    let mut out = Out::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
