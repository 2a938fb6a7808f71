/** A one-time message for the next page ("Saved on this phone…"), shown once and then gone. */
let message: string | undefined = $state();

export const flash = {
	set(key: string) {
		message = key;
	},
	/** Returns the message (a translation key) once. */
	take(): string | undefined {
		const value = message;
		message = undefined;
		return value;
	}
};
