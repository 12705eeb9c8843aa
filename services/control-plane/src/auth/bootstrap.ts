import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrismaClient } from '../db';
import { generateToken, hashToken, tokenPrefix } from './tokens';

export const BOOTSTRAP_TOKEN_NAME = 'bootstrap-admin';

export const adminTokenFile = (dataDir: string) => join(dataDir, 'admin-token');

/**
 * On a database with no usable admin token, creates one, writes it to <dataDir>/admin-token (mode 0600) and
 * returns it so the caller can print it once. Replicas racing here are settled by the unique token name.
 */
export async function ensureAdminToken(prisma: PrismaClient, dataDir: string): Promise<string | undefined> {
  const admins = await prisma.apiToken.count({ where: { role: 'admin', revokedAt: null } });
  if (admins > 0) return undefined;
  const token = generateToken();
  const name = (await prisma.apiToken.findUnique({ where: { name: BOOTSTRAP_TOKEN_NAME } }))
    ? `${BOOTSTRAP_TOKEN_NAME}-${Date.now()}`
    : BOOTSTRAP_TOKEN_NAME;
  try {
    await prisma.$transaction([
      prisma.apiToken.create({
        data: {
          name,
          role: 'admin',
          hash: hashToken(token),
          prefix: tokenPrefix(token),
          createdBy: 'bootstrap',
        },
      }),
      prisma.auditEvent.create({
        data: {
          actor: 'bootstrap',
          action: 'create',
          resourceType: 'token',
          resourceName: name,
          after: { name, role: 'admin' },
        },
      }),
    ]);
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') return undefined;
    throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const file = adminTokenFile(dataDir);
  await writeFile(file, token + '\n', { mode: 0o600 });
  await chmod(file, 0o600); // mode above applies only when the file is new

  return token;
}
