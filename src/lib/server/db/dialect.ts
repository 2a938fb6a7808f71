import { sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Column types that mean the same in both databases. */
export function columnTypes(dialect: DialectName) {
	return {
		/** Milliseconds since the epoch. */
		time: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const),
		int: 'integer' as const,
		text: 'text' as const,
		/** An always-growing integer key (the change log's seq). */
		serialKey: (col: ColumnDefinitionBuilder) =>
			dialect === 'postgres'
				? col.primaryKey().generatedAlwaysAsIdentity()
				: col.primaryKey().autoIncrement(),
		serialType: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const)
	};
}

/** Current time in ms, as the database computes it (for defaults written in SQL). */
export function nowMs(dialect: DialectName): RawBuilder<number> {
	return dialect === 'postgres'
		? sql<number>`(extract(epoch from now()) * 1000)::bigint`
		: sql<number>`(unixepoch('subsec') * 1000)`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export type AnyDb = Kysely<any>;
