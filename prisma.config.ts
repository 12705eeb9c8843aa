import { defineConfig } from 'prisma/config';

// process.env, not env(): generate must work with DATABASE_URL unset (embedded default).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/lightswitch' },
});
