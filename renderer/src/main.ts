// GUI entry: picks the backend transport (IPC in Electron, HTTP/WS in a browser), then mounts Vue.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router.js';
import { rememberViews } from './features/clusters/landing.js';
import { createBackendClient } from './backend/index.js';
import { provideBackend } from './backend/use-backend.js';
import './styles/base.css';

const app = createApp(App);
app.use(createPinia());
provideBackend(app, createBackendClient());
app.use(router);
rememberViews(router);
app.mount('#app');
