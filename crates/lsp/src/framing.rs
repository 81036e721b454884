//! Our own framing in front of tower-lsp-server, so that no message can
//! stop the server.
//!
//! tower-lsp-server's transport ends its read loop at the first message it
//! cannot decode (a body that is not JSON, JSON that is not JSON-RPC, a
//! lone surrogate escape, a header without `Content-Length`), and the
//! server then exits. So we read the client's bytes ourselves: each frame
//! is checked and repaired here, and only frames tower-lsp-server will
//! decode are forwarded to it through an in-memory pipe. Whatever cannot
//! be forwarded gets the JSON-RPC answer (`-32700` parse error or `-32600`
//! invalid request) and a line on stderr, and reading goes on.
//!
//! Its output goes through us too (another in-memory pipe, split back into
//! whole frames), so that our own answers never land in the middle of one
//! of its messages on stdout.
//!
//! Hand-written rather than a codec crate: the point is recovery from
//! framing a codec rejects (a `Content-Length` that lies, bytes between
//! frames), which no crate we know of does.

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::Server as Transport;

/// The largest message we read, in bytes of body. A dossier may have
/// [`dossier_syntax::MAX_SIZE`] bytes (larger ones get a diagnostic, which
/// needs their text); escaping in JSON can grow that several times. A
/// larger message is skipped without being held in memory.
pub const MAX_MESSAGE: usize = 4 * dossier_syntax::MAX_SIZE;
/// The largest header block; more without a blank line is not a header.
const MAX_HEADER: usize = 8 * 1024;
/// What a frame begins with; also what we look for to find the next frame
/// after bytes we could not read.
const CONTENT_LENGTH: &[u8] = b"Content-Length:";

/// Serve `service` over `input`/`output` until `exit` or the end of input.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let (service, socket) = crate::service();
    let (to_tower, tower_in) = tokio::io::duplex(1 << 16);
    let (tower_out, from_tower) = tokio::io::duplex(1 << 16);
    let (out_tx, out_rx) = mpsc::channel::<Vec<u8>>(64);
    let stopped = tokio::sync::Notify::new();
    let stopped = &stopped;
    let tower = async move {
        Transport::new(tower_in, tower_out, socket)
            .serve(service)
            .await;
        // After `exit`: stop reading the client.
        stopped.notify_one();
    };
    let replies = out_tx.clone();
    let reading = async move {
        let mut reader = FrameReader::new(input);
        tokio::select! {
            _ = reader.forward(to_tower, replies) => {}
            _ = stopped.notified() => {}
        }
    };
    tokio::join!(
        tower,
        reading,
        split_frames(from_tower, out_tx),
        write_frames(out_rx, output)
    );
}

/// tower-lsp-server's output (well-formed frames), one whole frame at a time.
async fn split_frames(from: tokio::io::DuplexStream, tx: mpsc::Sender<Vec<u8>>) {
    let mut from = tokio::io::BufReader::new(from);
    loop {
        let mut frame = Vec::new();
        let mut len = None;
        loop {
            let start = frame.len();
            match from.read_until(b'\n', &mut frame).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = trim_line(&frame[start..]);
            if line.is_empty() {
                break;
            }
            len = len.or_else(|| content_length(line));
        }
        let Some(len) = len else {
            tracing::error!("tower-lsp-server wrote a frame without Content-Length");
            return;
        };
        let at = frame.len();
        frame.resize(at + len, 0);
        if from.read_exact(&mut frame[at..]).await.is_err() || tx.send(frame).await.is_err() {
            return;
        }
    }
}

async fn write_frames<O: AsyncWrite + Unpin>(mut rx: mpsc::Receiver<Vec<u8>>, mut out: O) {
    while let Some(frame) = rx.recv().await {
        if out.write_all(&frame).await.is_err() {
            return;
        }
        if rx.is_empty() && out.flush().await.is_err() {
            return;
        }
    }
    let _ = out.flush().await;
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    let v = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    frame(&serde_json::to_vec(&v).unwrap_or_default())
}

fn show_message(message: &str) -> Vec<u8> {
    let v = json!({"jsonrpc": "2.0", "method": "window/showMessage", "params": {"type": 2, "message": message}});
    frame(&serde_json::to_vec(&v).unwrap_or_default())
}

fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The value of a `Content-Length` header line (any case), if it is one.
fn content_length(line: &[u8]) -> Option<usize> {
    let (name, value) = split_header(line)?;
    if !name.eq_ignore_ascii_case(b"content-length") {
        return None;
    }
    std::str::from_utf8(value).ok()?.trim().parse().ok()
}

