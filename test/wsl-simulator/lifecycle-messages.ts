/**
 * wsl.exe texts used only by the lifecycle verbs (`--import-in-place`, `--manage --move`,
 * `--export --format vhd`), kept apart from messages.ts so those verbs can grow without
 * touching the shared catalogue. English is WSL's en-US Resources.resw (and Windows'
 * FormatMessage text for ERROR_ALREADY_EXISTS, ending in ". " as wsl.exe prints it); French
 * and German are WSL's fr-FR and de-DE resources.
 */
import type { SimulatorContext } from './simulator-context.js';
import { fillText, WINDOWS_TEXTS, type Text } from './messages.js';

const LIFECYCLE_MESSAGES = {
  /** MessageVhdInUse: what WSL_E_DISTRO_NOT_STOPPED prints. */
  vhdInUse: {
    en: 'The operation could not be completed because the VHD is currently in use. To force WSL to stop use: wsl.exe --shutdown',
    fr: "L'opération n'a pas pu être effectuée car le VHD est actuellement utilisé. Pour forcer l'arrêt de WSL, utilisez : wsl.exe --shutdown",
    de: 'Der Vorgang konnte nicht abgeschlossen werden, da die VHD zurzeit verwendet wird. So erzwingen Sie, dass WSL die Verwendung beendet: wsl.exe --shutdown',
  },
  /** MessageRequiresFileExtension. */
  requiresFileExtension: {
    en: 'The specified file must have the {} file extension.',
    fr: 'Le fichier spécifié doit avoir l’extension de fichier {}.',
    de: 'Die angegebene Datei muss die Dateierweiterung {} aufweisen.',
  },
  alreadyExists: WINDOWS_TEXTS.alreadyExists,
} satisfies Record<string, Text>;

export type LifecycleMessageId = keyof typeof LIFECYCLE_MESSAGES;

/** The localized text, `{}` filled in order. */
export function lifecycleText(ctx: SimulatorContext, id: LifecycleMessageId, ...inserts: string[]): string {
  return fillText(LIFECYCLE_MESSAGES[id][ctx.settings.locale], inserts);
}
