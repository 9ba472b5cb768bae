import type { Queryable } from '../../lib/db/db.ts';

// Who a user id (archivedBy, invalidation.by, an alert's user) is, for pages that would otherwise show a raw id:
// the name the usage log recorded with that user's latest use (every use is logged with the name it ran under).

export async function userNamesOf(q: Queryable, userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter(Boolean))];
  if (ids.length === 0) return new Map();
  const r = await q.query<{ id: string; name: string | null }>(
    `SELECT u.id, (SELECT l.user_name FROM usage_log l WHERE l.user_id = u.id ORDER BY l.logged_at DESC LIMIT 1) AS name
       FROM unnest($1::text[]) AS u(id)`,
    [ids],
  );
  return new Map(r.rows.filter((x) => x.name).map((x) => [x.id, x.name!]));
}
