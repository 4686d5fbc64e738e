import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch';
import { StaffNav } from './StaffNav';
import { UserMenu } from './UserMenu';

export function Header() {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="kern-container site-header__bar">
        <Link to="/" className="site-header__brand">
          {t('app.name')}
        </Link>
        <div className="site-header__tools">
          <StaffNav />
          <UserMenu />
          <LanguageSwitch />
        </div>
      </div>
    </header>
  );
}
