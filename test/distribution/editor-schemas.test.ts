// The JSON Schemas published for editors: the ones meshgate validates with, and the
// `# yaml-language-server: $schema=` line that `ask --save` and `import` write, judged by
// yaml-language-server itself (the engine of VS Code's YAML extension).
import { screen } from '@inquirer/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { PUBLISHED_SCHEMAS, PUBLISHED_SCHEMAS_DIR, publishedSchemaText, type PublishedSchema } from '../../src/shell/published-schemas.js';
import { CHECK_KINDS } from '../../src/core/lint/checks.js';
import { checkKindParamsSchema } from '../../src/core/lint/rule-schema.js';
import { schemaModeline, schemaReference } from '../../src/shell/schema-modeline.js';
import { registeredSchemas } from '../../src/shell/schema-registry.js';
import { runAsk } from '../../src/commands/ask.js';
import { memoryIo } from '../../src/io.js';
import { parseAnswers } from '../../src/shell/load-answers.js';
import { withDefaults } from '../../src/core/answers.js';
import { editorProblems, editorProblemsWithSettings } from './yaml-language-server.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/main.js');
const published: readonly PublishedSchema[] = PUBLISHED_SCHEMAS;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

let work: string;
/** A project with meshgate installed the way npm installs it: node_modules/meshgate/schemas. */
let project: string;
beforeAll(() => {
  if (!existsSync(cli) || !existsSync(PUBLISHED_SCHEMAS_DIR)) throw new Error('dist/ or schemas/ is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'meshgate-editor-'));
  project = join(work, 'project');
  cpSync(PUBLISHED_SCHEMAS_DIR, join(project, 'node_modules/meshgate/schemas'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('published schemas (schemas/ in the package)', () => {
  it('are exactly the listed ones, each a byte-for-byte copy of src/schema or the generated lint rule schema', () => {
    expect(readdirSync(PUBLISHED_SCHEMAS_DIR).sort()).toEqual([...published].sort());
    for (const file of published) {
      expect(readFileSync(join(PUBLISHED_SCHEMAS_DIR, file), 'utf8'), file).toBe(publishedSchemaText(file) ?? readFileSync(join(root, 'src/schema', file), 'utf8'));
    }
  });

  it('the lint rule schema carries every check kind: its name, and its params schema for rules of that kind', () => {
    const schema = JSON.parse(readFileSync(join(PUBLISHED_SCHEMAS_DIR, 'lint-rule.schema.json'), 'utf8')) as {
      properties: { check: { properties: { kind: { enum: string[] } } } };
      definitions: Record<string, unknown>;
    };
    expect(schema.properties.check.properties.kind.enum).toEqual(Object.keys(CHECK_KINDS));
    for (const kind of Object.values(CHECK_KINDS)) expect(schema.definitions[kind.name], kind.name).toEqual(checkKindParamsSchema(kind));
  });

  it('are the schemas meshgate itself validates with, valid draft-07, with a stable package-path $id', () => {
    const ajv = new Ajv({ strict: false });
    const inUse = registeredSchemas().map((s) => JSON.stringify(s));
    for (const file of published) {
      const schema = JSON.parse(readFileSync(join(PUBLISHED_SCHEMAS_DIR, file), 'utf8')) as Record<string, unknown>;
      expect(schema['$id'], file).toBe(`meshgate/schemas/${file}`);
      expect(schema['$schema'], file).toBe('http://json-schema.org/draft-07/schema#');
      expect(ajv.validateSchema(schema), `${file}: ${ajv.errorsText()}`).toBe(true);
      expect(inUse, `${file} is registered for run-time validation`).toContain(JSON.stringify(schema));
    }
  });
});

describe('where the modeline points', () => {
  it('into the project\'s node_modules/meshgate when meshgate is installed there, relative to the file', () => {
    const deep = join(project, 'config', 'prod');
    expect(schemaReference('answers.schema.json', deep)).toBe('../../node_modules/meshgate/schemas/answers.schema.json');
    expect(schemaReference('architecture.schema.json', project)).toBe('node_modules/meshgate/schemas/architecture.schema.json');
  });

  it('at this installation otherwise: relative inside it, absolute outside it', () => {
    const outside = join(work, 'elsewhere');
    expect(schemaReference('answers.schema.json', outside)).toBe(join(PUBLISHED_SCHEMAS_DIR, 'answers.schema.json'));
    expect(schemaReference('answers.schema.json', join(root, 'test/fixtures'))).toBe('../../schemas/answers.schema.json');
  });

  it('as a file: URI when the path has a blank, # or a line break, so the value stays one word on one line', () => {
    // Only an absolute path can hold such a name: a relative one is ../ and node_modules/meshgate/schemas/.
    for (const name of ['with blank', 'hash#dir', 'line\nbreak']) {
      const schemas = join(work, name, 'meshgate/schemas');
      cpSync(PUBLISHED_SCHEMAS_DIR, schemas, { recursive: true });
      const line = schemaModeline('answers.schema.json', join(work, 'elsewhere'), schemas);
      expect(line).toMatch(/^# yaml-language-server: \$schema=file:\/\/\S+\n$/);
      expect(fileURLToPath(line.slice('# yaml-language-server: $schema='.length, -1))).toBe(join(schemas, 'answers.schema.json'));
    }
  });

  it('nowhere when this installation has no schemas/ (run from unbuilt sources)', () => {
    expect(schemaModeline('answers.schema.json', join(work, 'elsewhere'), join(work, 'no-such-install/schemas'))).toBe('');
  });
});

/** Runs `meshgate ask --save FILE` in-process, accepting every default. */
async function askAndSave(cwd: string, save: string): Promise<void> {
  const io = memoryIo({ stdinIsTTY: true, stdoutIsTTY: true, cwd });
  const run = runAsk({ save }, io);
  run.catch(() => undefined);
  const next = () => Promise.race([screen.next(), run.then(() => undefined, () => undefined)]);
  await next();
  for (let i = 0; i < 40 && !/Generate starter configs/.test(screen.getScreen()); i++) {
    screen.keypress('enter');
    await next();
  }
  screen.keypress('enter'); // no starter configs
  await expect(run).resolves.toBe(0);
}

describe('in the editor (yaml-language-server)', () => {
  it('`ask --save` writes a first line that makes the editor check the file against the Answers schema; meshgate reads it back', async () => {
    mkdirSync(join(project, 'decisions'), { recursive: true });
    await askAndSave(project, 'decisions/answers.yaml');
    const path = join(project, 'decisions/answers.yaml');
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/meshgate/schemas/answers.schema.json');
    expect(parseAnswers(text, path).answers).toEqual(withDefaults({ traffic: 'north-south', services: 3 }));
    expect(await editorProblems(path, text)).toEqual([]);

    const broken = text.replace(/^traffic: .*$/m, 'traffic: sideways');
    const problems = await editorProblems(path, broken);
    const line = broken.split('\n').findIndex((l) => l.startsWith('traffic:')) + 1;
    expect(problems).toEqual([expect.objectContaining({ line, source: expect.stringContaining('meshgate Answers v1') })]);
  });

  it('`import -o` writes the Architecture schema line; the editor finds no problem, meshgate reads the file again', async () => {
    mkdirSync(join(project, 'arch'), { recursive: true });
    const r = spawnSync(process.execPath, [cli, 'import', join(root, 'test/fixtures/compose/shop/compose.yaml'), '-o', 'arch/shop.yaml'], { cwd: project, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const path = join(project, 'arch/shop.yaml');
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/meshgate/schemas/architecture.schema.json');
    expect(await editorProblems(path, text)).toEqual([]);

    const back = spawnSync(process.execPath, [cli, 'recommend', 'arch/shop.yaml', '-f', 'json'], { cwd: project, env, encoding: 'utf8' });
    expect(back.status, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toHaveProperty('schemaVersion', 1);

    const broken = text.replace(/^apiVersion: .*$/m, 'apiVersion: meshgate/v9');
    expect(await editorProblems(path, broken)).toEqual([
      expect.objectContaining({ source: expect.stringContaining('meshgate Architecture v1') }),
    ]);
  });

  it('every built-in lint rule passes the published lint-rule schema in the editor, and a broken one does not', async () => {
    const line = '# yaml-language-server: $schema=../node_modules/meshgate/schemas/lint-rule.schema.json\n';
    const dir = join(project, 'lint-rules');
    mkdirSync(dir, { recursive: true });
    const files = readdirSync(join(root, 'rules/lint')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = line + readFileSync(join(root, 'rules/lint', f), 'utf8');
      expect(await editorProblems(join(dir, f), text), f).toEqual([]);
    }
    const broken = line + readFileSync(join(root, 'rules/lint', files[0]!), 'utf8').replace(/^severity: .*$/m, 'severity: loud');
    expect(await editorProblems(join(dir, 'broken.yaml'), broken)).toEqual([
      expect.objectContaining({ source: expect.stringContaining('meshgate lint rule') }),
    ]);
  });

  it('the .meshgate.yaml of docs/formats/meshgate-yaml.md passes the published lint-config schema in the editor; a bad severity does not', async () => {
    const readme = readFileSync(join(root, 'docs/formats/meshgate-yaml.md'), 'utf8');
    const example = /```yaml\n(# \.meshgate\.yaml\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(example, 'docs/formats/meshgate-yaml.md shows a .meshgate.yaml').toBeDefined();
    const text = '# yaml-language-server: $schema=node_modules/meshgate/schemas/lint-config.schema.json\n' + example!;
    const path = join(project, '.meshgate.yaml');
    expect(await editorProblems(path, text)).toEqual([]);
    expect(await editorProblems(path, text.replace('service-outside-mesh: error', 'service-outside-mesh: loud'))).toEqual([
      expect.objectContaining({ source: expect.stringContaining('.meshgate.yaml') }),
    ]);
  });

  it('the `yaml.schemas` settings of docs/guides/editors.md apply each schema to the files it names, without a schema line', async () => {
    const readme = readFileSync(join(root, 'docs/guides/editors.md'), 'utf8');
    const settings = /```json\n(\{\n  "yaml\.schemas"[\s\S]*?)```/.exec(readme)?.[1];
    expect(settings, 'docs/guides/editors.md shows a yaml.schemas setting').toBeDefined();
    const yamlSchemas = (JSON.parse(settings!) as { 'yaml.schemas': Record<string, string[]> })['yaml.schemas'];
    expect(Object.keys(yamlSchemas).sort()).toEqual(published.filter((f) => f !== 'answers.schema.json').map((f) => `./node_modules/meshgate/schemas/${f}`).sort());
    const broken: Record<string, string> = {
      '.meshgate.yaml': 'rules:\n  self-call: loud\n',
      'architecture-prod.yaml': 'apiVersion: meshgate/v1\nkind: Architecture\nservices: 3\n',
      'lint-rules/no-latest.yaml': 'id: no-latest\nseverity: loud\n',
    };
    for (const [file, text] of Object.entries(broken)) {
      const problems = await editorProblemsWithSettings(project, yamlSchemas, join(project, file), text);
      expect(problems.length, file).toBeGreaterThan(0);
      expect(problems.every((p) => p.source.includes('meshgate')), file).toBe(true);
    }
    expect(await editorProblemsWithSettings(project, yamlSchemas, join(project, 'other.yaml'), 'services: 3\n')).toEqual([]);
  });
});
