export interface NotificationsTable {
  tenantId: string;
  id: string;
  userId: string;
  source: string;
  itemKey: string | null;
  severity: 'info' | 'warning' | 'overdue';
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface ReminderLogTable {
  tenantId: string;
  source: string;
  itemKey: string;
  /** Japan-time day the reminder was sent for ('YYYY-MM-DD'). */
  day: string;
  createdAt: string;
}

export interface MailOutboxTable {
  tenantId: string;
  id: string;
  toAddress: string;
  subject: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

declare module '../../db/schema' {
  interface Database {
    notifications: NotificationsTable;
    reminderLog: ReminderLogTable;
    mailOutbox: MailOutboxTable;
  }
}
