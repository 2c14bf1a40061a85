/**
 * wsl.exe's own texts, as the simulator prints them.
 *
 * Every WSL message comes from WSL's own en-US, fr-FR and de-DE Resources.resw (the resource
 * name is beside each; de-DE really ships two of them in English). Texts wsl.exe takes from
 * Windows (FormatMessage for ERROR_* and HCS codes, which end in ". " because wsl.exe strips
 * only the "\r\n") are marked "Windows"; their French and German are renderings, as Windows'
 * own message tables are not public. Only prose changes with the locale: error tokens, option
 * names and `-l -v` column headers stay, which is exactly why a driver must key on the token.
 */
import type { WslConfigWarning } from '../../common/wsl-config-file.js';

export type Locale = 'en' | 'fr' | 'de';
export type Wording = 'current' | 'old';

/** One message in every locale (`enOld`: the English of WSL builds before the wording changed). */
export type Text = { en: string; fr: string; de: string; enOld?: string };

/** Windows' own texts (FormatMessage) that wsl.exe prints in several places: one copy each. */
export const WINDOWS_TEXTS = {
  fileNotFound: {
    // Windows: ERROR_FILE_NOT_FOUND
    en: 'The system cannot find the file specified. ',
    fr: 'Le fichier spécifié est introuvable. ',
    de: 'Das System kann die angegebene Datei nicht finden. ',
  },
  pathNotFound: {
    // Windows: ERROR_PATH_NOT_FOUND
    en: 'The system cannot find the path specified. ',
    fr: 'Le chemin d’accès spécifié est introuvable. ',
    de: 'Das System kann den angegebenen Pfad nicht finden. ',
  },
  /** ERROR_ALREADY_EXISTS: MoveFileEx onto an existing file, a registration of a taken name. */
  alreadyExists: {
    en: 'Cannot create a file when that file already exists. ',
    fr: 'Impossible de créer un fichier déjà existant. ',
    de: 'Eine Datei kann nicht erstellt werden, wenn sie bereits vorhanden ist. ',
  },
} satisfies Record<string, Text>;

/** `text` with its `{}` placeholders filled in order. */
export function fillText(text: string, inserts: ReadonlyArray<string | number>): string {
  let filled = text;
  for (const insert of inserts) filled = filled.replace('{}', () => String(insert));
  return filled;
}

