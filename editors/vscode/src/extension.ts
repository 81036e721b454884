import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";
import { findServer, notFoundMessage, serverSettings } from "./discover";
import { dossierFileName } from "./names";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;

const EXPLAIN_SCHEME = "dossier-explain";
const DIFF_SCHEME = "dossier-diff";

type Comparison = { markdown?: string; message?: string };

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function settings() {
  const cfg = vscode.workspace.getConfiguration("dossier");
  return serverSettings((k) => cfg.get(k));
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const setting = vscode.workspace.getConfiguration("dossier").get<string>("server.path");
  const found = findServer(setting, context.extensionPath, {
    isExecutable,
    pathEnv: process.env.PATH,
    platform: process.platform,
  });
  if (!found) {
    const choice = await vscode.window.showErrorMessage(notFoundMessage(setting), "Open Settings");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "dossier.server.path");
    }
    return;
  }
  // No `transport`: with TransportKind.stdio the client appends `--stdio`;
  // stdio is what `dossier lsp` speaks anyway.
  const serverOptions: ServerOptions = {
    run: { command: found.path, args: ["lsp"] },
    debug: { command: found.path, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "dossier" }],
    initializationOptions: settings(),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/dossier.toml"),
    },
    // New diagnostics mean a new analysis: refresh the score in the status
    // bar. VS Code pulls diagnostics (textDocument/diagnostic) after each
    // edit; other clients get them pushed. Only the active file's count: the
    // status bar shows that one, and opening a folder of dossiers must not
    // send a score request per file.
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        refreshIfActive(uri);
      },
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        refreshIfActive(document instanceof vscode.Uri ? document : document.uri);
        return report;
      },
    },
  };
  client = new LanguageClient("dossier", "Dossier", serverOptions, clientOptions);
  await client.start();
  void refreshStatus();
}

function refreshIfActive(uri: vscode.Uri): void {
  if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) {
    void refreshStatus();
  }
}

async function refreshStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== "dossier") {
    status.hide();
    return;
  }
  try {
    const result = await client.sendRequest<{
      composite: number;
      text?: string;
      band: string;
      profile: string;
      stated_composite?: number;
      unverified?: string;
    } | null>("dossier/score", {
      textDocument: { uri: editor.document.uri.toString() },
    });
    if (!result) {
      status.hide();
      return;
    }
    // The server formats the number as the code lens does (one format everywhere).
    status.text = `$(shield) ${result.text ?? result.composite.toFixed(1)} ${result.band}`;
    // How much of the number rests on uncited claims: the server says, the
    // status bar repeats it (the composite as stated is in the tooltip).
    if (result.unverified) status.text += ` · ${result.unverified}`;
    status.tooltip =
      `Composite risk score on the evidence (profile ${result.profile})` +
      (result.stated_composite !== undefined && result.unverified
        ? `; ${result.stated_composite.toFixed(1)} as stated, with uncited claims taken at their word`
        : "") +
      "; click for the explanation";
    status.show();
  } catch {
    status.hide();
  }
}

/** The server's `dossier.scaffold` command: the text `dossier new` writes. */
async function scaffold(vendor: string): Promise<string> {
  if (!client) throw new Error(notFoundMessage(undefined));
  const r = await client.sendRequest<{ text?: string } | null>("workspace/executeCommand", {
    command: "dossier.scaffold",
    arguments: [{ vendor }],
  });
  if (typeof r?.text !== "string") throw new Error("the server gave no scaffold");
  return r.text;
}

/** The server's `dossier/compareWithHead` for an open dossier. */
async function compareWithHead(uri: string): Promise<Comparison> {
  if (!client) return { message: notFoundMessage(undefined) };
  const r = await client.sendRequest<Comparison | null>("dossier/compareWithHead", { textDocument: { uri } });
  return r ?? { message: "the server gave no answer" };
}

/** A new, unsaved dossier file named after the vendor: in the first
 * workspace folder when there is one on disk (Save writes it there), else
 * just the name (Save As proposes it). */
function newDossierUri(vendor: string): vscode.Uri {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri;
  if (!folder) {
    return vscode.Uri.from({ scheme: "untitled", path: dossierFileName(vendor, (n) => open.has(n)) });
  }
  const name = dossierFileName(vendor, (n) => {
    const p = path.join(folder.fsPath, n);
    return fs.existsSync(p) || open.has(vscode.Uri.file(p).path);
  });
  return vscode.Uri.file(path.join(folder.fsPath, name)).with({ scheme: "untitled" });
}

/** The dossier in the active editor, when there is one and a server to ask;
 * otherwise tells the user why a command cannot run. */
