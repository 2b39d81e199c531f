/**
 * Compose files read the way `docker compose config` reads them. There is no compose binary on
 * this machine, so the expectations are derived from the Compose Specification
 * (github.com/compose-spec/compose-spec: 05-services.md `extends`/`env_file`/`profiles`,
 * 13-merge.md, 14-include.md, 15-profiles.md) and its reference loader compose-go (loader/include.go:
 * an including file's definitions win over an included one's; override/merge.go: which fields
 * replace rather than merge; loader/reset.go: `!reset` removes, `!override` replaces). Each test
 * cites the rule it checks.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { readOneSystem } from '../../src/shell/load-architecture.js';
import { memoryIo } from '../../src/io.js';
import { UserError } from '../../src/errors.js';
import { tempTree } from './helpers.js';

const tree = (files: Record<string, string>) => tempTree(files, 'meshgate-compose-');

async function read(dir: string, ...inputs: string[]) {
  return readOneSystem(inputs.length > 0 ? inputs.map((i) => join(dir, i)) : [dir], {}, memoryIo());
}

const svc = (sys: Awaited<ReturnType<typeof read>>, name: string) => sys.architecture.services.find((s) => s.name === name)!;
const calls = (sys: Awaited<ReturnType<typeof read>>, name: string) => svc(sys, name).calls.map((c) => c.to);

async function failure(p: Promise<unknown>): Promise<UserError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('merge rules (13-merge.md)', () => {
  it('mappings merge, sequences append, scalars are replaced; command is replaced whole', async () => {
    const dir = tree({
      'compose.yaml': 'services:\n  web:\n    image: x/web:1\n    command: ["--upstream", "api:80"]\n    environment: {A: "http://api:80"}\n    expose: ["80"]\n  api: {image: x/api}\n  old: {image: x/old}\n',
      'compose.override.yaml': 'services:\n  web:\n    image: x/web:2\n    command: ["--upstream", "old:80"]\n    environment: ["B=http://api:80"]\n    expose: ["81"]\n',
    });
    const sys = await read(dir);
    expect(svc(sys, 'web').image).toBe('x/web:2');
    // command from the override only (old); environment A and B both kept (api).
    expect(calls(sys, 'web').sort()).toEqual(['api', 'old']);
    expect(sys.notes.map((n) => n.message)).toContain(`web → old: host:port in its command line (${join(dir, 'compose.override.yaml')}:4:29)`);
  });

  it('ports are unique by published/target: a repeated mapping is one entry', async () => {
    const dir = tree({
      'compose.yaml': 'services:\n  web:\n    image: x/web\n    ports: ["8080:80"]\n',
      'compose.override.yaml': 'services:\n  web:\n    ports: ["8080:80", "8443:443"]\n',
    });
    const sys = await read(dir);
    // The repeated entry is the override's (it shares the unique key), so that is where it points.
    expect(sys.notes.map((n) => n.message)).toContain(`web: public: publishes 8080:80, 8443:443 (${join(dir, 'compose.override.yaml')}:3:13)`);
  });

  it('!reset removes a value; !override replaces a sequence instead of appending', async () => {
    const dir = tree({
      'compose.yaml': 'services:\n  app:\n    image: myapp\n    ports: ["8080:80"]\n    environment:\n      FOO: http://api:80\n  api: {image: x/api}\n  db: {image: postgres}\n  side:\n    image: x/side\n    ports: ["9000:9000"]\n',
      'compose.override.yaml': 'services:\n  app:\n    ports: !reset []\n    environment:\n      FOO: !reset null\n      DB: db:5432\n  side:\n    ports: !override\n      - "9443:443"\n',
    });
    const sys = await read(dir);
    expect(svc(sys, 'app').exposure).toBe('internal');
    expect(calls(sys, 'app')).toEqual(['db']);
    expect(svc(sys, 'side').port).toBe(443);
    expect(sys.notes.map((n) => n.message)).toContain(`side: public: publishes 9443:443 (${join(dir, 'compose.override.yaml')}:9:9)`);
  });

  it('a !reset in a manifest (not a compose file) stays a YAML error', async () => {
    const dir = tree({ 'x.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: !reset {}\n' });
    const err = await failure(read(dir, 'x.yaml'));
    expect(err.message).toMatch(/invalid YAML|unknown tag/);
  });
});

describe('include (14-include.md)', () => {
  it('a file with only include: is a compose file; included services join, each read from its own folder and .env', async () => {
    const dir = tree({
      'compose.yaml': 'include:\n  - backend/compose.yaml\n  - path: front/compose.yaml\n',
      'backend/compose.yaml': 'services:\n  api:\n    image: x/api\n    environment: ["DB_URL=postgres://${DB_HOST}:5432/x"]\n  db: {image: postgres}\n',
      'backend/.env': 'DB_HOST=db\n',
      'front/compose.yaml': 'services:\n  web:\n    image: x/web\n    ports: ["80:80"]\n    environment: [API=http://api:8080]\n',
    });
    const sys = await read(dir);
    expect(sys.architecture.services.map((s) => s.name).sort()).toEqual(['api', 'db', 'web']);
    expect(calls(sys, 'web')).toEqual(['api']);
    expect(calls(sys, 'api')).toEqual(['db']);
    expect(sys.locate('/services/0')).toMatchObject({ file: join(dir, 'backend/compose.yaml'), line: 2 });
  });

  it("the including file's definition of a service wins over the included one's (compose-go importResources)", async () => {
    const dir = tree({
      'compose.yaml': 'include: [other.yaml]\nservices:\n  api:\n    image: x/api:local\n',
      'other.yaml': 'services:\n  api:\n    image: x/api:included\n    ports: ["8080:80"]\n',
    });
    const sys = await read(dir, 'compose.yaml');
    expect(svc(sys, 'api')).toMatchObject({ image: 'x/api:local', exposure: 'public' });
  });

  it('refuses an include cycle, a missing file and a remote include, naming them', async () => {
    const cycle = tree({ 'compose.yaml': 'include: [b.yaml]\nservices: {a: {image: x}}\n', 'b.yaml': 'include: [compose.yaml]\nservices: {b: {image: y}}\n' });
    expect((await failure(read(cycle, 'compose.yaml'))).message).toMatch(/include cycle/);
    const missing = tree({ 'compose.yaml': 'include: [nope.yaml]\nservices: {a: {image: x}}\n' });
    const m = await failure(read(missing, 'compose.yaml'));
    expect(m.message).toMatch(/nope\.yaml cannot be read: no such file/);
    expect(m.details[0]!.loc).toMatchObject({ file: join(missing, 'compose.yaml'), line: 1 });
    const remote = tree({ 'compose.yaml': 'include: ["oci://docker.io/x/y:latest"]\nservices: {a: {image: x}}\n' });
    expect((await failure(read(remote, 'compose.yaml'))).message).toBe('include from a remote source (oci://docker.io/x/y:latest) is not supported');
  });
});

describe('extends (05-services.md)', () => {
  it('from the same file and from another file, the extending service overriding; chains resolve', async () => {
    const dir = tree({
      'compose.yaml': 'services:\n  base:\n    image: x/base\n    environment: {DB_HOST: db}\n  api:\n    extends: base\n    environment: {CACHE_HOST: cache}\n  worker:\n    extends: {file: common/services.yaml, service: job}\n  db: {image: postgres}\n  cache: {image: redis}\n',
      'common/services.yaml': 'services:\n  job:\n    extends: plain\n    environment: [QUEUE_URL=amqp://mq:5672]\n  plain:\n    image: x/job\n  mq: {image: rabbitmq}\n',
    });
    const sys = await read(dir, 'compose.yaml');
    expect(calls(sys, 'api').sort()).toEqual(['cache', 'db']);
    expect(svc(sys, 'worker').image).toBe('x/job');
    // mq is defined in the other file only: extends takes the service, not its neighbours.
    expect(sys.architecture.services.some((s) => s.name === 'mq')).toBe(false);
    expect(sys.notes.map((n) => n.message)).toContain(`worker: address mq names no service, container_name, hostname or alias in these files; add the service (or its compose file) to read that call`);
    // The inherited value keeps the position where it is written.
    expect(sys.locate(`/services/${sys.architecture.services.findIndex((s) => s.name === 'api')}/calls/0`).file).toBe(join(dir, 'compose.yaml'));
  });

  it('refuses an extends cycle and a missing base', async () => {
    const cycle = tree({ 'compose.yaml': 'services:\n  a: {extends: b, image: x}\n  b: {extends: a}\n' });
    expect((await failure(read(cycle, 'compose.yaml'))).message).toMatch(/extends cycle/);
    const missing = tree({ 'compose.yaml': 'services:\n  a: {extends: nope, image: x}\n' });
    expect((await failure(read(missing, 'compose.yaml'))).message).toMatch(/cannot extend service nope/);
  });
});

describe('env_file (05-services.md)', () => {
  it('adds variables, environment wins over them, and positions point into the env file', async () => {
    const dir = tree({
      'compose.yaml': 'services:\n  api:\n    image: x/api\n    env_file: [api.env, {path: missing.env, required: false}]\n    environment: {CACHE_HOST: cache}\n  db: {image: postgres}\n  cache: {image: redis}\n  other: {image: redis}\n',
      'api.env': '# settings\nDB_HOST=db\nCACHE_HOST=other\n',
    });
    const sys = await read(dir, 'compose.yaml');
    expect(calls(sys, 'api').sort()).toEqual(['cache', 'db']);
    const i = sys.architecture.services.findIndex((s) => s.name === 'api');
    const j = sys.architecture.services[i]!.calls.findIndex((c) => c.to === 'db');
    expect(sys.locate(`/services/${i}/calls/${j}`)).toEqual({ file: join(dir, 'api.env'), line: 2, column: 1 });
  });

  it('a required env_file that is missing is an error at its line', async () => {
    const dir = tree({ 'compose.yaml': 'services:\n  api:\n    image: x/api\n    env_file: nope.env\n' });
    const err = await failure(read(dir, 'compose.yaml'));
    expect(err.message).toMatch(/nope\.env cannot be read: no such file/);
    expect(err.details[0]!.loc).toMatchObject({ line: 4, column: 15 });
  });
});

describe('profiles (15-profiles.md)', () => {
  it('leaves out services whose profiles are not active, says so, and reads COMPOSE_PROFILES from .env', async () => {
    const text = 'services:\n  web: {image: x/web}\n  debug:\n    image: x/debug\n    profiles: [dev]\n';
    const off = await read(tree({ 'compose.yaml': text }));
    expect(off.architecture.services.map((s) => s.name)).toEqual(['web']);
    expect(off.notes.map((n) => n.message)).toContain("debug: in profile dev, which docker compose leaves out unless it is active; not in the model (set COMPOSE_PROFILES=dev in .env to include it)");
    const on = await read(tree({ 'compose.yaml': text, '.env': 'COMPOSE_PROFILES=dev\n' }));
    expect(on.architecture.services.map((s) => s.name)).toEqual(['web', 'debug']);
  });
});

describe('addresses other containers answer to', () => {
  it('container_name, hostname and network aliases resolve; a hostname three containers share does not', async () => {
    const dir = tree({
      'compose.yaml': [
        'services:',
        '  kong:',
        '    image: kong:3',
        '    environment: {A: "http://realtime-dev.supabase-realtime:4000/socket", B: "http://search-box:9200", C: "cache-host:11211"}',
        '  realtime:',
        '    image: x/realtime',
        '    container_name: realtime-dev.supabase-realtime',
        '  search:',
        '    image: x/search',
        '    networks: {back: {aliases: [search-box]}}',
        '  memcached-rate: {image: memcached, hostname: cache-host}',
        '  memcached-profile: {image: memcached, hostname: cache-host}',
        'networks: {back: {}}',
        '',
      ].join('\n'),
    });
    const sys = await read(dir, 'compose.yaml');
    expect(calls(sys, 'kong').sort()).toEqual(['realtime', 'search']);
    expect(sys.notes.map((n) => n.message)).toContain('kong: address cache-host is a name several containers answer to (hostname or alias); which one is meant is not known, so no call is read');
  });

  it('depends_on and links are start-up ordering, never calls', async () => {
    const dir = tree({ 'compose.yaml': 'services:\n  web:\n    image: x/web\n    depends_on: {api: {condition: service_healthy}}\n    links: ["db:database"]\n  api: {image: x/api}\n  db: {image: postgres}\n' });
    const sys = await read(dir, 'compose.yaml');
    expect(svc(sys, 'web')).toMatchObject({ calls: [], dependsOn: ['api', 'db'] });
  });
});
