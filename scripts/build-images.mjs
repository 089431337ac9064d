// Takes changes in the shared image fact sheets over into src/images/kb.json, keeping the fields only kb.json has
// (serviceUser, variants, structured traps). Development tool, never used at run time.
//   node --import tsx scripts/build-images.mjs           rewrite kb.json
//   node --import tsx scripts/build-images.mjs --check   exit 1 when kb.json is out of date
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { loadShared, CARRIED_KEYS } = await import('../test/images/shared-facts.ts');

const KB = fileURLToPath(new URL('../src/images/kb.json', import.meta.url));
const ORDER = [
  'image', 'aliases', 'kind', 'defaultUser', 'uid', 'gid', 'serviceUser', 'serviceUserEnv', 'serviceUserNeedsWritable',
  'needsRootGroup', 'dropsPrivileges', 'rootCapsNeeded', 'runsAsUidDirectly', 'runsAsUidNote', 'writablePaths',
  'conditionalWritablePaths', 'noTmpfs', 'tmpfsExec', 'readOnlyEnv', 'ports', 'secretFileEnv', 'secretFileEnvPatterns',
  'secretFilesReadByServiceUser', 'refusesFileSecrets', 'refusedFileEnv', 'dataPaths', 'healthcheck', 'minMemory',
  'minMemoryNote', 'fileCaps', 'runtimeFileCaps', 'optionalCaps', 'needsInternet', 'needsInternetReason',
  'needsInternetWhenEnv', 'hasInit', 'longRunning', 'usesDockerSocket', 'defaultPasswords', 'ulimits', 'tagMatch',
  'notCoveredTags', 'variants', 'confidence', 'sources', 'notes',
];

const current = existsSync(KB) ? JSON.parse(readFileSync(KB, 'utf8')) : [];
const byImage = new Map(current.map((e) => [e.image, e]));
const shared = loadShared();
const messages = [];

const next = shared.map((s) => {
  const old = byImage.get(s.image);
  if (!old) messages.push(`new image ${s.image}: add serviceUser, variants and traps by hand`);
  const entry = { ...(old ?? {}) };
  for (const k of CARRIED_KEYS) {
    if (s[k] === undefined) delete entry[k];
    else entry[k] = s[k];
  }
  entry.conditionalWritablePaths = mergeConditional(s.conditionalWritablePaths, old?.conditionalWritablePaths ?? []);
  if (entry.conditionalWritablePaths.length === 0) delete entry.conditionalWritablePaths;
  return ordered(entry);
});
for (const e of current) {
  if (!shared.some((s) => s.image === e.image)) messages.push(`image ${e.image} is gone from the fact sheets: dropped`);
}

const text = JSON.stringify(next, null, 2) + '\n';
const changed = !existsSync(KB) || readFileSync(KB, 'utf8') !== text;
for (const m of messages) console.log(m);
if (process.argv.includes('--check')) {
  if (changed) {
    console.error('src/images/kb.json differs from the shared fact sheets; run: node --import tsx scripts/build-images.mjs');
    process.exit(1);
  }
  console.log('src/images/kb.json is up to date');
} else if (changed) {
  writeFileSync(KB, text);
  console.log(`wrote ${next.length} entries to src/images/kb.json`);
} else {
  console.log('src/images/kb.json is up to date');
}

// Sheet entries keep what kb.json added to them (env triggers, failure mode); entries kb.json added itself stay.
function mergeConditional(fromSheet, existing) {
  const out = fromSheet.map((c) => ({ ...(existing.find((o) => o.path === c.path && o.note === c.note) ?? {}), ...c }));
  for (const o of existing) if (!out.some((c) => c.path === o.path && c.note === o.note)) out.push(o);
  return out;
}

function ordered(entry) {
  const out = {};
  for (const k of ORDER) if (entry[k] !== undefined) out[k] = entry[k];
  for (const k of Object.keys(entry)) if (!(k in out)) out[k] = entry[k];
  return out;
}
