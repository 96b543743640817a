import { useQuery } from '@tanstack/react-query';
import { SUBJECTS, SUBJECT_TYPES } from '@shared/approvals';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { Badge, Checkbox, ErrorAlert, Loading, PageHeader, SelectField, Table, td } from '../../components/ui';
import { get, qs } from '../../lib/api';
import { type ApprovalItem, type State, dateText, stateText, stateTone } from './api';

const STATES: Array<State | 'effective'> = ['pending', 'effective', 'approved', 'approved_with_conditions', 'expired', 'rejected', 'withdrawn'];
const linkButton = 'inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-4 py-2 text-oln-16B-100 no-underline';

export function ApprovalTable({ items, caption }: { items: ApprovalItem[]; caption: string }) {
  const { t, i18n } = useTranslation('approvals');
  const lang = i18n.language;
  return (
    <Table caption={caption} head={[t('col.type'), t('col.title'), t('col.state'), t('col.requester'), t('col.requested'), t('col.until'), t('col.flags')]}>
      {items.map((a) => (
        <tr key={a.id}>
          <td className={td}>{lang === 'en' ? a.subjectLabel.en : a.subjectLabel.ja}</td>
          <td className={td}>
            <Link to={`/approvals/${a.id}`}>{a.title}</Link>
          </td>
          <td className={`${td} whitespace-nowrap`}>
            <Badge tone={stateTone(a.state)}>{stateText(a.state, lang)}</Badge>
          </td>
          <td className={td}>{a.requestedByLabel}</td>
          <td className={`${td} whitespace-nowrap`}>{dateText(a.requestedAt, lang)}</td>
          <td className={`${td} whitespace-nowrap`}>{dateText(a.validUntil, lang)}</td>
          <td className={td}>
            {a.emergency && <Badge tone="yellow">{t('flag.emergency')}</Badge>} {a.reportLate && <Badge tone="red">{t('flag.late')}</Badge>} {a.overdue && <Badge tone="red">{t('flag.overdue')}</Badge>}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function RegisterPage() {
  const { t, i18n } = useTranslation('approvals');
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const filters = {
    subjectType: params.get('subjectType') ?? '',
    state: params.get('state') ?? '',
    expiringWithin: params.get('expiringWithin') ?? '',
    overdue: params.get('overdue') ?? '',
    reportLate: params.get('reportLate') ?? '',
  };
  const list = useQuery({ queryKey: ['approvals', filters], queryFn: () => get<ApprovalItem[]>(`/api/approvals${qs(filters)}`) });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  return (
    <div>
      <PageHeader
        title={t('register.title')}
        description={t('register.description')}
        actions={
          <>
            {can('approval.request') && (
              <Link to="/approvals/new" className={`${linkButton} bg-key-900 text-white`}>
                {t('register.new')}
              </Link>
            )}
            <Link to="/approvals/review" className={`${linkButton} bg-white text-key-900`}>
              {t('register.review')}
            </Link>
            <a href={`/api/approvals/export.xlsx${qs(filters)}`} className={`${linkButton} bg-white text-key-900`} download>
              {t('register.export')}
            </a>
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <SelectField
          label={t('register.type')}
          value={filters.subjectType}
          onChange={(e) => set('subjectType', e.target.value)}
          options={[{ value: '', label: t('register.allTypes') }, ...SUBJECT_TYPES.map((s) => ({ value: s, label: i18n.language === 'en' ? SUBJECTS[s].en : `${SUBJECTS[s].ja}（${SUBJECTS[s].source}）` }))]}
        />
        <SelectField
          label={t('register.state')}
          value={filters.state}
          onChange={(e) => set('state', e.target.value)}
          options={[{ value: '', label: t('register.allStates') }, ...STATES.map((s) => ({ value: s, label: s === 'effective' ? t('register.effective') : stateText(s, i18n.language) }))]}
        />
      </div>
      <div className="mb-4 flex flex-wrap gap-6">
        <Checkbox label={t('register.expiring')} checked={filters.expiringWithin === '30'} onChange={(e) => set('expiringWithin', e.target.checked ? '30' : '')} />
        <Checkbox label={t('register.overdue')} checked={filters.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')} />
        <Checkbox label={t('register.reportLate')} checked={filters.reportLate === 'true'} onChange={(e) => set('reportLate', e.target.checked ? 'true' : '')} />
      </div>
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && list.data.length === 0 && <p className="text-std-16N-170">{t('register.none')}</p>}
      {list.data && list.data.length > 0 && <ApprovalTable items={list.data} caption={t('register.caption')} />}
    </div>
  );
}

export function ReviewPage() {
  const { t } = useTranslation('approvals');
  const list = useQuery({ queryKey: ['approvals', 'review-due'], queryFn: () => get<ApprovalItem[]>('/api/approvals/review-due') });
  return (
    <div>
      <PageHeader title={t('review.title')} description={t('review.description')} />
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && list.data.length === 0 && <p className="text-std-16N-170">{t('review.none')}</p>}
      {list.data && list.data.length > 0 && <ApprovalTable items={list.data} caption={t('review.caption')} />}
    </div>
  );
}
