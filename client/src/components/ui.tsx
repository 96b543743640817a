import { type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';
import { fieldLabel } from '../lib/field-labels';

/** Shared building blocks, styled with the Digital Agency design tokens. */

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-key-900 text-white hover:bg-key-1000 border-2 border-key-900 disabled:bg-solid-gray-300 disabled:border-solid-gray-300',
  secondary: 'bg-white text-key-900 border-2 border-key-900 hover:bg-key-50 disabled:text-solid-gray-420 disabled:border-solid-gray-300',
  danger: 'bg-white text-error-2 border-2 border-error-1 hover:bg-red-50 disabled:text-solid-gray-420 disabled:border-solid-gray-300',
  ghost: 'bg-transparent text-key-900 underline underline-offset-4 hover:bg-key-50',
};

export function Button({ variant = 'primary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex min-h-11 items-center justify-center gap-2 rounded-8 px-4 py-2 text-oln-16B-100 disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
    />
  );
}

interface FieldShell {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  /**
   * The server's length limit: a visible counter, and an error while the text is longer (the
   * text is never cut silently, as the native maxLength would do on paste).
   */
  limit?: number;
}

/** Characters as the server counts them (code points), for the counter. */
function lengthOf(value: unknown): number {
  return typeof value === 'string' ? [...value.trim()].length : 0;
}

function useLimit(limit: number | undefined, value: unknown, error: string | undefined) {
  const { t } = useTranslation();
  if (!limit) return { error, counter: null };
  const n = lengthOf(value);
  const over = n > limit;
  return {
    error: over ? t('form.tooLong', { max: limit, n }) : error,
    counter: (
      <p className={`text-right text-dns-14N-130 ${over ? 'text-error-2' : 'text-solid-gray-700'}`} aria-live="polite" data-testid="char-counter">
        {t('form.counter', { n, max: limit })}
      </p>
    ),
  };
}

