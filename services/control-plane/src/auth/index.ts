export { ROLES, roleAllows, generateToken, hashToken, tokenPrefix } from './tokens';
export type { Role } from './tokens';
export { TokenStore } from './token-store';
export type { Principal } from './token-store';
export { FailureLimiter } from './failure-limiter';
export { ensureAdminToken, adminTokenFile, BOOTSTRAP_TOKEN_NAME } from './bootstrap';
export { registerAuth } from './plugin';
