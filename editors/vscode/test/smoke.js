// Loads the compiled extension with stand-ins for the `vscode` module and
// the language client, activates it, and checks what it starts: the
// configured `designdoc lsp` over stdio, for Markdown documents, with the
// restart command registered. Run by `npm test` after `npm run compile`.
"use strict";
const assert = require("node:assert/strict");
const Module = require("node:module");

const started = [];
const commands = new Map();
const fakeVscode = {
  workspace: {
    getConfiguration: (section) => ({
      get: (key, fallback) =>
        section === "designdoc" && key === "path" ? "/opt/bin/designdoc" : fallback,
    }),
    createFileSystemWatcher: (glob) => ({ glob }),
    onDidChangeConfiguration: () => ({ dispose() {} }),
  },
  commands: {
    registerCommand: (name, fn) => {
      commands.set(name, fn);
      return { dispose() {} };
    },
  },
  window: {
    showErrorMessage: (m) => {
      throw new Error(`unexpected error message: ${m}`);
    },
  },
};
class FakeClient {
  constructor(id, name, server, client) {
    Object.assign(this, { id, name, server, client, running: false });
  }
  async start() {
    this.running = true;
    started.push(this);
  }
  async stop() {
    this.running = false;
  }
}
const fakeClientModule = { LanguageClient: FakeClient, TransportKind: { stdio: 0 } };

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") return fakeVscode;
  if (request === "vscode-languageclient/node") return fakeClientModule;
  return load.call(this, request, parent, isMain);
};

(async () => {
  const ext = require("../out/extension.js");
  const context = { subscriptions: [] };
  await ext.activate(context);
  assert.equal(started.length, 1);
  const c = started[0];
  assert.equal(c.id, "designdoc");
  assert.deepEqual(c.server.run, { command: "/opt/bin/designdoc", args: ["lsp"], transport: 0 });
  assert.deepEqual(c.server.debug, c.server.run);
  assert.ok(c.client.documentSelector.some((s) => s.language === "markdown" && s.scheme === "file"));
  assert.match(c.client.synchronize.fileEvents.glob, /designdoc\.toml/);
  assert.ok(commands.has("designdoc.restart"));
  await commands.get("designdoc.restart")();
  assert.equal(started.length, 2, "restart starts a new client");
  assert.equal(c.running, false, "and stops the old one");
  await ext.deactivate();
  assert.equal(started[1].running, false);
  // package.json activates on designdoc.toml and names the compiled entry.
  const pkg = require("../package.json");
  assert.equal(pkg.main, "./out/extension.js");
  assert.ok(pkg.activationEvents.includes("workspaceContains:**/designdoc.toml"));
  console.log("vscode extension: ok");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
