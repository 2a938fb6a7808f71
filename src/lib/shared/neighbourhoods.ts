/** Neighbourhoods as a phone sees them (issue 10): the join page, Settings. */
import * as v from 'valibot';

export const NeighbourhoodPublic = v.object({
	id: v.string(),
	names: v.record(v.string(), v.string()),
	description: v.string(),
	region: v.string()
});
export type NeighbourhoodPublic = v.InferOutput<typeof NeighbourhoodPublic>;

export const DirectoryResponse = v.object({ neighbourhoods: v.array(NeighbourhoodPublic) });
export const JoinInfoResponse = v.object({ neighbourhood: NeighbourhoodPublic });
export const FollowResponse = v.object({
	neighbourhood: NeighbourhoodPublic,
	followed: v.boolean()
});
export const FollowsResponse = v.object({
	follows: v.array(v.object({ ...NeighbourhoodPublic.entries, home: v.boolean() }))
});
export type FollowedNeighbourhood = v.InferOutput<typeof FollowsResponse>['follows'][number];
export const UnfollowResponse = v.object({ left: v.string() });
export const HomeResponse = v.object({ home: v.string() });
