/**
 * The validators the other generate tests rely on must be able to fail: each is given a broken
 * object of the kind it checks and has to report it. The CRD cases include ones only the
 * upstream CEL rules catch (the structural schema alone accepts them), unknown fields, and the
 * Kubernetes URL functions implemented for the CEL evaluator.
 */
import { describe, it, expect } from 'vitest';
import { validateK8sObject, validateKongFile, nginxTest, type K8sObject } from './support.js';

const meta = { name: 'svc', namespace: 'default' };

describe('test validators reject broken objects', () => {
  it.each<[string, K8sObject]>([
    ['HTTPRoute with a port over 65535', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta, spec: { rules: [{ backendRefs: [{ name: 'svc', port: 70000 }] }] } }],
    ['GRPCRoute with a backend port that is a string', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata: meta, spec: { rules: [{ backendRefs: [{ name: 'svc', port: 'x' }] }] } }],
    ['Gateway without listeners', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta, spec: { gatewayClassName: 'x' } }],
    ['DestinationRule with a string for consecutive5xxErrors', { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, spec: { host: 'svc', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 'five' } } } }],
    ['AuthorizationPolicy with an unknown action', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: { action: 'MAYBE' } }],
    ['PeerAuthentication with an unknown mode', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta, spec: { mtls: { mode: 'SOMETIMES' } } }],
    ['Linkerd Server without a port', { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: meta, spec: { podSelector: { matchLabels: { app: 'svc' } } } }],
    ['Linkerd AuthorizationPolicy without required refs', { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy', metadata: meta, spec: { targetRef: { kind: 'Server', name: 'svc' } } }],
    ['MeshTLSAuthentication with a misspelt field', { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: meta, spec: { identityRef: [] } }],
    ['an object with a name that is not a label', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } }],
    // Caught only by x-kubernetes-validations (CEL):
    ['Gateway with two listeners of one name (CEL)', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta, spec: { gatewayClassName: 'x', listeners: [{ name: 'a', protocol: 'HTTP', port: 80 }, { name: 'a', protocol: 'HTTP', port: 81 }] } }],
    ['Gateway HTTP listener with tls (CEL)', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta, spec: { gatewayClassName: 'x', listeners: [{ name: 'a', protocol: 'HTTP', port: 80, tls: { mode: 'Terminate', certificateRefs: [{ name: 's' }] } }] } }],
    ['HTTPRoute rewriting a prefix it does not match (CEL)', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta, spec: { rules: [{ matches: [{ path: { type: 'Exact', value: '/a' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }] }] } }],
    ['HTTPRoute path that does not start with / (CEL)', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta, spec: { rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'api' } }] }] } }],
    ['Istio AuthorizationPolicy with both selector and targetRefs (CEL)', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: { selector: { matchLabels: { app: 'a' } }, targetRefs: [{ kind: 'Service', group: '', name: 'a' }] } }],
    ['Istio selector with a wildcard label value (CEL)', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: { selector: { matchLabels: { app: 'a*' } } } }],
    ['Envoy Gateway SecurityPolicy targeting a Service (CEL)', { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'SecurityPolicy', metadata: meta, spec: { targetRefs: [{ group: '', kind: 'Service', name: 'a' }], jwt: { providers: [{ name: 'p', remoteJWKS: { uri: 'https://i/j' } }] } } }],
    ['Istio RequestAuthentication whose jwksUri is not http(s) (CEL, Kubernetes url library)', { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: meta, spec: { jwtRules: [{ issuer: 'https://i', jwksUri: 'ftp://i/keys' }] } }],
    ['KongPlugin with both config and configFrom (CEL)', { apiVersion: 'configuration.konghq.com/v1', kind: 'KongPlugin', metadata: meta, plugin: 'jwt', config: {}, configFrom: { secretKeyRef: { name: 's', key: 'k' } } } as unknown as K8sObject],
    // Unknown fields (kubectl apply --validate=strict refuses them):
    ['Linkerd Server with an unknown field', { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: meta, spec: { podSelector: { matchLabels: { app: 'svc' } }, port: 80, proxyProtocl: 'HTTP/1' } }],
    ['Istio PeerAuthentication with an unknown field', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta, spec: { mtls: { mode: 'STRICT', strict: true } } }],
    ['a version the CRD does not serve', { apiVersion: 'gateway.networking.k8s.io/v1alpha9', kind: 'HTTPRoute', metadata: meta, spec: {} }],
    ['an unknown kind', { apiVersion: 'example.com/v1', kind: 'Thing', metadata: meta }],
  ])('%s', (what, obj) => {
    const problems = validateK8sObject(obj);
    expect(problems.length).toBeGreaterThan(0);
    // A CEL case must be refused by its rule (quoted in the message), not by a failing evaluation.
    if (what.includes('(CEL')) {
      expect(problems.some((p) => / \(.*self.*\)$/.test(p))).toBe(true);
      expect(problems.filter((p) => /CEL rule (errs|could not be evaluated)/.test(p))).toEqual([]);
    }
  });

  it('accepts what the CEL rules allow (the URL functions evaluate, they do not just fail)', () => {
    const ok: K8sObject = { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: meta, spec: { jwtRules: [{ issuer: 'https://i', jwksUri: 'https://i/keys' }] } };
    expect(validateK8sObject(ok)).toEqual([]);
  });

  it('accepts a valid HTTPRoute (the validators are not simply always failing)', () => {
    const ok: K8sObject = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] } };
    expect(validateK8sObject(ok)).toEqual([]);
  });

  it.each([
    ['wrong format version', '_format_version: "1.1"\nplugins: [{name: prometheus}, {name: opentelemetry}]\n'],
    ['route without a match field', '_format_version: "3.0"\nservices: [{name: a, host: a, routes: [{name: r}]}]\nplugins: [{name: prometheus}, {name: opentelemetry}]\n'],
    ['unknown service field', '_format_version: "3.0"\nservices: [{name: a, host: a, hots: x}]\nplugins: [{name: prometheus}, {name: opentelemetry}]\n'],
    ['grpc route on an http service', '_format_version: "3.0"\nservices: [{name: a, host: a, protocol: http, routes: [{name: r, hosts: [x.example.com], protocols: [grpc]}]}]\nplugins: [{name: prometheus}, {name: opentelemetry}]\n'],
    ['missing global plugins', '_format_version: "3.0"\nservices: []\n'],
  ])('decK: %s', (_what, content) => {
    expect(validateKongFile({ path: 'kong/kong.yaml', target: 'kong', description: '', content }).length).toBeGreaterThan(0);
  });

  it('nginx -t rejects an injected directive and accepts a minimal valid file', () => {
    const bad = nginxTest('events {}\nhttp { server { listen 127.0.0.1:18081; location / { set $backend a; evil on; } } }\n');
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/unknown directive "evil"/);
    const good = nginxTest('events {}\nhttp { server { listen 127.0.0.1:18081; location / { return 204; } } }\n');
    expect(good.output).toMatch(/test is successful/);
  });
});
