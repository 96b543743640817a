import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createBrowserRouter } from 'react-router';
import './index.css';
import './lib/i18n';
import { EnrollPage, InvitePage, LoginPage, MfaVerifyPage, PasswordPage, SetupPage } from './app/auth-pages';
import { FiscalYearProvider } from './app/session';
import { Shell } from './app/Shell';
import { NotFoundPage } from './features/core/NotFoundPage';
import { features } from './features/registry';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/setup', element: <SetupPage /> },
  { path: '/invite', element: <InvitePage /> },
  { path: '/mfa', element: <MfaVerifyPage /> },
  { path: '/mfa/enroll', element: <EnrollPage /> },
  { path: '/password', element: <PasswordPage /> },
  ...features.flatMap((f) => f.routes.filter((r) => r.path?.startsWith('/public'))),
  {
    path: '/',
    element: <Shell />,
    children: [...features.flatMap((f) => f.routes.filter((r) => !r.path?.startsWith('/public'))), { path: '*', element: <NotFoundPage /> }],
  },
]);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <FiscalYearProvider>
          <RouterProvider router={router} />
        </FiscalYearProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
