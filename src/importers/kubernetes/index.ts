/**
 * Kubernetes manifests → architecture: a pipeline of small passes over one context
 * (./context.ts). Pure: takes parsed documents with their locators.
 *
 *   indexObjects      every object, Lists unrolled; kinds nothing reads are noted
 *   resolveConfig     namespaces, ConfigMaps, Secrets, ServiceAccounts
 *   resolveWorkloads  pod templates, identities, containers, environment (ConfigMaps followed)
 *   resolveServices   workloads grouped behind the Services that select them; ports, protocols
 *   classifyRoles     service, datastore, queue, gateway, platform; tooling left out
 *   deriveGateway     Ingress / Gateway API / Istio / Traefik / OpenShift edges, auth, limits
 *   deriveCalls       calls from addresses only; init-container waits as ordering
 *   deriveMountedConfigs   nginx/Envoy/Kong/Traefik configs in ConfigMap volumes: routes, auth, limits
 *   deriveWorkloadGateway  a gateway-like workload is the edge when no edge resource is there
 *   deriveMesh        Istio (sidecar, ambient), Linkerd; members and mTLS
 *   deriveObservability  metrics the application already exposes
 *   buildModel        the model, its source map, notes and inventory
 */
import type { ImportResult, SourceFile } from '../common.js';
import { indexObjects, resolveConfig } from './objects.js';
import { resolveWorkloads } from './workloads.js';
import { resolveServices } from './services.js';
import { classifyRoles } from './roles.js';
import { deriveCalls } from './calls.js';
import { deriveGateway, deriveMountedConfigs, deriveWorkloadGateway } from './edge.js';
import { deriveMesh } from './mesh.js';
import { buildModel, deriveObservability } from './build.js';

export { indexObjects, resolveConfig, resolveWorkloads, resolveServices, classifyRoles, deriveCalls, deriveGateway, deriveMountedConfigs, deriveWorkloadGateway, deriveMesh, deriveObservability, buildModel };

/** Imports Kubernetes manifests (all files together) as one system named `name`. */
export function importKubernetes(files: SourceFile[], name: string): ImportResult {
  const ctx = indexObjects(files, name);
  resolveConfig(ctx);
  resolveWorkloads(ctx);
  resolveServices(ctx);
  classifyRoles(ctx);
  deriveGateway(ctx);
  deriveCalls(ctx);
  deriveMountedConfigs(ctx);
  deriveWorkloadGateway(ctx);
  deriveMesh(ctx);
  deriveObservability(ctx);
  return buildModel(ctx);
}
