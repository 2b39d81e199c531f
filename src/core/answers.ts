/**
 * Defaults for the Answers format. Documented in README "Answers format"; a parity test keeps
 * this table, the JSON Schema and the README in step.
 */
import type { Answers, AnswerField } from './types.js';

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
};

export const ANSWER_FIELDS: AnswerField[] = [
  'traffic', 'services', 'consumers', 'edgeNeeds', 'serviceSecurity', 'compliance', 'observability',
  'trafficControl', 'platform', 'clusters', 'languages', 'protocols', 'team', 'latency', 'cloud',
];

/** Fills every optional field that is absent with its default. */
export function withDefaults(partial: Partial<Answers> & Pick<Answers, 'traffic' | 'services'>): Answers {
  return { apiVersion: 'meshgate/v1', kind: 'Answers', ...ANSWER_DEFAULTS, ...partial } as Answers;
}

/** The optional fields a given (raw) answers object leaves to defaults. */
export function defaultedFields(raw: Record<string, unknown>): AnswerField[] {
  return ANSWER_FIELDS.filter((f) => !(f in raw));
}
