/**
 * Pass 3: workloads. Reads every pod template: labels, annotations, the ServiceAccount it runs
 * as, its containers with ports and gRPC probes, and each container's environment with values
 * resolved the way the kubelet does: literal `value`s (with `$(VAR)` expanded from earlier
 * variables), `valueFrom.configMapKeyRef` / `secretKeyRef`, and `envFrom` ConfigMaps and
 * Secrets (with their `prefix`). A reference to a ConfigMap or Secret that is not in the
 * manifests becomes a note saying which one to add.
 */
import type { Loc } from '../../core/types.js';
import { asList, asMap } from '../common.js';
import {
  BATCH_KINDS, WORKLOAD_KINDS, labelsOf, locOf, nsKey, str, validPort,
  type ContainerInfo, type EnvVar, type K8sContext, type K8sObject, type Workload,
} from './context.js';

function podTemplate(w: K8sObject): { pointer: string; meta: Record<string, unknown>; spec: Record<string, unknown> } {
  if (w.kind === 'Pod') return { pointer: w.base, meta: asMap(w.obj['metadata']) ?? {}, spec: asMap(w.obj['spec']) ?? {} };
  if (w.kind === 'CronJob') {
    const tpl = asMap(asMap(asMap(asMap(w.obj['spec'])?.['jobTemplate'])?.['spec'])?.['template']) ?? {};
    return { pointer: `${w.base}/spec/jobTemplate/spec/template`, meta: asMap(tpl['metadata']) ?? {}, spec: asMap(tpl['spec']) ?? {} };
  }
  const tpl = asMap(asMap(w.obj['spec'])?.['template']) ?? {};
  return { pointer: `${w.base}/spec/template`, meta: asMap(tpl['metadata']) ?? {}, spec: asMap(tpl['spec']) ?? {} };
}

/** Expands `$(VAR)` from variables defined earlier in the same container, as the kubelet does; `$$(` stays literal. */
function expand(value: string, earlier: Map<string, string>): string {
  return value.replace(/\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (name === undefined) return '$(';
    const v = earlier.get(name);
    return v === undefined ? m : v;
  });
}

function readContainers(ctx: K8sContext, w: K8sObject, specPointer: string, list: unknown, init: boolean, namespace: string | undefined): ContainerInfo[] {
  return asList(list).map((c, i) => {
    const cm = asMap(c) ?? {};
    const p = `${specPointer}/${init ? 'initContainers' : 'containers'}/${i}`;
    const loc = (rel: string): Loc => w.doc.locate(`${p}${rel}`);
    const env: EnvVar[] = [];
    const defined = new Map<string, string>();
    const missing = (kind: 'ConfigMap' | 'Secret', name: string, at: Loc, optional: boolean) => {
      if (optional) return;
      ctx.notes.push({
        message: `${w.name}: ${kind} ${name} (namespace ${namespace ?? 'not named'}) is not in these manifests; add it to read the addresses it may hold`,
        loc: at,
      });
    };
    // envFrom first: explicit `env` entries override what it brings in (as the kubelet does).
    asList(cm['envFrom']).forEach((ef, j) => {
      const efm = asMap(ef) ?? {};
      const prefix = str(efm['prefix']) ?? '';
      for (const [field, kind, table] of [['configMapRef', 'ConfigMap', ctx.configMaps], ['secretRef', 'Secret', ctx.secrets]] as const) {
        const ref = asMap(efm[field]);
        const refName = str(ref?.['name']);
        if (refName === undefined) continue;
        const refLoc = loc(`/envFrom/${j}/${field}/name`);
        const data = table.get(nsKey(namespace, refName));
        if (!data) {
          missing(kind, refName, refLoc, ref?.['optional'] === true);
          continue;
        }
        for (const [key, entry] of data.entries) {
          const name = prefix + key;
          if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) continue;
          env.push({ key: name, value: entry.value, loc: entry.loc, keyLoc: refLoc, source: { kind: kind === 'ConfigMap' ? 'configmap' : 'secret', name: refName, key, entryLoc: entry.loc, via: 'envFrom' } });
          defined.set(name, entry.value);
        }
      }
    });
    asList(cm['env']).forEach((e, j) => {
      const em = asMap(e);
      const key = str(em?.['name']);
      if (!em || key === undefined) return;
      const keyLoc = loc(`/env/${j}/name`);
      const drop = env.findIndex((x) => x.key === key);
      if (drop >= 0) env.splice(drop, 1);
      if (em['value'] !== undefined) {
        const value = expand(str(em['value']) ?? '', defined);
        env.push({ key, value, loc: loc(`/env/${j}/value`), keyLoc, source: { kind: 'literal' } });
        defined.set(key, value);
        return;
      }
      const vf = asMap(em['valueFrom']);
      for (const [field, kind, table] of [['configMapKeyRef', 'ConfigMap', ctx.configMaps], ['secretKeyRef', 'Secret', ctx.secrets]] as const) {
        const ref = asMap(vf?.[field]);
        if (!ref) continue;
        const refName = str(ref['name']) ?? '';
        const refKey = str(ref['key']) ?? '';
        const data = table.get(nsKey(namespace, refName));
        const entry = data?.entries.get(refKey);
        const at = loc(`/env/${j}/valueFrom/${field}`);
        if (!data) missing(kind, refName, at, ref['optional'] === true);
        else if (!entry && ref['optional'] !== true) ctx.notes.push({ message: `${w.name}: ${kind} ${refName} has no key ${refKey} (variable ${key})`, loc: at });
        const source = { kind: kind === 'ConfigMap' ? 'configmap' as const : 'secret' as const, name: refName, key: refKey, via: 'valueFrom' as const, ...(entry ? { entryLoc: entry.loc } : {}) };
        env.push({ key, ...(entry ? { value: entry.value } : {}), loc: entry?.loc ?? at, keyLoc, source });
        if (entry) defined.set(key, entry.value);
        return;
      }
      if (vf) env.push({ key, loc: loc(`/env/${j}/valueFrom`), keyLoc, source: { kind: 'field' } });
    });
    const argv = [
      ...asList(cm['command']).map((a, j) => ({ a, ptr: `${p}/command/${j}` })),
      ...asList(cm['args']).map((a, j) => ({ a, ptr: `${p}/args/${j}` })),
    ].flatMap(({ a, ptr }) => (typeof a === 'string' ? [{ value: expand(a, defined), loc: w.doc.locate(ptr) }] : []));
    const ports = asList(cm['ports']).flatMap((pp, j) => {
      const pm = asMap(pp);
      const port = validPort(pm?.['containerPort']);
      if (port === undefined) return [];
      const out: ContainerInfo['ports'][number] = { port, loc: loc(`/ports/${j}/containerPort`) };
      const name = str(pm!['name']);
      if (name !== undefined) out.name = name;
      const protocol = str(pm!['protocol']);
      if (protocol !== undefined) out.protocol = protocol;
      return [out];
    });
    const grpcProbePorts: ContainerInfo['grpcProbePorts'] = [];
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const grpc = asMap(asMap(cm[probe])?.['grpc']);
      const port = grpc ? validPort(grpc['port']) : undefined;
      if (port !== undefined && !grpcProbePorts.some((g) => g.port === port)) grpcProbePorts.push({ port, loc: loc(`/${probe}/grpc`) });
    }
    const image = str(cm['image']);
    const out: ContainerInfo = { name: str(cm['name']) ?? `container-${i}`, imageLoc: loc('/image'), pointer: p, init, env, argv, ports, grpcProbePorts };
    if (image !== undefined) out.image = image;
    return out;
  });
}

