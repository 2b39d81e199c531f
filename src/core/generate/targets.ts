/**
 * Which targets to generate: from the recommendation and its product picks by default, or
 * from --target. Products that have no target of their own get the closest portable one,
 * and the substitution is said out loud (stderr and the file headers). What the input already
 * runs wins over a guess: an imported gateway class is kept, and an existing Istio installation
 * keeps its data-plane mode.
 */
import type { Decision, Platform } from '../types.js';
import type { GenModel } from './model.js';

/** Every target `generate` knows, in the order they are listed to the user. */
export const TARGETS = ['gateway-api', 'kong', 'nginx', 'istio', 'linkerd', 'ingress'] as const;
/** One of TARGETS. */
export type Target = (typeof TARGETS)[number];

/** True when the value names a target. */
export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

/** The Gateway API implementations meshgate knows the objects and identities of. */
export type EdgeImplementation = 'envoy-gateway' | 'kong' | 'istio' | 'nginx-gateway-fabric' | 'traefik' | 'cilium' | 'unknown';

/** What the generators need to know about the picks, beyond the model. */
export interface Picks {
  /** Gateway product id the edge is set up for, when there is one. */
  gatewayId?: string;
  /** Mesh product id, when there is one. */
  meshId?: string;
  /** Istio data-plane mode for the istio target. */
  istioMode: 'ambient' | 'sidecar';
  /** The mesh target the pick leads to (an existing Istio installation counts), if any. */
  meshTarget?: 'istio' | 'linkerd';
  /** gatewayClassName for Gateway API objects. */
  gatewayClassName: string;
  /** True when the class name is a guess the user must confirm. */
  gatewayClassGuessed: boolean;
  /** True when the class name is the one the input's gateway already uses. */
  gatewayClassFromInput: boolean;
  /** Which implementation the class belongs to (decides edge policy objects and the edge identity). */
  implementation: EdgeImplementation;
  /** Substitutions and other things to say on stderr and in the headers. */
  notes: string[];
  /** Said by the istio target only: the existing installation's mode wins over the pick. */
  istioModeNote?: string;
}

/** gatewayClassName each Gateway API implementation installs by default. */
const GATEWAY_CLASSES: Record<string, string> = {
  'envoy-gateway': 'eg',
  kong: 'kong',
  'nginx-gateway-fabric': 'nginx',
  nginx: 'nginx',
  traefik: 'traefik',
  'istio-ambient': 'istio',
  'istio-sidecar': 'istio',
  'istio-gateway': 'istio',
  cilium: 'cilium',
};

/** The implementation behind a gateway class name (the default class names of each project). */
const IMPLEMENTATION_OF_CLASS: Record<string, EdgeImplementation> = {
  eg: 'envoy-gateway',
  'envoy-gateway': 'envoy-gateway',
  kong: 'kong',
  istio: 'istio',
  nginx: 'nginx-gateway-fabric',
  traefik: 'traefik',
  cilium: 'cilium',
};

/** Gateway products meshgate can only express through the portable Gateway API target. */
const GATEWAY_WITHOUT_TARGET: Record<string, string> = {
  'spring-cloud-gateway': 'Spring Cloud Gateway is configured in application code (Java routes or application.yml)',
  'aws-api-gateway': 'Amazon API Gateway is configured through AWS (OpenAPI import, CloudFormation or Terraform)',
  'azure-apim': 'Azure API Management is configured through Azure (Bicep, ARM or Terraform)',
};

/** Mesh products without a target of their own, and the closest portable target. */
const MESH_SUBSTITUTES: Record<string, { target: Target; mode: 'ambient' | 'sidecar'; why: string }> = {
  consul: { target: 'istio', mode: 'sidecar', why: 'Consul service mesh has no meshgate target; Istio sidecar mode is the closest (Envoy sidecars, identity-based intentions map to AuthorizationPolicy)' },
  kuma: { target: 'istio', mode: 'sidecar', why: 'Kuma has no meshgate target; Istio sidecar mode is the closest (Envoy sidecars, MeshTrafficPermission maps to AuthorizationPolicy)' },
  cilium: { target: 'istio', mode: 'ambient', why: 'Cilium service mesh has no meshgate target; Istio ambient mode is the closest (sidecar-less, node-level mTLS and L4 policy)' },
  'ecs-service-connect': { target: 'istio', mode: 'sidecar', why: 'ECS Service Connect is configured in ECS task definitions; the Istio files show the equivalent least-privilege policy for Kubernetes' },
  'vpc-lattice': { target: 'istio', mode: 'sidecar', why: 'VPC Lattice is configured through AWS auth policies; the Istio files show the equivalent least-privilege policy for Kubernetes' },
};

function onKubernetes(platform: Platform): boolean {
  return platform === 'kubernetes' || platform === 'mixed';
}

