import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CONTACT_BODIES, CSIRT_ROLES, labelOf } from '@shared/incidents';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextField, td } from '../../components/ui';
import { get, post } from '../../lib/api';

interface Check { id: string; state: 'ok' | 'problem' | 'notMeasurable'; title: { ja: string; en: string }; detail: { ja: string; en: string }; items: string[] }
interface Member { id: string; role: string; holderName: string; holderTitle: string | null; deputyName: string | null; phone24h: string | null; validFrom: string; validUntil: string | null }
interface Contact { id: string; body: string; name: string; phone: string | null; email: string | null; channel: string | null; whenToTell: string | null; confirmedOn: string | null; source: 'directory' | 'vendors' }

export function ReadinessList() {
  const { i18n } = useTranslation('incidents');
  const en = i18n.language === 'en';
  const r = useQuery({ queryKey: ['csirt', 'readiness'], queryFn: () => get<Check[]>('/api/csirt/readiness') });
  if (r.error) return <ErrorAlert error={r.error} />;
  if (!r.data) return <Loading />;
  return (
    <ul className="grid gap-2">
      {r.data.map((c) => (
        <li key={c.id}>
          <Badge tone={c.state === 'ok' ? 'green' : c.state === 'problem' ? 'red' : 'gray'}>{en ? c.title.en : c.title.ja}</Badge> {en ? c.detail.en : c.detail.ja}
          {c.items.length > 0 && <span className="text-dns-14N-130">（{c.items.join('、')}）</span>}
        </li>
      ))}
    </ul>
  );
}

export function CsirtPage() {
  const { t, i18n } = useTranslation('incidents');
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const can = useCan();
  const qc = useQueryClient();
  const members = useQuery({ queryKey: ['csirt', 'members'], queryFn: () => get<Member[]>('/api/csirt/members') });
  const contacts = useQuery({ queryKey: ['csirt', 'contacts'], queryFn: () => get<Contact[]>('/api/csirt/contacts') });
  const [m, setM] = useState({ role: 'head', holderName: '', deputyName: '', phone24h: '', validFrom: '' });
  const [c, setC] = useState({ body: 'prefecture', name: '', phone: '', whenToTell: '' });
  const done = () => qc.invalidateQueries({ queryKey: ['csirt'] });
  const addMember = useMutation({ mutationFn: () => post('/api/csirt/members', { ...m, deputyName: m.deputyName || null, phone24h: m.phone24h || null }), onSuccess: done });
  const addContact = useMutation({ mutationFn: () => post('/api/csirt/contacts', { ...c, phone: c.phone || null, whenToTell: c.whenToTell || null }), onSuccess: done });
  const confirm = useMutation({ mutationFn: (id: string) => post(`/api/csirt/contacts/${id}/confirm`, {}), onSuccess: done });
  const manage = can('csirt.manage');
  return (
    <div>
      <PageHeader
        title={t('csirt.title')}
        description={t('csirt.description')}
        actions={
          <div className="flex gap-3">
            <a href="/api/csirt/contact-sheet?format=pdf">{t('csirt.sheet')}</a>
            <a href="/api/csirt/contact-sheet?format=docx">{t('csirt.sheetDocx')}</a>
          </div>
        }
      />
      <Card title={t('csirt.readiness')} className="mb-6">
        <ReadinessList />
      </Card>
      <Card title={t('csirt.roster')} className="mb-6">
        {members.data && (
          <Table caption={t('csirt.roster')} head={[t('csirt.role'), t('csirt.holder'), t('csirt.deputy'), t('csirt.phone'), t('csirt.validFrom')]}>
            {members.data.map((x) => (
              <tr key={x.id}>
                <td className={td}>{labelOf(CSIRT_ROLES, x.role, lang)}</td>
                <td className={td}>{x.holderName}{x.holderTitle ? `（${x.holderTitle}）` : ''}</td>
                <td className={td}>{x.deputyName ?? '—'}</td>
                <td className={td}>{x.phone24h ?? '—'}</td>
                <td className={td}>{x.validFrom}{x.validUntil ? `〜${x.validUntil}` : '〜'}</td>
              </tr>
            ))}
          </Table>
        )}
        {manage && (
          <form className="mt-4 grid max-w-xl gap-2" onSubmit={(e: FormEvent) => { e.preventDefault(); addMember.mutate(); }}>
            {addMember.error && <ErrorAlert error={addMember.error} />}
            <SelectField label={t('csirt.role')} options={CSIRT_ROLES.map((r) => ({ value: r.id, label: r[lang] }))} value={m.role} onChange={(e) => setM({ ...m, role: e.target.value })} />
            <TextField label={t('csirt.holder')} required value={m.holderName} onChange={(e) => setM({ ...m, holderName: e.target.value })} />
            <TextField label={t('csirt.deputy')} value={m.deputyName} onChange={(e) => setM({ ...m, deputyName: e.target.value })} />
            <TextField label={t('csirt.phone')} value={m.phone24h} onChange={(e) => setM({ ...m, phone24h: e.target.value })} />
            <TextField label={t('csirt.validFrom')} type="date" required value={m.validFrom} onChange={(e) => setM({ ...m, validFrom: e.target.value })} />
            <div><Button type="submit">{t('csirt.addMember')}</Button></div>
          </form>
        )}
      </Card>
      <Card title={t('csirt.contacts')}>
        {contacts.data && (
          <Table caption={t('csirt.contacts')} head={[t('csirt.body'), t('csirt.name'), t('csirt.phone'), t('csirt.when'), t('csirt.confirmed')]}>
            {contacts.data.map((x) => (
              <tr key={x.id}>
                <td className={td}>{labelOf(CONTACT_BODIES, x.body, lang)}</td>
                <td className={td}>{x.name}{x.source === 'vendors' && <span className="ml-1"><Badge tone="blue">{t('csirt.fromVendors')}</Badge></span>}</td>
                <td className={td}>{x.phone ?? '—'}</td>
                <td className={td}>{x.whenToTell ?? '—'}</td>
                <td className={td}>
                  {x.confirmedOn ?? '—'}
                  {manage && x.source === 'directory' && <Button variant="secondary" className="ml-2" onClick={() => confirm.mutate(x.id)}>{t('csirt.confirm')}</Button>}
                </td>
              </tr>
            ))}
          </Table>
        )}
        {manage && (
          <form className="mt-4 grid max-w-xl gap-2" onSubmit={(e: FormEvent) => { e.preventDefault(); addContact.mutate(); }}>
            {addContact.error && <ErrorAlert error={addContact.error} />}
            <SelectField label={t('csirt.body')} options={CONTACT_BODIES.map((b) => ({ value: b.id, label: b[lang] }))} value={c.body} onChange={(e) => setC({ ...c, body: e.target.value })} />
            <TextField label={t('csirt.name')} required value={c.name} onChange={(e) => setC({ ...c, name: e.target.value })} />
            <TextField label={t('csirt.phone')} value={c.phone} onChange={(e) => setC({ ...c, phone: e.target.value })} />
            <TextField label={t('csirt.when')} value={c.whenToTell} onChange={(e) => setC({ ...c, whenToTell: e.target.value })} />
            <div><Button type="submit">{t('csirt.addContact')}</Button></div>
          </form>
        )}
      </Card>
    </div>
  );
}
