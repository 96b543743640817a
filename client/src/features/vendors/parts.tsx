import { useQuery } from '@tanstack/react-query';
import { formatJapanDateTime } from '@shared/era';
import { type Named, REQUEST_STATUSES, cLabel, named } from '@shared/vendors';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button, Card, ErrorAlert, Table, TextField, td } from '../../components/ui';
import { get, upload } from '../../lib/api';
import { pick } from '../../lib/i18n';
import { type Evidence, type EvidenceRequest, type Finding, type Reason, type Summary, fileUrl } from './api';

/** Building blocks shared by the vendors pages. */

export function useLang(): 'ja' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ja';
}

export function useNamed() {
  const lang = useLang();
  return <T extends string>(list: ReadonlyArray<Named<T>>, id: string | null | undefined) => named(list, id, lang);
}

export function ClassText({ c }: { c: string | null | undefined }) {
  const lang = useLang();
  return <>{cLabel(c, lang)}</>;
}

export function VerdictBadge({ verdict }: { verdict: 'yes' | 'no' | 'conditions' }) {
  const { t } = useTranslation('vendors');
  return <Badge tone={verdict === 'yes' ? 'green' : verdict === 'no' ? 'red' : 'yellow'}>{t(`verdict.${verdict}`)}</Badge>;
}

export function SeverityBadge({ severity }: { severity: 'error' | 'warning' | 'info' }) {
  const { t } = useTranslation('vendors');
  return <Badge tone={severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'gray'}>{t(`severity.${severity}`)}</Badge>;
}

export function Provisional({ show }: { show: boolean }) {
  const { t } = useTranslation('vendors');
  if (!show) return null;
  return (
    <span className="ml-1" title={t('provisionalHint')}>
      <Badge tone="yellow">{t('provisional')}</Badge>
    </span>
  );
}

/** Catalog references: guideline items link to their catalog page; controls are shown as text. */
export function Refs({ refs }: { refs: string[] }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {refs.map((r) =>
        /^(KB|CP)-/.test(r) ? (
          <Link key={r} to={`/catalog/R8.3/${r}`} className="font-mono text-dns-14N-130">
            {r}
          </Link>
        ) : (
          <code key={r} className="text-dns-14N-130">
            {r}
          </code>
        ),
      )}
    </span>
  );
}

