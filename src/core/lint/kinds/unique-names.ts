/**
 * Check kind `unique-names`: every service name after the first use of that name.
 */
import type { Hit } from '../types.js';
import { serviceKey } from '../../service-ref.js';
import type { CheckKind } from './check-kind.js';
import { servicePointer } from './common.js';

export const uniqueNames: CheckKind<Record<string, never>> = {
  name: 'unique-names',
  description: 'every service name after the first use of that name',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
  placeholders: ['service', 'count', 'firstLoc'],
  run(ctx) {
    const hits: Hit[] = [];
    // A true duplicate shares namespace and name: `cart` in namespaces a and b are two services.
    for (const [name, indexes] of ctx.repeatedNames) {
      const byKey = new Map<string, number[]>();
      for (const i of indexes) {
        const key = serviceKey(ctx.arch.services[i]!);
        const list = byKey.get(key);
        if (list) list.push(i);
        else byKey.set(key, [i]);
      }
      for (const same of byKey.values()) {
        for (const i of same.slice(1)) {
          hits.push({
            pointer: servicePointer(i, 'name'),
            data: { service: name, count: same.length },
            related: { first: servicePointer(same[0]!, 'name') },
          });
        }
      }
    }
    return hits;
  },
};
