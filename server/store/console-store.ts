/**
 * What the gateway keeps: accounts, sessions, login throttling and the audit trail. One async
 * interface, two implementations (SQLite for one gateway, PostgreSQL for several behind a load
 * balancer); every time is a caller-supplied epoch millisecond so tests can inject a clock.
 */

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** viewer < operator < admin. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export interface Account {
  username: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash`, see server/gateway/password.ts. */
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface AccountPatch {
  role?: Role;
  passwordHash?: string;
  disabled?: boolean;
}

export interface Session {
  /** sha256 of the cookie value: a copy of the table does not hand out live sessions. */
  idHash: string;
  username: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  ip: string | null;
  userAgent: string | null;
}

export interface ThrottleState {
  failures: number;
  /** Epoch ms until which attempts are refused; null when not locked. */
  lockedUntil: number | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  /** Failures older than this no longer count. */
  windowMs: number;
  lockoutMs: number;
}

export const AUDIT_ACTIONS = [
  'create',
  'continue',
  'update',
  'stop',
  'push_events',
  'report_task',
  'report_metrics',
  'mutate',
  'login_success',
  'login_failure',
  'logout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export interface AuditEntry {
  at: number;
  actor: string;
  actorRole: Role | null;
  authMode: string;
  action: AuditAction;
  taskId: string | null;
  agentId: string | null;
  method: string | null;
  path: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
  changes: Record<string, FieldChange> | null;
  /** Upstream (or gateway) status code; null when no answer came back. */
  status: number | null;
  ok: boolean;
  error: string | null;
  ip: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

export interface AuditQuery {
  taskId?: string;
  actor?: string;
  action?: AuditAction;
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  /** Only records with a smaller id (paging backwards). */
  beforeId?: number;
  limit: number;
}

export interface ConsoleStore {
  readonly kind: 'sqlite' | 'postgres';

  createAccount(account: Omit<Account, 'createdAt' | 'updatedAt'>, now: number): Promise<Account>;
  getAccount(username: string): Promise<Account | null>;
  listAccounts(): Promise<Account[]>;
  /** null when there is no such account. */
  updateAccount(username: string, patch: AccountPatch, now: number): Promise<Account | null>;
  deleteAccount(username: string): Promise<boolean>;

  createSession(session: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | null>;
  touchSession(idHash: string, lastSeenAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Returns how many were removed (password change, disable, delete). */
  deleteSessionsOf(username: string): Promise<number>;
  /** Removes sessions idle since `idleBefore` or created before `createdBefore`. */
  pruneSessions(idleBefore: number, createdBefore: number): Promise<number>;

  getThrottle(key: string, now: number): Promise<ThrottleState>;
  /** Counts one failure atomically (several gateways may count at once) and locks at the limit. */
  recordFailure(key: string, policy: ThrottlePolicy, now: number): Promise<ThrottleState>;
  clearThrottle(key: string): Promise<void>;

  /** A random secret shared by every gateway on this store, created on first use. */
  sharedSecret(name: string): Promise<string>;

  /** Append-only: there is no update or delete, and the database refuses them too. */
  appendAudit(entry: AuditEntry): Promise<AuditRecord>;
  /** Newest first. */
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;

  close(): Promise<void>;
}

export class DuplicateAccountError extends Error {
  override name = 'DuplicateAccountError';
}