/// `name: value`, with `name` an HTTP token.
fn split_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    (!name.is_empty() && name.iter().all(token)).then(|| (name, &line[colon + 1..]))
}

/// Whether `Content-Length:` at `at` begins a header line that ends, i.e.
/// `Content-Length: 123` followed by a line break. No valid JSON holds
/// that: outside strings `Content-Length` is not a token, and inside them a
/// raw line break is not allowed. `None`: not enough bytes to tell.
fn header_starts_at(buf: &[u8], at: usize) -> Option<bool> {
    let mut i = at + CONTENT_LENGTH.len();
    let mut digits = 0;
    loop {
        match buf.get(i)? {
            b' ' | b'\t' if digits == 0 => {}
            b'0'..=b'9' => digits += 1,
            b'\r' | b'\n' => return Some(digits > 0),
            _ => return Some(false),
        }
        i += 1;
        if digits > 20 {
            return Some(false);
        }
    }
}

enum Header {
    /// A body of this many bytes follows.
    Length(usize),
    /// Not a header we can use; what was wrong. Reading resumes at the
    /// next `Content-Length:`.
    Bad(String),
    /// A whole header block (up to its blank line, already consumed)
    /// without `Content-Length`: the next frame starts right here, so no
    /// skipping ahead (that would skip the next, valid, frame).
    NoLength,
}

enum Body {
    /// The whole body.
    Whole(Vec<u8>),
    /// A new frame began before the declared length: the bytes up to it.
    Cut(Vec<u8>, usize),
    /// Larger than [`MAX_MESSAGE`]: skipped.
    Skipped,
}

struct FrameReader<R> {
    input: R,
    /// Bytes read and not yet consumed.
    buf: Vec<u8>,
}