const MESSAGES = {
  success: {
    // Windows: ERROR_SUCCESS
    en: 'The operation completed successfully. ',
    fr: 'L’opération a réussi. ',
    de: 'Der Vorgang wurde erfolgreich beendet. ',
  },
  fileExists: {
    // Windows: ERROR_FILE_EXISTS (inserted into failedToCreateDisk)
    en: 'The file exists. ',
    fr: 'Le fichier existe. ',
    de: 'Die Datei ist vorhanden. ',
  },
  fileNotFound: WINDOWS_TEXTS.fileNotFound,
  pathNotFound: WINDOWS_TEXTS.pathNotFound,
  parameterIncorrect: {
    // Windows: E_INVALIDARG
    en: 'The parameter is incorrect. ',
    fr: 'Paramètre incorrect. ',
    de: 'Falscher Parameter. ',
  },
  versionParseError: {
    // Windows: ERROR_VERSION_PARSE_ERROR
    en: 'A version number could not be parsed. ',
    fr: 'Impossible d’analyser un numéro de version. ',
    de: 'Eine Versionsnummer konnte nicht analysiert werden. ',
  },
  invalidData: {
    // Windows: ERROR_INVALID_DATA
    en: 'The data is invalid. ',
    fr: 'Les données ne sont pas valides. ',
    de: 'Die Daten sind unzulässig. ',
  },
  ttyLimit: {
    // Windows-style text for WSL_E_TTY_LIMIT (no resource of its own)
    en: 'The maximum number of terminals has been reached.',
    fr: 'Le nombre maximal de terminaux a été atteint.',
    de: 'Die maximale Anzahl von Terminals wurde erreicht.',
  },
  featureMissing: {
    // Windows: HCS_E_SERVICE_NOT_AVAILABLE
    en: 'The operation could not be started because a required feature is not installed.',
    fr: 'Impossible de démarrer l’opération, car une fonctionnalité requise n’est pas installée.',
    de: 'Der Vorgang konnte nicht gestartet werden, da ein erforderliches Feature nicht installiert ist.',
  },
  policyDisabled: {
    // Windows: ERROR_ACCESS_DISABLED_BY_POLICY
    en: 'This program is blocked by group policy. For more information, contact your system administrator. ',
    fr: 'Ce programme est bloqué par une stratégie de groupe. Pour plus d’informations, contactez votre administrateur système. ',
    de: 'Dieses Programm wird durch eine Gruppenrichtlinie blockiert. Weitere Informationen erhalten Sie vom Systemadministrator. ',
  },
  errorCode: {
    // MessageErrorCode
    en: "{}\nError code: {}",
    fr: "{}\nCode d'erreur : {}",
    de: "{}\nFehlercode: {}",
  },
  nameExists: {
    // MessageDistroNameAlreadyExists (de-DE ships it in English)
    en: "A distribution with the supplied name already exists. Use --name to choose a different name.",
    // Before the 2026-05 wording fix ("chose" → "choose").
    enOld: 'A distribution with the supplied name already exists. Use --name to chose a different name.',
    fr: "Une distribution portant le nom fourni existe déjà. Utilisez --name pour choisir un autre nom.",
    de: "A distribution with the supplied name already exists. Use --name to choose a different name.",
  },
  invalidState: {
    // MessageInvalidState
    en: "An install, uninstall, or conversion is in progress for this distribution.",
    fr: "Une installation, une désinstallation ou une conversion est en cours pour cette distribution.\n",
    de: "Für diese Distribution wird ein Installations-, Deinstallations- oder Konvertierungsvorgang ausgeführt.\n",
  },
  invalidName: {
    // MessageInvalidInstallDistributionName
    en: "Invalid distribution name: \"{}\".",
    fr: "Nom de distribution non valide : « {} ».",
    de: "Ungültiger Distributionsname: „{}“.",
  },
  locationInUse: {
    // MessageDistroInstallPathAlreadyExists
    en: "The supplied install location is already in use.",
    fr: "L’emplacement d’installation fourni est déjà utilisé.",
    de: "Der angegebene Installationsspeicherort wird bereits verwendet.",
  },
  failedToCreateDisk: {
    // MessageFailedToCreateDisk
    en: "Failed to create disk '{}': {}",
    fr: "Nous n’avons pas pu créer le disque « {} » : {}",
    de: "Fehler beim Erstellen des Datenträgers „{}“: {}",
  },
  importFailed: {
    // MessageImportFailed
    en: "Importing the distribution failed.",
    fr: "Échec de l’importation de la distribution.",
    de: "Fehler beim Importieren der Distribution.",
  },
  exportFailed: {
    // MessageExportFailed
    en: "Exporting the distribution failed.",
    fr: "Échec de l’exportation de la distribution.",
    de: "Fehler beim Exportieren der Distribution.",
  },
  notADistro: {
    // MessageInvalidDistributionTar
    en: "The imported file is not a valid Linux distribution.",
    fr: "Le fichier importé n’est pas une distribution Linux valide.",
    de: "Die importierte Datei ist keine gültige Linux-Distribution.",
  },
  nameNeeded: {
    // MessageDistributionNameNeeded (de-DE ships it in English)
    en: "This distribution doesn't contain a default name. Use --name to choose the distribution name.",
    fr: "Cette distribution ne contient pas de nom par défaut. Utilisez --name pour choisir le nom de la distribution.",
    de: "This distribution doesn't contain a default name. Use --name to choose the distribution name.",
  },
  distroNotFound: {
    // MessageDistroNotFound
    en: "There is no distribution with the supplied name.",
    fr: "Il n’existe aucune distribution avec le nom fourni.",
    de: "Es ist keine Distribution mit dem angegebenen Namen vorhanden.",
  },
  userNotFound: {
    // MessageUserNotFound
    en: "User not found.",
    fr: "Utilisateur introuvable.",
    de: "Benutzer nicht gefunden.",
  },
  enableVirtualization: {
    // MessageEnableVirtualization
    en: "WSL2 is unable to start since virtualization is not enabled on this machine.\nPlease ensure the \"Virtual Machine Platform\" optional component is enabled and virtualization is turned on in your computer's firmware settings.\n\nEnable \"Virtual Machine Platform\" by running: wsl.exe --install --no-distribution\n\nFor information please visit https://aka.ms/enablevirtualization",
    enOld:
      'WSL2 is not supported with your current machine configuration.\n' +
      'Please enable the "Virtual Machine Platform" optional component and ensure virtualization is enabled in the BIOS.\n' +
      'Enable "Virtual Machine Platform" by running: wsl.exe --install --no-distribution\n' +
      'For information please visit https://aka.ms/enablevirtualization',
    fr: "WSL2 ne peut pas démarrer, car la virtualisation n’est pas activée sur cet ordinateur.\nVérifiez que le composant facultatif « Plateforme d’ordinateur virtuel » est activé et que la virtualisation est activée dans les paramètres du microprogramme de votre ordinateur.\n\nActiver « Plateforme d’ordinateur virtuel » en exécutant : wsl.exe --install --no-distribution\n\nPour plus d’informations, visitez https://aka.ms/enablevirtualization",
    de: "WSL2 kann nicht gestartet werden, da die Virtualisierung auf diesem Computer nicht aktiviert ist.\nStellen Sie sicher, dass die optionale Komponente „VM-Plattform“ aktiviert ist und die Virtualisierung in den Firmwareeinstellungen Ihres Computers eingeschaltet ist.\n\nAktivieren Sie „VM-Plattform“, indem Sie folgenden Befehl ausführen: wsl.exe --install --no-distribution\n\nWeitere Informationen finden Sie unter https://aka.ms/enablevirtualization",
  },
  vhdHint: {
    // MessagePassVhdFlag
    en: "This looks like a VHD file. Use --vhd to import a VHD instead of a tar.",
    fr: "Cela ressemble à un fichier VHD. Utilisez --vhd pour importer un VHD au lieu d’un tar.",
    de: "Dies sieht wie eine VHD-Datei aus. Verwenden Sie „--vhd “, um eine VHD anstelle eines „tar“ zu importieren.",
  },
  requiresFileExtensions: {
    // MessageRequiresFileExtensions
    en: "The specified file must have the {} or {} file extension.",
    fr: "Le fichier spécifié doit avoir l’extension de fichier {} ou {}.",
    de: "Die angegebene Datei muss die Dateierweiterung {} oder {} besitzen.",
  },
  requiresFileExtension: {
    // MessageRequiresFileExtension
    en: "The specified file must have the {} file extension.",
    fr: "Le fichier spécifié doit avoir l’extension de fichier {}.",
    de: "Die angegebene Datei muss die Dateierweiterung {} aufweisen.",
  },
  invalidCommandLine: {
    // MessageInvalidCommandLine
    en: "Invalid command line argument: {}\nPlease use '{} --help' to get a list of supported arguments.",
    fr: "Argument de ligne de commande non valide : {}\nUtilisez « {} --help' pour obtenir la liste des arguments pris en charge.",
    de: "Ungültiges Befehlszeilenargument: {}\nVerwenden Sie \"{}\" --help', um eine Liste der unterstützten Argumente abzurufen.",
  },
  missingArgument: {
    // MessageMissingArgument
    en: "Command line argument {} requires a value.\nPlease use '{} --help' to get a list of supported arguments.",
    fr: "L’argument de ligne de commande {} requiert une valeur.\nUtilisez « {} --help' pour obtenir la liste des arguments pris en charge.",
    de: "Für das Befehlszeilenargument „{}“ ist ein Wert erforderlich.\nBitte verwenden Sie '{} --help', um eine Liste der unterstützten Argumente abzurufen.",
  },
  requiredParameterMissing: {
    // MessageRequiredParameterMissing
    en: "Argument {} is missing a required parameter.",
    fr: "Un paramètre obligatoire est manquant dans l’argument {}.",
    de: "Im Argument {} fehlt ein erforderlicher Parameter.",
  },
  distroAlreadySet: {
    // MessageDistroAlreadySet
    en: "The distribution name has already been set.",
    fr: "Le nom de distribution a déjà été défini.",
    de: "Der Distributionsname wurde bereits festgelegt.",
  },
  invalidBooleanArgument: {
    // MessageInvalidBoolean
    en: "{} is not a valid boolean, <true|false>",
    fr: "{} n’est pas un booléen valide, <true|false>",
    de: "{} ist kein gültiger boolescher Wert, <true|false>",
  },
  invalidSize: {
    // MessageInvalidSize
    en: "Invalid size: {}",
    fr: "Taille non valide : {}",
    de: "Ungültige Größe: {}",
  },
  invalidGuid: {
    // MessageInvalidGuid
    en: "Invalid GUID format: '{}'",
    fr: "Format GUID non valide : « {} »",
    de: "Ungültiges GUID-Format: „{}“",
  },
  argumentsNotValidTogether: {
    // MessageArgumentsNotValidTogether
    en: "Arguments {} and {} can't be specified at same time.",
    fr: "Les arguments de {} et {} ne peuvent pas être spécifiés en même temps.",
    de: "Die Argumente {} und {} können nicht gleichzeitig angegeben werden.",
  },
  argumentNotValidWithout: {
    // MessageArgumentNotValidWithout
    en: "Argument {} requires the {} argument.",
    fr: "L’argument {} nécessite l’argument {}.",
    de: "Das Argument {} erfordert das {}-Argument.",
  },
  noDistros: {
    // MessageNoDefaultDistro
    en: "Windows Subsystem for Linux has no installed distributions.\nYou can resolve this by installing a distribution with the instructions below:\n\nUse 'wsl.exe --list --online' to list available distributions\nand 'wsl.exe --install <Distro>' to install.",
    fr: "Sous-système Windows pour Linux n’a aucune distribution installée.\nVous pouvez résoudre ce problème en installant une distribution avec les instructions ci-dessous :\n\nUtiliser wsl.exe --list --online' pour répertorier les distributions disponibles\net 'wsl.exe --install <Distro>' à installer.",
    de: "Windows-Subsystem für Linux verfügt über keine installierten Distributionen.\nSie können dies beheben, indem Sie eine Distribution mit den folgenden Anweisungen installieren:\n\n\"wsl.exe --list --online' zum Auflisten verfügbarer Distributionen verwenden\nund \"wsl.exe --install <Distro>\".",
  },
  noRunning: {
    // MessageNoRunningDistro
    en: "There are no running distributions.",
    fr: "Aucune distribution en cours d'exécution.",
    de: "Es werden keine Distributionen ausgeführt.",
  },
  listHeader: {
    // MessageRegisteredDistrosHeader
    en: "Windows Subsystem for Linux Distributions:",
    fr: "Distributions du Sous-système Windows pour Linux :",
    de: "Windows Subsystem für Linux-Distributionen:",
  },
  listDefault: {
    // MessagePrintDistroDefault
    en: "{} (Default)",
    fr: "{} (par défaut)",
    de: "{} (Standard)",
  },
  statusDefaultDistro: {
    // MessageStatusDefaultDistro
    en: "Default Distribution: {}",
    fr: "Distribution par défaut : {}",
    de: "Standarddistribution: {}",
  },
  statusDefaultVersion: {
    // MessageStatusDefaultVersion
    en: "Default Version: {}",
    fr: "Version par défaut : {}",
    de: "Standardversion: {}",
  },
  installing: {
    // MessageInstalling
    en: "Installing: {}",
    fr: "Installation : {}",
    de: "Wird installiert: {}",
  },
  installed: {
    // MessageDistributionInstalled
    en: "Distribution successfully installed. It can be launched via 'wsl.exe -d {}'",
    fr: "La distribution a été installée. Il peut être lancé via 'wsl.exe -d {}'",
    de: "Die Distribution wurde erfolgreich installiert. Sie kann über \"wsl.exe -d {}\" gestartet werden.",
  },
  launching: {
    // MessageLaunchingDistro
    en: "Launching {}...",
    fr: "Lancement : {}...",
    de: "{} wird gestartet...",
  },
  importProgress: {
    // MessageImportProgress
    en: "Import in progress, this may take a few minutes.",
    fr: "Importation en cours. Cette opération peut prendre quelques minutes.",
    de: "Import wird ausgeführt. Dieser Vorgang kann einige Minuten dauern.",
  },
  exportProgress: {
    // MessageExportProgress
    en: "Export in progress, this may take a few minutes.",
    fr: "Exportation en cours. Cette opération peut prendre quelques minutes.",
    de: "Export wird ausgeführt. Dieser Vorgang kann einige Minuten dauern.",
  },
  terminalProfileFailed: {
    // MessageFailedToParseTerminalProfile
    en: "Failed to parse terminal profile while registering distribution: {}",
    fr: "Échec de l’analyse du profil de terminal lors de l’inscription de la distribution : {}",
    de: "Fehler beim Analysieren des Terminalprofils beim Registrieren der Distribution: {}",
  },
  packageVersions: {
    // MessagePackageVersions
    en: "WSL version: {}\nKernel version: {}\nWSLg version: {}\nMSRDC version: {}\nDirect3D version: {}\nDXCore version: {}\nWindows version: {}",
    fr: "Version WSL : {}\nVersion du noyau : {}\nVersion WSLg : {}\nVersion MSRDC : {}\nVersion direct3D : {}\nVersion de DXCore : {}\nVersion de Windows : {}",
    de: "WSL-Version: {}\nKernelversion: {}\nWSLg-Version: {}\nMSRDC-Version: {}\nDirect3D-Version: {}\nDXCore-Version: {}\nWindows-Version: {}",
  },
  configInvalidSection: {
    // MessageConfigInvalidSection
    en: "Invalid section name in {}:{}",
    fr: "Nom de section non valide de {} : {}",
    de: "Ungültiger Abschnittsname in {}:{}",
  },
  configInvalidKey: {
    // MessageConfigInvalidKey
    en: "Invalid key name in {}:{}",
    fr: "Nom de clé de non valide de {} : {}",
    de: "Ungültiger Schlüsselname in {}:{}",
  },
  configExpected: {
    // MessageConfigExpected
    en: "Expected {} in {}:{}",
    fr: "{} de {} attendu : {}",
    de: "{} in {}:{} erwartet",
  },
  configInvalidEscape: {
    // MessageConfigInvalidEscape
    en: "Invalid escaped character: '{}' in {}:{}",
    fr: "Caractère d’échappement non valide : « {} » de {} :{}",
    de: "Ungültiges Escapezeichen: „{}“ in {}:{}",
  },
  configUnknownKey: {
    // MessageConfigUnknownKey
    en: "Unknown key '{}' in {}:{}",
    fr: "Touche inconnue « {} » de {} : {}",
    de: "Unbekannter Schlüssel „{}“ in {}:{}",
  },
  configKeyDuplicated: {
    // MessageConfigKeyDuplicated
    en: "Duplicated config key '{}' in {}:{} (Conflicting key: '{}' in {}:{})",
    fr: "Clé de configuration en double « {} » dans {} :{} (clé en conflit : « {} » dans {} :{})",
    de: "Doppelter Konfigurationsschlüssel '{}' in {}:{} (widersprüchlicher Schlüssel: '{}' in {}:{})",
  },
  configInvalidBoolean: {
    // MessageConfigInvalidBoolean
    en: "Invalid boolean value '{}' for key '{}' in {}:{}",
    fr: "Valeur booléenne « {} » non valide pour la clé « {} » dans {} :{}",
    de: "Ungültiger boolescher Wert \"{}\" für Schlüssel \"{}\" in {}:{}",
  },
  configInvalidInteger: {
    // MessageConfigInvalidInteger
    en: "Invalid integer value '{}' for key '{}' in {}:{}",
    fr: "Valeur entière « {} » non valide pour la clé « {} » dans {} :{}",
    de: "Ungültiger ganzzahliger Wert \"{}\" für Schlüssel \"{}\" in {}:{}",
  },
  configInvalidEnum: {
    // MessageConfigInvalidEnum
    en: "Invalid value '{}' for config key '{}' in {}:{} (Valid values: {})",
    fr: "Valeur « {} » non valide pour la clé de configuration « {} » dans {} :{} (Valeurs valides : {})",
    de: "Ungültiger Wert '{}' für den Konfigurationsschlüssel '{}' in {}:{} (Gültige Werte: {})",
  },
  wslOptionalComponentRequired: {
    // MessageWslOptionalComponentRequired
    en: "This application requires the Windows Subsystem for Linux Optional Component.\nInstall it by running: wsl.exe --install --no-distribution\nThe system may need to be restarted so the changes can take effect.",
    fr: "Cette application nécessite le composant facultatif Sous-système Windows pour Linux.\nInstallez-le en exécutant : wsl.exe --install --no-distribution\nLe système devra peut-être être redémarré pour que les modifications prennent effet.",
    de: "Diese Anwendung erfordert die Windows-Subsystem für Linux optionale Komponente.\nInstallieren Sie das System durch Ausführen von \": wsl.exe --install --no-distribution\nDas System muss möglicherweise neu gestartet werden, damit die Änderungen wirksam werden.",
  },
  uninstallNoArguments: {
    // MessageUninstallNoArguments
    en: "{} does not take any arguments. To unregister a distribution, use {} instead.",
    fr: "{} n’accepte aucun argument. Pour désinscrire une distribution, utilisez {} à la place.",
    de: "{} akzeptiert keine Argumente. Um die Registrierung einer Verteilung aufzuheben, verwenden Sie stattdessen \"{}\".",
  },
  vmModeConversionInfo: {
    // MessageVmModeConversionInfo
    en: "For information on key differences with WSL 2 please visit https://aka.ms/wsl2",
    fr: "Pour plus d'informations concernant les différences principales avec WSL 2, consultez https://aka.ms/wsl2\n",
    de: "Informationen zu den wichtigsten Unterschieden zu WSL 2 finden Sie unter https://aka.ms/wsl2\n",
  },
  sparseVhdDisabled: {
    // MessageSparseVhdDisabled
    en: "Sparse VHD support is currently disabled due to potential data corruption.\nTo force a distribution to use a sparse VHD, please run:\nwsl.exe --manage <DistributionName> --set-sparse true --allow-unsafe",
    fr: "La prise en charge des VHD espacés est actuellement désactivée en raison d’un risque potentiel de corruption des données.\nPour forcer une distribution à utiliser un VHD espacé, veuillez exécuter : \nwsl.exe --manage <DistributionName> --set-sparse true --allow-unsafe",
    de: "Die Unterstützung von Sparse VHD ist derzeit wegen möglicher Datenbeschädigung deaktiviert.\nUm eine Distribution zu zwingen, eine spärliche VHD zu verwenden, führen Sie bitte Folgendes aus:\nwsl.exe --manage <DistributionName> --set-sparse true --allow-unsafe",
  },
  vhdInUse: {
    // MessageVhdInUse
    en: "The operation could not be completed because the VHD is currently in use. To force WSL to stop use: wsl.exe --shutdown",
    fr: "L'opération n'a pas pu être effectuée car le VHD est actuellement utilisé. Pour forcer l'arrêt de WSL, utilisez : wsl.exe --shutdown",
    de: "Der Vorgang konnte nicht abgeschlossen werden, da die VHD zurzeit verwendet wird. So erzwingen Sie, dass WSL die Verwendung beendet: wsl.exe --shutdown",
  },
} satisfies Record<string, Text>;

