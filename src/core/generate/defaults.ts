/**
 * The tunable values every target starts from (placeholder hostnames, timeouts, retry budgets,
 * outlier detection, rate limits, collector endpoints...). They live as data in
 * templates/<target>/defaults.yaml, are validated against DEFAULTS_SCHEMA when loaded, and are
 * handed to the generators: a team can review or change them without touching code.
 */

const DURATION = { type: 'string', pattern: '^[0-9]+(ms|s|m)$' } as const;
const HOSTNAME = { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$' } as const;
const LABEL = { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' } as const;
const IPV4 = { type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}$' } as const;
const URL = { type: 'string', pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$' } as const;
const RELATIVE_PATH = { type: 'string', pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$' } as const;
const POSITIVE = { type: 'integer', minimum: 1 } as const;
const ABSOLUTE_PATH = { type: 'string', pattern: '^(/[A-Za-z0-9._-]+)+$' } as const;
const ENTRY_POINT = { type: 'string', pattern: '^[A-Za-z0-9_-]+$' } as const;

function obj(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties), properties };
}

/** Values for the gateway-api and ingress targets. */
export interface GatewayApiDefaults {
  publicHost: string;
  partnerHost: string;
  tlsSecret: string;
  requestTimeout: string;
  /** JWT issuer and its key set, for edge JWT validation (placeholders). */
  jwtIssuer: string;
  jwksUri: string;
  /** Secret holding API keys (Envoy Gateway apiKeyAuth), and the header clients send them in. */
  apiKeySecret: string;
  apiKeyHeader: string;
  /** ConfigMap with the CA that signs client certificates, for `auth: mtls` services. */
  clientCaConfigMap: string;
  /** Requests per minute per client, where rate limiting is asked for. */
  rateLimitPerMinute: number;
}

/** Values for the kong target. */
export interface KongDefaults {
  selectTag: string;
  keyNames: string[];
  rateLimitPerMinute: number;
  retries: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  writeTimeoutMs: number;
  oidcIssuer: string;
  otelEndpoint: string;
}

/** Values for the nginx target. */
export interface NginxDefaults {
  certificate: string;
  certificateKey: string;
  rate: string;
  burst: number;
  zoneSize: string;
  connectTimeout: string;
  readTimeout: string;
  retryTries: number;
  resolvers: { kubernetes: string; vms: string; containers: string };
  /** CA certificate that signs client certificates, for `auth: mtls` services. */
  clientCertificate: string;
  /** Read and send timeout of gRPC locations (streams outlive nginx's 60 s default). */
  grpcTimeout: string;
}

/** Values for the traefik target (file-provider dynamic configuration). */
export interface TraefikDefaults {
  /** Entry point names the static configuration defines: plain HTTP (redirect only) and HTTPS. */
  entryPoints: { web: string; websecure: string };
  certFile: string;
  keyFile: string;
  rateLimit: { average: number; period: string; burst: number };
  retryAttempts: number;
  /** Placeholder verifier for forwardAuth (API keys, JWTs, OAuth2 tokens). */
  forwardAuthAddress: string;
  /** Placeholder htpasswd file for basicAuth. */
  basicAuthUsersFile: string;
  /** Placeholder CA file for client certificates (auth: mtls). */
  clientCaFile: string;
}

/** Values for the istio target. */
export interface IstioDefaults {
  outlierDetection: { consecutive5xxErrors: number; interval: string; baseEjectionTime: string; maxEjectionPercent: number };
  connectionPool: { maxConnections: number; http1MaxPendingRequests: number };
  timeout: string;
  retries: { attempts: number; perTryTimeout: string; retryOn: string };
  tracingProvider: string;
  samplingPercent: { tracing: number; other: number };
}

/** Values for the linkerd target. */
export interface LinkerdDefaults {
  retryHttp: string;
  retryGrpc: string;
  retryLimit: number;
  retryTimeout: string;
  requestTimeout: string;
  defaultInboundPolicy: 'all-authenticated' | 'cluster-authenticated' | 'all-unauthenticated' | 'cluster-unauthenticated' | 'deny';
}

/** Everything the generators read from templates/. The ingress target shares gateway-api's values. */
export interface GenerateDefaults {
  'gateway-api': GatewayApiDefaults;
  kong: KongDefaults;
  nginx: NginxDefaults;
  traefik: TraefikDefaults;
  istio: IstioDefaults;
  linkerd: LinkerdDefaults;
}

/** Targets that have a templates/<target>/defaults.yaml (ingress shares gateway-api's). */
export const DEFAULTS_FILES = ['gateway-api', 'kong', 'nginx', 'traefik', 'istio', 'linkerd'] as const satisfies ReadonlyArray<keyof GenerateDefaults>;

/** JSON Schema of each templates/<target>/defaults.yaml. */
export const DEFAULTS_SCHEMA: Record<keyof GenerateDefaults, Record<string, unknown>> = {
  'gateway-api': obj({
    publicHost: HOSTNAME,
    partnerHost: HOSTNAME,
    tlsSecret: LABEL,
    requestTimeout: DURATION,
    jwtIssuer: URL,
    jwksUri: URL,
    apiKeySecret: LABEL,
    apiKeyHeader: { type: 'string', pattern: '^[a-z0-9-]+$' },
    clientCaConfigMap: LABEL,
    rateLimitPerMinute: POSITIVE,
  }),
  kong: obj({
    selectTag: LABEL,
    keyNames: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' } },
    rateLimitPerMinute: POSITIVE,
    retries: { type: 'integer', minimum: 0, maximum: 32767 },
    connectTimeoutMs: POSITIVE,
    readTimeoutMs: POSITIVE,
    writeTimeoutMs: POSITIVE,
    oidcIssuer: URL,
    otelEndpoint: URL,
  }),
  nginx: obj({
    certificate: RELATIVE_PATH,
    certificateKey: RELATIVE_PATH,
    rate: { type: 'string', pattern: '^[0-9]+r/[sm]$' },
    burst: POSITIVE,
    zoneSize: { type: 'string', pattern: '^[0-9]+[km]$' },
    connectTimeout: DURATION,
    readTimeout: DURATION,
    retryTries: POSITIVE,
    resolvers: obj({ kubernetes: IPV4, vms: IPV4, containers: IPV4 }),
    clientCertificate: RELATIVE_PATH,
    grpcTimeout: DURATION,
  }),
  traefik: obj({
    entryPoints: obj({ web: ENTRY_POINT, websecure: ENTRY_POINT }),
    certFile: ABSOLUTE_PATH,
    keyFile: ABSOLUTE_PATH,
    rateLimit: obj({ average: POSITIVE, period: DURATION, burst: POSITIVE }),
    retryAttempts: POSITIVE,
    forwardAuthAddress: URL,
    basicAuthUsersFile: ABSOLUTE_PATH,
    clientCaFile: ABSOLUTE_PATH,
  }),
  istio: obj({
    outlierDetection: obj({ consecutive5xxErrors: POSITIVE, interval: DURATION, baseEjectionTime: DURATION, maxEjectionPercent: { type: 'integer', minimum: 0, maximum: 100 } }),
    connectionPool: obj({ maxConnections: POSITIVE, http1MaxPendingRequests: POSITIVE }),
    timeout: DURATION,
    retries: obj({ attempts: POSITIVE, perTryTimeout: DURATION, retryOn: { type: 'string', pattern: '^[a-z0-9-]+(,[a-z0-9-]+)*$' } }),
    tracingProvider: LABEL,
    samplingPercent: obj({ tracing: { type: 'number', minimum: 0, maximum: 100 }, other: { type: 'number', minimum: 0, maximum: 100 } }),
  }),
  linkerd: obj({
    retryHttp: { type: 'string', pattern: '^[0-9x,-]+$' },
    retryGrpc: { type: 'string', pattern: '^[a-z-]+(,[a-z-]+)*$' },
    retryLimit: POSITIVE,
    retryTimeout: DURATION,
    requestTimeout: DURATION,
    defaultInboundPolicy: { enum: ['all-authenticated', 'cluster-authenticated', 'all-unauthenticated', 'cluster-unauthenticated', 'deny'] },
  }),
};
