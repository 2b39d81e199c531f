/**
 * What every generator works from, and the edge's resolved routes: types shared by the
 * gateway-api target and the edge policies it attaches (kept apart so neither imports the other).
 */
import type { GenModel, GenService } from './model.js';
import type { Picks } from './targets.js';
import type { GenerateDefaults } from './defaults.js';
import type { EdgeIdentity } from './edge-identity.js';
import type { EdgeRoute } from './edge.js';

/** What every generator works from: the model, the product picks, the defaults and the edge's identity. */
export interface GenContext {
  model: GenModel;
  picks: Picks;
  /** Tunable values from templates/<target>/defaults.yaml. */
  defaults: GenerateDefaults;
  /** Who the edge gateway's proxies are (the meshes admit them). */
  edgeId: EdgeIdentity;
}

/** A route with its host and path decided. */
export interface ResolvedRoute {
  route: EdgeRoute;
  service: GenService;
  host: string;
  hostAssumed: boolean;
  path: string;
  pathType: 'Prefix' | 'Exact';
  /** True when an invented prefix must be stripped before the service sees the request. */
  stripPrefix: boolean;
  port: number;
}

/** One route object per service and host, its rules one per path. */
export interface RouteObject {
  object: Record<string, unknown> & { metadata: { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> } };
  service: GenService;
  routes: ResolvedRoute[];
}
