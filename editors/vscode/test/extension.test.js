// The extension's behaviour without an editor: `vscode` and the language client are stand-ins that
// record what the extension asks of them, so these tests say which server it starts and when it
// restarts it, not whether VS Code draws anything.
'use strict';

const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');
const { beforeEach, test } = require('node:test');

let settings;
let configurationListeners;
let commands;
let errors;
let clients;

class FakeClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, running: false, stops: 0 });
    clients.push(this);
  }

  async start() {
    if (this.serverOptions.command === 'no-such-aec') {
      throw new Error('spawn no-such-aec ENOENT');
    }
    if (this.serverOptions.command === 'slow-aec') {
      // Still starting (aec building itself, say) until stopped.
      return new Promise((resolve, reject) => {
        this.abort = reject;
      });
    }
    this.running = true;
  }

  async stop() {
    this.stops += 1;
    this.running = false;
    if (this.abort) {
      this.abort(new Error('Client is stopping'));
    }
  }
}

const fakeVscode = {
  workspace: {
    getConfiguration(section) {
      return { get: (key, fallback) => settings[`${section}.${key}`] ?? fallback };
    },
    onDidChangeConfiguration(listener) {
      configurationListeners.push(listener);
      return { dispose() {} };
    },
  },
  commands: {
    registerCommand(id, handler) {
      commands.set(id, handler);
      return { dispose() {} };
    },
    executeCommand() {
      return Promise.resolve();
    },
  },
  window: {
    createOutputChannel() {
      return { warn() {}, dispose() {} };
    },
    showErrorMessage(message, ...items) {
      errors.push({ message, items });
      return Promise.resolve(undefined);
    },
  },
};

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') {
    return fakeVscode;
  }
  if (request === 'vscode-languageclient/node') {
    return { LanguageClient: FakeClient };
  }
  return load.call(this, request, parent, isMain);
};

const extensionPath = path.join(__dirname, '..', 'extension.js');

async function activate() {
  delete require.cache[require.resolve(extensionPath)];
  const extension = require(extensionPath);
  await extension.activate({ subscriptions: [] });
  return extension;
}

async function changeSettings(changed) {
  Object.assign(settings, changed);
  const event = { affectsConfiguration: (name) => Object.keys(changed).some((k) => k === name || k.startsWith(`${name}.`)) };
  await Promise.all(configurationListeners.map((listener) => listener(event)));
  // The listener does not wait for the restart; let its stop and start run.
  await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  settings = {};
  configurationListeners = [];
  commands = new Map();
  errors = [];
  clients = [];
});

test('starts `aec lsp` for aemodel documents by default', async () => {
  await activate();
  assert.equal(clients.length, 1);
  const [client] = clients;
  assert.equal(client.id, 'aec');
  assert.deepEqual(client.serverOptions, { command: 'aec', args: ['lsp'] });
  assert.ok(client.running);
  const selector = client.clientOptions.documentSelector;
  assert.ok(selector.some((s) => s.language === 'aemodel' && s.scheme === 'file'));
  assert.ok(selector.every((s) => s.language === 'aemodel'));
});

test('starts the command named by aec.path', async () => {
  settings['aec.path'] = '/opt/aec/aec';
  await activate();
  assert.equal(clients[0].serverOptions.command, '/opt/aec/aec');
});

test('a blank aec.path falls back to aec', async () => {
  settings['aec.path'] = '   ';
  await activate();
  assert.equal(clients[0].serverOptions.command, 'aec');
});

test('a new aec.path stops the running server and starts the new command', async () => {
  await activate();
  await changeSettings({ 'aec.path': '/home/me/aec/aec' });
  assert.equal(clients.length, 2);
  assert.equal(clients[0].stops, 1);
  assert.equal(clients[0].running, false);
  assert.equal(clients[1].serverOptions.command, '/home/me/aec/aec');
  assert.ok(clients[1].running);
});

test('a trace setting change leaves the server running', async () => {
  await activate();
  await changeSettings({ 'aec.trace.server': 'verbose' });
  assert.equal(clients.length, 1);
  assert.equal(clients[0].stops, 0);
});

test('the restart command replaces the running server', async () => {
  await activate();
  const restart = commands.get('aec.restartServer');
  assert.ok(restart, 'aec.restartServer is registered');
  await restart();
  assert.equal(clients.length, 2);
  assert.equal(clients[0].stops, 1);
  assert.ok(clients[1].running);
});

test('a command that cannot start is reported with the command and a way to the setting', async () => {
  settings['aec.path'] = 'no-such-aec';
  await activate();
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /`no-such-aec lsp`/);
  assert.match(errors[0].message, /ENOENT/);
  assert.deepEqual(errors[0].items, ['Open Settings']);
});

test('after a failed start, a restart tries again without stopping the failed client', async () => {
  settings['aec.path'] = 'no-such-aec';
  await activate();
  settings['aec.path'] = 'aec';
  await commands.get('aec.restartServer')();
  assert.equal(clients.length, 2);
  assert.equal(clients[0].stops, 0);
  assert.ok(clients[1].running);
});

test('a restart while the server is still starting replaces it without an error', async () => {
  settings['aec.path'] = 'slow-aec';
  const activation = activate();
  await new Promise((resolve) => setImmediate(resolve));
  settings['aec.path'] = 'aec';
  await commands.get('aec.restartServer')();
  await activation;
  assert.equal(clients.length, 2);
  assert.equal(clients[0].stops, 1);
  assert.ok(clients[1].running);
  assert.deepEqual(errors, []);
  // The replaced client's failure must not take the new one's place.
  await commands.get('aec.restartServer')();
  assert.equal(clients[1].stops, 1, 'the restart stopped the client that was running');
});

test('deactivation stops the server', async () => {
  const extension = await activate();
  await extension.deactivate();
  assert.equal(clients[0].stops, 1);
});
