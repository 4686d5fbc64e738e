import { usePageTitle } from '../hooks/usePageTitle';

/** The page's h1 and intro; also sets the document title. */
export function PageHeader({ title, intro }: { title: string; intro?: string }) {
  usePageTitle(title);
  return (
    <div className="stack stack--small">
      <h1 className="kern-heading-large">{title}</h1>
      {intro ? <p className="kern-body">{intro}</p> : null}
    </div>
  );
}
