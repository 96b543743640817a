import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Card, ErrorAlert, Loading, PageHeader } from '../../components/ui';
import { get } from '../../lib/api';
import { pick } from '../../lib/i18n';
import type { Feature } from '../registry';

interface TaskItem {
  key: string;
  title: { ja: string; en: string };
  link: string;
  dueDate: string | null;
}
interface TaskList {
  today: string;
  weekEnd: string;
  counts: Record<'overdue' | 'today' | 'week' | 'later' | 'waiting', number>;
  items: Record<'overdue' | 'today' | 'week' | 'later' | 'waiting', TaskItem[]>;
}

const SECTIONS = [
  ['overdue', '期限切れ / Overdue'],
  ['today', '今日 / Today'],
  ['week', '今週 / This week'],
  ['later', 'それ以降・期限なし / Later'],
  ['waiting', '依頼して待っているもの / Waiting on others'],
] as const;

function TaskSections({ limit }: { limit: number }) {
  const q = useQuery({ queryKey: ['tasks', 'mine', limit], queryFn: () => get<TaskList>(`/api/tasks/mine?limit=${limit}`) });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const d = q.data;
  return (
    <div className="flex flex-col gap-4">
      {SECTIONS.map(([id, label]) => (
        <section key={id} aria-labelledby={`todo-${id}`}>
          <h2 id={`todo-${id}`} className="text-std-18B-160">
            {label}（{d.counts[id].toLocaleString()}）
          </h2>
          {d.items[id].length === 0 ? (
            <p className="text-solid-gray-700">ありません / None</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {d.items[id].map((t) => (
                <li key={t.key}>
                  <Link to={t.link}>{pick(t.title)}</Link>
                  {t.dueDate && <span className="ml-2 text-dns-14N-130 text-solid-gray-700">期限 {t.dueDate}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

/** やること: what the signed-in user must do, from the same rows as the digest and the notifications. */
export function TodoPage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="やること / To-do" description="期限切れ・今日・今週（5開庁日）に期限が来る作業と、依頼して待っている作業です。" />
      <TaskSections limit={100} />
    </div>
  );
}

function TodoCard() {
  return (
    <Card title="やること / To-do">
      <TaskSections limit={5} />
      <Link to="/todo">すべて見る / See all</Link>
    </Card>
  );
}

export const tasksFeature: Feature = {
  id: 'tasks',
  routes: [{ path: 'todo', element: <TodoPage /> }],
  dashboard: [{ id: 'tasks', action: 'task.read', order: 1, component: TodoCard }],
};