function FieldFrame({ id, label, hint, error, required, counter, children }: FieldShell & { id: string; counter?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-std-16B-170 text-solid-gray-900">
        {label}
        {required && <span className="ml-2 rounded-4 bg-error-2 px-1.5 py-0.5 text-dns-14B-130 text-white">{t('form.required')}</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-dns-14N-130 text-solid-gray-700">
          {hint}
        </p>
      )}
      {children}
      {counter}
      {error && (
        <p id={`${id}-error`} className="text-dns-14N-130 text-error-2" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const CONTROL =
  'min-h-12 rounded-8 border border-solid-gray-600 bg-white px-3 py-2 text-std-16N-170 text-solid-gray-900 aria-[invalid=true]:border-error-1 aria-[invalid=true]:border-2';

export function TextField({ label, hint, error: given, required, limit, className = '', ...props }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const { error, counter } = useLimit(limit, props.value, given);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required} counter={counter}>
      <input
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        className={`${CONTROL} ${className}`}
        {...props}
      />
    </FieldFrame>
  );
}

export function TextArea({ label, hint, error: given, required, limit, className = '', ...props }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const { error, counter } = useLimit(limit, props.value, given);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required} counter={counter}>
      <textarea
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        className={`${CONTROL} ${className}`}
        {...props}
      />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  required,
  options,
  className = '',
  ...props
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required}>
      <select
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        className={`${CONTROL} ${className}`}
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function Checkbox({ label, ...props }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" className="size-6 accent-key-900" {...props} />
      <label htmlFor={id} className="text-std-16N-170">
        {label}
      </label>
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4 border-b border-solid-gray-420 pb-4">
      <div>
        <h1 className="text-std-32B-150 text-solid-gray-900">{title}</h1>
        {description && <p className="mt-1 text-std-16N-170 text-solid-gray-700">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}

export function Card({ title, children, className = '' }: { title?: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={title ? id : undefined} className={`rounded-12 border border-solid-gray-420 bg-white p-5 shadow-1 ${className}`}>
      {title && (
        <h2 id={id} className="mb-3 text-std-20B-150 text-solid-gray-900">
          {title}
        </h2>
      )}
      {children}
    </section>
  );
}

/** A horizontally scrollable area that keyboard users can reach and scroll. */
export function ScrollArea({ label, children, className = '' }: { label: string; children: ReactNode; className?: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
    <section aria-label={label} tabIndex={0} className={`overflow-x-auto ${className}`}>
      {children}
    </section>
  );
}

export function Alert({ tone = 'info', title, children }: { tone?: 'info' | 'error' | 'success' | 'warning'; title?: ReactNode; children?: ReactNode }) {
  const styles = {
    info: 'border-key-900 bg-key-50',
    error: 'border-error-1 bg-red-50',
    success: 'border-green-900 bg-green-50',
    warning: 'border-yellow-900 bg-yellow-50',
  }[tone];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-8 border-l-8 p-4 ${styles}`}>
      {title && <p className="text-std-16B-170">{title}</p>}
      {children && <div className="text-std-16N-170">{children}</div>}
    </div>
  );
}

/** An ApiError (or any error) as an alert that lists field, row and column problems. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // In a form, focus moves to the first field marked invalid (or to the alert itself), so that a
  // keyboard or screen-reader user lands where the problem is.
  useEffect(() => {
    if (!error || !ref.current) return;
    const form = ref.current.closest('form');
    if (!form) return;
    const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? ref.current).focus();
  }, [error]);
  if (!error) return null;
  if (!(error instanceof ApiError)) return <Alert tone="error" title={t('error.unexpected')} />;
  return (
    <div ref={ref} tabIndex={-1} className="outline-none">
      <Alert tone="error" title={error.text(i18n.language)}>
        {error.errors.length > 0 && (
          <ul className="mt-2 list-disc pl-6">
            {error.errors.slice(0, 50).map((e) => {
              const where = [
                e.file,
                e.line !== undefined ? t('error.line', { n: e.line }) : null,
                e.row !== undefined ? t('error.row', { n: e.row }) : null,
                e.column,
                e.row === undefined && e.line === undefined ? fieldLabel(e.field, i18n.language) : null,
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <li key={`${e.field ?? ''}-${e.row ?? ''}-${e.column ?? ''}-${e.code}-${e.message.en}`}>
                  {where ? `${where}: ` : ''}
                  {i18n.language === 'en' ? e.message.en : e.message.ja}
                </li>
              );
            })}
            {error.errors.length > 50 && <li>{t('error.more', { n: error.errors.length - 50 })}</li>}
          </ul>
        )}
      </Alert>
    </div>
  );
}

export function Badge({ tone = 'gray', children }: { tone?: 'gray' | 'blue' | 'green' | 'red' | 'yellow'; children: ReactNode }) {
  const styles = {
    gray: 'bg-solid-gray-100 text-solid-gray-900',
    blue: 'bg-key-100 text-key-1100',
    green: 'bg-green-100 text-green-1100',
    red: 'bg-red-100 text-red-1100',
    yellow: 'bg-yellow-100 text-yellow-1200',
  }[tone];
  return <span className={`inline-block rounded-4 px-2 py-0.5 text-dns-14B-130 ${styles}`}>{children}</span>;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="py-8 text-std-16N-170 text-solid-gray-700">
      {t('loading')}
    </p>
  );
}

export function Table({ caption, head, children }: { caption: ReactNode; head: ReactNode[]; children: ReactNode }) {
  return (
    <ScrollArea label={typeof caption === 'string' ? caption : 'table'} className="print-table-wrap rounded-8 border border-solid-gray-420 bg-white">
      <table className="data-table w-full border-collapse text-left text-dns-16N-130">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            {head.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static header
              <th key={i} scope="col" className="border-b border-solid-gray-420 px-3 py-2 text-dns-16B-130 text-solid-gray-900">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollArea>
  );
}

export const td = 'border-b border-solid-gray-200 px-3 py-2 align-top';

export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage(p: number): void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav aria-label={t('pagination.label')} className="mt-3 flex items-center gap-3">
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pagination.prev')}
      </Button>
      <span className="text-dns-16N-130">{t('pagination.status', { page, pages, total })}</span>
      <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('pagination.next')}
      </Button>
    </nav>
  );
}

/**
 * Asks before a destructive action (abolishing, discarding, disabling): a modal <dialog> that
 * says what the action affects; Escape or 「やめる」 cancels, focus returns to the page.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
}: {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto max-w-lg rounded-12 border border-solid-gray-420 bg-white p-6 shadow-1 backdrop:bg-black/40"
    >
      {open && (
        <div className="flex flex-col gap-4">
          <h2 id={titleId} className="text-std-20B-150">
            {title}
          </h2>
          <div className="text-std-16N-170">{children}</div>
          <div className="flex flex-wrap justify-end gap-3">
            <Button variant="secondary" onClick={onCancel}>
              {t('confirm.cancel')}
            </Button>
            <Button variant="danger" onClick={onConfirm} disabled={busy}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}
