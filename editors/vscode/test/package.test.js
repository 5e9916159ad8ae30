// The manifest and what the .vsix holds: a contribution that names a missing file, an engine range the
// language client does not support, or a .vscodeignore that drops the grammar or ships the tests would
// each pass every other test and break only in the editor.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const extension = path.resolve(__dirname, '..');
const manifest = require(path.join(extension, 'package.json'));

function packagedFiles() {
  const vscePackage = require.resolve('@vscode/vsce/package.json');
  const bin = path.join(path.dirname(vscePackage), require(vscePackage).bin.vsce);
  const run = spawnSync(process.execPath, [bin, 'ls'], { cwd: extension, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

test('every file the manifest names exists', () => {
  const named = [
    manifest.main,
    ...manifest.contributes.languages.map((l) => l.configuration),
    ...manifest.contributes.grammars.map((g) => g.path),
  ];
  for (const file of named) {
    assert.ok(fs.existsSync(path.join(extension, file)), `${file} is named in package.json`);
  }
});

test('the grammar contribution is the grammar of the aemodel language', () => {
  const [language] = manifest.contributes.languages;
  const [grammar] = manifest.contributes.grammars;
  assert.equal(language.id, 'aemodel');
  assert.deepEqual(language.extensions, ['.aemodel']);
  assert.equal(grammar.language, language.id);
  const grammarFile = JSON.parse(fs.readFileSync(path.join(extension, grammar.path), 'utf8'));
  assert.equal(grammar.scopeName, grammarFile.scopeName);
  assert.ok(manifest.activationEvents.includes(`onLanguage:${language.id}`));
});

// Both ranges are carets (`^1.91.0`): the same major, and ours starting no earlier.
function caretMinimum(range) {
  const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  assert.ok(match, `${range} is a caret range`);
  return match.slice(1).map(Number);
}

test('the extension asks for no older VS Code than the language client supports', () => {
  // The client's exports hide its package.json from require; read it where npm put it.
  const client = JSON.parse(fs.readFileSync(path.join(extension, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8'));
  const [ours, theirs] = [caretMinimum(manifest.engines.vscode), caretMinimum(client.engines.vscode)];
  const message = `engines.vscode ${manifest.engines.vscode} within the client's ${client.engines.vscode}`;
  assert.equal(ours[0], theirs[0], message);
  assert.ok(ours[1] > theirs[1] || (ours[1] === theirs[1] && ours[2] >= theirs[2]), message);
});

test('the settings the extension reads are declared with their defaults', () => {
  const settings = manifest.contributes.configuration.properties;
  assert.equal(settings['aec.path'].default, 'aec');
  assert.ok(settings['aec.trace.server'].enum.includes(settings['aec.trace.server'].default));
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('aec.path'));
  assert.ok(manifest.contributes.commands.some((c) => c.command === 'aec.restartServer'));
});

test('the .vsix holds the extension and its runtime dependencies, not the tests or the build', () => {
  const files = packagedFiles();
  for (const file of ['package.json', 'extension.js', 'language-configuration.json', 'README.md',
    'syntaxes/aemodel.tmLanguage.json']) {
    assert.ok(files.includes(file), `${file} is packaged`);
  }
  assert.ok(files.some((f) => f.startsWith('node_modules/vscode-languageclient/')), 'the language client is packaged');
  const unwanted = files.filter((f) => /^(test|target)\//.test(f) || ['pom.xml', '.npmrc'].includes(f)
    || /^node_modules\/(vscode-tmgrammar-test|@vscode\/vsce)\//.test(f));
  assert.deepEqual(unwanted, []);
});
