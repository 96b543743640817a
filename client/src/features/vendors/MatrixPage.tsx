import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PARTIES } from '@shared/vendors';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Checkbox, ErrorAlert, Loading, PageHeader, ScrollArea, SelectField, td } from '../../components/ui';
import { get, put } from '../../lib/api';
import type { ContractorListItem, Matrix } from './api';
import { Refs, Section, useLang } from './parts';

type Cells = Record<string, '' | 'R' | 'C'>;
const k = (area: string, party: string) => `${area}/${party}`;

/** 責任分界表: who is responsible (R) and who is consulted (C) for each control area. */
export function MatrixPage() {
  const { responsibilityMatrixId } = useParams();
  const { t } = useTranslation('vendors');
  const lang = useLang();
  const can = useCan();
  const qc = useQueryClient();
  const url = `/api/vendors/matrices/${responsibilityMatrixId}`;
  const m = useQuery({ queryKey: ['vendors', 'matrix', responsibilityMatrixId], queryFn: () => get<Matrix>(url) });
  const contractors = useQuery({ queryKey: ['vendors', 'contractors', 'all'], queryFn: () => get<{ items: ContractorListItem[] }>('/api/vendors/contractors?pageSize=200') });
  const [cells, setCells] = useState<Cells>({});
  const [parties, setParties] = useState<string[]>([]);
  const [who, setWho] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!m.data) return;
    setCells(Object.fromEntries(m.data.cells.map((c) => [k(c.areaId, c.party), c.role])));
    setParties(m.data.parties.map((p) => p.id));
    setWho(Object.fromEntries(m.data.parties.filter((p) => p.contractorId).map((p) => [p.id, p.contractorId as string])));
  }, [m.data]);
  const save = useMutation({
    mutationFn: () =>
      put<Matrix>(`${url}/cells`, {
        parties,
        partyContractors: Object.fromEntries(Object.entries(who).filter(([p, v]) => v && parties.includes(p))),
        cells: Object.entries(cells)
          .filter(([key, role]) => role && parties.includes(key.split('/')[1]))
          .map(([key, role]) => ({ areaId: key.split('/')[0], party: key.split('/')[1], role })),
      }),
    onSuccess: (data) => qc.setQueryData(['vendors', 'matrix', responsibilityMatrixId], data),
  });
  if (m.isLoading) return <Loading />;
  if (m.error || !m.data) return <ErrorAlert error={m.error} />;
  const d = m.data;
  const write = can('vendor.write');
  const partyName = (id: string) => (lang === 'en' ? PARTIES.find((p) => p.id === id)?.en : PARTIES.find((p) => p.id === id)?.ja) ?? id;
  // Flags of the rows as they stand in the form (before saving).
  const flagOf = (areaId: string) => {
    const n = parties.filter((p) => cells[k(areaId, p)] === 'R').length;
    return n === 0 ? 'none' : n > 1 ? 'multiple' : null;
  };
  const flagged = d.areas.filter((a) => flagOf(a.id) !== null).length;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={d.name}
        description={d.service ? `${t('matrix.forService')}: ${d.service.name}` : d.system ? `${t('matrix.forSystem')}: ${d.system.name}` : undefined}
        actions={
          <>
            <a href={`${url}/export?format=xlsx`} download>
              {t('matrix.exportXlsx')}
            </a>
            <a href={`${url}/export?format=docx`} download>
              {t('matrix.exportDocx')}
            </a>
            {d.service && <Link to={`/vendors/services/${d.service.id}`}>{t('matrix.backToService')}</Link>}
          </>
        }
      />
      <Alert tone={flagged ? 'warning' : 'success'} title={flagged ? t('matrix.flagged', { n: flagged }) : t('matrix.allSet')}>
        {t('matrix.coordinatorNote')}
      </Alert>
      {save.error && <ErrorAlert error={save.error} />}
      {save.isSuccess && <Alert tone="success" title={t('saved')} />}
      <Section title={t('matrix.parties')}>
        <div className="grid gap-3 md:grid-cols-3">
          {PARTIES.map((p) => (
            <div key={p.id} className="flex flex-col gap-2 rounded-8 border border-solid-gray-200 p-3">
              <Checkbox
                label={`${lang === 'en' ? p.en : p.ja}${p.id === 'municipality' ? `（${t('matrix.coordinator')}）` : ''}`}
                checked={parties.includes(p.id)}
                disabled={!write || p.id === 'municipality'}
                onChange={() => setParties(parties.includes(p.id) ? parties.filter((x) => x !== p.id) : [...parties, p.id])}
              />
              {p.id !== 'municipality' && p.id !== 'digitalAgency' && parties.includes(p.id) && (
                <SelectField
                  label={t('matrix.playedBy', { party: lang === 'en' ? p.en : p.ja })}
                  value={who[p.id] ?? ''}
                  disabled={!write}
                  onChange={(e) => setWho({ ...who, [p.id]: e.target.value })}
                  options={[{ value: '', label: t('none') }, ...(contractors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))]}
                />
              )}
            </div>
          ))}
        </div>
      </Section>
      <Section title={t('matrix.grid')}>
        <p className="mb-2 text-dns-16N-130">{t('matrix.legend')}</p>
        <ScrollArea label={t('matrix.grid')} className="rounded-8 border border-solid-gray-420 bg-white">
          <table className="w-full border-collapse text-left text-dns-16N-130">
            <caption className="sr-only">{t('matrix.grid')}</caption>
            <thead className="bg-solid-gray-50">
              <tr>
                <th scope="col" className="border-b border-solid-gray-420 px-3 py-2">
                  {t('matrix.area')}
                </th>
                {parties.map((p) => (
                  <th key={p} scope="col" className="border-b border-solid-gray-420 px-3 py-2">
                    {partyName(p)}
                    {p === 'municipality' && <div className="text-dns-14N-130">（{t('matrix.coordinator')}）</div>}
                  </th>
                ))}
                <th scope="col" className="border-b border-solid-gray-420 px-3 py-2">
                  {t('matrix.check')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.areas.map((a) => {
                const flag = flagOf(a.id);
                return (
                  <tr key={a.id} className={flag ? 'bg-red-50' : ''}>
                    <th scope="row" className={`${td} text-left`}>
                      {lang === 'en' ? a.en : a.ja}
                      <div>
                        <Refs refs={a.refs} />
                      </div>
                    </th>
                    {parties.map((p) => (
                      <td key={p} className={td}>
                        <label className="sr-only" htmlFor={`cell-${a.id}-${p}`}>
                          {t('matrix.cellLabel', { area: lang === 'en' ? a.en : a.ja, party: partyName(p) })}
                        </label>
                        <select
                          id={`cell-${a.id}-${p}`}
                          className="min-h-11 rounded-8 border border-solid-gray-600 bg-white px-2"
                          value={cells[k(a.id, p)] ?? ''}
                          disabled={!write}
                          onChange={(e) => setCells({ ...cells, [k(a.id, p)]: e.target.value as '' | 'R' | 'C' })}
                        >
                          <option value="">—</option>
                          <option value="R">{t('matrix.R')}</option>
                          <option value="C">{t('matrix.C')}</option>
                        </select>
                      </td>
                    ))}
                    <td className={td}>{flag && <Badge tone="red">{t(`matrix.flag.${flag}`)}</Badge>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollArea>
        {write && (
          <div className="mt-3">
            <Button onClick={() => save.mutate()} disabled={save.isPending}>
              {t('save')}
            </Button>
          </div>
        )}
      </Section>
    </div>
  );
}