/// The kind of message tower-lsp-server decodes (its own `Message`).
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Response(Response),
    Request(Request),
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    fn new(input: R) -> Self {
        FrameReader {
            input,
            buf: Vec::new(),
        }
    }

    /// Read more input; false at its end.
    async fn fill(&mut self) -> bool {
        self.buf.reserve(1 << 16);
        matches!(self.input.read_buf(&mut self.buf).await, Ok(n) if n > 0)
    }

    /// Read frames until the end of input, forwarding the good ones and
    /// answering the others.
    async fn forward(&mut self, mut to: tokio::io::DuplexStream, replies: mpsc::Sender<Vec<u8>>) {
        loop {
            let checked = match self.header().await {
                None => return,
                Some(Header::NoLength) => {
                    let msg = "not an LSP frame: a header without Content-Length";
                    tracing::warn!("dropped a header block without Content-Length");
                    Err(error_frame(Value::Null, -32700, msg))
                }
                Some(Header::Bad(why)) => {
                    tracing::warn!("dropped bytes that are not an LSP frame: {why}");
                    let msg = format!("not an LSP frame: {why}");
                    // Answer before skipping ahead: the next frame may be
                    // a while coming.
                    if replies
                        .send(error_frame(Value::Null, -32700, &msg))
                        .await
                        .is_err()
                    {
                        return;
                    }
                    self.resync().await;
                    continue;
                }
                Some(Header::Length(n)) => match self.body(n).await {
                    None => return,
                    Some(Body::Skipped) => {
                        let msg = format!(
                            "ignored a message of {n} bytes: the limit is {MAX_MESSAGE} bytes"
                        );
                        tracing::warn!("{msg}");
                        let _ = replies.send(show_message(&format!("dossier: {msg}"))).await;
                        Err(error_frame(Value::Null, -32600, &msg))
                    }
                    Some(Body::Whole(body)) => check(body),
                    Some(Body::Cut(body, declared)) => {
                        tracing::warn!(
                            "a frame said Content-Length {declared}, but the next frame began after {} bytes",
                            body.len()
                        );
                        check(body)
                    }
                },
            };
            let sent = match checked {
                Ok(good) => to.write_all(&frame(&good)).await.is_ok(),
                Err(reply) => replies.send(reply).await.is_ok(),
            };
            if !sent {
                return;
            }
        }
    }

    /// The next header block. `None` at the end of input.
    async fn header(&mut self) -> Option<Header> {
        loop {
            // Blank lines between frames are harmless.
            let blank = self
                .buf
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
                .count();
            self.buf.drain(..blank);
            let mut at = 0;
            let mut length = None;
            let mut complete = false;
            while let Some(nl) = self.buf[at..].iter().position(|&b| b == b'\n') {
                let line = trim_line(&self.buf[at..at + nl + 1]);
                at += nl + 1;
                if line.is_empty() {
                    complete = true;
                    break;
                }
                if split_header(line).is_none() {
                    let shown = String::from_utf8_lossy(&line[..line.len().min(60)]).into_owned();
                    return Some(Header::Bad(format!("not a header line: {shown:?}")));
                }
                length = length.or_else(|| content_length(line));
                if line.len() >= CONTENT_LENGTH.len()
                    && line[..CONTENT_LENGTH.len()].eq_ignore_ascii_case(CONTENT_LENGTH)
                    && content_length(line).is_none()
                {
                    return Some(Header::Bad("a Content-Length that is not a number".into()));
                }
            }
            if complete {
                self.buf.drain(..at);
                return Some(match length {
                    Some(n) => Header::Length(n),
                    None => Header::NoLength,
                });
            }
            if self.buf.len() > MAX_HEADER {
                return Some(Header::Bad(format!(
                    "no end of header in {MAX_HEADER} bytes"
                )));
            }
            if !self.fill().await {
                if !self.buf.is_empty() {
                    tracing::warn!("the input ended inside a header");
                }
                return None;
            }
        }
    }

    /// Skip to the next `Content-Length:` after the start (bounded memory).
    async fn resync(&mut self) {
        loop {
            if let Some(at) = memchr::memmem::find(self.buf.get(1..).unwrap_or(&[]), CONTENT_LENGTH)
            {
                self.buf.drain(..at + 1);
                return;
            }
            let keep = CONTENT_LENGTH.len() - 1;
            let drop = self
                .buf
                .len()
                .saturating_sub(keep)
                .max(1)
                .min(self.buf.len());
            self.buf.drain(..drop);
            if !self.fill().await {
                return;
            }
        }
    }

    /// A body of `n` bytes, or of fewer if a new frame begins inside it (a
    /// `Content-Length` larger than the body that follows). `None` at the
    /// end of input.
    async fn body(&mut self, n: usize) -> Option<Body> {
        let keep = n <= MAX_MESSAGE;
        // Bytes of the body dropped already (only when skipping).
        let mut dropped = 0;
        // self.buf[..scanned] holds no frame start.
        let mut scanned = 0;
        loop {
            let avail = self.buf.len().min(n - dropped);
            let mut cut = None;
            // Where to scan from when more bytes come.
            let mut next = avail.saturating_sub(CONTENT_LENGTH.len() - 1).max(scanned);
            let mut from = scanned;
            while let Some(hit) = memchr::memmem::find(&self.buf[from..avail], CONTENT_LENGTH) {
                let at = from + hit;
                match header_starts_at(&self.buf, at) {
                    Some(true) => {
                        cut = Some(at);
                        break;
                    }
                    Some(false) => from = at + 1,
                    None => {
                        // Wait for the rest of that line.
                        next = at;
                        break;
                    }
                }
            }
            if let Some(at) = cut {
                let body: Vec<u8> = self.buf.drain(..at).collect();
                return Some(if keep {
                    Body::Cut(body, n)
                } else {
                    Body::Skipped
                });
            }
            if avail == n - dropped {
                let body: Vec<u8> = self.buf.drain(..avail).collect();
                return Some(if keep {
                    Body::Whole(body)
                } else {
                    Body::Skipped
                });
            }
            scanned = next;
            if !keep {
                self.buf.drain(..scanned);
                dropped += scanned;
                scanned = 0;
            }
            if !self.fill().await {
                tracing::warn!("the input ended inside a message");
                return None;
            }
        }
    }
}

/// Check and repair one body: the frame to forward, or the reply to send.
fn check(body: Vec<u8>) -> Result<Vec<u8>, Vec<u8>> {
    let mut body = match String::from_utf8(body) {
        Ok(s) => s.into_bytes(),
        Err(e) => {
            tracing::warn!("a message was not UTF-8; invalid bytes replaced with U+FFFD");
            String::from_utf8_lossy(e.as_bytes())
                .into_owned()
                .into_bytes()
        }
    };
    let fixed = replace_lone_surrogates(&mut body);
    if fixed > 0 {
        tracing::warn!("replaced {fixed} lone surrogate escape(s) with U+FFFD");
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(_) => Ok(body),
        Err(e) if e.is_data() => {
            let value: Value = serde_json::from_slice(&body).unwrap_or_default();
            let id = match value.get("id") {
                Some(Value::String(s)) => Value::String(s.clone()),
                Some(Value::Number(n)) if n.is_i64() => Value::Number(n.clone()),
                _ => Value::Null,
            };
            tracing::warn!("a message is JSON but not JSON-RPC: {e}");
            Err(error_frame(
                id,
                -32600,
                &format!("not a JSON-RPC message: {e}"),
            ))
        }
        Err(e) => {
            tracing::warn!("a message is not JSON: {e}");
            Err(error_frame(Value::Null, -32700, &format!("not JSON: {e}")))
        }
    }
}

