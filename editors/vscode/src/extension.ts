import * as cp from "child_process";
import * as fs from "fs";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";
import { findServer, notFoundMessage, serverSettings } from "./discover";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let serverPath: string | undefined;

const EXPLAIN_SCHEME = "dossier-explain";

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
    serverPath = undefined;
    const choice = await vscode.window.showErrorMessage(notFoundMessage(setting), "Open Settings");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "dossier.server.path");
    }
    return;
  }
  serverPath = found.path;
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
    const result = await client.sendRequest<{ composite: number; text?: string; band: string; profile: string } | null>("dossier/score", {
      textDocument: { uri: editor.document.uri.toString() },
    });
    if (!result) {
      status.hide();
      return;
    }
    // The server formats the number as the code lens does (one format everywhere).
    status.text = `$(shield) ${result.text ?? result.composite.toFixed(1)} ${result.band}`;
    status.tooltip = `Composite risk score (profile ${result.profile}); click for the explanation`;
    status.show();
  } catch {
    status.hide();
  }
}

function run(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!serverPath) {
      reject(new Error(notFoundMessage(undefined)));
      return;
    }
    cp.execFile(serverPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && !stdout) reject(new Error(stderr || err.message));
      else resolve(stdout);
    });
  });
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

  context.subscriptions.push(
    vscode.commands.registerCommand("dossier.restartServer", async () => {
      if (client) {
        await client.stop();
        client = undefined;
      }
      await start(context);
    }),
    vscode.commands.registerCommand("dossier.showScoreExplanation", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== "dossier") {
        void vscode.window.showInformationMessage("Dossier: open a *.dossier.yaml file first.");
        return;
      }
      if (!client) {
        void vscode.window.showErrorMessage(notFoundMessage(undefined));
        return;
      }
      const doc = editor.document;
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
      const name = await vscode.window.showInputBox({ prompt: "Vendor name", placeHolder: "Acme AI" });
      if (!name) return;
      try {
        const out = await run(["new", name]);
        const doc = await vscode.workspace.openTextDocument({ language: "dossier", content: out });
        await vscode.window.showTextDocument(doc);
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
