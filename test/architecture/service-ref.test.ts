/**
 * The one resolver every consumer (lint checks, generate, diagram, derive-answers) reads a call's
 * `to` through: a bare name resolves in the caller's namespace first, `name.namespace` and the
 * cluster DNS forms `name.namespace.svc[.cluster.local]` across namespaces.
 */
import { describe, expect, it } from 'vitest';
import { callTargetName, indexServices, resolveServiceRef, serviceKey, serviceRef } from '../../src/core/service-ref.js';

const services = [
  { name: 'cart', namespace: 'a' },
  { name: 'cart', namespace: 'b' },
  { name: 'web', namespace: 'a' },
  { name: 'ledger', namespace: 'b' },
];
const index = indexServices(services);

describe('resolveServiceRef', () => {
  it('reads a bare name in the caller namespace, and a unique bare name anywhere', () => {
    expect(resolveServiceRef(index, 'cart', 'a')).toBe(0);
    expect(resolveServiceRef(index, 'cart', 'b')).toBe(1);
    expect(resolveServiceRef(index, 'ledger', 'a')).toBe(3);
  });
  it('leaves a bare name that two other namespaces hold unresolved', () => {
    expect(resolveServiceRef(index, 'cart', 'c')).toBeUndefined();
  });
  it('reads name.namespace and the cluster DNS forms across namespaces', () => {
    for (const ref of ['cart.b', 'cart.b.svc', 'cart.b.svc.cluster.local', 'cart.b.svc.cluster.local.']) expect(resolveServiceRef(index, ref, 'a')).toBe(1);
    expect(resolveServiceRef(index, 'cart.c', 'a')).toBeUndefined();
    expect(resolveServiceRef(index, 'cart.b.example.com', 'a')).toBeUndefined();
  });
  it('without namespaces a repeated name is a duplicate: the first is the one meant', () => {
    const flat = indexServices([{ name: 'x' }, { name: 'x' }]);
    expect(resolveServiceRef(flat, 'x')).toBe(0);
  });
  it('an exact name with a dot wins over the name.namespace reading', () => {
    const dotted = indexServices([{ name: 'api.v2' }, { name: 'api', namespace: 'v2' }]);
    expect(resolveServiceRef(dotted, 'api.v2')).toBe(0);
  });
});

describe('serviceRef, serviceKey and callTargetName', () => {
  it('writes the bare name when it resolves, name.namespace otherwise', () => {
    expect(serviceRef(index, services[1]!, 'b')).toBe('cart');
    expect(serviceRef(index, services[1]!, 'a')).toBe('cart.b');
    expect(serviceRef(index, services[3]!, 'a')).toBe('ledger');
  });
  it('keys by namespace and name, so only true duplicates share a key', () => {
    expect(serviceKey(services[0]!)).not.toBe(serviceKey(services[1]!));
    expect(serviceKey({ name: 'x' })).toBe('x');
  });
  it('gives name-keyed consumers (generate) the name a call reaches, or the reference itself', () => {
    expect(callTargetName(index, { namespace: 'a' }, 'ledger.b.svc.cluster.local')).toBe('ledger');
    expect(callTargetName(index, { namespace: 'a' }, 'nowhere')).toBe('nowhere');
  });
});
