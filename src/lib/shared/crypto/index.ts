/**
 * Ed25519 signing for Linli: pack files today, event tickets next. Import from here.
 * Relative imports only: shared by the app, the server and the linli CLI.
 */
export * from './bytes.js';
export * from './sha256.js';
export * from './ed25519.js';
export * from './keys.js';