function activeDossier(): vscode.TextDocument | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "dossier") {
    void vscode.window.showInformationMessage("Dossier: open a *.dossier.yaml file first.");
    return undefined;
  }
  if (!client) {
    void vscode.window.showErrorMessage(notFoundMessage(undefined));
    return undefined;
  }
  return editor.document;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  status.name = "Dossier risk score";
  status.command = "dossier.showScoreExplanation";
  context.subscriptions.push(status);

  const explanations = new Map<string, string>();
  const emitter = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, {
      onDidChange: emitter.event,
      provideTextDocumentContent: (uri) => explanations.get(uri.toString()) ?? "",
    }),
  );

  // Compare with HEAD: one Markdown document per compared dossier, shown
  // in VS Code's Markdown preview and refreshed (debounced) as the dossier
  // is edited.
  const diffs = new Map<string, { source: string; text: string }>();
  const diffChanged = new vscode.EventEmitter<vscode.Uri>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const refreshDiff = async (preview: vscode.Uri): Promise<void> => {
    const entry = diffs.get(preview.toString());
    if (!entry) return;
    try {
      const r = await compareWithHead(entry.source);
      entry.text = r.markdown ?? `> **Dossier: ${r.message ?? "cannot compare"}**\n`;
    } catch (e) {
      entry.text = `> **Dossier: ${(e as Error).message}**\n`;
    }
    diffChanged.fire(preview);
  };
  context.subscriptions.push(
    diffChanged,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, {
      onDidChange: diffChanged.event,
      provideTextDocumentContent: (uri) => diffs.get(uri.toString())?.text ?? "",
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const source = e.document.uri.toString();
      for (const [key, entry] of diffs) {
        if (entry.source !== source) continue;
        // Only while the preview's document is still open somewhere.
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) continue;
        clearTimeout(timers.get(key));
        timers.set(key, setTimeout(() => void refreshDiff(vscode.Uri.parse(key)), 300));
      }
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );

  context.subscriptions.push(
    vscode.commands.registerCommand("dossier.compareWithHead", async () => {
      const doc = activeDossier();
      if (!doc || !client) {
        return;
      }
      try {
        // The server compares the text it has (the buffer, saved or not)
        // with the file at HEAD, and renders the diff.
        const r = await compareWithHead(doc.uri.toString());
        if (r.markdown === undefined) {
          void vscode.window.showWarningMessage(`Dossier: ${r.message ?? "cannot compare with HEAD"}`);
          return;
        }
        const preview = vscode.Uri.from({
          scheme: DIFF_SCHEME,
          path: `/${path.basename(doc.uri.path)} since HEAD.md`,
          query: doc.uri.toString(),
        });
        diffs.set(preview.toString(), { source: doc.uri.toString(), text: r.markdown });
        diffChanged.fire(preview);
        await vscode.commands.executeCommand("markdown.showPreviewToSide", preview);
      } catch (e) {
        void vscode.window.showErrorMessage(`Dossier: ${(e as Error).message}`);
      }
    }),
    vscode.commands.registerCommand("dossier.restartServer", async () => {
      if (client) {
        await client.stop();
        client = undefined;
      }
      await start(context);
    }),
    vscode.commands.registerCommand("dossier.showScoreExplanation", async () => {
      const doc = activeDossier();
      if (!doc || !client) {
        return;
      }
      try {
        // The server explains the text it has, i.e. the buffer as edited
        // (saved or not), with the profile and date of the settings.
        const result = await client.sendRequest<{ explanation?: string } | null>("dossier/score", {
          textDocument: { uri: doc.uri.toString() },
          explain: true,
        });
        if (!result || result.explanation === undefined) {
          void vscode.window.showInformationMessage(
            "Dossier: this file cannot be scored yet (see the Problems panel).",
          );
          return;
        }
        const uri = vscode.Uri.parse(`${EXPLAIN_SCHEME}:${doc.uri.path.split("/").pop()}.score.txt`);
        explanations.set(uri.toString(), result.explanation);
        emitter.fire(uri);
        const view = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(view, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      } catch (e) {
        void vscode.window.showErrorMessage(`Dossier: ${(e as Error).message}`);
      }
    }),
    vscode.commands.registerCommand("dossier.newDossier", async () => {
      const name = (
        await vscode.window.showInputBox({
          prompt: "Vendor name",
          placeHolder: "Acme AI",
          validateInput: (v) => (v.trim() ? undefined : "The vendor's name, as it appears in its contracts"),
        })
      )?.trim();
      if (!name) return;
      try {
        // The server writes the scaffold (`dossier new`'s code, as of the
        // `dossier.today` setting).
        const out = await scaffold(name);
        // An untitled document with the proposed file name: its tab reads
        // `acme-ai.dossier.yaml`, it is a dossier at once (by its name), and
        // Save writes it there.
        const doc = await vscode.workspace.openTextDocument(newDossierUri(name));
        const editor = await vscode.window.showTextDocument(doc);
        const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
        await editor.edit((e) => e.replace(all, out));
        editor.selection = new vscode.Selection(0, 0, 0, 0);
      } catch (e) {
        void vscode.window.showErrorMessage(`Dossier: ${(e as Error).message}`);
      }
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("dossier.server.path")) {
        await vscode.commands.executeCommand("dossier.restartServer");
      } else if (e.affectsConfiguration("dossier") && client) {
        await client.sendNotification("workspace/didChangeConfiguration", { settings: { dossier: settings() } });
        void refreshStatus();
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
