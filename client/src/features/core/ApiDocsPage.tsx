import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Card, ErrorAlert, Loading, PageHeader, TextField } from '../../components/ui';
import { get } from '../../lib/api';

interface Operation {
  summary: string;
  description: string;
  tags: string[];
  'x-access': string;
  parameters?: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
}

/** A readable view of /api/openapi.json: every operation with its access policy and schemas. */
export function ApiDocsPage() {
  const { t, i18n } = useTranslation();
  const doc = useQuery({ queryKey: ['openapi'], queryFn: () => get<{ info: { version: string; description: string }; paths: Record<string, Record<string, Operation>> }>('/api/openapi.json') });
  const [filter, setFilter] = useState('');
  if (doc.isLoading) return <Loading />;
  if (doc.error || !doc.data) return <ErrorAlert error={doc.error} />;
  const ops = Object.entries(doc.data.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  const shown = ops.filter((o) => !filter || `${o.path} ${o.op.summary} ${o.op.description} ${o.op.tags.join(' ')}`.toLowerCase().includes(filter.toLowerCase()));
  const tags = [...new Set(shown.flatMap((o) => o.op.tags))];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('apiDocs.title')}
        description={
          <>
            {doc.data.info.description} <a href="/api/openapi.json">openapi.json</a>（v{doc.data.info.version}）
          </>
        }
      />
      <TextField label={t('apiDocs.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
      {tags.map((tag) => (
        <Card key={tag} title={tag}>
          <ul className="flex flex-col gap-3">
            {shown
              .filter((o) => o.op.tags.includes(tag))
              .map((o) => (
                <li key={`${o.method} ${o.path}`} className="border-b border-solid-gray-200 pb-2">
                  <details>
                    <summary className="cursor-pointer">
                      <span className="mr-2 inline-block min-w-16 font-mono text-dns-14B-130">{o.method}</span>
                      <span className="font-mono">{o.path}</span> — {i18n.language === 'en' ? o.op.description : o.op.summary} <Badge tone={o.op['x-access'] === 'public' ? 'green' : 'blue'}>{o.op['x-access']}</Badge>
                    </summary>
                    {o.op.parameters && (
                      <pre className="mt-2 overflow-x-auto rounded-8 bg-solid-gray-50 p-3 text-mono-14N-150">{JSON.stringify(o.op.parameters, null, 2)}</pre>
                    )}
                    {o.op.requestBody && (
                      <pre className="mt-2 overflow-x-auto rounded-8 bg-solid-gray-50 p-3 text-mono-14N-150">{JSON.stringify(o.op.requestBody.content, null, 2)}</pre>
                    )}
                  </details>
                </li>
              ))}
          </ul>
        </Card>
      ))}
    </div>
  );
}
