/**
 * wsl.exe's `--help` text: WSL's `MessageWslUsage` from its en-US, fr-FR and de-DE
 * Resources.resw (localized like every other message; exit -1).
 */
import type { Locale } from './messages.js';

const USAGE_EN = `Copyright (c) Microsoft Corporation. All rights reserved.
For privacy information about this product please visit https://aka.ms/privacy.

Usage: wsl.exe [Argument] [Options...] [CommandLine]

Arguments for running Linux binaries:

    If no command line is provided, wsl.exe launches the default shell.

    --exec, -e <CommandLine>
        Execute the specified command without using the default Linux shell.

    --shell-type <standard|login|none>
        Execute the specified command with the provided shell type.

    --
        Pass the remaining command line as-is.

Options:
    --cd <Directory>
        Sets the specified directory as the current working directory.
        If ~ is used the Linux user's home path will be used. If the path begins
        with a / character, it will be interpreted as an absolute Linux path.
        Otherwise, the value must be an absolute Windows path.

    --distribution, -d <DistroName>
        Run the specified distribution.

    --distribution-id <DistroGuid>
        Run the specified distribution ID.

    --user, -u <UserName>
        Run as the specified user.

    --system
        Launches a shell for the system distribution.

Arguments for managing Windows Subsystem for Linux:

    --help
        Display usage information.

    --debug-shell
        Open a WSL2 debug shell for diagnostics purposes.

    --install [Distro] [Options...]
        Install a Windows Subsystem for Linux distribution.
        For a list of valid distributions, use 'wsl.exe --list --online'.

        Options:
            --enable-wsl1
                Enable WSL1 support.

            --fixed-vhd
                Create a fixed-size disk to store the distribution.

            --from-file <Path>
                Install a distribution from a local file.

            --legacy
                Use the legacy distribution manifest.

            --location <Location>
                Set the install path for the distribution.

            --name <Name>
                Set the name of the distribution.

            --no-distribution
                Only install the required optional components, does not install a distribution.

            --no-launch, -n
                Do not launch the distribution after install.

            --version <Version>
                Specifies the version to use for the new distribution.

            --vhd-size <MemoryString>
                Specifies the size of the disk to store the distribution.

            --web-download
                Download the distribution from the internet instead of the Microsoft Store.

    --manage <Distro> <Options...>
        Changes distro specific options.

        Options:
            --move <Location>
                Move the distribution to a new location.

            --set-sparse, -s <true|false>
                Set the VHD of distro to be sparse, allowing disk space to be automatically reclaimed.

            --set-default-user <Username>
                Set the default user of the distribution.

            --resize <MemoryString>
                Resize the disk of the distribution to the specified size.

    --mount <Disk>
        Attaches and mounts a physical or virtual disk in all WSL 2 distributions.

        Options:
            --vhd
                Specifies that <Disk> refers to a virtual hard disk.

            --bare
                Attach the disk to WSL2, but don't mount it.

            --name <Name>
                Mount the disk using a custom name for the mountpoint.

            --type <Type>
                Filesystem to use when mounting a disk, if not specified defaults to ext4.

            --options <Options>
                Additional mount options.

            --partition <Index>
                Index of the partition to mount, if not specified defaults to the whole disk.

    --set-default-version <Version>
        Changes the default install version for new distributions.

    --shutdown
        Immediately terminates all running distributions and the WSL 2
        lightweight utility virtual machine.

        Options:
            --force
                Terminate the WSL 2 virtual machine even if an operation is in progress. Can cause data loss.

    --status
        Show the status of Windows Subsystem for Linux.

    --unmount [Disk]
        Unmounts and detaches a disk from all WSL2 distributions.
        Unmounts and detaches all disks if called without argument.

    --uninstall
        Uninstalls the Windows Subsystem for Linux package from this machine.

    --update
        Update the Windows Subsystem for Linux package.

        Options:
            --pre-release
                Download a pre-release version if available.

    --version, -v
        Display version information.

Arguments for managing distributions in Windows Subsystem for Linux:

    --export <Distro> <FileName> [Options]
        Exports the distribution to a tar file.
        The filename can be - for stdout.

        Options:
            --format <Format>
                Specifies the export format. Supported values: tar, tar.gz, tar.xz, vhd.

    --import <Distro> <InstallLocation> <FileName> [Options]
        Imports the specified tar file as a new distribution.
        The filename can be - for stdin.

        Options:
            --version <Version>
                Specifies the version to use for the new distribution.

            --vhd
                Specifies that the provided file is a .vhd or .vhdx file, not a tar file.
                This operation makes a copy of the VHD file at the specified install location.

    --import-in-place <Distro> <FileName>
        Imports the specified VHD file as a new distribution.
        This virtual hard disk must be formatted with the ext4 filesystem type.

    --list, -l [Options]
        Lists distributions.

        Options:
            --all
                List all distributions, including distributions that are
                currently being installed or uninstalled.

            --running
                List only distributions that are currently running.

            --quiet, -q
                Only show distribution names.

            --verbose, -v
                Show detailed information about all distributions.

            --online, -o
                Displays a list of available distributions for install with 'wsl.exe --install'.

    --set-default, -s <Distro>
        Sets the distribution as the default.

    --set-version <Distro> <Version>
        Changes the version of the specified distribution.

    --terminate, -t <Distro>
        Terminates the specified distribution.

    --unregister <Distro>
        Unregisters the distribution and deletes the root filesystem.`;

