/**
 * The Answers format: defaults, field order and what each field accepts. Documented in
 * docs/formats/answers.md; a parity test keeps this table, the JSON Schema and that page in step.
 */
import {
  TRAFFIC, CONSUMERS, EDGE_NEEDS, SERVICE_SECURITY, OBSERVABILITY, TRAFFIC_CONTROL, PLATFORMS,
  PROTOCOLS, TEAMS, LATENCY, CLOUDS, BUDGETS, EXISTING, COMMUNICATION, EDGE_PROTOCOLS, AUTHORIZATION, LICENSING,
} from './types.js';
import type { Answers, AnswerField } from './types.js';
import { evaluate, recordGetter, type Condition, type ConditionFunctions, type FactGetter, type FieldSpec, type FieldTable } from './conditions.js';

export const ANSWER_DEFAULTS: Omit<Answers, 'apiVersion' | 'kind' | 'traffic' | 'services'> = {
  consumers: [],
  edgeNeeds: [],
  serviceSecurity: 'none',
  compliance: false,
  observability: 'basic',
  trafficControl: [],
  platform: 'kubernetes',
  clusters: 1,
  languages: 1,
  protocols: ['http'],
  team: 'small',
  latency: 'normal',
  cloud: 'none',
  budget: 'normal',
  existing: [],
  communication: 'sync',
  edgeProtocols: ['http'],
  authorization: 'none',
  egressControl: false,
  licensing: 'any',
};

export const ANSWER_FIELDS: AnswerField[] = [
  'traffic', 'services', 'consumers', 'edgeNeeds', 'serviceSecurity', 'compliance', 'observability',
  'trafficControl', 'platform', 'clusters', 'languages', 'protocols', 'team', 'latency', 'cloud',
  'budget', 'existing', 'communication', 'edgeProtocols', 'authorization', 'egressControl', 'licensing',
];

/** What each Answers field accepts; mirrors src/schema/answers.schema.json (a parity test checks it). */
export const FIELD_SPECS: Record<AnswerField, FieldSpec> = {
  traffic: { type: 'enum', values: TRAFFIC, description: 'the traffic to manage' },
  services: { type: 'integer', min: 1, description: 'independently deployed application services' },
  consumers: { type: 'list', values: CONSUMERS, description: 'who calls in from outside' },
  edgeNeeds: { type: 'list', values: EDGE_NEEDS, description: 'what the edge must do' },
  serviceSecurity: { type: 'enum', values: SERVICE_SECURITY, description: 'what calls between services must have' },
  compliance: { type: 'boolean', description: 'a mandate requires that security' },
  observability: { type: 'enum', values: OBSERVABILITY, description: 'how much must be seen' },
  trafficControl: { type: 'list', values: TRAFFIC_CONTROL, description: 'traffic policies needed' },
  platform: { type: 'enum', values: PLATFORMS, description: 'where the workloads run' },
  clusters: { type: 'integer', min: 1, description: 'clusters or datacenters services call across' },
  languages: { type: 'integer', min: 1, description: 'languages the services are written in' },
  protocols: { type: 'list', values: PROTOCOLS, description: 'protocols between services' },
  team: { type: 'enum', values: TEAMS, description: 'who would run it' },
  latency: { type: 'enum', values: LATENCY, description: 'how tight the latency budget is' },
  cloud: { type: 'enum', values: CLOUDS, description: 'the cloud whose managed services you could use' },
  budget: { type: 'enum', values: BUDGETS, description: 'CPU and memory to spare for proxies' },
  existing: { type: 'list', values: EXISTING, description: 'what already runs' },
  communication: { type: 'enum', values: COMMUNICATION, description: 'requests or messages between services' },
  edgeProtocols: { type: 'list', values: EDGE_PROTOCOLS, description: 'what outside callers speak' },
  authorization: { type: 'enum', values: AUTHORIZATION, description: 'authorization between services' },
  egressControl: { type: 'boolean', description: 'calls leaving the system must be controlled' },
  licensing: { type: 'enum', values: LICENSING, description: 'licences and support accepted' },
};

/** The Answers as a condition subject: scoring rules, constraints, picks, notes and skip logic read it. */
export const ANSWERS_TABLE: FieldTable = {
  subject: 'answers',
  fields: FIELD_SPECS,
  functions: {
    apiProductNeeds: 'how many of api-keys, quotas, developer-portal the edge needs',
  },
};

/** Named functions conditions over the answers may call. */
export const ANSWER_FUNCTIONS: ConditionFunctions = {
  apiProductNeeds: (get: FactGetter) => {
    const needs = get('edgeNeeds');
    return Array.isArray(needs) ? needs.filter((n) => n === 'api-keys' || n === 'quotas' || n === 'developer-portal').length : 0;
  },
};

/** Evaluates a condition over complete answers. */
export function holds(cond: Condition, answers: Answers): boolean {
  return evaluate(cond, recordGetter(answers as unknown as Record<string, unknown>), ANSWER_FUNCTIONS) === true;
}

/** Fills every optional field that is absent with its default. */
export function withDefaults(partial: Partial<Answers> & Pick<Answers, 'traffic' | 'services'>): Answers {
  return { apiVersion: 'meshgate/v1', kind: 'Answers', ...ANSWER_DEFAULTS, ...partial } as Answers;
}

/** The optional fields a given (raw) answers object leaves to defaults. */
export function defaultedFields(raw: Record<string, unknown>): AnswerField[] {
  return ANSWER_FIELDS.filter((f) => !(f in raw));
}

/** Why `value` is not acceptable for `field`, or undefined when it is. */
export function checkAnswer(field: AnswerField, value: unknown): string | undefined {
  const spec = FIELD_SPECS[field];
  switch (spec.type) {
    case 'enum':
      return typeof value === 'string' && spec.values!.includes(value)
        ? undefined
        : `${field}: ${JSON.stringify(value)} is not allowed; allowed values: ${spec.values!.join(', ')}`;
    case 'list': {
      if (!Array.isArray(value)) return `${field}: expected a list, got ${JSON.stringify(value)}`;
      const bad = value.filter((v) => typeof v !== 'string' || !spec.values!.includes(v));
      if (bad.length > 0) return `${field}: ${bad.map((b) => JSON.stringify(b)).join(', ')} not allowed; allowed values: ${spec.values!.join(', ')}`;
      if (new Set(value).size !== value.length) return `${field}: lists the same value twice`;
      return undefined;
    }
    case 'integer':
    case 'number':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= (spec.min ?? 0)
        ? undefined
        : `${field}: expected a whole number >= ${spec.min ?? 0}, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${field}: expected true or false, got ${JSON.stringify(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `${field}: expected text`;
  }
}
