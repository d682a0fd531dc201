import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, onUnauthenticated } from './api/client';
import './i18n/index';
import { App } from './App';
import { ME_KEY } from './modules/auth/auth.api';
import { isSignedOut, markSessionExpired } from './modules/auth/session';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change on retry; network hiccups and 5xx get two more tries.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

// A 401 from any call means the session ended (expiry, password change elsewhere, disabled): back to login.
onUnauthenticated(() => {
  if (queryClient.getQueryData(ME_KEY) && !isSignedOut()) {
    markSessionExpired();
  }
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  queryClient.setQueryData(ME_KEY, null);
});

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root');
}
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
