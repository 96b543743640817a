import { formatEraDate } from '@shared/era';
import type { Bilingual } from '@shared/catalog';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Button, ErrorAlert, Loading } from '../../components/ui';
import { get } from '../../lib/api';
import { pick } from '../../lib/i18n';
import './print.css';

interface Label {
  organization: string;
  asset: { id: string; code: string; name: string; kind: string; segment: string; ownerSection: { code: string; name: string } };
  classification: { schemeEdition: string | null; confidentiality: string | null; integrity: string | null; availability: string | null };
  levels: Record<'c' | 'i' | 'a', { id: string; label: string; labelEn: string } | null> | null;
  handling: Array<{ topic: string; label: Bilingual; text: Bilingual[] }>;
  disposal: { label: Bilingual } | null;
  url: string;
  qrSvg: string;
  printedAt: string;
}

/**
 * The handling rules of several levels can say the same thing; a sentence already said (or
 * contained in a longer one) is printed once.
 */
export function distinctSentences(texts: string[]): string[] {
  const trimmed = texts.map((x) => x.trim()).filter(Boolean);
  return trimmed.filter((x, i) => trimmed.indexOf(x) === i && !trimmed.some((y, j) => j !== i && y !== x && y.includes(x)));
}

const ESSENTIALS = ['storage', 'takeOut', 'transmission', 'copying', 'disposal', 'terminal', 'cloud'];

/**
 * 分類の表示: a print-friendly page for media labels. The shell hides itself when printing (see
 * print.css); the confidentiality class is printed large so it can be read at a glance.
 */
export function LabelPage() {
  const { assetId = '' } = useParams();
  const { t } = useTranslation('assets');
  const [layout, setLayout] = useState<'a4' | 'sticker'>('a4');
  const label = useQuery({ queryKey: ['assets', 'label', assetId], queryFn: () => get<Label>(`/api/assets/${assetId}/label`) });
  if (label.isLoading) return <Loading />;
  if (!label.data) return <ErrorAlert error={label.error} />;
  const l = label.data;
  const c = l.classification.confidentiality;
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(l.qrSvg)}`;
  const essentials = l.handling.filter((h) => ESSENTIALS.includes(h.topic));
  return (
    <div className="flex flex-col gap-6" data-print-label>
      <div className="no-print flex flex-wrap items-end gap-4">
        <Link to={`/assets/${l.asset.id}`}>{t('labelPage.back')}</Link>
        <h1 className="text-std-28B-150">{t('labelPage.title')}</h1>
        <fieldset className="flex gap-4">
          <legend className="text-std-16B-170">{t('labelPage.layout')}</legend>
          {(['a4', 'sticker'] as const).map((v) => (
            <label key={v} className="flex items-center gap-2 text-std-16N-170">
              <input type="radio" name="layout" value={v} checked={layout === v} onChange={() => setLayout(v)} className="size-5 accent-key-900" />
              {t(`labelPage.${v}`)}
            </label>
          ))}
        </fieldset>
        <Button onClick={() => window.print()}>{t('labelPage.print')}</Button>
      </div>

      {layout === 'sticker' ? (
        <section aria-label={t('labelPage.sticker')} className="label-sticker mx-auto flex w-[100mm] min-h-[62mm] gap-3 border-2 border-black bg-white p-[3mm] text-black">
          <div className="flex flex-1 flex-col justify-between">
            <div>
              <p className="text-[9pt] leading-tight">{l.organization}</p>
              <p className="text-[10pt] font-bold leading-tight">
                {t('labelPage.conf')}
              </p>
              <p className="text-[56pt] font-bold leading-none" data-testid="label-class">
                {c ?? t('labelPage.unclassified')}
              </p>
              <p className="text-[10pt] leading-tight">
                {t('labelPage.integrity')} {l.classification.integrity ?? '—'} ／ {t('labelPage.availability')} {l.classification.availability ?? '—'}
              </p>
            </div>
            <div className="text-[9pt] leading-tight">
              <p className="font-bold">{l.asset.code}</p>
              <p>{l.asset.name}</p>
              <p>
                {t('labelPage.owner')}: {l.asset.ownerSection.name}
              </p>
            </div>
          </div>
          <img src={qr} alt={t('labelPage.scan')} className="size-[26mm] self-end" />
        </section>
      ) : (
        <section aria-label={t('labelPage.a4')} className="label-a4 mx-auto flex w-full max-w-[190mm] flex-col gap-5 border-2 border-black bg-white p-8 text-black">
          <header className="flex items-start justify-between gap-4 border-b-2 border-black pb-4">
            <div>
              <p className="text-std-16N-170">{l.organization}</p>
              <h2 className="text-std-28B-150">{l.asset.name}</h2>
              <p className="text-std-18B-160">{l.asset.code}</p>
              <p className="text-std-16N-170">
                {l.asset.kind}
                {l.asset.segment ? ` ／ ${l.asset.segment}` : ''} ／ {t('labelPage.owner')}: {l.asset.ownerSection.name}（{l.asset.ownerSection.code}）
              </p>
            </div>
            <img src={qr} alt={t('labelPage.scan')} className="size-32" />
          </header>
          <div className="flex flex-wrap items-end gap-8">
            <div>
              <p className="text-std-20B-150">{l.levels?.c ? pick({ ja: l.levels.c.label, en: l.levels.c.labelEn }) : t('labelPage.conf')}</p>
              <p className="text-[96pt] font-bold leading-none" data-testid="label-class">
                {c ?? t('labelPage.unclassified')}
              </p>
            </div>
            <div className="text-std-20B-150">
              <p>
                {t('labelPage.integrity')} {l.classification.integrity ?? '—'}
              </p>
              <p>
                {t('labelPage.availability')} {l.classification.availability ?? '—'}
              </p>
              {l.classification.schemeEdition && <p className="text-std-16N-170">({l.classification.schemeEdition})</p>}
            </div>
          </div>
          {essentials.length > 0 && (
            <div>
              <h3 className="text-std-18B-160">{t('labelPage.handling')}</h3>
              <dl className="mt-2">
                {essentials.map((h) => (
                  <div key={h.topic} className="grid grid-cols-[10rem_1fr] gap-2 border-b border-black/30 py-1">
                    <dt className="text-dns-16B-130">{pick(h.label)}</dt>
                    <dd className="text-dns-16N-130">{distinctSentences(h.text.map((x) => pick(x))).join(' ')}</dd>
                  </div>
                ))}
                {l.disposal && (
                  <div className="grid grid-cols-[10rem_1fr] gap-2 py-1">
                    <dt className="text-dns-16B-130">{t('labelPage.disposal')}</dt>
                    <dd className="text-dns-16N-130">{pick(l.disposal.label)}</dd>
                  </div>
                )}
              </dl>
            </div>
          )}
          <p className="text-dns-14N-130">
            {t('labelPage.printedAt')}: {formatEraDate(l.printedAt)} ／ {t('labelPage.scan')}
          </p>
        </section>
      )}
    </div>
  );
}
