/**
 * The first thing the page runs, before React and Fluent are even evaluated: connect to main
 * and ask for the distro list, so the answer travels (over the web host's socket: a connection
 * and a round trip) while the rest of the bundle is still being evaluated.
 */
import { getApi } from './api/api.js';

export const api = getApi();
/** Main's last known list, asked for at once; the store takes it when it arrives. */
export const firstList = api.distros.list();
