/**
 * `npm start`: the questionnaire when a person is at a terminal, otherwise a recommendation
 * for the bundled example, so the command does something useful in CI and pipes too.
 */
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './cli.js';
import { nodeIo } from './io.js';

const bundled = fileURLToPath(new URL('../templates/examples/answers.yaml', import.meta.url));
// Named relative to the working directory, as every other path meshgate prints (npm runs this
// from the package's folder, so it reads `templates/examples/answers.yaml`).
const fromCwd = relative(process.cwd(), bundled);
const example = fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd) ? bundled : fromCwd;
const argv = process.stdin.isTTY && process.stdout.isTTY ? ['ask'] : ['recommend', example];
process.exitCode = await run(argv, nodeIo(argv));
