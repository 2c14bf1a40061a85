/**
 * Renderer entry, kept tiny: connect to main and ask for the distro list first (boot.ts), then
 * load the app (React, Fluent, the views). Over the web host's socket the connection and the
 * list's round trip then overlap with fetching and evaluating the app's code instead of
 * following it. The app's chunk is preloaded from index.html (vite.config.ts), so it is
 * fetched in parallel with this one.
 */
import './boot.js';

void import('./start-app.js');
