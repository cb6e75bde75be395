import type { ReactNode } from 'react';
import { Notice } from '../../components/notice.tsx';
import { useDocumentTitle } from '../../lib/use-document-title.ts';

interface AdminPageProps {
  title: string;
  description: string;
  readOnly: boolean;
  /** e.g. a "New phone" button; hidden for supervisors. */
  actions?: ReactNode;
  error?: string | null;
  children: ReactNode;
}

/** The frame of every admin screen: heading, one line of purpose, actions, errors. */
export function AdminPage({ title, description, readOnly, actions, error, children }: AdminPageProps) {
  useDocumentTitle(title);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            {description}
            {readOnly ? ' You have read-only access.' : ''}
          </p>
        </div>
        {readOnly ? null : <div className="page-actions">{actions}</div>}
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {children}
    </div>
  );
}
