/** The events' collections in the change log (a module of their own: no imports, no cycles). */
export const EVENT = 'event';
export const EVENT_SIGNUP = 'eventSignup';
