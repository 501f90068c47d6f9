/// <reference types="vite/client" />
import type { KafkaDeskBridge } from '../../src-common/contract/wire.js';

declare global {
  interface Window {
    /** Present only inside Electron (exposed by the preload script). */
    kafkadesk?: KafkaDeskBridge;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
