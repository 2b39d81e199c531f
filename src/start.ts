/**
 * `npm start`: the questionnaire when a person is at a terminal, otherwise a recommendation
 * for the bundled example, so the command does something useful in CI and pipes too.
 */
import { fileURLToPath } from 'node:url';
import { run } from './cli.js';
import { nodeIo } from './io.js';

const example = fileURLToPath(new URL('../templates/examples/answers.yaml', import.meta.url));
const argv = process.stdin.isTTY && process.stdout.isTTY ? ['ask'] : ['recommend', example];
process.exitCode = await run(argv, nodeIo(argv));
