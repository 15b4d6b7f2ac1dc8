import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startI18n } from './i18n';

await startI18n();
createRoot(document.getElementById('root')!).render(<App />);