const USAGE_FR = `Copyright (c) Microsoft Corporation. Tous droits réservés.
Pour plus d’informations sur la confidentialité de ce produit, veuillez consulter https://aka.ms/privacy.

Utilisation : wsl.exe [Argument] [Options...] [Ligne de commande]

Arguments pour l’exécution des fichiers binaires Linux :

    Si aucune ligne de commande n’est fournie, wsl.exe lance l’interpréteur de commandes par défaut.

    --exec, -e <CommandLine>
        Exécute la commande spécifiée sans utiliser l’interpréteur de commandes Linux par défaut.

    --shell-type <standard|login|none>
        Exécute la commande spécifiée avec le type d’interpréteur de commandes fourni.

    --
        Passe la ligne de commande restante « en l’état ».

Options\u00a0:
    --cd <Directory>
        Définit le répertoire spécifié comme répertoire de travail actuel.
        Si ~ est utilisé, le chemin d’accès personnel de l’utilisateur Linux est utilisé. Si le chemin commence
        par un caractère /, il est interprété en tant que chemin d’accès Linux absolu.
        Sinon, la valeur doit être un chemin Windows absolu.

    --distribution, -d <DistroName>
        Exécute la distribution spécifiée.

    --distribution-id <DistroGuid>
        Exécute l’ID de distribution spécifié.

    --user, -u <UserName>
        Exécute en tant que l’utilisateur spécifié.

    --system
        Lance un interpréteur de commandes pour la distribution du système.

Arguments pour la gestion du sous-système Windows pour Linux :

    --help
        Affiche les informations d’utilisation.

    --debug-shell
        Ouvre un interpréteur de commandes de débogage WSL2 pour le diagnostic.

    --install [Distro] [Options...]
        Installe une distribution de sous-système Windows pour Linux.
        Pour obtenir une liste des distributions valides, utilisez 'wsl.exe --list --online'.

        Options\u00a0:
            --enable-wsl1
                Active la prise en charge de WSL1.

            --fixed-vhd
                Crée un disque de taille fixe pour stocker la distribution.

            --from-file <Path>
                Installe une distribution à partir d’un fichier local.

            --legacy
                Utilise le manifeste de distribution hérité.

            --location <Location>
                Définit le chemin d’installation de la distribution.

            --name <Name>
                Définit le nom de la distribution.

            --no-distribution
                Installe uniquement les composants facultatifs requis ; n’installe pas une distribution.

            --no-launch, -n
                Ne lance pas la distribution après l’installation.

            --version <Version>
                Spécifie la version à utiliser pour la nouvelle distribution.

            --vhd-size <MemoryString>
                Spécifie la taille du disque pour stocker la distribution.

            --web-download
                Télécharge la distribution à partir d’Internet au lieu de la Microsoft\u00a0Store.

    --manage <Distro> <Options...>
        Modifie les options spécifiques à la distribution.

        Options :
            --move <Location>
                Déplace la distribution vers un nouvel emplacement.

            --set-sparse, -s <true|false>
                Définit le VHD de la distribution pour qu’il soit clairsemé. Cela permet de récupérer automatiquement de l’espace disque.

            --set-default-user <Username>
                Définit l’utilisateur par défaut de la distribution.

            --resize <MemoryString>
                Redimensionne le disque de la distribution à la taille spécifiée.

    --mount <Disk>
        Attache et monte un disque physique ou virtuel dans toutes les distributions WSL\u00a02.

        Options\u00a0:
            --vhd
                Spécifie que <Disque> fait référence à un disque dur virtuel.

            --bare
                Attache le disque à WSL2, mais ne le monte pas.

            --name <Name>
                Monte le disque à l’aide d’un nom personnalisé pour le point de montage.

            --type <Type>
                Le système de fichiers à utiliser lors du montage d’un disque, s’il n’est pas spécifié par défaut, est ext4.

            --options <Options>
                Options de montage supplémentaires.

            --partition <Index>
                L’index de la partition à monter, s’il n’est pas spécifié par défaut, correspond à l’ensemble du disque.

    --set-default-version <Version>
        Modifie la version d’installation par défaut pour les nouvelles distributions.

    --shutdown
        Arrête immédiatement toutes les distributions en cours d’exécution ainsi que WSL\u00a02
        machine virtuelle utilitaire légère.

        Options\u00a0:
            --force
                Terminez la machine virtuelle WSL 2 même si une opération est en cours. Peut entraîner une perte de données.

    --status
        Afficher l’état du Sous-système Windows pour Linux.

    --unmount [Disk]
        Démonte et détache un disque de toutes les distributions WSL2.
        Démonte et détache tous les disques s’ils sont appelés sans argument.

    --uninstall
        Désinstalle le package Sous-système Windows pour Linux de cet ordinateur.

    --update
        Mettez à jour le package Sous-système Windows pour Linux.

        Options : 
            --pre-release
                Téléchargez une version préliminaire si disponible.

    --version, -v
        Affichez les informations de version.

Arguments pour la gestion des distributions dans Sous-système Windows pour Linux\u00a0:

    --export <Distro> <FileName> [Options]
        Exporte la distribution dans un fichier tar.
        Le nom de fichier peut être - pour stdout.

        Options\u00a0:
            --format <Format>
                Spécifie le format d’exportation. Valeurs prises en charge\u00a0: tar, tar.gz, tar.xz, vhd.

    --import <Distro> <InstallLocation> <FileName> [Options]
        Importe le fichier tar spécifié en tant que nouvelle distribution.
        Le nom de fichier peut être : pour stdin.

        Options\u00a0:
            --version <Version>
                Spécifie la version à utiliser pour la nouvelle distribution.

            --vhd
                Spécifie que le fichier fourni est un fichier .vhd ou .vhdx, et non un fichier tar.
                Cette opération effectue une copie du fichier VHD à l’emplacement d’installation spécifié.

    --import-in-place <Distro> <FileName>
        Importe le fichier VHD spécifié en tant que nouvelle distribution.
        Ce disque dur virtuel doit être formaté avec le type de système de fichiers ext4.

    --list, -l [Options]
        Répertorie les distributions.

        Options\u00a0:
            --all
                Répertorier toutes les distributions, y compris les distributions qui sont
                en cours d’installation ou de désinstallation.

            --running
                Répertorie uniquement les distributions en cours d’exécution.

            --quiet, -q
                Afficher uniquement les noms de distribution.

            --verbose, -v
                Afficher des informations détaillées sur toutes les distributions.

            --online, -o
                Affiche la liste des distributions disponibles pour l’installation avec 'wsl.exe --install'.

    --set-default, -s <Distro>
        Définit la distribution comme valeur par défaut.

    --set-version <Distro> <Version>
        Modifie la version de la distribution spécifiée.

    --terminate, -t <Distro>
        Met fin à la distribution spécifiée.

    --unregister <Distro>
        Annule l’inscription de la distribution et supprime le système de fichiers racine.`;

