// Random Answers for the property tests: every field, every allowed value, service counts both
// small (where the soft service-count rules sit) and large.
import fc from 'fast-check';
import {
  TRAFFIC, CONSUMERS, EDGE_NEEDS, SERVICE_SECURITY, OBSERVABILITY, TRAFFIC_CONTROL, PLATFORMS,
  PROTOCOLS, TEAMS, LATENCY, CLOUDS, BUDGETS, EXISTING, COMMUNICATION, EDGE_PROTOCOLS, AUTHORIZATION, LICENSING,
  type Answers,
} from '../../src/core/types.js';

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);
// Lists of what already runs are short in practice; a few entries at most.
const existing = fc.subarray([...EXISTING], { maxLength: 4 });

export const answersArb: fc.Arbitrary<Answers> = fc.record({
  apiVersion: fc.constant('meshgate/v1' as const),
  kind: fc.constant('Answers' as const),
  traffic: fc.constantFrom(...TRAFFIC),
  services: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5000 })),
  consumers: subset(CONSUMERS),
  edgeNeeds: subset(EDGE_NEEDS),
  serviceSecurity: fc.constantFrom(...SERVICE_SECURITY),
  compliance: fc.boolean(),
  observability: fc.constantFrom(...OBSERVABILITY),
  trafficControl: subset(TRAFFIC_CONTROL),
  platform: fc.constantFrom(...PLATFORMS),
  clusters: fc.integer({ min: 1, max: 6 }),
  languages: fc.integer({ min: 1, max: 8 }),
  protocols: subset(PROTOCOLS),
  team: fc.constantFrom(...TEAMS),
  latency: fc.constantFrom(...LATENCY),
  cloud: fc.constantFrom(...CLOUDS),
  budget: fc.constantFrom(...BUDGETS),
  existing,
  communication: fc.constantFrom(...COMMUNICATION),
  edgeProtocols: subset(EDGE_PROTOCOLS),
  authorization: fc.constantFrom(...AUTHORIZATION),
  egressControl: fc.boolean(),
  licensing: fc.constantFrom(...LICENSING),
});
