// The tokens and the page's base styles come first: every feature's styles build on them.
import './theme/tokens.css';
import './theme/base.css';
import './theme/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleClient } from '../../shared/ipc/client';
import { App } from './app/App';
import { applyThemeChoice, storedThemeChoice } from './theme/themeChoice';
import { chooseTransport } from './transport/chooseTransport';

// Before the first paint, so a page set to light never flashes dark.
applyThemeChoice(storedThemeChoice(window.localStorage), document.documentElement, window.localStorage);

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
