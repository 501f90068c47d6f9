/** ui.lastView / ui.setLastView: where the GUI reopens. */

import type { Handlers } from '../context.js';
import { fail } from '../errors.js';
import { isValidLastView } from '../ui-state-store.js';

export const uiStateHandlers: Handlers<'ui.lastView' | 'ui.setLastView'> = {
  'ui.lastView': async (_p, ctx) => ({ lastView: ctx.uiState.lastView() }),
  'ui.setLastView': async (p, ctx) => {
    const view = (p as { view?: unknown }).view;
    if (view !== null && !isValidLastView(view)) fail('bad-request', 'view must be { clusterId, path } with path "/c/<clusterId>/..."', { field: 'view' });
    ctx.uiState.setLastView(view);
    return {};
  },
};
