import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { Footer } from './Footer';
import { Header } from './Header';
import { PageBoundary } from './PageBoundary';

/** Skip link, header, main landmark and footer around every page. */
export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const shown = useRef(pathname);

  // After client-side navigation, move focus to the new content as a full page load would.
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    main.current?.focus();
  }, [pathname]);

  return (
    <div className="app">
      <a className="skip-link kern-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1} className="site-main kern-container">
        <PageBoundary pathname={pathname}>
          <Outlet />
        </PageBoundary>
      </main>
      <Footer />
    </div>
  );
}
