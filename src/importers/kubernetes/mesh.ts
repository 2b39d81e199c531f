/**
 * Pass 8: the mesh, and how each workload joins it.
 *
 * Membership evidence, strongest first: a namespace labelled `istio-injection=enabled` or
 * `istio.io/rev`, or `istio.io/dataplane-mode=ambient` (Istio ambient), or annotated
 * `linkerd.io/inject: enabled`; the same on a pod template; an injected `istio-proxy` /
 * `linkerd-proxy` container; Istio sidecar settings on a pod template (`proxy.istio.io/config`,
 * `sidecar.istio.io/*` other than the probe-rewrite hint and an opt-out), which only mean
 * something to an injected proxy. Mesh-wide configuration (a PeerAuthentication, a
 * DestinationRule, a VirtualService for mesh traffic, Linkerd policy objects) shows a mesh
 * without saying who is in it: then every application service is taken as a member, with a
 * note. An Istio ingress Gateway alone is an edge, not a mesh. Istio ambient is mode `ambient`;
 * waypoints (istio-waypoint Gateways) are noted. A tracing config in `proxy.istio.io/config`
 * is tracing the mesh already does.
 */
import type { Loc, MeshMode } from '../../core/types.js';
import { asList, asMap, at } from '../common.js';
import {
  keySegment, locOf, nameLocOf, specOf, str,
  type K8sContext, type MeshFact, type Workload,
} from './context.js';

interface Evidence {
  product: 'istio' | 'istio-ambient' | 'linkerd';
  mode: MeshMode;
  loc: Loc;
  because: string;
}

/** Pod-template annotations that are hints for an optional mesh, not evidence of one. */
const ISTIO_HINTS = new Set(['sidecar.istio.io/rewriteAppHTTPProbers']);

function namespaceEvidence(labels: Record<string, string>, annotations: Record<string, string>, at_: (p: string) => Loc, what: string): Evidence | undefined {
  if (labels['istio.io/dataplane-mode'] === 'ambient') return { product: 'istio-ambient', mode: 'ambient', loc: at_('labels/istio.io~1dataplane-mode'), because: `${what} labelled istio.io/dataplane-mode=ambient` };
  if (labels['istio-injection'] === 'enabled') return { product: 'istio', mode: 'sidecar', loc: at_('labels/istio-injection'), because: `${what} labelled istio-injection=enabled` };
  if (labels['istio.io/rev'] !== undefined) return { product: 'istio', mode: 'sidecar', loc: at_('labels/istio.io~1rev'), because: `${what} bound to Istio revision ${labels['istio.io/rev']}` };
  if (annotations['linkerd.io/inject'] === 'enabled' || annotations['linkerd.io/inject'] === 'ingress') return { product: 'linkerd', mode: 'sidecar', loc: at_('annotations/linkerd.io~1inject'), because: `${what} annotated linkerd.io/inject: ${annotations['linkerd.io/inject']}` };
  return undefined;
}

function podEvidence(w: Workload): Evidence | undefined {
  const mp = `${w.templatePointer}/metadata`;
  const loc = (p: string) => w.object.doc.locate(`${mp}/${p}`);
  const what = `${w.object.name}'s pods`;
  const off = w.labels['sidecar.istio.io/inject'] === 'false' || w.annotations['sidecar.istio.io/inject'] === 'false' || w.annotations['linkerd.io/inject'] === 'disabled';
  const ns = namespaceEvidence(w.labels, w.annotations, loc, what);
  if (ns) return ns;
  if (w.labels['sidecar.istio.io/inject'] === 'true' || w.annotations['sidecar.istio.io/inject'] === 'true') {
    const inLabels = w.labels['sidecar.istio.io/inject'] === 'true';
    return { product: 'istio', mode: 'sidecar', loc: loc(`${inLabels ? 'labels' : 'annotations'}/sidecar.istio.io~1inject`), because: `${what} with sidecar.istio.io/inject: "true"` };
  }
  const proxy = w.containers.find((c) => c.name === 'istio-proxy' || c.name === 'linkerd-proxy');
  if (proxy) return { product: proxy.name === 'istio-proxy' ? 'istio' : 'linkerd', mode: 'sidecar', loc: w.object.doc.locate(`${proxy.pointer}/name`), because: `${w.object.name} with an injected ${proxy.name} container` };
  if (off) return undefined;
  const setting = Object.keys(w.annotations).find((k) => (k === 'proxy.istio.io/config' || k.startsWith('sidecar.istio.io/')) && !ISTIO_HINTS.has(k));
  if (setting) return { product: 'istio', mode: 'sidecar', loc: loc(`annotations/${keySegment(setting)}`), because: `${what} carry Istio sidecar settings (${setting}), which only an injected proxy reads` };
  const linkerd = Object.keys(w.annotations).find((k) => k.startsWith('config.linkerd.io/'));
  if (linkerd) return { product: 'linkerd', mode: 'sidecar', loc: loc(`annotations/${keySegment(linkerd)}`), because: `${what} carry Linkerd proxy settings (${linkerd})` };
  return undefined;
}

