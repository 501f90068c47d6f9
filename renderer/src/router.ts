// Routes. Hash history so the same build works from file:// (Electron) and http:// (npm run serve).
// Every view keeps its state (cluster, topic, partition, seek mode, filters, cursor...) in params/query,
// so a URL is enough to restore or share a view.
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { landingRoute } from './features/clusters/landing.js';

const routes: RouteRecordRaw[] = [
  // The first screen is the running embedded broker's overview; without one, the clusters list.
  { path: '/', name: 'home', component: () => import('./components/LoadingState.vue'), beforeEnter: landingRoute },
  { path: '/clusters', name: 'clusters', component: () => import('./features/clusters/ClustersView.vue') },
  {
    path: '/c/:clusterId',
    component: () => import('./features/clusters/ClusterScope.vue'),
    props: true,
    children: [
      { path: '', redirect: { name: 'overview' } },
      { path: 'overview', name: 'overview', component: () => import('./features/overview/OverviewView.vue') },
      { path: 'topics', name: 'topics', component: () => import('./features/topics/TopicsView.vue') },
      {
        path: 'topics/:topic/messages',
        name: 'messages',
        component: () => import('./features/messages/MessagesView.vue'),
      },
      {
        path: 'topics/:topic/produce',
        name: 'produce',
        component: () => import('./features/produce/ProduceView.vue'),
      },
      {
        path: 'topics/:topic/key-skew',
        name: 'key-skew',
        component: () => import('./features/key-skew/KeySkewView.vue'),
      },
      {
        path: 'topics/:topic/:tab(partitions|configs|consumers|segments|retention|distribution)?',
        name: 'topic',
        component: () => import('./features/topic-detail/TopicDetailView.vue'),
      },
      {
        path: 'schema-registry/:subject?',
        name: 'schema-registry',
        component: () => import('./features/schema-registry/SchemaRegistryView.vue'),
      },
      { path: 'groups', name: 'groups', component: () => import('./features/consumer-groups/GroupsView.vue') },
      {
        path: 'groups/:group/:tab(members|offsets|lag|rebalances)?',
        name: 'group',
        component: () => import('./features/consumer-groups/GroupDetailView.vue'),
      },
      {
        path: 'lag-history/:group?',
        name: 'lag-history',
        component: () => import('./features/lag-history/LagHistoryView.vue'),
      },
      { path: 'traffic', name: 'traffic', component: () => import('./features/traffic/TrafficView.vue') },
      { path: 'security/:tab(listeners|users|acls|client-config)?', name: 'security', component: () => import('./features/security/SecurityView.vue') },
      { path: 'segment-explorer', name: 'segment-explorer', component: () => import('./features/segment-explorer/SegmentExplorerView.vue') },
    ],
  },
  // Development aid (`vite dev` only, never in a built app; the e2e suite runs it under the dev server): MessageList
  // with synthetic rows. Vite replaces import.meta.env.DEV with false in builds, so the page is not even bundled.
  ...(import.meta.env.DEV
    ? [{ path: '/lab/virtual-list', name: 'lab-virtual-list', component: () => import('./features/lab/VirtualListLab.vue') }]
    : []),
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./components/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
