import { type ReactNode, StrictMode } from 'react';
import { AuthProvider } from './auth/AuthProvider';
import { AppRoutes } from './routes';
import { type InitialData, InitialDataContext } from './ssr/initial-data';

/**
 * The whole app around a router: BrowserRouter in the browser, StaticRouter on the server
 * (ssr/entry-server.tsx). One tree for both, so the server's markup is what hydration expects.
 */
export function App({
  router,
  initialData,
}: {
  /** Puts the routes into a router. */
  router: (routes: ReactNode) => ReactNode;
  initialData: InitialData | null;
}) {
  return (
    <StrictMode>
      <InitialDataContext value={initialData}>
        <AuthProvider>{router(<AppRoutes />)}</AuthProvider>
      </InitialDataContext>
    </StrictMode>
  );
}
