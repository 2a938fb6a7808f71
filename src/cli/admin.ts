/** Server administration from the command line (filled in with the server issue). */
export async function adminCommand(
	command: string | undefined,
	_values: Record<string, unknown>
): Promise<number> {
	console.error(`linli admin ${command ?? ''}: not available in this version`);
	return 2;
}
