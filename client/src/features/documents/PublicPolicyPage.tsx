import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { ApiError } from '../../lib/api';
import { Alert, Loading } from '../../components/ui';
import { usePublicPolicy } from './api';
import { eraDate } from './PoliciesPage';

/** The published basic policy in force, for anyone (outside the signed-in shell). */
export function PublicPolicyPage() {
  const { orgRef } = useParams();
  const { t, i18n } = useTranslation('documents');
  const p = usePublicPolicy(orgRef);
  return (
    <div className="min-h-screen bg-white">
      <header className="flex items-center justify-between border-b border-solid-gray-420 px-6 py-3">
        <span className="text-std-16B-170">{p.data?.organization.name ?? ''}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="mx-auto max-w-3xl px-6 py-8" lang="ja">
        {p.isLoading && <Loading />}
        {p.error && (
          <>
            <h1 className="mb-4 text-std-32B-150">{t('public.title')}</h1>
            <Alert tone="info">{p.error instanceof ApiError && p.error.status === 404 ? t('public.notFound') : p.error instanceof ApiError ? p.error.text(i18n.language) : t('public.notFound')}</Alert>
          </>
        )}
        {p.data && (
          <>
            <p className="mb-6 text-dns-14N-130 text-solid-gray-700">{t('public.note', { org: p.data.organization.name })}</p>
            {p.data.documents.map((d, i) => (
              <article key={d.template} className="mb-12">
                {i === 0 ? <h1 className="mb-2 text-std-32B-150">{d.title}</h1> : <h1 className="mb-2 text-std-28B-150">{d.title}</h1>}
                <p className="text-right text-dns-16N-130">{t('public.effective', { date: eraDate(p.data.version.effectiveFrom, 'ja') })}</p>
                {p.data.version.decisionRef && <p className="text-right text-dns-16N-130">{p.data.version.decisionRef}</p>}
                {d.articles.map((a, j) => {
                  const H = a.depth === 0 ? 'h2' : a.depth === 1 ? 'h3' : 'h4';
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: published articles are shown in order, never reordered
                    <section key={j} className="mt-6">
                      <H className={a.depth === 0 ? 'text-std-20B-150' : 'text-std-18B-160'}>
                        {a.label}　{a.heading}
                      </H>
                      {a.body.split('\n').map((line, k) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: lines of one text
                        <p key={k} className={`mt-1 text-std-16N-170 ${/^[一二三四五六七八九十]+　|^[ア-ン]　/.test(line) ? 'pl-8 -indent-4' : /^\d+　/.test(line) ? 'pl-4 -indent-4' : 'indent-4'}`}>
                          {line}
                        </p>
                      ))}
                    </section>
                  );
                })}
              </article>
            ))}
          </>
        )}
      </main>
    </div>
  );
}
