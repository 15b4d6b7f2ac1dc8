import { FluentProvider, Spinner } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { RouterProvider } from 'react-router';
import { ApiProblem } from '../api/client';
import { router } from './router';
import { ThemeChoiceProvider } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refusal is an answer, not a network hiccup: only retry what may pass next time.
      retry: (count, err) => count < 2 && !(err instanceof ApiProblem && err.status < 500),
    },
  },
});

export function App() {
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ThemeChoiceProvider>
          {(theme) => (
            <FluentProvider theme={theme} style={{ minHeight: '100vh' }}>
              <Suspense fallback={<Spinner style={{ marginTop: '20vh' }} />}>
                <RouterProvider router={router} />
              </Suspense>
            </FluentProvider>
          )}
        </ThemeChoiceProvider>
      </QueryClientProvider>
    </StrictMode>
  );
}
