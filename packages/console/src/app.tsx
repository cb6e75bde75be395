import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { errorMessage } from './api/api-error.ts';
import { currentUser, logout } from './api/endpoints.ts';
import { http } from './api/http-client.ts';
import type { Me } from './api/types.ts';
import { AppShell } from './components/app-shell.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { Notice } from './components/notice.tsx';
import { navigate, usePathname } from './lib/router.ts';
import { AgentsScreen } from './screens/admin/agents-screen.tsx';
import { AuditLogScreen } from './screens/admin/audit-log-screen.tsx';
import { ContactsScreen } from './screens/admin/contacts-screen.tsx';
import { DirectoryScreen } from './screens/admin/directory-screen.tsx';
import { LiveBoardScreen } from './screens/admin/live-board-screen.tsx';
import { PauseCodesScreen } from './screens/admin/pause-codes-screen.tsx';
import { PhonesScreen } from './screens/admin/phones-screen.tsx';
import { AgentHome } from './screens/agent-home.tsx';
import { SignInScreen } from './screens/sign-in-screen.tsx';

type Auth =
  | { status: 'loading' }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; me: Me };

/** The admin screens, by path. Supervisors see them read-only; agents are sent home. */
const ADMIN_SCREENS: Record<string, (props: { me: Me }) => ReactNode> = {
  '/admin/board': LiveBoardScreen,
  '/admin/agents': AgentsScreen,
  '/admin/phones': PhonesScreen,
  '/admin/contacts': ContactsScreen,
  '/admin/directory': DirectoryScreen,
  '/admin/pause-codes': PauseCodesScreen,
  '/admin/audit': AuditLogScreen,
};

export function App() {
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  const pathname = usePathname();

  const loadUser = useCallback(() => {
    setAuth({ status: 'loading' });
    currentUser()
      .then((signedIn) =>
        setAuth(signedIn ? { status: 'signed-in', me: signedIn.me } : { status: 'signed-out', notice: null }),
      )
      .catch((error: unknown) => setAuth({ status: 'unreachable', message: errorMessage(error) }));
  }, []);

  useEffect(() => {
    loadUser();
    http.onUnauthorized(() =>
      setAuth((current) =>
        current.status === 'signed-in'
          ? { status: 'signed-out', notice: 'You have been signed out. Sign in again to continue.' }
          : current,
      ),
    );
    return () => http.onUnauthorized(null);
  }, [loadUser]);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch {
      // Signing out locally is what matters; the server forgets the login when it expires.
    }
    setAuth({ status: 'signed-out', notice: null });
  }, []);

  if (auth.status === 'loading') {
    return (
      <div className="splash" aria-busy="true">
        <p>Loading Callgate…</p>
      </div>
    );
  }
  if (auth.status === 'unreachable') {
    return (
      <main className="auth-page">
        <div className="auth-card">
          <h1>Callgate</h1>
          <Notice tone="error">{auth.message}</Notice>
          <button type="button" className="button button-primary" onClick={loadUser}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (auth.status === 'signed-out') {
    return <SignInScreen notice={auth.notice} onSignedIn={(me) => setAuth({ status: 'signed-in', me })} />;
  }

  return (
    <SignedInApp
      me={auth.me}
      pathname={pathname}
      onSignOut={signOut}
      onSignedOut={() => setAuth({ status: 'signed-out', notice: null })}
    />
  );
}

interface SignedInAppProps {
  me: Me;
  pathname: string;
  onSignOut: () => void;
  onSignedOut: () => void;
}

function SignedInApp({ me, pathname, onSignOut, onSignedOut }: SignedInAppProps) {
  const AdminScreen = ADMIN_SCREENS[pathname];
  const mayAdminister = me.role === 'admin' || me.role === 'supervisor';
  const showAdmin = AdminScreen !== undefined && mayAdminister;

  useEffect(() => {
    if (!showAdmin && pathname !== '/') navigate('/', true);
  }, [showAdmin, pathname]);

  return (
    <AppShell me={me} pathname={showAdmin ? pathname : '/'} onSignOut={onSignOut} showSignOut={showAdmin}>
      {/* Keyed by path: a screen that failed to render is retried when the user navigates. */}
      <ErrorBoundary key={pathname}>
        {showAdmin ? <AdminScreen me={me} /> : <AgentHome me={me} onSignedOut={onSignedOut} />}
      </ErrorBoundary>
    </AppShell>
  );
}