/// Replace each `\uXXXX` escape of an unpaired surrogate in the JSON
/// strings of `json` with `\uFFFD`, in place. Same byte length, and U+FFFD
/// is one UTF-16 unit like the surrogate it replaces, so every position
/// the client computes after it still points at the same character.
/// Returns how many were replaced.
fn replace_lone_surrogates(json: &mut [u8]) -> usize {
    if memchr::memmem::find(json, b"\\u").is_none() {
        return 0;
    }
    let hex = |b: &[u8]| -> Option<u16> {
        let s = std::str::from_utf8(b.get(..4)?).ok()?;
        u16::from_str_radix(s, 16).ok()
    };
    let escape = |json: &[u8], i: usize| -> Option<u16> {
        (json.get(i) == Some(&b'\\') && json.get(i + 1) == Some(&b'u'))
            .then(|| hex(&json[i + 2..]))
            .flatten()
    };
    let mut fixed = 0;
    let mut in_string = false;
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'"' => {
                in_string = !in_string;
                i += 1;
            }
            b'\\' if in_string => match escape(json, i) {
                Some(u @ 0xD800..=0xDBFF) => {
                    let _ = u;
                    if matches!(escape(json, i + 6), Some(0xDC00..=0xDFFF)) {
                        i += 12;
                    } else {
                        json[i..i + 6].copy_from_slice(b"\\uFFFD");
                        fixed += 1;
                        i += 6;
                    }
                }
                Some(0xDC00..=0xDFFF) => {
                    json[i..i + 6].copy_from_slice(b"\\uFFFD");
                    fixed += 1;
                    i += 6;
                }
                Some(_) => i += 6,
                None => i += 2,
            },
            _ => i += 1,
        }
    }
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(json: &str) -> (String, usize) {
        let mut b = json.as_bytes().to_vec();
        let n = replace_lone_surrogates(&mut b);
        (String::from_utf8(b).unwrap(), n)
    }

    #[test]
    fn only_unpaired_surrogate_escapes_are_replaced() {
        assert_eq!(fixed(r#"["\ud800"]"#), (r#"["\uFFFD"]"#.into(), 1));
        assert_eq!(fixed(r#"["\uDC00x"]"#), (r#"["\uFFFDx"]"#.into(), 1));
        // A pair, an escaped backslash before `u`, a BMP escape: untouched.
        for ok in [r#"["\ud83d\ude00"]"#, r#"["\\ud800"]"#, r#"["\u00e9"]"#] {
            assert_eq!(fixed(ok), (ok.to_string(), 0));
        }
        // Two high surrogates in a row: both lone.
        assert_eq!(
            fixed(r#"{"a": "\ud800\ud800\udc00"}"#),
            (r#"{"a": "\uFFFD\ud800\udc00"}"#.into(), 1)
        );
        let (s, _) = fixed(r#"{"t": "x\ud800y"}"#);
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["t"], "x\u{FFFD}y");
    }

    #[test]
    fn a_header_inside_a_body_is_recognised_only_when_complete() {
        let at = |s: &str| header_starts_at(s.as_bytes(), 0);
        assert_eq!(at("Content-Length: 12\r\n"), Some(true));
        assert_eq!(at("Content-Length:12\n"), Some(true));
        assert_eq!(at("Content-Length: 12"), None);
        assert_eq!(at("Content-Length: 12\""), Some(false));
        assert_eq!(at("Content-Length: \r\n"), Some(false));
    }

    #[test]
    fn check_sorts_bodies_into_forward_parse_error_and_invalid_request() {
        let code = |body: &str| match check(body.as_bytes().to_vec()) {
            Ok(_) => 0,
            Err(reply) => {
                let text = String::from_utf8(reply).unwrap();
                let v: Value =
                    serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap();
                v["error"]["code"].as_i64().unwrap()
            }
        };
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            0
        );
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":1,"result":null}"#), 0);
        assert_eq!(code("{"), -32700);
        assert_eq!(code(""), -32700);
        assert_eq!(code("[1,2,3]"), -32600);
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#), -32600);
    }
}
