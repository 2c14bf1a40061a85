/**
 * wsl.exe's texts for the distribution catalog (`--list --online`, `--install <Name>`), from
 * WSL's en-US/fr-FR/de-DE Resources.resw, plus the Windows system texts those paths print.
 * Kept apart from messages.ts so catalog behaviour stays in its own files.
 */
import type { SimulatorContext } from './simulator-context.js';
import { fillText, WINDOWS_TEXTS, type Text } from './messages.js';

const CATALOG_MESSAGES = {
  listOnline: {
    en: "The following is a list of valid distributions that can be installed.\nInstall using 'wsl.exe {} <Distro>'.\n",
    fr: "Voici la liste des distributions valides qui peuvent être installées.\nInstallez à l’aide de 'wsl.exe {} <Distro>'.\n",
    de: 'Im Folgenden finden Sie eine Liste gültiger Distributionen, die installiert werden können.\nMit "wsl.exe {} <Distro>" installieren.\n',
  },
  overridden: {
    en: 'The distribution "{}" is provided by an override manifest.',
    fr: 'La distribution « {} » est fournie par un manifeste de remplacement.',
    de: 'Die Distribution "{}" wird durch ein Überschreibungsmanifest bereitgestellt.',
  },
  couldNotFetchList: {
    en: "Failed to fetch the distribution list from '{}'. {}",
    fr: 'Échec de la récupération de la liste de distribution à partir de « {} ». {}',
    de: "Fehler beim Abrufen der Verteilerliste von '{}'. {}",
  },
  invalidDistributionName: {
    en: "Invalid distribution name: '{}'.To get a list of valid distributions, use 'wsl.exe --list --online'.",
    fr: "Nom de distribution non valide : « {} ».Pour obtenir la liste des distributions valides, utilisez ' wsl.exe --list --online'.",
    de: 'Ungültiger Distributionsname: \'{}\'.Um eine Liste gültiger Distributionen abzurufen, verwenden Sie "wsl.exe --list --online\'.',
  },
  noInstallDefault: {
    en: 'No default distribution has been configured. Please provide a distribution to install.',
    fr: 'Aucune distribution par défaut n’a été configurée. Fournissez une distribution à installer.',
    de: 'Es wurde keine Standarddistribution konfiguriert. Geben Sie eine Zu installierende Distribution an.',
  },
  downloading: { en: 'Downloading: {}', fr: 'Téléchargement : {}', de: 'Herunterladen: {}' },
  hashMismatch: {
    en: "The distribution hash doesn't match. Expected: {}, actual hash: {}",
    fr: 'Le code de hachage de la distribution ne correspond pas. {}, code de hachage réel : {}',
    de: 'Der Distributionshash stimmt nicht überein. Erwartet: {}, tatsächlicher Hash: {}',
  },
  invalidHex: { en: 'Invalid hex string: {}', fr: 'Chaîne hexadécimal non valide : {}', de: 'Ungültige Hex-Zeichenfolge: {}' },
  // Windows system texts (FormatMessage, trailing ". " kept as wsl.exe prints them).
  alreadyExists: WINDOWS_TEXTS.alreadyExists,
  nameNotResolved: {
    en: 'The server name or address could not be resolved',
    fr: 'Le nom ou l’adresse du serveur n’a pas pu être résolu',
    de: 'Der Servername oder die Serveradresse konnte nicht verarbeitet werden.',
  },
  fileNotFound: WINDOWS_TEXTS.fileNotFound,
  pathNotFound: WINDOWS_TEXTS.pathNotFound,
  httpNotFound: { en: 'Not found (404). ', fr: 'Introuvable (404). ', de: 'Nicht gefunden (404). ' },
  httpStatus: { en: 'HTTP status {}. ', fr: 'Statut HTTP {}. ', de: 'HTTP-Status {}. ' },
  badManifest: {
    en: 'The distribution list is not a valid manifest. ',
    fr: 'La liste de distribution n’est pas un manifeste valide. ',
    de: 'Die Verteilerliste ist kein gültiges Manifest. ',
  },
} satisfies Record<string, Text>;

export type CatalogMessageId = keyof typeof CATALOG_MESSAGES;

/** The text of a catalog message in the simulator's locale, `{}` filled in order. */
export function catalogText(ctx: SimulatorContext, id: CatalogMessageId, ...inserts: Array<string | number>): string {
  return fillText(CATALOG_MESSAGES[id][ctx.settings.locale], inserts);
}
