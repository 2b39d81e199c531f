/** Compose details that fixtures do not all show: protocol evidence, port syntaxes, merge order. */
import { describe, it, expect } from 'vitest';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { importCompose } from '../../src/importers/compose.js';

const load = (...texts: string[]) => importCompose(texts.map((t, i) => ({ file: `f${i}.yaml`, docs: parseYamlDocuments(t, `f${i}.yaml`) })), 'x');

describe('compose protocols', () => {
  it.each([
    ['port 50051', 'services:\n  a:\n    image: x/a\n    expose: ["50051"]\n', ['grpc']],
    ['a GRPC variable beside the HTTP port', 'services:\n  a:\n    image: x/a\n    ports: ["80:80", "81:81"]\n    environment:\n      - GRPC_PORT=81\n', ['http', 'grpc']],
    ['a gRPC health probe', 'services:\n  a:\n    image: x/a\n    healthcheck:\n      test: ["CMD", "/bin/grpc_health_probe", "-addr=:5050"]\n', ['grpc']],
    ['an image named for gRPC', 'services:\n  a:\n    image: example/grpc-server:1\n', ['grpc']],
    ['an OTLP gRPC exporter variable (not the service itself)', 'services:\n  a:\n    image: x/a\n    environment:\n      - OTEL_EXPORTER_OTLP_GRPC_ENDPOINT=x\n', ['http']],
    ['nothing special', 'services:\n  a:\n    image: x/a\n', ['http']],
    ['a datastore', 'services:\n  a:\n    image: postgres:16\n', ['tcp']],
  ])('%s', (_label, text, protocols) => {
    expect(load(text).architecture.services[0]!.protocols).toEqual(protocols);
  });
});

describe('compose ports', () => {
  it.each([
    ['"8080"', 'internal', 8080],
    ['"8080:80"', 'public', 80],
    ['"127.0.0.1:8080:80/tcp"', 'public', 80],
    ['"[::1]:8080:80"', 'public', 80],
    ['"${PORT:-8080}:80"', 'public', 80],
    ['"${PORT:-8080}"', 'internal', 8080],
    ['{ target: 80, published: "8080" }', 'public', 80],
    ['{ target: 80 }', 'internal', 80],
    ['"3000-3005:3000-3005"', 'public', 3000],
  ])('%s → %s, port %i', (entry, exposure, port) => {
    const s = load(`services:\n  a:\n    image: x/a\n    ports:\n      - ${entry}\n`).architecture.services[0]!;
    expect([s.exposure, s.port]).toEqual([exposure, port]);
  });
});

describe('compose merging', () => {
  it('merges like docker compose -f: later image wins, lists add up, environment overrides by key', () => {
    const base = 'services:\n  web:\n    image: x/web:1\n    depends_on: [api]\n    environment:\n      API: http://api:80\n      DB: db:5432\n  api:\n    image: x/api\n  old:\n    image: x/old\n  db:\n    image: postgres\n';
    const over = 'services:\n  web:\n    image: x/web:2\n    ports: ["80:80"]\n    depends_on: [old]\n    environment:\n      - API=http://old:80\n';
    const { architecture, locate } = load(base, over);
    const web = architecture.services.find((s) => s.name === 'web')!;
    expect(web.image).toBe('x/web:2');
    expect(web.exposure).toBe('public');
    // The override's API replaces the base's (compose merges environment by key); DB stays.
    expect(web.calls.map((c) => c.to)).toEqual(['old', 'db']);
    expect(locate('/services/0/calls/0')).toEqual({ file: 'f1.yaml', line: 7, column: 9 });
    expect(locate('/services/0/calls/1')).toEqual({ file: 'f0.yaml', line: 7, column: 11 });
    expect(locate('/services/0')).toEqual({ file: 'f0.yaml', line: 2, column: 3 });
    // depends_on from both files is start-up ordering, never a call.
    expect(web.dependsOn).toEqual(['api', 'old']);
    expect(locate('/services/0/dependsOn/1')).toEqual({ file: 'f1.yaml', line: 5, column: 18 });
  });
});
