/**
 * .linlipack files: build, sign, open and verify (docs/pack-format.md). Import from here.
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
export * from './format.js';
export { openPackFile } from './open.js';
export type { OpenedPack, OpenedPackFile, OpenOptions, SignatureCheck } from './open.js';
export { buildPackFile, defaultCreated, packContentFiles, signPackFile } from './build.js';
export type { BuildOptions, SignResult } from './build.js';
