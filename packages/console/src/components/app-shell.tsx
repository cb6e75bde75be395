import type { MouseEvent, ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { navigate } from '../lib/router.ts';

interface NavItem {
  path: string;
  label: string;
}

const AGENT_NAV: NavItem[] = [{ path: '/', label: 'My session' }];
const ADMIN_NAV: NavItem[] = [
  { path: '/admin/board', label: 'Live board' },
  { path: '/admin/agents', label: 'Agents' },
  { path: '/admin/phones', label: 'Phones' },
  { path: '/admin/contacts', label: 'Contacts' },
  { path: '/admin/directory', label: 'Directory' },
  { path: '/admin/pause-codes', label: 'Pause codes' },
  { path: '/admin/audit', label: 'Audit log' },
];

interface AppShellProps {
  me: Me;
  pathname: string;
  onSignOut: () => void;
  /** The agent screens carry their own sign-out (which may end the session first). */
  showSignOut: boolean;
  children: ReactNode;
}

export function AppShell({ me, pathname, onSignOut, showSignOut, children }: AppShellProps) {
  const items = me.role === 'agent' ? AGENT_NAV : [...AGENT_NAV, ...ADMIN_NAV];
  const follow = (event: MouseEvent<HTMLAnchorElement>, path: string) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(path);
  };

  return (
    <div className="shell">
      <header className={items.length > 1 ? 'topbar topbar-with-nav' : 'topbar'}>
        <div className="topbar-inner">
          <a className="brand" href="/" onClick={(e) => follow(e, '/')}>
            <img src="/favicon.svg" alt="" width="24" height="24" />
            <span>Callgate</span>
          </a>
          <div className="topbar-user">
            <span className="user-name">{me.name}</span>
            <span className="user-role">
              {me.userId} · {me.role}
            </span>
            {showSignOut ? (
              <button type="button" className="button button-ghost button-small" onClick={onSignOut}>
                Sign out
              </button>
            ) : null}
          </div>
        </div>
        {items.length > 1 ? (
          <nav className="mainnav" aria-label="Main">
            <ul>
              {items.map((item) => (
                <li key={item.path}>
                  <a
                    href={item.path}
                    onClick={(e) => follow(e, item.path)}
                    aria-current={pathname === item.path ? 'page' : undefined}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
