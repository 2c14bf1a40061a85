/**
 * wsl.exe's own texts, as the simulator prints them.
 *
 * English is WSL's en-US Resources.resw (and Windows' FormatMessage texts for ERROR_* codes,
 * which end in ". " because wsl.exe strips only the "\r\n"). French is WSL's fr-FR resources
 * where they exist; German is a close rendering. Only prose changes with the locale: error
 * tokens, option names and list/`-v` column headers stay as they are, which is exactly why a
 * driver must key on the token.
 */
export type Locale = 'en' | 'fr' | 'de';
export type Wording = 'current' | 'old';

type Text = { en: string; fr: string; de: string; enOld?: string };

const MESSAGES = {
  success: {
    en: 'The operation completed successfully. ',
    fr: 'L’opération a réussi. ',
    de: 'Der Vorgang wurde erfolgreich beendet. ',
  },
  errorCodeLabel: { en: 'Error code:', fr: "Code d'erreur :", de: 'Fehlercode:' },
  nameExists: {
    en: 'A distribution with the supplied name already exists. Use --name to choose a different name.',
    // Before the 2026-05 wording fix ("chose" → "choose").
    enOld: 'A distribution with the supplied name already exists. Use --name to chose a different name.',
    fr: 'Une distribution portant le nom fourni existe déjà. Utilisez --name pour choisir un autre nom.',
    de: 'Eine Verteilung mit dem angegebenen Namen ist bereits vorhanden. Verwenden Sie --name, um einen anderen Namen auszuwählen.',
  },
  invalidState: {
    en: 'An install, uninstall, or conversion is in progress for this distribution.',
    fr: 'Une installation, une désinstallation ou une conversion est en cours pour cette distribution.',
    de: 'Für diese Verteilung wird gerade eine Installation, Deinstallation oder Konvertierung ausgeführt.',
  },
  invalidName: {
    en: 'Invalid distribution name: "{}".',
    fr: 'Nom de distribution non valide : "{}".',
    de: 'Ungültiger Verteilungsname: "{}".',
  },
  locationInUse: {
    en: 'The supplied install location is already in use.',
    fr: 'L’emplacement d’installation fourni est déjà utilisé.',
    de: 'Der angegebene Installationsort wird bereits verwendet.',
  },
  diskExists: {
    en: "Failed to create disk '{}': The file exists. ",
    fr: "Échec de la création du disque '{}' : Le fichier existe. ",
    de: "Fehler beim Erstellen des Datenträgers '{}': Die Datei ist vorhanden. ",
  },
  fileNotFound: {
    en: 'The system cannot find the file specified. ',
    fr: 'Le fichier spécifié est introuvable. ',
    de: 'Das System kann die angegebene Datei nicht finden. ',
  },
  pathNotFound: {
    en: 'The system cannot find the path specified. ',
    fr: 'Le chemin d’accès spécifié est introuvable. ',
    de: 'Das System kann den angegebenen Pfad nicht finden. ',
  },
  parameterIncorrect: {
    en: 'The parameter is incorrect. ',
    fr: 'Paramètre incorrect. ',
    de: 'Falscher Parameter. ',
  },
  importFailed: {
    en: 'Importing the distribution failed.',
    fr: 'Échec de l’importation de la distribution.',
    de: 'Fehler beim Importieren der Verteilung.',
  },
  exportFailed: {
    en: 'Exporting the distribution failed.',
    fr: 'Échec de l’exportation de la distribution.',
    de: 'Fehler beim Exportieren der Verteilung.',
  },
  notADistro: {
    en: 'The imported file is not a valid Linux distribution.',
    fr: 'Le fichier importé n’est pas une distribution Linux valide.',
    de: 'Die importierte Datei ist keine gültige Linux-Verteilung.',
  },
  nameNeeded: {
    en: "This distribution doesn't contain a default name. Use --name to choose the distribution name.",
    fr: 'Cette distribution ne contient pas de nom par défaut. Utilisez --name pour choisir le nom de la distribution.',
    de: 'Diese Verteilung enthält keinen Standardnamen. Verwenden Sie --name, um den Verteilungsnamen auszuwählen.',
  },
  distroNotFound: {
    en: 'There is no distribution with the supplied name.',
    fr: 'Il n’existe aucune distribution avec le nom fourni.',
    de: 'Es ist keine Verteilung mit dem angegebenen Namen vorhanden.',
  },
  userNotFound: { en: 'User not found.', fr: 'Utilisateur introuvable.', de: 'Benutzer nicht gefunden.' },
  ttyLimit: {
    en: 'The maximum number of terminals has been reached.',
    fr: 'Le nombre maximal de terminaux a été atteint.',
    de: 'Die maximale Anzahl von Terminals wurde erreicht.',
  },
  enableVirtualization: {
    en:
      'WSL2 is unable to start since virtualization is not enabled on this machine.\n' +
      'Please ensure the "Virtual Machine Platform" optional component is enabled and virtualization is turned on in your computer\'s firmware settings.\n\n' +
      'Enable "Virtual Machine Platform" by running: wsl.exe --install --no-distribution\n\n' +
      'For information please visit https://aka.ms/enablevirtualization',
    enOld:
      'WSL2 is not supported with your current machine configuration.\n' +
      'Please enable the "Virtual Machine Platform" optional component and ensure virtualization is enabled in the BIOS.\n' +
      'Enable "Virtual Machine Platform" by running: wsl.exe --install --no-distribution\n' +
      'For information please visit https://aka.ms/enablevirtualization',
    fr:
      'WSL2 ne peut pas démarrer, car la virtualisation n’est pas activée sur cet ordinateur.\n' +
      'Vérifiez que le composant facultatif « Plateforme d’ordinateur virtuel » est activé et que la virtualisation est activée dans les paramètres du microprogramme de votre ordinateur.\n\n' +
      'Activer « Plateforme d’ordinateur virtuel » en exécutant : wsl.exe --install --no-distribution\n\n' +
      'Pour plus d’informations, visitez https://aka.ms/enablevirtualization',
    de:
      'WSL2 kann nicht gestartet werden, da die Virtualisierung auf diesem Computer nicht aktiviert ist.\n' +
      'Stellen Sie sicher, dass die optionale Komponente „VM-Plattform“ aktiviert und die Virtualisierung in den Firmwareeinstellungen Ihres Computers eingeschaltet ist.\n\n' +
      'Aktivieren Sie „VM-Plattform“, indem Sie Folgendes ausführen: wsl.exe --install --no-distribution\n\n' +
      'Weitere Informationen finden Sie unter https://aka.ms/enablevirtualization',
  },
  featureMissing: {
    en: 'The operation could not be started because a required feature is not installed.',
    fr: 'Impossible de démarrer l’opération, car une fonctionnalité requise n’est pas installée.',
    de: 'Der Vorgang konnte nicht gestartet werden, da ein erforderliches Feature nicht installiert ist.',
  },
  policyDisabled: {
    en: 'This program is blocked by group policy. For more information, contact your system administrator. ',
    fr: 'Ce programme est bloqué par une stratégie de groupe. Pour plus d’informations, contactez votre administrateur système. ',
    de: 'Dieses Programm wird durch eine Gruppenrichtlinie blockiert. Weitere Informationen erhalten Sie vom Systemadministrator. ',
  },
  vhdHint: {
    en: 'This looks like a VHD file. Use --vhd to import a VHD instead of a tar.',
    fr: 'Ce fichier semble être un fichier VHD. Utilisez --vhd pour importer un VHD au lieu d’un fichier tar.',
    de: 'Dies scheint eine VHD-Datei zu sein. Verwenden Sie --vhd, um eine VHD anstelle einer TAR-Datei zu importieren.',
  },
  requiresVhdExtension: {
    en: 'The specified file must have the .vhd or .vhdx file extension.',
    fr: 'Le fichier spécifié doit avoir l’extension de fichier .vhd ou .vhdx.',
    de: 'Die angegebene Datei muss die Dateierweiterung .vhd oder .vhdx aufweisen.',
  },
  invalidCommandLine: {
    en: "Invalid command line argument: {}\nPlease use 'wsl.exe --help' to get a list of supported arguments.",
    fr: "Argument de ligne de commande non valide : {}\nUtilisez « wsl.exe --help' pour obtenir la liste des arguments pris en charge.",
    de: "Ungültiges Befehlszeilenargument: {}\nVerwenden Sie 'wsl.exe --help', um eine Liste der unterstützten Argumente abzurufen.",
  },
  missingArgument: {
    en: "Command line argument {} requires a value.\nPlease use 'wsl.exe --help' to get a list of supported arguments.",
    fr: "L’argument de ligne de commande {} requiert une valeur.\nUtilisez « wsl.exe --help' pour obtenir la liste des arguments pris en charge.",
    de: "Das Befehlszeilenargument {} erfordert einen Wert.\nVerwenden Sie 'wsl.exe --help', um eine Liste der unterstützten Argumente abzurufen.",
  },
  noDistros: {
    en:
      'Windows Subsystem for Linux has no installed distributions.\n' +
      'You can resolve this by installing a distribution with the instructions below:\n\n' +
      "Use 'wsl.exe --list --online' to list available distributions\n" +
      "and 'wsl.exe --install <Distro>' to install.",
    fr:
      'Sous-système Windows pour Linux n’a aucune distribution installée.\n' +
      'Vous pouvez résoudre ce problème en installant une distribution avec les instructions ci-dessous :\n\n' +
      "Utiliser wsl.exe --list --online' pour répertorier les distributions disponibles\n" +
      "et 'wsl.exe --install <Distro>' à installer.",
    de:
      'Für das Windows-Subsystem für Linux sind keine Verteilungen installiert.\n' +
      'Sie können dies beheben, indem Sie eine Verteilung mithilfe der folgenden Anweisungen installieren:\n\n' +
      "Verwenden Sie 'wsl.exe --list --online', um verfügbare Verteilungen aufzulisten,\n" +
      "und 'wsl.exe --install <Distro>' für die Installation.",
  },
  noRunning: {
    en: 'There are no running distributions.',
    fr: "Aucune distribution en cours d'exécution.",
    de: 'Es werden keine Verteilungen ausgeführt.',
  },
  listHeader: {
    en: 'Windows Subsystem for Linux Distributions:',
    fr: 'Distributions du Sous-système Windows pour Linux :',
    de: 'Verteilungen des Windows-Subsystems für Linux:',
  },
  listDefault: { en: '{} (Default)', fr: '{} (par défaut)', de: '{} (Standard)' },
  statusDefaultDistro: {
    en: 'Default Distribution: {}',
    fr: 'Distribution par défaut : {}',
    de: 'Standardverteilung: {}',
  },
  statusDefaultVersion: { en: 'Default Version: {}', fr: 'Version par défaut : {}', de: 'Standardversion: {}' },
  installing: { en: 'Installing: {}', fr: 'Installation : {}', de: 'Wird installiert: {}' },
  installed: {
    en: "Distribution successfully installed. It can be launched via 'wsl.exe -d {}'",
    fr: "Distribution installée avec succès. Elle peut être lancée via 'wsl.exe -d {}'",
    de: "Die Verteilung wurde erfolgreich installiert. Sie kann über 'wsl.exe -d {}' gestartet werden.",
  },
  launching: { en: 'Launching {}...', fr: 'Lancement : {}...', de: '{} wird gestartet...' },
  importProgress: {
    en: 'Import in progress, this may take a few minutes.',
    fr: 'Importation en cours. Cette opération peut prendre quelques minutes.',
    de: 'Der Import wird ausgeführt. Dies kann einige Minuten dauern.',
  },
  exportProgress: {
    en: 'Export in progress, this may take a few minutes.',
    fr: 'Exportation en cours. Cette opération peut prendre quelques minutes.',
    de: 'Der Export wird ausgeführt. Dies kann einige Minuten dauern.',
  },
  terminalProfileFailed: {
    en: 'Failed to parse terminal profile while registering distribution: {}',
    fr: 'Échec de l’analyse du profil de terminal lors de l’inscription de la distribution : {}',
    de: 'Fehler beim Analysieren des Terminalprofils beim Registrieren der Verteilung: {}',
  },
  invalidBoolean: {
    en: "Invalid boolean value '{}' for key '{}' in {}:{}",
    fr: "Valeur booléenne '{}' non valide pour la clé '{}' dans {}:{}",
    de: "Ungültiger boolescher Wert '{}' für Schlüssel '{}' in {}:{}",
  },
  invalidInteger: {
    en: "Invalid integer value '{}' for key '{}' in {}:{}",
    fr: "Valeur entière '{}' non valide pour la clé '{}' dans {}:{}",
    de: "Ungültiger ganzzahliger Wert '{}' für Schlüssel '{}' in {}:{}",
  },
  packageVersions: {
    en: 'WSL version: {}\nKernel version: {}\nWSLg version: {}\nMSRDC version: {}\nDirect3D version: {}\nDXCore version: {}\nWindows version: {}',
    fr: 'Version WSL : {}\nVersion du noyau : {}\nVersion WSLg : {}\nVersion MSRDC : {}\nVersion Direct3D : {}\nVersion DXCore : {}\nVersion de Windows : {}',
    de: 'WSL-Version: {}\nKernelversion: {}\nWSLg-Version: {}\nMSRDC-Version: {}\nDirect3D-Version: {}\nDXCore-Version: {}\nWindows-Version: {}',
  },
} satisfies Record<string, Text>;

export type MessageId = keyof typeof MESSAGES;

/** The text of a message in a locale, with `{}` placeholders filled in order. */
export function message(id: MessageId, locale: Locale, wording: Wording, ...inserts: Array<string | number>): string {
  const entry: Text = MESSAGES[id];
  let text = locale === 'en' && wording === 'old' && entry.enOld ? entry.enOld : entry[locale];
  for (const insert of inserts) text = text.replace('{}', String(insert));
  return text;
}
