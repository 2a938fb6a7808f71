import { benchClient } from './client';
await benchClient({ withLighthouse: true });
