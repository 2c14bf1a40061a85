/**
 * The app's start, loaded by main.tsx once the list has been asked for: one store over the API,
 * the event subscriptions, then React renders the app.
 */
import { createRoot } from 'react-dom/client';
import { api, firstList } from './boot.js';
import './styles.css';
import { App } from './app.js';
import { startPtyEvents } from './components/pty-events.js';
import { AppStoreContext } from './state/app-store-context.js';
import { createAppStore } from './state/store.js';

const store = createAppStore(api);
// The list asked for in main.tsx, before this code was even fetched.
void firstList.then((result) => store.getState().takeDistros(result));
// Which actions this machine offers (Windows Terminal, file dialogs): main answers at once.
void store.getState().loadSettings();

api.jobs.onUpdate((job) => store.getState().applyJobUpdate(job));
api.jobs.onLog((lines) => store.getState().appendJobLogs(lines));
api.distros.onChanged((distros) => store.getState().applyDistros(distros));
startPtyEvents(api);
// Another program (wsl.exe in a console) may have changed things while the window was away.
// Only a return counts: the first focus comes with the page load, which already asks main
// (and a wsl.exe start then would compete with the first paint for the CPU).
let wasAway = false;
window.addEventListener('blur', () => {
  wasAway = true;
});
window.addEventListener('focus', () => {
  if (!wasAway) return;
  wasAway = false;
  void store.getState().refreshDistros();
});
// Closing mid-job asks first (Electron turns this into a dialog in main).
window.addEventListener('beforeunload', (event) => {
  if (store.getState().hasRunningJob()) event.preventDefault();
});

createRoot(document.getElementById('root')!).render(
  <AppStoreContext.Provider value={{ store, api }}>
    <App />
  </AppStoreContext.Provider>,
);
