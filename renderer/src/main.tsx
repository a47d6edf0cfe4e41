import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ClientProvider } from './app/clientContext';
import { createClient } from './client/createClient';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ClientProvider client={createClient()}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
