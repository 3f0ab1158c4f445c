// The regienorm extension: starts `regienorm lsp` (the language server, over standard input and
// output) for .norm files. Highlighting comes from syntaxes/regienorm.tmLanguage.json, which
// `python -m regienorm.highlight.textmate` generates from the keyword tables.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("regienorm");
  const [command, ...args] = config.get("command", ["regienorm", "lsp"]);
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient(
    "regienorm",
    "regienorm",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "regienorm" }],
      initializationOptions: { debounce: config.get("debounce", 0.3) },
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
