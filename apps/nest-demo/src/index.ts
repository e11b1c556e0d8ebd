export { type NestDemo, type NestDemoOptions, startNestDemo } from './start-nest-demo.js';
