import type { Confidence, EditionMeta } from '@shared/catalog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Badge, Button, SelectField, TextField } from '../../components/ui';

/** Small pieces shared by the catalog pages. */

export function editionLabel(e: EditionMeta, lang: string, currentText: string): string {
  const label = lang === 'en' ? e.labelEn : e.label;
  return `${label}（${e.id}）${e.current ? ` — ${currentText}` : ''}`;
}

export function EditionSelect({ label, value, editions, onChange }: { label: string; value: string | undefined; editions: EditionMeta[]; onChange(id: string): void }) {
  const { t, i18n } = useTranslation('catalog');
  return (
    <SelectField
      label={label}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value)}
      options={[...editions].reverse().map((e) => ({ value: e.id, label: editionLabel(e, i18n.language, t('current')) }))}
    />
  );
}

export function ConfidenceBadge({ confidence, showVerified = false }: { confidence: Confidence; showVerified?: boolean }) {
  const { t } = useTranslation('catalog');
  if (confidence === 'provisional') return <Badge tone="yellow">{t('provisional')}</Badge>;
  return showVerified ? <Badge tone="green">{t('verified')}</Badge> : null;
}

export function ObligationBadge({ obligation }: { obligation: 'mandatory' | 'recommended' }) {
  const { t } = useTranslation('catalog');
  return obligation === 'recommended' ? <Badge tone="blue">{t('recommended')}</Badge> : null;
}

/** The search box: sends the user to the results page for the chosen edition. */
export function SearchForm({ edition, initial = '' }: { edition: string | undefined; initial?: string }) {
  const { t } = useTranslation('catalog');
  const navigate = useNavigate();
  const [q, setQ] = useState(initial);
  return (
    <search>
      <form
        aria-label={t('search.title')}
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const p = new URLSearchParams({ q: q.trim() });
          if (edition) p.set('edition', edition);
          if (q.trim()) navigate(`/catalog/search?${p.toString()}`);
        }}
      >
        <div className="min-w-64 flex-1">
          <TextField label={t('search.label')} hint={t('search.hint')} type="search" name="q" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
        </div>
        <Button type="submit">{t('search.submit')}</Button>
      </form>
    </search>
  );
}

/** A value from a diff or a detail, readable: arrays joined, objects as text. */
export function showValue(v: unknown, empty: string): string {
  if (v === null || v === undefined || v === '') return empty;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('、') : empty;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.ja === 'string' && typeof o.en === 'string') return `${o.ja} / ${o.en}`;
    return JSON.stringify(v);
  }
  return String(v);
}
