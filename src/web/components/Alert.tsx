import type { ReactNode } from 'react';

export interface AlertProps {
  tone: 'info' | 'warning' | 'danger';
  title: string;
  /** The alert's body; none: the title alone. */
  children?: ReactNode;
  /** Extra classes of the body (e.g. "stack stack--small" for several paragraphs). */
  bodyClassName?: string;
}

/**
 * A KERN alert: icon and title, then the body. Not a live region itself: callers put it where it is
 * announced (role="alert" or "status") as their case needs.
 */
export function Alert({ tone, title, children, bodyClassName }: AlertProps) {
  return (
    <div className={`kern-alert kern-alert--${tone}`}>
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
        <span className="kern-title">{title}</span>
      </div>
      {children ? (
        <div className={bodyClassName ? `kern-alert__body ${bodyClassName}` : 'kern-alert__body'}>
          {children}
        </div>
      ) : null}
    </div>
  );
}