/** Pass 3: every workload's pod template, identity and containers. */
export function resolveWorkloads(ctx: K8sContext): void {
  const workloadObjects = ctx.objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
  // A bare Pod beside controllers is usually one of their pods pasted in (kubectl get -o yaml): skip it.
  const hasControllers = workloadObjects.some((o) => o.kind !== 'Pod');
  for (const o of workloadObjects) {
    if (o.kind === 'Pod' && hasControllers) continue;
    const t = podTemplate(o);
    const spec = t.spec;
    const saName = str(spec['serviceAccountName']) ?? str(spec['serviceAccount']);
    const saField = spec['serviceAccountName'] !== undefined ? 'serviceAccountName' : 'serviceAccount';
    const w: Workload = {
      object: o,
      namespace: o.namespace,
      templatePointer: t.pointer,
      labels: labelsOf(t.meta['labels']),
      annotations: labelsOf(t.meta['annotations']),
      serviceAccount: saName !== undefined ? { name: saName, loc: o.doc.locate(`${t.pointer}/spec/${saField}`) } : { name: 'default' },
      containers: readContainers(ctx, o, `${t.pointer}/spec`, spec['containers'], false, o.namespace),
      initContainers: readContainers(ctx, o, `${t.pointer}/spec`, spec['initContainers'], true, o.namespace),
      configMapVolumes: asList(spec['volumes']).map((v) => str(asMap(asMap(v)?.['configMap'])?.['name'])).filter((n): n is string => n !== undefined),
    };
    const rep = asMap(o.obj['spec'])?.['replicas'];
    if (typeof rep === 'number' && Number.isInteger(rep) && rep >= 0) w.replicas = { value: rep, loc: locOf(o, '/spec/replicas') };
    if (saName !== undefined && saName !== 'default' && ctx.serviceAccounts.size > 0 && !ctx.serviceAccounts.has(nsKey(o.namespace, saName))) {
      ctx.notes.push({ message: `${o.name}: runs as ServiceAccount ${saName}, which is not in these manifests (kubectl refuses the pods until it exists)`, loc: w.serviceAccount.loc });
    }
    if (BATCH_KINDS.has(o.kind)) {
      ctx.notes.push({ message: `${o.name}: a ${o.kind} runs to completion; not a service (its addresses are not calls of the system)`, loc: locOf(o, '/kind') });
      continue;
    }
    ctx.workloads.push(w);
  }
}
