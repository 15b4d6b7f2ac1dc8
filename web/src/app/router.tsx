import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from '../components/RouteError';
import { PublicLayout } from './PublicLayout';
import { Shell } from './Shell';

/** A page loaded on demand: each page's code (and its words) arrive with its first visit. */
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

/**
 * Every page by its URL. The paths Trellis puts in mail (/links/{token}, /password-setup,
 * /sign-up/confirm, /email-verification, /settings/…, /admin-grants, …) are pages here.
 */
export const routes: RouteObject[] = [
  {
    element: <PublicLayout />,
    errorElement: <RouteError />,
    children: [
      { path: 'sign-in', ...page(() => import('../routes/auth/SignInPage')) },
      { path: 'sign-up', ...page(() => import('../routes/auth/SignUpPage')) },
      { path: 'sign-up/confirm', ...page(() => import('../routes/auth/SignUpConfirmPage')) },
      { path: 'password-reset', ...page(() => import('../routes/auth/PasswordResetPage')) },
      { path: 'password-setup', ...page(() => import('../routes/auth/PasswordSetupPage')) },
      { path: 'links/:token', ...page(() => import('../routes/links/LinkPage')) },
      { path: 'mailbox', ...page(() => import('../routes/mailbox/MailboxPage')) },
    ],
  },
  {
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, ...page(() => import('../routes/overview/OverviewPage')) },
      { path: '*', ...page(() => import('../routes/NotFoundPage')) },
    ],
  },
];

export const router = createBrowserRouter(routes);
