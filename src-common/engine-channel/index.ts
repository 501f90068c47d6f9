export * from './protocol.js';
export * from './insight-api.js';
