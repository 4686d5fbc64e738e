import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="kern-container">
        <nav aria-label={t('footer.navLabel')}>
          <ul className="inline-list">
            <li>
              <Link className="kern-link" to="/barrierefreiheit">
                {t('footer.accessibility')}
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