/** Tracing the Istio proxies are configured to do (`proxy.istio.io/config: {tracing: ...}`). */
function proxyTracing(w: Workload): { product: string; loc: Loc } | undefined {
  const raw = w.annotations['proxy.istio.io/config'];
  if (raw === undefined || !/tracing/i.test(raw)) return undefined;
  const product = /zipkin/i.test(raw) ? 'zipkin' : /datadog/i.test(raw) ? 'datadog' : /lightstep/i.test(raw) ? 'lightstep' : /stackdriver/i.test(raw) ? 'stackdriver' : /opentelemetry|otel/i.test(raw) ? 'otel' : 'zipkin';
  return { product, loc: w.object.doc.locate(`${w.templatePointer}/metadata/annotations/${keySegment('proxy.istio.io/config')}`) };
}

/** Pass 8: mesh product, mode, mTLS and members. */
export function deriveMesh(ctx: K8sContext): void {
  const nsEvidence = new Map<string, Evidence>();
  for (const ns of ctx.namespaces.values()) {
    if (!ns.object) continue;
    const o = ns.object;
    const ev = namespaceEvidence(ns.labels, ns.annotations, (p) => locOf(o, `/metadata/${p}`), `namespace ${ns.name}`);
    if (ev) nsEvidence.set(ns.name, ev);
  }
  const membership: MeshFact['membership'] = new Map();
  const evidence: Evidence[] = [];
  for (const u of ctx.kept) {
    for (const w of u.workloads) {
      const disabled = w.labels['sidecar.istio.io/inject'] === 'false' || w.annotations['sidecar.istio.io/inject'] === 'false' || w.annotations['linkerd.io/inject'] === 'disabled' || w.labels['istio.io/dataplane-mode'] === 'none';
      const ev = podEvidence(w) ?? (!disabled && w.namespace !== undefined ? nsEvidence.get(w.namespace) : undefined);
      if (!ev) continue;
      membership.set(w, { product: ev.product, mode: ev.mode, because: ev.because, loc: ev.loc });
      evidence.push(ev);
      const tracing = proxyTracing(w);
      if (tracing && (!ctx.tracing || ctx.tracing.by !== 'application')) ctx.tracing = { product: tracing.product, loc: tracing.loc, why: `the Istio proxies of ${w.object.name} report traces to ${tracing.product} (proxy.istio.io/config)`, by: 'mesh' };
    }
  }
  for (const ev of nsEvidence.values()) if (!evidence.includes(ev)) evidence.push(ev);

  // Mesh-wide configuration without membership evidence.
  const istioMeshConfig = ctx.objects.filter((o) => /(^|\.)istio\.io\//.test(o.apiVersion) && (
    o.kind === 'PeerAuthentication' || o.kind === 'DestinationRule' || o.kind === 'Sidecar' || o.kind === 'AuthorizationPolicy' || o.kind === 'Telemetry' ||
    o.kind === 'ServiceEntry' || o.kind === 'EnvoyFilter' ||
    // JWT checked by the workloads' own proxies (not the ingress gateway's).
    (o.kind === 'RequestAuthentication' && !/ingressgateway/.test(JSON.stringify(asMap(specOf(o)['selector']) ?? {}))) ||
    // A VirtualService for mesh traffic: no `gateways`, or `mesh` among them.
    (o.kind === 'VirtualService' && (asList(specOf(o)['gateways']).length === 0 || asList(specOf(o)['gateways']).some((g) => str(g) === 'mesh')))));
  const linkerdConfig = ctx.objects.filter((o) => /linkerd\.io\//.test(o.apiVersion));
  if (evidence.length === 0 && istioMeshConfig.length > 0) {
    const o = istioMeshConfig.find((x) => x.kind === 'PeerAuthentication') ?? istioMeshConfig.find((x) => x.kind === 'VirtualService' || x.kind === 'DestinationRule') ?? istioMeshConfig[0]!;
    evidence.push({ product: 'istio', mode: 'sidecar', loc: locOf(o, '/kind'), because: `Istio ${o.kind} ${o.name} configures mesh traffic (no injection label or sidecar setting in these manifests: injection is assumed on the namespace; label it istio-injection=enabled to say so)` });
  }
  if (evidence.length === 0 && linkerdConfig.length > 0) {
    const o = linkerdConfig[0]!;
    evidence.push({ product: 'linkerd', mode: 'sidecar', loc: locOf(o, '/kind'), because: `Linkerd ${o.kind} ${o.name} (no inject annotation in these manifests: assumed on the namespace; annotate it linkerd.io/inject: enabled to say so)` });
  }
  const istioGatewayOnly = evidence.length === 0 && (ctx.byKind.get('Gateway') ?? []).some((g) => g.apiVersion.startsWith('networking.istio.io'));
  if (istioGatewayOnly) {
    ctx.notes.push({ message: 'Istio is installed (an Istio Gateway needs it), but nothing here puts a workload in the mesh: label the namespace istio-injection=enabled (or istio.io/dataplane-mode=ambient) if it is meshed', pointer: '/gateway' });
  }
  const hints = ctx.kept.flatMap((u) => u.workloads).filter((w) => Object.keys(w.annotations).some((k) => ISTIO_HINTS.has(k)));
  if (evidence.length === 0 && hints.length > 0) {
    ctx.notes.push({ message: `${hints.map((w) => w.object.name).join(', ')}: ready for an Istio sidecar (sidecar.istio.io/rewriteAppHTTPProbers) but nothing here injects one; not taken as a mesh`, loc: w0Loc(hints[0]!) });
  }
  if (evidence.length === 0) return;

  // The product: the most common evidence (ambient beats sidecar for Istio when both appear).
  const counts = new Map<string, number>();
  for (const e of evidence) counts.set(e.product, (counts.get(e.product) ?? 0) + 1);
  const product = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] === 'istio-ambient' ? -1 : 1))[0]![0] as Evidence['product'];
  const first = evidence.find((e) => e.product === product)!;
  const mesh: MeshFact = { product, mode: first.mode, loc: first.loc, what: first.because, members: [], membership };
  if (counts.size > 1) ctx.notes.push({ message: `mesh: evidence of more than one mesh (${[...counts.keys()].join(', ')}); modelled ${product}`, loc: first.loc, pointer: '/mesh' });

  // mTLS: the mesh-wide PeerAuthentication (root namespace, no selector), else a namespace-wide one.
  const pas = (ctx.byKind.get('PeerAuthentication') ?? []).filter((p) => /istio\.io/.test(p.apiVersion));
  const noSelector = pas.filter((p) => asMap(specOf(p)['selector']) === undefined);
  const pa = noSelector.find((p) => p.namespace === 'istio-system') ?? noSelector[0] ?? pas[0];
  if (pa && product !== 'linkerd') {
    const mode = str(asMap(specOf(pa)['mtls'])?.['mode'])?.toUpperCase();
    if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') {
      mesh.mtls = { mode: mode === 'STRICT' ? 'strict' : mode === 'PERMISSIVE' ? 'permissive' : 'off', loc: locOf(pa, '/spec/mtls/mode') };
      if (pas.length > 1) ctx.notes.push({ message: `mesh: ${pas.length} PeerAuthentications; the mesh-wide mode is read from ${pa.name} (${at(mesh.mtls.loc)}), the others narrow it for some workloads or ports`, loc: mesh.mtls.loc, pointer: '/mesh' });
    }
  }
  const explicit = membership.size > 0;
  mesh.members = ctx.kept.filter((u) => !u.external && u.role.role.role !== 'datastore' && u.role.role.role !== 'queue' && (!explicit || u.workloads.some((w) => membership.has(w))));
  if (!explicit) {
    for (const u of mesh.members) for (const w of u.workloads) membership.set(w, { product, mode: first.mode, because: first.because, loc: first.loc });
  }
  const waypoints = (ctx.byKind.get('Gateway') ?? []).filter((g) => /waypoint/.test(str(specOf(g)['gatewayClassName']) ?? ''));
  if (waypoints.length > 0) {
    ctx.notes.push({ message: `mesh: ambient waypoint${waypoints.length > 1 ? 's' : ''} ${waypoints.map((g) => g.name).join(', ')} (L7 policy for the ambient mesh, not an edge)`, loc: nameLocOf(waypoints[0]!), pointer: '/mesh' });
    if (product === 'istio') {
      mesh.product = 'istio-ambient';
      mesh.mode = 'ambient';
    }
  }
  ctx.mesh = mesh;
}

function w0Loc(w: Workload): Loc {
  return w.object.doc.locate(`${w.templatePointer}/metadata/annotations/${keySegment('sidecar.istio.io/rewriteAppHTTPProbers')}`);
}
