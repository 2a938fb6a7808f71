import { benchServer } from './server';
await benchServer();
