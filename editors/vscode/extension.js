// The aec extension: starts `aec lsp` over stdio for .aemodel files and restarts it when asked or
// when the command it runs changes. Plain JavaScript, so the extension needs no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

// The client's id is also the prefix of its settings: vscode-languageclient reads `aec.trace.server`
// by itself and follows its changes without a restart. It traces only while the output channel's log
// level is Trace; the setting then says how much.
const CLIENT_ID = 'aec';

let client;
let output;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration('aec').get('path', 'aec');
  return typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'aec';
}

async function start() {
  const command = serverCommand();
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'aemodel' },
      { scheme: 'untitled', language: 'aemodel' },
    ],
    // One channel for the whole session: a restart appends to it instead of opening another.
    outputChannel: output,
  };
  const starting = new LanguageClient(CLIENT_ID, 'aec language server', serverOptions, clientOptions);
  client = starting;
  try {
    await starting.start();
  } catch (error) {
    // A client stopped by a restart while it started has been replaced: its failure is no news.
    if (client !== starting) {
      return;
    }
    client = undefined;
    const reason = error && error.message ? error.message : String(error);
    vscode.window
      .showErrorMessage(`aec: could not start \`${command} lsp\`: ${reason}`, 'Open Settings')
      .then((choice) => {
        if (choice === 'Open Settings') {
          vscode.commands.executeCommand('workbench.action.openSettings', 'aec.path');
        }
      });
  }
}

async function stop() {
  if (client === undefined) {
    return;
  }
  const running = client;
  client = undefined;
  try {
    await running.stop();
  } catch (error) {
    // A server that already exited cannot be stopped again; the restart goes on regardless.
    output.warn(`stopping the language server: ${error && error.message ? error.message : error}`);
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  output = vscode.window.createOutputChannel('aec language server', { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(vscode.commands.registerCommand('aec.restartServer', restart));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('aec.path')) {
        restart();
      }
    })
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
