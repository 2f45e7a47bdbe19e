// The designdoc extension: starts `designdoc lsp` for Markdown files and
// hands everything else (diagnostics, code actions, completion, hover,
// rename) to the language server. Nothing here touches the network.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** How the server is started: `designdoc lsp` over stdio. */
export function serverOptions(command: string): ServerOptions {
  const run = { command, args: ["lsp"], transport: TransportKind.stdio };
  return { run, debug: run };
}

/** Which documents the server sees, and which files it watches. */
export function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{designdoc.toml,*.schema.toml,*.md}",
      ),
    },
  };
}

async function start(): Promise<void> {
  const command = vscode.workspace
    .getConfiguration("designdoc")
    .get<string>("path", "designdoc");
  client = new LanguageClient(
    "designdoc",
    "designdoc",
    serverOptions(command),
    clientOptions(),
  );
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("designdoc.restart", async () => {
      await client?.stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("designdoc.path")) {
        await client?.stop();
        await start();
      }
    }),
  );
  try {
    await start();
  } catch (e) {
    void vscode.window.showErrorMessage(
      `designdoc: could not start \`designdoc lsp\` (${e}). Install designdoc (cargo install designdoc) or set "designdoc.path".`,
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
