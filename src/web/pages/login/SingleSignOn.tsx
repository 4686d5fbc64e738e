import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SsoRefusal, type StaffSignInOptions } from '../../../shared/identity-provider';
import { signInApi } from '../../api/sign-in';
import { FormAlert } from '../../components/FormAlert';

/**
 * How an authority's staff sign in (/login/<authority>): the identity provider's button, and whether
 * passwords are offered too; undefined while asking, null for the plain /login.
 */
export function useSignInOptions(tenantSlug: string | undefined) {
  const [options, setOptions] = useState<StaffSignInOptions | null | undefined>(
    tenantSlug ? undefined : null,
  );
  useEffect(() => {
    if (!tenantSlug) return;
    signInApi.options(tenantSlug).then(setOptions, () => setOptions(null));
  }, [tenantSlug]);
  return options;
}

/** The provider's button, and why the last attempt through it did not sign in (`?sso=` from the server). */
export function SingleSignOn({ options }: { options: StaffSignInOptions | null | undefined }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const refusal = SsoRefusal.safeParse(params.get('sso'));
  return (
    <>
      <FormAlert message={refusal.success ? t(`login.sso.${refusal.data}`) : null} />
      {options?.sso ? (
        <p>
          <a className="kern-btn kern-btn--primary" href={options.sso.startUrl}>
            <span className="kern-label">{t('login.ssoButton', { name: options.sso.displayName })}</span>
          </a>
        </p>
      ) : null}
    </>
  );
}
