// Runs the static checks and the whole vitest suite, and ends with the plain line CI reads:
// "N passed, N failed, N skipped". The static checks come first and are counted as tests:
// - layers: dependency-cruiser with .dependency-cruiser.cjs (the direction of imports, no cycles);
// - types of the tests: tsc over test/ (src is type-checked by the build).
// vitest runs even when a check fails, so one run shows every failure; the exit code is non-zero
// when anything failed.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const checks = [
  { name: 'layers (dependency-cruiser)', args: ['depcruise', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'] },
  { name: 'types of the tests (tsc -p test)', args: ['tsc', '-p', 'test/tsconfig.json'] },
];
let checksFailed = 0;
for (const check of checks) {
  const r = spawnSync('npx', ['--no-install', ...check.args], { stdio: 'inherit' });
  if (r.status !== 0) {
    checksFailed++;
    console.error(`FAILED: ${check.name} (npx ${check.args.join(' ')})`);
  } else {
    console.log(`passed: ${check.name}`);
  }
}

const report = '.vitest.json';
rmSync(report, { force: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit' });
let summary;
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const passed = j.numPassedTests + checks.length - checksFailed;
  const failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0) + checksFailed;
  summary = `${passed} passed, ${failed} failed, ${j.numPendingTests + (j.numTodoTests ?? 0)} skipped`;
} catch {
  summary = `${checks.length - checksFailed} passed, ${1 + checksFailed} failed`;
}
console.log(summary);
process.exit(checksFailed > 0 && r.status === 0 ? 1 : (r.status ?? 1));
