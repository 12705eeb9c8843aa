import { Prisma } from '../db';
import type { Selector } from './selector';

/**
 * A selector as a SQL condition on a jsonb "labels" column. Kubernetes semantics: "!=" and "notin" also
 * match objects without the key. Equality uses @> so the GIN (jsonb_path_ops) index can serve it.
 */
export function selectorSql(selector: Selector, column = Prisma.raw('"labels"')): Prisma.Sql {
  if (selector.length === 0) return Prisma.sql`TRUE`;
  const parts = selector.map((r) => {
    const has = Prisma.sql`jsonb_exists(${column}, ${r.key})`;
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return Prisma.sql`NOT ${has}`;
      case 'in':
        return Prisma.sql`(${Prisma.join(
          r.values.map((v) => Prisma.sql`${column} @> ${JSON.stringify({ [r.key]: v })}::jsonb`),
          ' OR ',
        )})`;
      case 'notin':
        return Prisma.sql`(NOT ${has} OR NOT (${column} ->> ${r.key}) IN (${Prisma.join(r.values)}))`;
    }
  });
  return Prisma.join(parts, ' AND ');
}
