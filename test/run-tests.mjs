// Runs the whole vitest suite and ends with the plain line CI reads: "N passed, N failed, N skipped".
// The exit code is vitest's own, so a failing test still fails `npm test`.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const report = '.vitest.json';
rmSync(report, { force: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit' });
let summary = '0 passed, 0 failed';
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  summary = `${j.numPassedTests} passed, ${j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0)} failed, ${j.numPendingTests + (j.numTodoTests ?? 0)} skipped`;
} catch {
  summary = '0 passed, 1 failed';
}
console.log(summary);
process.exit(r.status ?? 1);
