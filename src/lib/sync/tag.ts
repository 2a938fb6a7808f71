/** The Background Sync tag the pages register and the service worker answers. */
export const BACKGROUND_SYNC_TAG = 'linli-sync';
