// Snapshot tests over the repository's real models: each models/*.aemodel is tokenized with the grammar
// and its tokens compared with test/snapshots/<file>.snap. The snapshot tool keeps a snapshot beside its
// source and quietly writes one that is missing, so the models are checked from a copy in target/ (never
// writing into models/), and a model without a committed snapshot fails instead of passing.
//
//   node test/snapshots.js            compare
//   node test/snapshots.js --update   rewrite test/snapshots/ from the grammar as it is
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const extension = path.resolve(__dirname, '..');
const models = path.resolve(extension, '..', '..', 'models');
const snapshots = path.join(__dirname, 'snapshots');
const work = path.join(extension, 'target', 'snapshots');
const update = process.argv.includes('--update');

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

// The tool's own entry point, run with this Node: no reliance on a shell or on node_modules/.bin.
function snapshotTool() {
  const manifestPath = require.resolve('vscode-tmgrammar-test/package.json');
  const bin = require(manifestPath).bin['vscode-tmgrammar-snap'];
  return path.join(path.dirname(manifestPath), bin);
}

const modelFiles = fs.readdirSync(models).filter((f) => f.endsWith('.aemodel')).sort();
if (modelFiles.length === 0) {
  fail(`no .aemodel files in ${models}`);
}
fs.mkdirSync(snapshots, { recursive: true });
const snapFiles = fs.readdirSync(snapshots).filter((f) => f.endsWith('.snap'));
const missing = modelFiles.filter((f) => !snapFiles.includes(`${f}.snap`));
const stale = snapFiles.filter((f) => !modelFiles.includes(f.slice(0, -'.snap'.length)));
if (!update && (missing.length > 0 || stale.length > 0)) {
  const lines = [
    ...missing.map((f) => `models/${f} has no snapshot`),
    ...stale.map((f) => `test/snapshots/${f} is the snapshot of no model`),
  ];
  fail(`${lines.join('\n       ')}\n  help: run \`npm run snapshots:update\` and read the diff before committing`);
}

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
for (const file of modelFiles) {
  fs.copyFileSync(path.join(models, file), path.join(work, file));
  if (!update) {
    fs.copyFileSync(path.join(snapshots, `${file}.snap`), path.join(work, `${file}.snap`));
  }
}

const args = [
  snapshotTool(),
  '--grammar', path.join('syntaxes', 'aemodel.tmLanguage.json'),
  ...(update ? ['--updateSnapshot'] : []),
  ...modelFiles.map((f) => path.relative(extension, path.join(work, f))),
];
const run = spawnSync(process.execPath, args, { cwd: extension, stdio: 'inherit' });
if (run.error) {
  fail(`could not run the snapshot tool: ${run.error.message}`);
}
if (run.status !== 0) {
  process.exit(run.status === null ? 1 : run.status);
}

if (update) {
  for (const file of stale) {
    fs.rmSync(path.join(snapshots, file));
  }
  for (const file of modelFiles) {
    fs.copyFileSync(path.join(work, `${file}.snap`), path.join(snapshots, `${file}.snap`));
  }
  console.log(`wrote ${modelFiles.length} snapshots to test/snapshots/`);
}