export function FindingsTable({ findings, caption, showSubject = false }: { findings: Finding[]; caption: string; showSubject?: boolean }) {
  const { t } = useTranslation('vendors');
  if (findings.length === 0) return <p className="text-std-16N-170">{t('findings.none')}</p>;
  const subjectLink = (f: Finding) => (f.subject.type === 'service' ? `/vendors/services/${f.subject.id}` : f.subject.type === 'contractor' ? `/vendors/contractors/${f.subject.id}` : '#');
  return (
    <Table caption={caption} head={[t('findings.severity'), t('findings.rule'), ...(showSubject ? [t('findings.subject')] : []), t('findings.reason'), t('findings.refs')]}>
      {findings.map((f) => (
        <tr key={`${f.ruleId}-${f.subject.id}-${JSON.stringify(f.details ?? {})}-${f.message.en}`}>
          <td className={td}>
            <SeverityBadge severity={f.severity} />
          </td>
          <td className={td}>
            <span className="font-mono">{f.ruleId}</span>
            <Provisional show={f.provisional} />
            <div className="text-dns-14N-130 text-solid-gray-700">{pick(f.title)}</div>
          </td>
          {showSubject && (
            <td className={td}>
              <Link to={subjectLink(f)}>{f.subject.name}</Link>
            </td>
          )}
          <td className={td}>{pick(f.message)}</td>
          <td className={td}>
            <Refs refs={f.refs} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function ReasonsList({ reasons }: { reasons: Reason[] }) {
  const { t } = useTranslation('vendors');
  if (reasons.length === 0) return <p className="text-dns-14N-130">{t('suitability.noReasons')}</p>;
  return (
    <ul className="flex flex-col gap-1">
      {reasons.map((r) => (
        <li key={r.ruleId} className="text-dns-14N-130">
          <Badge tone={r.effect === 'no' ? 'red' : r.effect === 'conditions' ? 'yellow' : 'gray'}>{t(`effect.${r.effect}`)}</Badge> {pick(r.message)} <Refs refs={r.refs} />
          <Provisional show={r.provisional} />
        </li>
      ))}
    </ul>
  );
}

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function EvidenceList({ items, caption }: { items: Evidence[]; caption: string }) {
  const { t } = useTranslation('vendors');
  if (items.length === 0) return <p className="text-dns-14N-130 text-solid-gray-700">{t('evidence.none')}</p>;
  return (
    <Table caption={caption} head={[t('evidence.title'), t('evidence.file'), t('evidence.validUntil'), t('evidence.sha256'), t('evidence.uploaded')]}>
      {items.map((e) => (
        <tr key={e.id}>
          <td className={td}>{e.title}</td>
          <td className={td}>
            <a href={fileUrl(e.id)} download>
              {e.filename}
            </a>{' '}
            <span className="text-dns-14N-130 text-solid-gray-700">（{size(e.size)}）</span>
          </td>
          <td className={td}>{e.validUntil ?? '—'}</td>
          <td className={`${td} font-mono text-dns-14N-130`} title={e.sha256}>
            {e.sha256.slice(0, 16)}…
          </td>
          <td className={td}>
            {formatJapanDateTime(e.uploadedAt)} {e.uploadedByLabel}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** Upload one evidence file (PDF, image or office document) to `url`. */
export function EvidenceUpload({ url, onDone, itemId, withValidUntil = false, label }: { url: string; onDone(): void; itemId?: string; withValidUntil?: boolean; label?: string }) {
  const { t } = useTranslation('vendors');
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const fields: Record<string, string> = {};
      if (title) fields.title = title;
      if (validUntil) fields.validUntil = validUntil;
      if (itemId) fields.itemId = itemId;
      await upload(url, file, file.name, fields);
      setFile(null);
      setTitle('');
      setValidUntil('');
      (e.target as HTMLFormElement).reset();
      onDone();
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label={label ?? t('evidence.upload')}>
      {error !== null && <ErrorAlert error={error} />}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-file`} className="text-std-16B-170">
          {label ?? t('evidence.file')}
        </label>
        <p id={`${id}-hint`} className="text-dns-14N-130 text-solid-gray-700">
          {t('evidence.hint')}
        </p>
        <input id={`${id}-file`} type="file" aria-describedby={`${id}-hint`} accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff,.docx,.xlsx,.pptx,.doc,.xls,.odt,.ods" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <TextField label={t('evidence.title')} value={title} onChange={(e) => setTitle(e.target.value)} />
      {withValidUntil && <TextField label={t('evidence.validUntil')} type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />}
      <div>
        <Button type="submit" variant="secondary" disabled={!file || busy}>
          {t('evidence.uploadButton')}
        </Button>
      </div>
    </form>
  );
}

export function Figure({ label, value, to, alert }: { label: string; value: number; to?: string; alert?: boolean }) {
  return (
    <div className="flex flex-col">
      <dt className="text-dns-14N-130 text-solid-gray-700">{label}</dt>
      <dd className={`text-std-32B-150 ${alert && value > 0 ? 'text-error-2' : 'text-solid-gray-900'}`}>{to ? <Link to={to}>{value.toLocaleString()}</Link> : value.toLocaleString()}</dd>
    </div>
  );
}

export function useSummary() {
  return useQuery({ queryKey: ['vendors', 'summary'], queryFn: () => get<Summary>('/api/vendors/summary') });
}

/** Dashboard card: real figures from /api/vendors/summary, within the user's scope. */
export function VendorsDashboardCard() {
  const { t } = useTranslation('vendors');
  const s = useSummary();
  return (
    <Card title={t('dashboard.title')}>
      {s.error && <ErrorAlert error={s.error} />}
      {s.data?.scope === 'staff' && (
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          <Figure label={t('dashboard.expiringSoon')} value={s.data.expiringSoon ?? 0} to="/vendors" />
          <Figure label={t('dashboard.expired')} value={s.data.expired ?? 0} to="/vendors" alert />
          <Figure label={t('dashboard.pendingApprovals')} value={s.data.pendingApprovals ?? 0} to="/vendors/approvals" />
          <Figure label={t('dashboard.unansweredSheets')} value={s.data.unansweredSheets} to="/vendors/contractors" />
          <Figure label={t('dashboard.errors')} value={s.data.findings?.error ?? 0} to="/vendors/checks" alert />
        </dl>
      )}
      {s.data?.scope === 'contractor' && (
        <dl className="grid grid-cols-2 gap-4">
          <Figure label={t('dashboard.myUnansweredSheets')} value={s.data.unansweredSheets} to="/contractor/vendors" alert />
          <Figure label={t('dashboard.myOpenRequests')} value={s.data.openRequests ?? 0} to="/contractor/vendors" alert />
        </dl>
      )}
    </Card>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card title={title}>
      {actions && <div className="mb-3 flex flex-wrap gap-2">{actions}</div>}
      {children}
    </Card>
  );
}

/** Minutes shown as hours where they divide evenly. */
export function minutes(n: number | null, lang: 'ja' | 'en'): string {
  if (n === null) return '—';
  if (n % 60 === 0) return lang === 'en' ? `${n / 60} h` : `${n / 60}時間`;
  return lang === 'en' ? `${n} min` : `${n}分`;
}

/** Evidence requests of a contractor (staff's contractor page and the contractor's own portal). */
export function EvidenceRequestsTable({ requests }: { requests: Array<Pick<EvidenceRequest, 'id' | 'title' | 'status' | 'dueOn'>> }) {
  const { t } = useTranslation('vendors');
  const nm = useNamed();
  if (requests.length === 0) return <p>{t('requests.none')}</p>;
  return (
    <Table caption={t('requests.title')} head={[t('requests.name'), t('requests.status'), t('requests.dueOn')]}>
      {requests.map((r) => (
        <tr key={r.id}>
          <td className={td}>
            <Link to={`/vendors/evidence-requests/${r.id}`}>{r.title}</Link>
          </td>
          <td className={td}>{nm(REQUEST_STATUSES, r.status)}</td>
          <td className={td}>{r.dueOn ?? '—'}</td>
        </tr>
      ))}
    </Table>
  );
}
