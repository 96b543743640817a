import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatJapanDateTime } from '@shared/era';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button, Checkbox, ErrorAlert, Loading, PageHeader, Pagination } from '../../components/ui';
import { get, post, qs } from '../../lib/api';
import { pick } from '../../lib/i18n';

export interface NotificationItem {
  id: string;
  severity: 'info' | 'warning' | 'overdue';
  title: { ja: string; en: string };
  body: { ja: string; en: string };
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: NotificationItem[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => get<NotificationList>('/api/notifications?unread=true&pageSize=1'),
    refetchInterval: 60_000,
    select: (d) => d.unread,
  });
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['notifications', unreadOnly, page], queryFn: () => get<NotificationList>(`/api/notifications${qs({ unread: unreadOnly, page })}`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: string) => post(`/api/notifications/${id}/read`), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => post('/api/notifications/read-all'), onSuccess: refresh });
  const tone = { info: 'blue', warning: 'yellow', overdue: 'red' } as const;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('notifications.title')}
        description={t('notifications.description')}
        actions={
          <Button variant="secondary" onClick={() => readAll.mutate()} disabled={!list.data?.unread}>
            {t('notifications.readAll')}
          </Button>
        }
      />
      <Checkbox label={t('notifications.unreadOnly')} checked={unreadOnly} onChange={(e) => { setUnreadOnly(e.target.checked); setPage(1); }} />
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('notifications.none')}</p>}
      <ul className="flex flex-col gap-3">
        {list.data?.items.map((n) => (
          <li key={n.id} className={`rounded-8 border p-4 ${n.readAt ? 'border-solid-gray-200 bg-white' : 'border-key-900 bg-key-50'}`}>
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={tone[n.severity]}>{t(`notifications.severity.${n.severity}`)}</Badge>
              <Link to={n.link} className="text-std-16B-170" onClick={() => !n.readAt && read.mutate(n.id)}>
                {pick(n.title)}
              </Link>
              <span className="text-dns-14N-130 text-solid-gray-700">{formatJapanDateTime(n.createdAt)}</span>
            </div>
            <p className="mt-1 text-std-16N-170">{pick(n.body)}</p>
            {!n.readAt && (
              <Button variant="ghost" onClick={() => read.mutate(n.id)}>
                {t('notifications.markRead')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {list.data && <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />}
    </div>
  );
}
