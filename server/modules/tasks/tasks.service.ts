import { japanDate } from '@shared/era';
import type { Db } from '../../db/database';
import { chunkRows, fromJson, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { BusinessCalendar } from '../../platform/calendar';
import { type Ctx, systemCtx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { newId } from '../../platform/ids';
import { immediateNotes } from './tasks.mail';
import { taskPrincipals } from './tasks.principals';
import type { TaskAssignees, TaskDraft, TaskKind, TaskProvider, TasksService } from './tasks.contract';
import type { TasksTable } from './tasks.tables';
import './tasks.tables';

/** A provider may also answer for every organisation at once (one scan instead of one per organisation). */
export interface BulkTaskProvider extends TaskProvider {
  collectAll?(db: Db, today: string): Promise<Array<TaskDraft & { tenantId: string }>>;
}

export interface TasksRuntime extends TasksService {
  providers(): BulkTaskProvider[];
  kinds(): TaskKind[];
  calendar(db: Db, tenantId: string): Promise<BusinessCalendar>;
}

const DEFAULT_CALENDAR = new BusinessCalendar();

/** Department of every section of one organisation (for role targets). */
async function sectionParents(db: Db, tenantId: string): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('orgUnits').select(['id', 'parentId']).where('tenantId', '=', tenantId).where('kind', '=', 'section').execute();
  return new Map(rows.map((r) => [r.id, r.parentId]));
}

function providerOf(key: string): string {
  const i = key.indexOf(':');
  if (i <= 0) throw new Error(`task key must start with the provider id: ${key}`);
  return key.slice(0, i);
}

function normalAssignees(a: TaskAssignees): TaskAssignees {
  return {
    ...(a.userIds?.length ? { userIds: [...new Set(a.userIds)].sort() } : {}),
    ...(a.roles?.length ? { roles: [...new Set(a.roles)].sort() } : {}),
    ...(a.sectionId ? { sectionId: a.sectionId } : {}),
    ...(a.departmentId ? { departmentId: a.departmentId } : {}),
  };
}

function rowOf(tenantId: string, d: TaskDraft, origin: 'event' | 'state', now: string): TasksTable {
  return {
    tenantId,
    id: newId(),
    key: d.key,
    provider: providerOf(d.key),
    kind: d.kind,
    origin,
    titleJa: d.title.ja,
    titleEn: d.title.en,
    link: d.link,
    dueDate: d.dueDate,
    assignees: toJson(normalAssignees(d.assignees)),
    requestedBy: d.requestedBy ?? null,
    subjectType: d.subject.type,
    subjectId: d.subject.id,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
}

type Existing = Pick<TasksTable, 'id' | 'key' | 'kind' | 'status' | 'titleJa' | 'titleEn' | 'link' | 'dueDate' | 'assignees' | 'requestedBy' | 'subjectType' | 'subjectId'>;

function unchanged(e: Existing, r: TasksTable): boolean {
  return (
    e.status === 'open' &&
    e.kind === r.kind &&
    e.titleJa === r.titleJa &&
    e.titleEn === r.titleEn &&
    e.link === r.link &&
    e.dueDate === r.dueDate &&
    e.assignees === r.assignees &&
    e.requestedBy === r.requestedBy &&
    e.subjectType === r.subjectType &&
    e.subjectId === r.subjectId
  );
}

/**
 * Write a batch of drafts for one organisation: insert the new, update the changed, reopen the
 * closed; targets are replaced for every task written. Returns the tasks that are newly open.
 */
async function writeDrafts(trx: Db, tenantId: string, drafts: TaskDraft[], origin: 'event' | 'state', existing: Map<string, Existing>, parents: Map<string, string | null>) {
  const now = nowIso();
  const inserts: TasksTable[] = [];
  const updates: Array<{ id: string; row: TasksTable; reopened: boolean }> = [];
  const byKey = new Map(drafts.map((d) => [d.key, d]));
  for (const d of byKey.values()) {
    const row = rowOf(tenantId, d, origin, now);
    const e = existing.get(d.key);
    if (!e) inserts.push(row);
    else if (!unchanged(e, row)) updates.push({ id: e.id, row: { ...row, id: e.id }, reopened: e.status !== 'open' });
  }
  for (const chunk of chunkRows(inserts, 18)) await trx.insertInto('tasks').values(chunk).execute();
  for (const u of updates) {
    const { tenantId: _t, id: _i, createdAt: _c, key: _k, ...set } = u.row;
    await trx.updateTable('tasks').set(set).where('tenantId', '=', tenantId).where('id', '=', u.id).execute();
  }
  const touched = [...inserts, ...updates.map((u) => u.row)];
  const updatedIds = updates.map((u) => u.id);
  for (let i = 0; i < updatedIds.length; i += 500) {
    await trx.deleteFrom('taskTargets').where('tenantId', '=', tenantId).where('taskId', 'in', updatedIds.slice(i, i + 500)).execute();
  }
  const targets = touched.flatMap((r) => {
    const a = fromJson<TaskAssignees>(r.assignees, {});
    return taskPrincipals(a, a.sectionId ? (parents.get(a.sectionId) ?? null) : null).map((principal) => ({ tenantId, taskId: r.id, principal, dueDate: r.dueDate }));
  });
  for (const chunk of chunkRows(targets, 4)) await trx.insertInto('taskTargets').values(chunk).execute();
  return [...inserts, ...updates.filter((u) => u.reopened).map((u) => u.row)];
}

async function closeTasks(trx: Db, tenantId: string, ids: string[]) {
  const now = nowIso();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await trx.deleteFrom('taskTargets').where('tenantId', '=', tenantId).where('taskId', 'in', part).execute();
    await trx.updateTable('tasks').set({ status: 'done', closedAt: now, updatedAt: now }).where('tenantId', '=', tenantId).where('id', 'in', part).execute();
  }
}

const EXISTING_COLUMNS = ['id', 'key', 'kind', 'status', 'titleJa', 'titleEn', 'link', 'dueDate', 'assignees', 'requestedBy', 'subjectType', 'subjectId'] as const;

export function createTasksService(deps: AppDeps): TasksRuntime {
  const registered: BulkTaskProvider[] = [];
  const kinds = new Map<string, TaskKind>();

  async function calendar(db: Db, tenantId: string): Promise<BusinessCalendar> {
    const svc = (deps.services as Partial<typeof deps.services>).calendar;
    return svc ? svc.forTenant(db, tenantId) : DEFAULT_CALENDAR;
  }

  async function reconcileOne(provider: BulkTaskProvider, tenantId: string, drafts: TaskDraft[]) {
    for (const d of drafts) {
      if (providerOf(d.key) !== provider.id) throw new Error(`task ${d.key} does not belong to provider ${provider.id}`);
    }
    return deps.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('tasks').select(EXISTING_COLUMNS).where('tenantId', '=', tenantId).where('provider', '=', provider.id).where('origin', '=', 'state').execute();
      const existing = new Map(rows.map((r) => [r.key, r]));
      const wanted = new Set(drafts.map((d) => d.key));
      const fresh = await writeDrafts(trx, tenantId, drafts, 'state', existing, await sectionParents(trx, tenantId));
      const gone = rows.filter((r) => r.status === 'open' && !wanted.has(r.key)).map((r) => r.id);
      await closeTasks(trx, tenantId, gone);
      if (fresh.length || gone.length) {
        const notes = await immediateNotes(trx, tenantId, fresh);
        if (notes.length) await deps.services.notifications.enqueue(trx, tenantId, notes);
        await appendAudit(trx, systemCtx(tenantId, 'scheduler').audit, { action: 'tasks.reconcile', targetType: 'taskProvider', targetId: provider.id, changes: { added: fresh.length, closed: gone.length } });
      }
      return { added: fresh.length, closed: gone.length };
    });
  }

  return {
    providers: () => registered,
    kinds: () => [...kinds.values()],
    registerKinds(list) {
      for (const k of list) kinds.set(k.kind, k);
    },
    calendar,
    registerProvider(provider) {
      for (const k of provider.kinds ?? []) kinds.set(k.kind, k);
      if (registered.some((p) => p.id === provider.id)) throw new Error(`task provider ${provider.id} registered twice`);
      if (!/^[a-z][a-z0-9-]*$/.test(provider.id)) throw new Error(`task provider id must be lower-case: ${provider.id}`);
      registered.push(provider);
    },
    async put(trx: Db, ctx: Ctx, draft: TaskDraft) {
      const existing = await trx.selectFrom('tasks').select(EXISTING_COLUMNS).where('tenantId', '=', ctx.tenantId).where('key', '=', draft.key).executeTakeFirst();
      const parents = draft.assignees.sectionId ? await sectionParents(trx, ctx.tenantId) : new Map<string, string | null>();
      const fresh = await writeDrafts(trx, ctx.tenantId, [draft], 'event', new Map(existing ? [[draft.key, existing]] : []), parents);
      if (fresh.length) {
        const notes = await immediateNotes(trx, ctx.tenantId, fresh);
        if (notes.length) await deps.services.notifications.enqueue(trx, ctx.tenantId, notes);
      }
    },
    async complete(trx: Db, ctx: Ctx, key: string) {
      const row = await trx.selectFrom('tasks').select('id').where('tenantId', '=', ctx.tenantId).where('key', '=', key).where('status', '=', 'open').executeTakeFirst();
      if (row) await closeTasks(trx, ctx.tenantId, [row.id]);
    },
    async reconcile(today = japanDate(), tenantId?: string) {
      const total = { added: 0, closed: 0 };
      const tenants = tenantId
        ? [tenantId]
        : (await deps.db.selectFrom('organizations').select('id').where('status', '=', 'active').execute()).map((o) => o.id);
      for (const provider of registered) {
        const byTenant = new Map<string, TaskDraft[]>(tenants.map((t) => [t, []]));
        if (provider.collectAll && !tenantId) {
          for (const d of await provider.collectAll(deps.db, today)) byTenant.get(d.tenantId)?.push(d);
        } else {
          for (const t of tenants) byTenant.set(t, await provider.collect(deps.db, t, today));
        }
        for (const [t, drafts] of byTenant) {
          const r = await reconcileOne(provider, t, drafts);
          total.added += r.added;
          total.closed += r.closed;
        }
      }
      return total;
    },
  };
}
