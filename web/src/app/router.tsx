import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
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
      { path: 'indirect-resellers', ...page(() => import('../routes/resellers/IndirectResellersPage')) },
      { path: 'indirect-providers', ...page(() => import('../routes/providers/IndirectProvidersPage')) },
      { path: 'directory/providers', ...page(() => import('../routes/directory/ProviderDirectoryPage')) },
      { path: 'customers', ...page(() => import('../routes/customers/CustomersPage')) },
      { path: 'customers/new', ...page(() => import('../routes/customers/NewCustomerPage')) },
      { path: 'customers/:id', ...page(() => import('../routes/customers/CustomerPage')) },
      { path: 'customers/:id/orders/new', ...page(() => import('../routes/customers/OrderPage')) },
      { path: 'catalog', ...page(() => import('../routes/catalog/CatalogPage')) },
      { path: 'admin-grants', ...page(() => import('../routes/grants/GrantsPage')) },
      { path: 'enrollments/new', ...page(() => import('../routes/enrollments/EnrollPage')) },
      { path: 'enrollments/:id', ...page(() => import('../routes/enrollments/EnrollmentPage')) },
      { path: 'bulk-moves', ...page(() => import('../routes/bulk-moves/BulkMovesPage')) },
      { path: 'bulk-moves/:id', ...page(() => import('../routes/bulk-moves/BulkMovePage')) },
      { path: 'invoices', ...page(() => import('../routes/invoices/InvoicesPage')) },
      { path: 'invoices/:id', ...page(() => import('../routes/invoices/InvoicePage')) },
      { path: 'held-orders', ...page(() => import('../routes/credit/HeldOrdersPage')) },
      { path: 'price-books', ...page(() => import('../routes/pricing/PriceBooksPage')) },
      { path: 'price-books/groups/:id', ...page(() => import('../routes/pricing/PriceGroupPage')) },
      { path: 'price-books/:id', ...page(() => import('../routes/pricing/PriceBookPage')) },
      { path: 'services', ...page(() => import('../routes/services/ServicesPage')) },
      { path: 'partners', ...page(() => import('../routes/partners/PartnersPage')) },
      { path: 'relationship-requests/new', ...page(() => import('../routes/customers/RelationshipRequestPage')) },
      { path: 'settings', element: <Navigate to="/settings/profile" replace /> },
      { path: 'settings/program-info', ...page(() => import('../routes/settings/ProgramInfoPage')) },
      { path: 'settings/profile', ...page(() => import('../routes/settings/ProfilePage')) },
      { path: 'settings/users', ...page(() => import('../routes/settings/UsersPage')) },
      { path: 'settings/agreements', ...page(() => import('../routes/settings/AgreementsPage')) },
      { path: 'settings/api-tokens', ...page(() => import('../routes/settings/ApiTokensPage')) },
      { path: 'settings/security', ...page(() => import('../routes/settings/SecurityPage')) },
      { path: 'operator/enrollments', ...page(() => import('../routes/operator/ReviewsPage')) },
      { path: 'operator/enrollments/:id', ...page(() => import('../routes/operator/ReviewPage')) },
      { path: 'operator/partners', ...page(() => import('../routes/operator/PartnersPage')) },
      { path: 'operator/partners/:id', ...page(() => import('../routes/operator/PartnerPage')) },
      { path: 'operator/offers', ...page(() => import('../routes/operator/OffersPage')) },
      { path: 'operator/offers/new', ...page(() => import('../routes/operator/NewOfferPage')) },
      { path: 'operator/offers/:id', ...page(() => import('../routes/operator/OfferPage')) },
      { path: 'operator/invoices', ...page(() => import('../routes/invoices/InvoicesPage')) },
      { path: 'operator/invoices/:id', ...page(() => import('../routes/invoices/InvoicePage')) },
      { path: 'operator/audit', ...page(() => import('../routes/operator/AuditPage')) },
      { path: 'operator/settings', ...page(() => import('../routes/operator/SettingsPage')) },
      { path: '*', ...page(() => import('../routes/NotFoundPage')) },
    ],
  },
];

export const router = createBrowserRouter(routes);
