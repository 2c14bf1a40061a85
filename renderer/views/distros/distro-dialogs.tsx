/** The distribution cards' dialogs, one chunk fetched after the list is painted. */
export { DefaultUserDialog } from './default-user-dialog.js';
export { ExportDialog } from './export-dialog.js';
export { UnregisterDialog } from './unregister-dialog.js';
export { UpgradeDialog } from './upgrade-dialog.js';
export { SnapshotDialog } from './snapshot-dialog.js';
