// The offline shell: prerendered with no content and no language, precached by the service
// worker and served for any page it cannot fetch. The browser then routes to the URL asked for.
export const prerender = true;
export const ssr = false;