export type MessageId = keyof typeof MESSAGES;

/** The text of a message in a locale, with `{}` placeholders filled in order. */
export function message(id: MessageId, locale: Locale, wording: Wording, ...inserts: Array<string | number>): string {
  const entry: Text = MESSAGES[id];
  return fillText(locale === 'en' && wording === 'old' && entry.enOld ? entry.enOld : entry[locale], inserts);
}

/** A wsl.conf / wsl-distribution.conf warning in WSL's words (without the `wsl: ` prefix). */
export function configWarningText(warning: WslConfigWarning, locale: Locale, wording: Wording): string {
  const say = (id: MessageId, ...inserts: Array<string | number>): string => message(id, locale, wording, ...inserts);
  switch (warning.id) {
    case 'configInvalidSection':
    case 'configInvalidKey':
      return say(warning.id, warning.file, warning.line);
    case 'configExpected':
      return say(warning.id, warning.expected, warning.file, warning.line);
    case 'configInvalidEscape':
      return say(warning.id, warning.character, warning.file, warning.line);
    case 'configUnknownKey':
      return say(warning.id, warning.key, warning.file, warning.line);
    case 'configKeyDuplicated':
      return say(warning.id, warning.key, warning.file, warning.line, warning.firstKey, warning.file, warning.firstLine);
    case 'configInvalidBoolean':
    case 'configInvalidInteger':
      return say(warning.id, warning.value, warning.key, warning.file, warning.line);
    case 'configInvalidEnum':
      return say(warning.id, warning.value, warning.key, warning.file, warning.line, warning.validValues);
  }
}
