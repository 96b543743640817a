import type { CatalogTreeNode } from '@shared/catalog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Card, ErrorAlert, Loading, PageHeader } from '../../components/ui';
import { pick } from '../../lib/i18n';
import { nodePath, useEditionParam, useTree } from './api';
import { ConfidenceBadge, EditionSelect, ObligationBadge, SearchForm } from './parts';

/** The catalog by part, chapter, section and item, for one edition. */
export function CatalogPage() {
  const { t, i18n } = useTranslation('catalog');
  const { edition, editions, setEdition } = useEditionParam();
  const tree = useTree(edition);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const meta = editions.find((e) => e.id === edition);

  const groups = tree.data?.parts.flatMap((p) => p.roots.filter((r) => r.children.length > 0).map((r) => r.id)) ?? [];
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  const entry = (n: CatalogTreeNode, depth: number) => (
    <li key={n.id} className={depth > 0 ? 'mt-1' : ''}>
      <span className="inline-flex flex-wrap items-center gap-2">
        <Link to={nodePath(edition as string, n.id)} className="text-std-16N-170">
          <span className="mr-2 font-bold">{n.number}</span>
          {i18n.language === 'en' ? n.titleEn : n.title}
        </Link>
        <ObligationBadge obligation={n.obligation} />
        <ConfidenceBadge confidence={n.confidence} />
      </span>
      {n.children.length > 0 && <ul className="ml-6 border-l border-solid-gray-200 pl-3">{n.children.map((c) => entry(c, depth + 1))}</ul>}
    </li>
  );

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Link to="/catalog/diff" className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-4 text-oln-16B-100 no-underline">
            {t('nav.diff')}
          </Link>
        }
      />
      <Card>
        <div className="grid gap-4 md:grid-cols-[minmax(0,20rem)_1fr]">
          <EditionSelect label={t('edition')} value={edition} editions={editions} onChange={setEdition} />
          <SearchForm edition={edition} />
        </div>
        {meta && (
          <p className="mt-4 text-std-16N-170 text-solid-gray-800">
            <span className="font-bold">{t('editionSummary')}: </span>
            {pick(meta.summary)}
          </p>
        )}
      </Card>
      <p className="text-dns-14N-130 text-solid-gray-700">{t('provisionalHint')}</p>
      {tree.error && <ErrorAlert error={tree.error} />}
      {tree.isLoading && <Loading />}
      {tree.data && (
        <>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => setOpen(new Set(groups))}>
              {t('expandAll')}
            </Button>
            <Button variant="secondary" onClick={() => setOpen(new Set())}>
              {t('collapseAll')}
            </Button>
          </div>
          {tree.data.parts.map((part) => (
            <section key={part.id} aria-labelledby={`part-${part.id}`} className="flex flex-col gap-3">
              <h2 id={`part-${part.id}`} className="text-std-24B-150 text-solid-gray-900">
                {pick(part.label)}
              </h2>
              {part.roots.length === 0 && <Alert tone="info">{t('diff.none')}</Alert>}
              {part.id === 'basicPolicy' ? (
                <ul className="rounded-12 border border-solid-gray-420 bg-white p-4">{part.roots.map((n) => entry(n, 0))}</ul>
              ) : (
                part.roots.map((root) => (
                  <div key={root.id} className="rounded-12 border border-solid-gray-420 bg-white p-4">
                    <h3 className="flex flex-wrap items-center gap-3 text-std-20B-150">
                      <Link to={nodePath(edition as string, root.id)}>
                        <span className="mr-2">{root.number}</span>
                        {i18n.language === 'en' ? root.titleEn : root.title}
                      </Link>
                      <ConfidenceBadge confidence={root.confidence} />
                      {root.children.length > 0 && (
                        <Button
                          variant="ghost"
                          aria-expanded={open.has(root.id)}
                          aria-controls={`children-${root.id}`}
                          onClick={() => toggle(root.id)}
                          className="ml-auto"
                        >
                          {open.has(root.id) ? t('close') : t('open', { n: countItems(root) })}
                        </Button>
                      )}
                    </h3>
                    {root.children.length > 0 && (
                      <ul id={`children-${root.id}`} hidden={!open.has(root.id)} className="mt-3">
                        {root.children.map((c) => entry(c, 0))}
                      </ul>
                    )}
                  </div>
                ))
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}

function countItems(n: CatalogTreeNode): number {
  return n.children.reduce((s, c) => s + 1 + countItems(c), 0);
}
