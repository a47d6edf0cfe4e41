// The tokens, the base and the shared controls come first, so a feature's styles can build on them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ClientProvider } from './app/clientContext';
import { createClient } from './client/createClient';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ClientProvider client={createClient()}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
