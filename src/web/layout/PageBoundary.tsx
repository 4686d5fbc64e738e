import { Component, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';

/**
 * Around each page: its code and texts may still be on their way (pages load when first visited), or
 * fail to come (offline) or to render; then a message with a way to try again instead of an empty app.
 */
export function PageBoundary({ pathname, children }: { pathname: string; children: ReactNode }) {
  return (
    <PageErrorBoundary pathname={pathname}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </PageErrorBoundary>
  );
}

/** As tall as a citizen page (citizen-pages.css): the footer stays below the fold while the page comes. */
function Loading() {
  const { t } = useTranslation();
  return <p className="kern-body page-loading">{t('common.loading')}</p>;
}

function PageFailed() {
  const { t } = useTranslation();
  return (
    <div role="alert">
      <Alert tone="danger" title={t('problem.unexpected')}>
        {/* A page that failed to load stays failed until the app is loaded anew. */}
        <Button variant="secondary" onClick={() => window.location.reload()}>
          {t('common.retryNow')}
        </Button>
      </Alert>
    </div>
  );
}

interface BoundaryProps {
  /** Another page is another chance: the message goes when the address changes. */
  pathname: string;
  children: ReactNode;
}

class PageErrorBoundary extends Component<BoundaryProps, { failed: boolean; pathname: string }> {
  override state = { failed: false, pathname: this.props.pathname };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: { pathname: string }) {
    return props.pathname === state.pathname ? null : { failed: false, pathname: props.pathname };
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}
