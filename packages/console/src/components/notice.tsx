import type { ReactNode } from 'react';

type Tone = 'error' | 'info' | 'success' | 'warning';

interface NoticeProps {
  tone: Tone;
  children: ReactNode;
  onDismiss?: () => void;
}

/** A message box; errors are announced at once (role=alert), the rest politely (role=status). */
export function Notice({ tone, children, onDismiss }: NoticeProps) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="notice-body">{children}</div>
      {onDismiss ? (
        <button type="button" className="notice-dismiss" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      ) : null}
    </div>
  );
}
