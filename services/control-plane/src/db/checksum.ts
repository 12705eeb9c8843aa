import { createHash } from 'node:crypto';

/** Prisma's migration checksum: SHA-256 of the migration.sql bytes, lowercase hex. */
export function migrationChecksum(script: Buffer | string): string {
  return createHash('sha256').update(script).digest('hex');
}

/** The unpadded hex an old schema engine wrote (prisma-engines#1887). */
function oldFormat(script: string): string {
  return [...createHash('sha256').update(script).digest()].map((b) => b.toString(16)).join('');
}

/**
 * Whether a recorded checksum matches migration.sql, with prisma-engines' tolerance: the script as is, with
 * CRLF turned into LF, or LF into CRLF (git may change line endings); old unpadded checksums too.
 */
export function checksumMatches(script: Buffer, recorded: string): boolean {
  if (migrationChecksum(script) === recorded) return true;
  const text = script.toString('utf8');
  const variants = [text.replaceAll('\r\n', '\n'), text.replaceAll('\n', '\r\n')];
  if (recorded.length === 64) return variants.some((v) => migrationChecksum(v) === recorded);
  return recorded.length > 0 && [text, ...variants].some((v) => oldFormat(v) === recorded);
}
