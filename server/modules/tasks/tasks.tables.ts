export interface TasksTable {
  tenantId: string;
  id: string;
  key: string;
  provider: string;
  kind: string;
  /** 'event' (put/complete by the owning module) or 'state' (a provider's daily collect). */
  origin: 'event' | 'state';
  titleJa: string;
  titleEn: string;
  link: string;
  dueDate: string | null;
  /** TaskAssignees as JSON. */
  assignees: string;
  requestedBy: string | null;
  subjectType: string;
  subjectId: string;
  status: 'open' | 'done';
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface TaskTargetsTable {
  tenantId: string;
  taskId: string;
  /** 'u:<userId>' | 'r:<role>' | 'r:<role>:*' | 'r:<role>:<unitId>' */
  principal: string;
  dueDate: string | null;
}

export interface TaskMailPrefsTable {
  tenantId: string;
  userId: string;
  kind: string;
  mode: 'digest' | 'immediate' | 'none';
  updatedAt: string;
}

export interface TaskDigestLogTable {
  tenantId: string;
  userId: string;
  day: string;
  items: number;
  createdAt: string;
}

declare module '../../db/schema' {
  interface Database {
    tasks: TasksTable;
    taskTargets: TaskTargetsTable;
    taskMailPrefs: TaskMailPrefsTable;
    taskDigestLog: TaskDigestLogTable;
  }
}