const USAGE_DE = `Copyright (c) Microsoft Corporation. Alle Rechte vorbehalten.
Datenschutzinformationen zu diesem Produkt finden Sie unter https://aka.ms/privacy.

Syntax: wsl.exe [Argument] [Optionen...] [CommandLine]

Argumente für die Ausführung von Linux-Binärdateien:

    Wenn keine Befehlszeile angegeben ist, startet wsl.exe die Standardshell.

    --exec, -e <CommandLine>
        Den angegebenen Befehl ausführen, ohne die Linux-Standardshell zu verwenden.

    --shell-type <standard|login|none>
        Den angegebenen Befehl mit dem angegebenen Shelltyp ausführen.

    --
        Die verbleibende Befehlszeile unverändert übergeben.

Optionen:
    --cd <Directory>
        Legt das angegebene Verzeichnis als aktuelles Arbeitsverzeichnis fest.
        Wenn ~ verwendet wird, wird der Heimatpfad des Linux-Benutzers verwendet. Wenn der Pfad
        mit einem /-Zeichen beginnt, wird er als absoluter Linux-Pfad interpretiert.
        Andernfalls muss der Wert ein absoluter Windows-Pfad sein.

    --distribution, -d <DistroName>
        Die angegebene Verteilung ausführen.

    --distribution-id <DistroGuid>
        Die angegebene Verteilungs-ID ausführen.

    --user, -u <UserName>
        Als angegebener Benutzer ausführen.

    --system
        Startet eine Shell für die Systemverteilung.

Argumente für die Verwaltung des Windows-Subsystems für Linux:

    --help
        Nutzungsinformationen anzeigen.

    --debug-shell
        Eine WSL2-Debugshell zu Diagnosezwecken öffnen.

    --install [Verteilung] [Optionen...]
        Ein Windows-Subsystem für die Linux-Verteilung installieren.
        Verwenden Sie 'wsl.exe --list --online', um eine Liste gültiger Verteilungen zu erhalten.

        Optionen:
            --enable-wsl1
                WSL1-Unterstützung aktivieren.

            --fixed-vhd
                Erstellen Sie einen Datenträger mit fester Größe, um die Verteilung zu speichern.

            --from-file <Path>
                Eine Verteilung aus einer lokalen Datei installieren.

            --legacy
                Das Legacy-Verteilungsmanifest verwenden.

            --location <Location>
                Den Installationspfad für die Verteilung festlegen.

            --name <Name>
                Den Namen der Verteilung festlegen.

            --no-distribution
                Nur die erforderlichen optionalen Komponenten und keine Distribution installieren.

            --no-launch, -n
                Starten Sie die Distribution nach der Installation nicht.

            --version <Version>
                Gibt die Version an, die für die neue Distribution verwendet werden soll.

            --vhd-size <MemoryString>
                Gibt die Größe des Datenträgers an, auf dem die Verteilung gespeichert werden soll.

            --web-download
                Laden Sie die Distribution aus dem Internet und nicht aus dem Microsoft Store herunter.

    --manage <Distro> <Options...>
        Ändert distributionsspezifische Optionen.

        Optionen:
            --move <Location>
                Verschieben Sie die Distribution an einen neuen Speicherort.

            --set-sparse, -s <true|false>
                Stellen Sie die VHDX der Distribution auf „Geringe Dichte“ ein, damit Speicherplatz automatisch zurückgewonnen werden kann.

            --set-default-user <Username>
                Den Standardbenutzer der Verteilung festlegen.

            --resize <MemoryString>
                Passen Sie die Größe des Datenträgers der Distribution auf die angegebene Größe an.

    --mount <Disk>
        Fügt einen physischen oder virtuellen Datenträger an alle WSL2-Distributionen an und bindet ihn ein.

        Optionen:
            --vhd
                Gibt an, dass <Disk> auf eine virtuelle Festplatte verweist.

            --bare
                Fügen Sie den Datenträger an WSL2 an, aber binden Sie ihn nicht ein.

            --name <Name>
                Binden Sie den Datenträger unter Verwendung eines benutzerdefinierten Namens für den Einbindepunkt ein.

            --type <Type>
                Beim Einbinden eines Datenträgers zu verwendendes Dateisystem. Wenn nicht angegeben, wird standardmäßig ext4 verwendet.

            --options <Options>
                Zusätzliche Optionen zum Einbinden.

            --partition <Index>
                Der Index der einzubindenden Partition. Sofern nicht angegeben, wird standardmäßig der gesamte Datenträger verwendet.

    --set-default-version <Version>
        Ändert die Standardinstallationsversion für neue Distributionen.

    --shutdown
        Beendet sofort alle ausgeführten Distributionen und die WSL 2.
        virtueller Computer mit einfachem Hilfsprogramm.

        Optionen:
            --force
                Beenden Sie den virtuellen WSL 2-Computer, auch wenn gerade ein Vorgang ausgeführt wird. Kann zu Datenverlust führen.

    --status
        Zeigt den Status des Windows-Subsystems für Linux an.

    --unmount [Datenträger]
        Demountet und trennt einen Datenträger von allen WSL2-Distributionen.
        Demountet und trennt alle Datenträger, wenn der Aufruf ohne Argument erfolgt.

    --uninstall
        Deinstalliert das Paket „Windows-Subsystem für Linux“ von diesem Computer.

    --update
        Aktualisieren Sie das Paket „Windows-Subsystem für Linux.“

        Optionen:
            --pre-release
                Laden Sie gegebenenfalls eine Vorabversion herunter.

    --version, -v
        Versionsinformationen anzeigen.

Argumente für die Verwaltung von Distributionen in Windows-Subsystem für Linux:

    --export <Distro> <FileName> [Optionen]
        Exportiert die Distribution in eine TAR-Datei.
        Der Dateiname kann „-“ für stdout sein.

        Optionen:
            --format <Format>
                Gibt das Exportformat an. Unterstützte Werte: tar, tar.gz, tar.xz, vhd.

    --import <Distro> <InstallLocation> <FileName> [Optionen]
        Importiert die angegebene TAR-Datei als neue Distribution.
        Der Dateiname kann „-“ für stdin sein.

        Optionen:
            --version <Version>
                Gibt die Version an, die für die neue Distribution verwendet werden soll.

            --vhd
                Gibt an, dass es sich bei der bereitgestellten Datei um eine VHDX-Datei handelt, nicht um eine TAR-Datei.
                Dieser Vorgang erstellt eine Kopie der VHDX-Datei am angegebenen Installationsspeicherort.

    --import-in-place <Distro> <FileName>
        Importiert die angegebene VHDX-Datei als neue Distribution.
        Diese virtuelle Festplatte muss mit dem Dateisystemtyp EXT4 formatiert sein.

    --list, -l [Optionen]
        Listet Distributionen auf.

        Optionen:
            --all
                Listet alle Distributionen auf, einschließlich Distributionen, die
                derzeit installiert oder deinstalliert werden.

            --running
                Listet nur Distributionen auf, die derzeit ausgeführt werden.

            --quiet, -q
                Nur Distributionsnamen anzeigen.

            --verbose, -v
                Detaillierte Informationen zu allen Distributionen anzeigen.

            --online, -o
                Zeigt eine Liste der verfügbaren Distributionen für die Installation mit 'wsl.exe --install' an.

    --set-default, -s <Distro>
        Legt die Distribution als Standard fest.

    --set-version <Distro> <Version>
        Ändert die Version der angegebenen Distribution.

    --terminate, -t <Distro>
        Beendet die angegebene Distribution.

    --unregister <Distro>
        Hebt die Registrierung der Distribution auf und löscht das Stammdateisystem.`;

/** The usage text in a locale. */
export function usageText(locale: Locale): string {
  return locale === 'fr' ? USAGE_FR : locale === 'de' ? USAGE_DE : USAGE_EN;
}

/** The English text (what `UsageMessages` in UnitTests.cpp expects). */
export const USAGE_TEXT = USAGE_EN;
