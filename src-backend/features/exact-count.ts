/**
 * topics.count: the exact number of records in a topic, as a task on the scan workers. It is a search whose filter
 * matches nothing (so no record becomes an object or crosses a thread) and whose answer is what it scanned: control
 * records (transaction markers) are never counted, aborted records not under read_committed — what a consumer reads.
 */

import type { MessageFilter } from '../../src-common/contract/messages.js';
import type { Handlers } from '../context.js';
import { badRequest } from '../errors.js';
import { compileFilter } from '../messages/filter.js';
import { planScan, runScan } from '../messages/scan.js';
import { requireString } from '../validate.js';

const COUNT_CONCURRENCY = 4;
/** A key both null and not null: no record matches, and the test reads no payload. */
const MATCH_NOTHING: MessageFilter = { match: 'all', conditions: [{ field: 'key', op: 'is-null' }, { field: 'key', op: 'not-null' }] };

export const exactCountHandlers: Handlers<'topics.count'> = {
  'topics.count': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    if (p.isolation !== undefined && p.isolation !== 'read_committed' && p.isolation !== 'read_uncommitted') badRequest('isolation', "'read_committed' or 'read_uncommitted'");
    const connection = ctx.registry.connection(p.clusterId);
    // Plan before starting the task, so an unknown topic fails the call itself.
    const plan = await ctx.registry.use(p.clusterId, (c) => planScan(c, topic, 'all', { kind: 'earliest' }, { kind: 'latest' }));
    const task = ctx.tasks.start('count', p.clusterId, topic, async (t) => {
      await runScan(connection, topic, plan, t.info.stats, {
        filter: MATCH_NOTHING,
        predicate: compileFilter(MATCH_NOTHING),
        workers: ctx.scanWorkers,
        decoding: null,
        signal: t.signal,
        concurrency: COUNT_CONCURRENCY,
        readCommitted: p.isolation === 'read_committed',
        onProgress: () => t.progress(),
        onMatches: () => true,
      });
      return { stopReason: 'range-end' };
    });
    return { taskId: task.taskId };
  },
};
