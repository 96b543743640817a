import { useQuery } from '@tanstack/react-query';
import { formatJapanDateTime } from '@shared/era';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, auditActionLabel } from '@shared/audit-labels';
import { Alert, Button, Card, ErrorAlert, Loading, PageHeader, Pagination, SelectField, Table, TextField, td } from '../../components/ui';
import { fieldLabel } from '../../lib/field-labels';
import { get, qs } from '../../lib/api';

interface Event {
  seq: number;
  occurredAt: string;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes: unknown;
  ip: string | null;
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Changes as 「項目: 前 → 後」 lines; other details as 「項目: 値」 (issue 21). */
function ChangeList({ changes }: { changes: unknown }) {
  const { i18n } = useTranslation();
  if (!changes || typeof changes !== 'object') return <>{show(changes)}</>;
  const entries = Object.entries(changes as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <ul>
      {entries.slice(0, 12).map(([k, v]) => (
        <li key={k}>
          <span className="font-bold">{fieldLabel(k, i18n.language) ?? k}</span>: {Array.isArray(v) && v.length === 2 ? `${show(v[0])} → ${show(v[1])}` : show(v)}
        </li>
      ))}
      {entries.length > 12 && <li>…</li>}
    </ul>
  );
}

export function AuditTrailPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [filters, setFilters] = useState({ from: '', to: '', actor: '', action: '' });
  const [applied, setApplied] = useState(filters);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['audit', applied, page],
    queryFn: () => get<{ items: Event[]; total: number; page: number; pageSize: number }>(`/api/audit-events${qs({ ...applied, page })}`),
  });
  const [verify, setVerify] = useState(false);
  const check = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () => get<{ ok: boolean; checked: number; headHash: string; broken?: { seq: number; reason: string } }>('/api/audit-events/verify'),
    enabled: verify,
  });
  const exportUrl = (format: string) => `/api/audit-events/export${qs({ ...applied, format })}`;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          <>
            <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-4 text-oln-16B-100 no-underline" href={exportUrl('csv')}>
              {t('audit.exportCsv')}
            </a>
            <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-4 text-oln-16B-100 no-underline" href={exportUrl('xlsx')}>
              {t('audit.exportXlsx')}
            </a>
            <Button variant="secondary" onClick={() => { setVerify(true); void check.refetch(); }}>
              {t('audit.verify')}
            </Button>
          </>
        }
      />
      {check.data &&
        (check.data.ok ? (
          <Alert tone="success" title={t('audit.verifyOk', { n: check.data.checked })}>
            <span className="break-all font-mono text-dns-14N-130">{check.data.headHash}</span>
          </Alert>
        ) : (
          <Alert tone="error" title={t('audit.verifyBroken', { seq: check.data.broken?.seq })}>
            {check.data.broken?.reason}
          </Alert>
        ))}
      <Card>
        <form
          className="grid gap-4 md:grid-cols-5"
          onSubmit={(e) => {
            e.preventDefault();
            setPage(1);
            setApplied(filters);
          }}
        >
          <TextField label={t('audit.from')} type="date" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} />
          <TextField label={t('audit.to')} type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} />
          <TextField label={t('audit.actor')} value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.target.value })} />
          <SelectField
            label={t('audit.action')}
            value={filters.action}
            onChange={(e) => setFilters({ ...filters, action: e.target.value })}
            options={[{ value: '', label: t('form.all') }, ...Object.keys(AUDIT_ACTIONS).map((code) => ({ value: code, label: auditActionLabel(code, lang) }))]}
          />
          <div className="flex items-end">
            <Button type="submit">{t('form.apply')}</Button>
          </div>
        </form>
      </Card>
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && (
        <>
          <Table caption={t('audit.title')} head={[t('audit.seq'), t('audit.time'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.changes'), t('audit.ip')]}>
            {list.data.items.map((e) => (
              <tr key={e.seq}>
                <td className={td}>{e.seq}</td>
                <td className={`${td} whitespace-nowrap`}>{formatJapanDateTime(e.occurredAt)}</td>
                <td className={td}>{e.actorLabel}</td>
                <td className={td}>
                  {auditActionLabel(e.action, lang)}
                  <span className="block font-mono text-dns-14N-130 text-solid-gray-700">{e.action}</span>
                </td>
                <td className={td}>{[e.targetType, e.targetId].filter(Boolean).join(' ')}</td>
                <td className={`${td} max-w-96 break-all text-dns-14N-130`}>
                  <ChangeList changes={e.changes} />
                </td>
                <td className={td}>{e.ip ?? ''}</td>
              </tr>
            ))}
          </Table>
          <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
        </>
      )}
    </div>
  );
}
