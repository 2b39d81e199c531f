/** Compose interpolation, .env parsing and finding service addresses in environment values. */
import { describe, it, expect } from 'vitest';
import { interpolate, findEnvTargets, resolveHost } from '../../src/importers/env-targets.js';
import { parseDotEnv } from '../../src/importers/compose.js';

describe('interpolate', () => {
  const vars = new Map([['SET', 'value'], ['EMPTY', '']]);
  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${UNSET}', ''],
    ['${UNSET:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${SET:-dflt}', 'value'],
    ['${SET:+alt}', 'alt'],
    ['${UNSET:+alt}', ''],
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}:80', 'deep:80'],
    ['$$SET', '$SET'],
    ['${UNSET:?must be set}', ''],
  ])('%s → %s', (text, expected) => {
    expect(interpolate(text, vars).text).toBe(expected);
  });

  it('lists what stayed unresolved', () => {
    expect(interpolate('${A}:${SET}:${B:-x}', vars).unresolved).toEqual(['A', 'B']);
  });
});

describe('parseDotEnv', () => {
  it('reads the forms docker compose accepts', () => {
    const vars = parseDotEnv('# comment\n\nA=1\nexport B="two words"\nC=\'$literal\'\nD=plain # trailing comment\nE=\nnot a line\n');
    expect([...vars]).toEqual([['A', '1'], ['B', 'two words'], ['C', '$literal'], ['D', 'plain'], ['E', '']]);
  });
});

describe('findEnvTargets', () => {
  const services = new Set(['cart', 'catalog', 'db', 'rabbitmq', 'sqldata', 'redis', 'payment']);
  it.each([
    ['CATALOG_URL', 'http://catalog:8080/api', [{ to: 'catalog', protocol: 'http', how: 'URL' }]],
    ['CART_ADDR', 'cart:7070', [{ to: 'cart', how: 'host:port' }]],
    ['PAYMENT_ADDR', 'payment:50051', [{ to: 'payment', protocol: 'grpc', how: 'host:port' }]],
    ['DB', 'jdbc:mysql://db:3306/shop?useSSL=false', [{ to: 'db', protocol: 'tcp', how: 'URL' }]],
    ['MONGO', 'mongodb://user:pw@db:27017,redis:27018/x', [{ to: 'db', protocol: 'tcp', how: 'URL' }, { to: 'redis', protocol: 'tcp', how: 'URL' }]],
    ['ConnectionString', 'Server=sqldata;Database=x;User Id=sa', [{ to: 'sqldata', how: 'connection string' }]],
    ['EventBusConnection', 'rabbitmq', [{ to: 'rabbitmq', how: 'service name' }]],
    ['OTEL_SERVICE_NAME', 'cart', []],
    ['CART_ADDR', '', [{ to: 'cart', how: 'variable name' }]],
    ['GRPC_CART', 'cart:80', [{ to: 'cart', protocol: 'grpc', how: 'host:port' }]],
    ['HOME_URL', 'https://example.com/cart:80', []],
    ['SELF', 'http://self:80', []],
  ])('%s=%s', (key, value, expected) => {
    expect(findEnvTargets(key, value, new Set([...services, 'self']), 'self')).toEqual(expected);
  });

  it('resolves cluster DNS names to the service', () => {
    expect(resolveHost('catalog.shop.svc.cluster.local', services)).toBe('catalog');
    expect(resolveHost('catalog.shop', services)).toBe('catalog');
    expect(resolveHost('catalog.example.com', services)).toBeUndefined();
  });
});
