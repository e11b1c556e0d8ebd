export { IpcWorker } from './ipc-worker.js';
export { serveWorker } from './serve-worker.js';
