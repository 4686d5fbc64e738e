import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useKnownAuth } from '../auth/context';
import { Button } from '../components/Button';

/** The signed-in name and the sign-out button; nothing when signed out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { me, signOut } = useKnownAuth();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <div className="site-header__tools">
      <span className="kern-body">{t('header.signedInAs', { name: me.displayName })}</span>
      <Button
        variant="secondary"
        small
        onClick={async () => {
          if (!(await signOut())) navigate('/login');
        }}
      >
        {t('header.signOut')}
      </Button>
    </div>
  );
}
