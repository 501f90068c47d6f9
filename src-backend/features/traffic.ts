/** engine.traffic: the traffic inspector's reads of the embedded broker's request ring (embedded only). */

import type { Handlers } from '../context.js';
import { fail } from '../errors.js';
import { requireInt } from '../validate.js';

export const trafficHandlers: Handlers<'engine.traffic'> = {
  'engine.traffic': async (p, ctx) => {
    const afterSeq = requireInt(p.afterSeq, 'afterSeq', 0);
    const engine = ctx.engine() ?? fail('engine-unavailable', ctx.engineError() ?? 'embedded broker is not running');
    return engine.insight.traffic(afterSeq);
  },
};
