// The js-yaml floor for one input, run as its own Node process by `npm run bench`: read every
// YAML file of a file or directory (sorted, as meshgate lists them) and load all its documents
// with js-yaml, keeping the values, as any tool that looks at the whole input must. Nothing a
// YAML-reading tool does can cost less.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

const path = process.argv[2];
const files = statSync(path).isDirectory() ? readdirSync(path).filter((n) => /\.ya?ml$/i.test(n)).sort().map((n) => join(path, n)) : [path];
const documents = [];
for (const file of files) documents.push(loadAll(readFileSync(file, 'utf8')));
if (documents.length !== files.length) process.exit(1);
