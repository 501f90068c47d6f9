/** tasks.* */

import type { Handlers } from '../context.js';
import { requireString } from '../validate.js';

export const taskHandlers: Handlers<'tasks.list' | 'tasks.get' | 'tasks.cancel' | 'tasks.dispose'> = {
  'tasks.list': async (_p, ctx) => ({ tasks: ctx.tasks.list() }),
  'tasks.get': async (p, ctx) => ctx.tasks.info(requireString(p.taskId, 'taskId')),
  'tasks.cancel': async (p, ctx) => ctx.tasks.cancel(requireString(p.taskId, 'taskId')),
  'tasks.dispose': async (p, ctx) => {
    ctx.tasks.dispose(requireString(p.taskId, 'taskId'));
    return {};
  },
};
