//! Analysis after edits, off the critical path of `didChange`.
//!
//! Each open document has one worker task. `didChange` applies the edit,
//! bumps the document's generation and wakes the worker; a `Notify` holds
//! at most one wake-up, so a burst of keystrokes while an analysis runs
//! costs one more analysis, not one per keystroke. When idle, a change is
//! analysed and published at once (no timer: the latency is the analysis).
//! A result whose generation is no longer current is never published: the
//! worker loops and analyses the newest text instead. The worker is the
//! only publisher of its document's diagnostics, so versions go out in
//! order. Workers take turns ([`crate::session::PUBLISHING_AT_ONCE`] at a
//! time), so opening many files at once does not hold every analysis in
//! memory while their diagnostics wait for stdout.

use std::sync::Arc;

use tokio::sync::Notify;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

use crate::convert;
use crate::session::Session;

/// Whether `wake` still belongs to the open document `uri` (a re-open
/// replaces the document and its worker).
fn alive(session: &Session, uri: &Uri, wake: &Arc<Notify>) -> bool {
    session
        .documents()
        .get(uri)
        .is_some_and(|d| Arc::ptr_eq(&d.wake, wake))
}

pub fn spawn(session: Arc<Session>, client: Client, uri: Uri, wake: Arc<Notify>) {
    tokio::spawn(async move {
        let mut published: Option<u64> = None;
        loop {
            wake.notified().await;
            if !alive(&session, &uri, &wake) {
                return;
            }
            // A client that pulls diagnostics asks for them right after
            // the change: its request analyses (once), nothing to publish.
            if session.caps().pull_diagnostics {
                continue;
            }
            // Bounded: a burst of didOpen analyses a few documents at a
            // time instead of holding every analysis at once.
            let Some(_turn) = session.publishing_turn().await else {
                return;
            };
            let Some((snap, current)) = session.snapshot(&uri).await else {
                return;
            };
            if !current || published == Some(snap.generation) {
                // A newer change has already woken us again.
                continue;
            }
            published = Some(snap.generation);
            // This document's analysis found a dossier.toml not seen before
            // (in a sub-folder): publish what is wrong with it.
            if session.take_configs_changed() {
                crate::notifications::publish_config_diagnostics(&session, &client).await;
            }
            let caps = session.caps();
            if caps.pull_diagnostics {
                continue;
            }
            let diagnostics = convert::diagnostics(&snap, caps.encoding, &uri);
            let version = snap.version;
            drop(snap);
            // Publish under the document's compute lock: `didClose` takes it
            // before clearing, so a late publish cannot follow the clear.
            let Some(lock) = session.documents().get(&uri).map(|d| d.compute.clone()) else {
                return;
            };
            let _guard = lock.lock().await;
            if !alive(&session, &uri, &wake) {
                return;
            }
            client
                .publish_diagnostics(uri.clone(), diagnostics, Some(version))
                .await;
        }
    });
}
