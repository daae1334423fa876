// The tokens and the page's base styles come first: every feature's styles build on them.
import './theme/tokens.css';
import './theme/base.css';
import './theme/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleClient } from '../../shared/ipc/client';
import { App } from './app/App';
import { chooseTransport } from './transport/chooseTransport';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('The page has no #root element.');
const root = createRoot(rootElement);

const choice = chooseTransport(window);
if ('error' in choice) {
  root.render(
    <main className="startup-error" role="alert">
      <h1>FlareNet Console</h1>
      <p>{choice.error}</p>
    </main>,
  );
} else {
  root.render(
    <StrictMode>
      <App client={new ConsoleClient(choice.transport)} />
    </StrictMode>,
  );
}