/**
 * Reads the picks out of a decision, then lets the input's facts win: the gateway class its
 * edge already uses, and the data-plane mode of an Istio installation it already runs.
 */
export function readPicks(decision: Decision, model?: GenModel): Picks {
  const gateway = decision.products.find((p) => p.role === 'gateway' || p.role === 'ingress' || p.role === 'proxy');
  const mesh = decision.products.find((p) => p.role === 'mesh');
  const notes: string[] = [];
  const meshSub = mesh ? MESH_SUBSTITUTES[mesh.id] : undefined;
  let istioMode: Picks['istioMode'] = mesh?.id === 'istio-sidecar' ? 'sidecar' : meshSub ? meshSub.mode : 'ambient';
  let gatewayClassName: string | undefined = gateway ? GATEWAY_CLASSES[gateway.id] : undefined;
  // Without a gateway pick, the edge runs on the mesh's own Gateway API implementation when it has one.
  if (!gatewayClassName && mesh && (GATEWAY_CLASSES[mesh.id] === 'istio' || meshSub?.target === 'istio')) gatewayClassName = 'istio';
  if (gateway && GATEWAY_WITHOUT_TARGET[gateway.id]) {
    notes.push(`${GATEWAY_WITHOUT_TARGET[gateway.id]}; meshgate has no target for it, so the portable Gateway API target stands in: it shows the routes to set up.`);
  }
  if (mesh && meshSub) notes.push(meshSub.why + '.');

  let fromInput = false;
  let istioModeNote: string | undefined;
  const existingClass = model?.edge.existing?.className;
  if (existingClass !== undefined) {
    if (gatewayClassName !== undefined && gatewayClassName !== existingClass) {
      notes.push(`your gateway uses class "${existingClass}", which is kept; the recommendation's pick would use "${gatewayClassName}": change gatewayClassName (and the edge policy objects) to switch.`);
    }
    gatewayClassName = existingClass;
    fromInput = true;
  }
  const existingMesh = model?.existingMesh;
  if (existingMesh && /istio/i.test(existingMesh.product) && (mesh === undefined || mesh.id.startsWith('istio') || meshSub?.target === 'istio')) {
    if (existingMesh.mode !== istioMode) istioModeNote = `your Istio installation runs in ${existingMesh.mode} mode, which is kept${mesh ? ` (the recommendation's pick is ${istioMode} mode)` : ''}.`;
    istioMode = existingMesh.mode;
  }
  const meshTarget: Picks['meshTarget'] = mesh?.id === 'linkerd' ? 'linkerd' : mesh || (existingMesh && /istio/i.test(existingMesh.product)) ? 'istio' : undefined;
  return {
    gatewayId: gateway?.id,
    meshId: mesh?.id,
    istioMode,
    meshTarget,
    gatewayClassName: gatewayClassName ?? 'example-gateway-class',
    gatewayClassGuessed: gatewayClassName === undefined,
    gatewayClassFromInput: fromInput,
    implementation: gatewayClassName ? (IMPLEMENTATION_OF_CLASS[gatewayClassName] ?? 'unknown') : 'unknown',
    notes,
    ...(istioModeNote ? { istioModeNote } : {}),
  };
}

/**
 * Default targets for a decision, in the order they should be applied. One edge configuration
 * per pick: Kong on Kubernetes is configured through Gateway API objects plus KongPlugins (the
 * Kong Ingress Controller), not a second time as a decK file.
 */
export function defaultTargets(decision: Decision, platform: Platform): Target[] {
  const picks = readPicks(decision);
  const k8s = onKubernetes(platform);
  // On a mixed platform the part off Kubernetes gets its own edge: the decK file for Kong,
  // nginx.conf otherwise (the same split the "neither" case makes).
  const offKubernetes: Target = picks.gatewayId === 'kong' ? 'kong' : 'nginx';
  const gatewayTargets = (): Target[] => {
    if (platform === 'mixed') return ['gateway-api', offKubernetes];
    return k8s ? ['gateway-api'] : [offKubernetes];
  };
  const meshTarget = (): Target => {
    if (picks.meshId === 'linkerd') return 'linkerd';
    return MESH_SUBSTITUTES[picks.meshId ?? '']?.target ?? 'istio';
  };
  switch (decision.recommendation) {
    case 'gateway':
      return gatewayTargets();
    case 'mesh':
      // The mesh still needs a way in: a Gateway API Gateway for the edge.
      return ['gateway-api', meshTarget()];
    case 'both':
      return dedupe([...gatewayTargets(), meshTarget()]);
    case 'neither':
      return k8s ? (platform === 'mixed' ? ['ingress', 'nginx'] : ['ingress']) : ['nginx'];
  }
}

function dedupe(targets: Target[]): Target[] {
  return [...new Set(targets)];
}
