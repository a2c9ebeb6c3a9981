<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AgentsPage</name>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Add an opsdeck-agent, node_exporter or any Prometheus endpoint</source>
        <translation>Einen opsdeck-agent, node_exporter oder beliebigen Prometheus-Endpunkt hinzufügen</translation>
    </message>
    <message>
        <source>Import a Prometheus file_sd JSON file or a list of URLs, one per line</source>
        <translation>Eine Prometheus-file_sd-JSON-Datei oder eine URL-Liste (eine URL pro Zeile) importieren</translation>
    </message>
    <message>
        <source>Filter agents</source>
        <translation>Agenten filtern</translation>
    </message>
    <message>
        <source>&lt;b&gt;No agents yet&lt;/b&gt; — add one to monitor another server. Until then OpsDeck monitors this machine with its built-in collector.</source>
        <translation>&lt;b&gt;Noch keine Agenten&lt;/b&gt; — fügen Sie einen hinzu, um einen weiteren Server zu überwachen. Bis dahin überwacht OpsDeck diesen Rechner mit dem integrierten Collector.</translation>
    </message>
    <message>
        <source>Add agent</source>
        <translation>Agent hinzufügen</translation>
    </message>
    <message>
        <source>Import agents</source>
        <translation>Agenten importieren</translation>
    </message>
    <message>
        <source>Target lists (*.json *.txt *.list);;All files (*)</source>
        <translation>Ziellisten (*.json *.txt *.list);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Select an agent first (the built-in collector cannot be edited)</source>
        <translation>Wählen Sie zuerst einen Agenten aus (der integrierte Collector kann nicht bearbeitet werden)</translation>
    </message>
    <message>
        <source>Agent added; its first scrape is on the way.</source>
        <translation>Agent hinzugefügt; der erste Abruf läuft.</translation>
    </message>
    <message>
        <source>Agent updated.</source>
        <translation>Agent aktualisiert.</translation>
    </message>
    <message>
        <source>Remove agent</source>
        <translation>Agent entfernen</translation>
    </message>
    <message>
        <source>Stop monitoring %1 and remove it from the list? Its history stays in the store until retention drops it.</source>
        <translation>%1 nicht mehr überwachen und aus der Liste entfernen? Der Verlauf bleibt gespeichert, bis die Aufbewahrungsfrist abläuft.</translation>
    </message>
    <message>
        <source>Could not remove %1: %2</source>
        <translation>%1 konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 entfernt.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is too large for a target list (more than 4 MiB).</source>
        <translation>%1 ist zu groß für eine Zielliste (mehr als 4 MiB).</translation>
    </message>
    <message>
        <source>Nothing imported from %1: %2</source>
        <translation>Nichts aus %1 importiert: %2</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n target(s) from %1…</source>
        <translation>
            <numerusform>%n Ziel wird aus %1 importiert…</numerusform>
            <numerusform>%n Ziele werden aus %1 importiert…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported from %1: %n added</source>
        <translation>
            <numerusform>Aus %1 importiert: %n hinzugefügt</numerusform>
            <numerusform>Aus %1 importiert: %n hinzugefügt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n skipped:</source>
        <translation>
            <numerusform>, %n übersprungen:</numerusform>
            <numerusform>, %n übersprungen:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlertDetailPane</name>
    <message>
        <source>Timeline</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Select an alert to see its details.</source>
        <translation>Wählen Sie einen Alarm aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2.</source>
        <translation>Bestätigt von %1, %2.</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2: %3</source>
        <translation>Bestätigt von %1, %2: %3</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No notification sent for this alert yet.</source>
        <translation>Für diesen Alarm wurde noch keine Benachrichtigung gesendet.</translation>
    </message>
    <message>
        <source>The rule of this alert is not loaded, so there is no chart.</source>
        <translation>Die Regel dieses Alarms ist nicht geladen, daher gibt es kein Diagramm.</translation>
    </message>
    <message>
        <source>Loading the chart…</source>
        <translation>Diagramm wird geladen…</translation>
    </message>
    <message>
        <source>The chart&apos;s query failed: %1</source>
        <translation>Die Abfrage des Diagramms ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No data in the store for this alert&apos;s series around its time.</source>
        <translation>Für die Zeitreihe dieses Alarms sind um diesen Zeitpunkt keine Daten gespeichert.</translation>
    </message>
    <message>
        <source>Dashed line: the rule&apos;s threshold; dotted: when it fired.</source>
        <translation>Gestrichelte Linie: Schwellwert der Regel; gepunktet: Zeitpunkt der Auslösung.</translation>
    </message>
    <message>
        <source>Dotted line: when it fired.</source>
        <translation>Gepunktete Linie: Zeitpunkt der Auslösung.</translation>
    </message>
</context>
<context>
    <name>AlertInboxModel</name>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1, flapping</source>
        <translation>%1, flatternd</translation>
    </message>
    <message>
        <source>%1, silenced</source>
        <translation>%1, stummgeschaltet</translation>
    </message>
    <message>
        <source>%1 ✓</source>
        <translation>%1 ✓</translation>
    </message>
    <message>
        <source>✓ %1, %2</source>
        <translation>✓ %1, %2</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2</source>
        <translation>Bestätigt von %1, %2</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2: %3</source>
        <translation>Bestätigt von %1, %2: %3</translation>
    </message>
    <message>
        <source>Click to acknowledge this alert</source>
        <translation>Klicken, um diesen Alarm zu bestätigen</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
</context>
<context>
    <name>AlertmanagersPanel</name>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Alertmanager</source>
        <translation>Alertmanager</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>basic auth (%1)</source>
        <translation>Basic Auth (%1)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>The engine is not running: no alerts are forwarded.</source>
        <translation>Die Engine läuft nicht: es werden keine Alarme weitergeleitet.</translation>
    </message>
    <message>
        <source>No Alertmanagers: alerts are not forwarded. List them under alerting.alertmanagers in the notifications file.</source>
        <translation>Keine Alertmanager: Alarme werden nicht weitergeleitet. Tragen Sie sie unter alerting.alertmanagers in der Benachrichtigungsdatei ein.</translation>
    </message>
    <message numerus="yes">
        <source>Firing and resolved alerts are forwarded to %n Alertmanager(s).</source>
        <translation>
            <numerusform>Ausgelöste und behobene Alarme werden an %n Alertmanager weitergeleitet.</numerusform>
            <numerusform>Ausgelöste und behobene Alarme werden an %n Alertmanager weitergeleitet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>%1 wird getestet …</translation>
    </message>
    <message>
        <source>✔ %1: Alertmanager %2</source>
        <translation>✔ %1: Alertmanager %2</translation>
    </message>
    <message>
        <source>✖ %1: %2</source>
        <translation>✖ %1: %2</translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation>Unbestätigt</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>Alle Schweregrade</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Filter by name, label or text</source>
        <translation>Nach Name, Label oder Text filtern</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <source>&amp;Acknowledge selected…</source>
        <translation>Ausgewählte &amp;bestätigen…</translation>
    </message>
    <message>
        <source>Acknowledge the selected alerts, with an optional note (Ctrl+K)</source>
        <translation>Die ausgewählten Alarme bestätigen, optional mit Notiz (Strg+K)</translation>
    </message>
    <message>
        <source>&amp;Unacknowledge</source>
        <translation>Bestätigung &amp;zurücknehmen</translation>
    </message>
    <message>
        <source>&amp;Silence…</source>
        <translation>&amp;Stummschalten…</translation>
    </message>
    <message>
        <source>Silence notifications for alerts with these labels</source>
        <translation>Benachrichtigungen für Alarme mit diesen Labels stummschalten</translation>
    </message>
    <message>
        <source>Acknowledge selected</source>
        <translation>Ausgewählte bestätigen</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>Silences</source>
        <translation>Stummschaltungen</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <source>Acknowledgement removed.</source>
        <translation>Bestätigung zurückgenommen.</translation>
    </message>
    <message numerus="yes">
        <source>%n firing</source>
        <translation>
            <numerusform>%n ausgelöst</numerusform>
            <numerusform>%n ausgelöst</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ausstehend</numerusform>
            <numerusform>%n ausstehend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acknowledged</source>
        <translation>
            <numerusform>%n bestätigt</numerusform>
            <numerusform>%n bestätigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resolved</source>
        <translation>
            <numerusform>%n behoben</numerusform>
            <numerusform>%n behoben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n without data or failing</source>
        <translation>
            <numerusform>%n ohne Daten oder fehlerhaft</numerusform>
            <numerusform>%n ohne Daten oder fehlerhaft</numerusform>
        </translation>
    </message>
    <message>
        <source>No alert rules yet. Add rules or ready templates on the Rules tab, or import a Prometheus rule file.</source>
        <translation>Noch keine Alarmregeln. Fügen Sie auf dem Reiter „Regeln“ Regeln oder fertige Vorlagen hinzu, oder importieren Sie eine Prometheus-Regeldatei.</translation>
    </message>
    <message numerus="yes">
        <source>All clear: %n rule(s) evaluated as data arrives, nothing pending or firing.</source>
        <translation>
            <numerusform>Alles in Ordnung: %n Regel wird beim Eintreffen der Daten ausgewertet, nichts ist ausstehend oder ausgelöst.</numerusform>
            <numerusform>Alles in Ordnung: %n Regeln werden beim Eintreffen der Daten ausgewertet, nichts ist ausstehend oder ausgelöst.</numerusform>
        </translation>
    </message>
    <message>
        <source>No alert matches these filters.</source>
        <translation>Kein Alarm passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>Acknowledge alerts</source>
        <translation>Alarme bestätigen</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %n alert(s) as %1. They stay listed until they resolve; repeats and escalation stop.</source>
        <translation>
            <numerusform>%n Alarm als %1 bestätigen. Er bleibt aufgeführt, bis er behoben ist; Wiederholungen und Eskalation enden.</numerusform>
            <numerusform>%n Alarme als %1 bestätigen. Sie bleiben aufgeführt, bis sie behoben sind; Wiederholungen und Eskalation enden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Optional note, e.g. &quot;looking into it&quot;</source>
        <translation>Optionale Notiz, z. B. „sehe es mir an“</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Acknowledging…</source>
        <translation>Wird bestätigt…</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) acknowledged.</source>
        <translation>
            <numerusform>%n Alarm bestätigt.</numerusform>
            <numerusform>%n Alarme bestätigt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AnalyticsPanel</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Mean time to acknowledge: from firing to the first acknowledgement</source>
        <translation>Mittlere Zeit bis zur Bestätigung: von der Auslösung bis zur ersten Bestätigung</translation>
    </message>
    <message>
        <source>Mean time to resolve: from firing to resolved</source>
        <translation>Mittlere Zeit bis zur Behebung: von der Auslösung bis zur Behebung</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Flapping</source>
        <translation>Flattern</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Alerts started</source>
        <translation>Ausgelöste Alarme</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>MTTA</source>
        <translation>MTTA</translation>
    </message>
    <message>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <source>&lt;b&gt;Alerts per rule&lt;/b&gt; (noisiest first)</source>
        <translation>&lt;b&gt;Alarme pro Regel&lt;/b&gt; (häufigste zuerst)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>✗ Could not read the alert history; see the log.</source>
        <translation>✗ Der Alarmverlauf konnte nicht gelesen werden; siehe Protokoll.</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n time(s))</source>
        <translation>
            <numerusform>%1 (%n-mal)</numerusform>
            <numerusform>%1 (%n-mal)</numerusform>
        </translation>
    </message>
    <message>
        <source>No rule flapped in this period.</source>
        <translation>In diesem Zeitraum hat keine Regel geflattert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Flapping rules:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Flatternde Regeln:&lt;/b&gt; %1</translation>
    </message>
</context>
<context>
    <name>CachePage</name>
    <message>
        <source>OpsDeck cache</source>
        <translation>OpsDeck-Cache</translation>
    </message>
    <message>
        <source>Redis servers</source>
        <translation>Redis-Server</translation>
    </message>
</context>
<context>
    <name>CacheSettingsPanel</name>
    <message>
        <source>Cache the results of dashboard, rule preview and capacity queries</source>
        <translation>Ergebnisse von Dashboard-, Regelvorschau- und Kapazitätsabfragen zwischenspeichern</translation>
    </message>
    <message>
        <source>L1: in this console&apos;s memory</source>
        <translation>L1: im Speicher dieser Konsole</translation>
    </message>
    <message>
        <source>L3: in this computer&apos;s database (survives a restart)</source>
        <translation>L3: in der Datenbank dieses Computers (übersteht einen Neustart)</translation>
    </message>
    <message>
        <source>Also cache this console&apos;s own data (results older than 2 scrape intervals)</source>
        <translation>Auch die eigenen Daten dieser Konsole zwischenspeichern (Ergebnisse älter als 2 Abfrageintervalle)</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Memory budget:</source>
        <translation>Speicherbudget:</translation>
    </message>
    <message>
        <source>S3-FIFO (default: scan resistant)</source>
        <translation>S3-FIFO (Standard: robust gegen Scans)</translation>
    </message>
    <message>
        <source>W-TinyLFU (frequency-aware admission)</source>
        <translation>W-TinyLFU (Aufnahme nach Häufigkeit)</translation>
    </message>
    <message>
        <source>SIEVE</source>
        <translation>SIEVE</translation>
    </message>
    <message>
        <source>LRU</source>
        <translation>LRU</translation>
    </message>
    <message>
        <source>Eviction policy:</source>
        <translation>Verdrängungsstrategie:</translation>
    </message>
    <message>
        <source>redis://host:6379/0; empty = no L2</source>
        <translation>redis://host:6379/0; leer = kein L2</translation>
    </message>
    <message>
        <source>L2 Redis URL:</source>
        <translation>L2-Redis-URL:</translation>
    </message>
    <message>
        <source>file holding the password; empty = none or the URL&apos;s</source>
        <translation>Datei mit dem Passwort; leer = keines oder das der URL</translation>
    </message>
    <message>
        <source>Redis password file:</source>
        <translation>Redis-Passwortdatei:</translation>
    </message>
    <message>
        <source>Database budget:</source>
        <translation>Datenbankbudget:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Keep results for:</source>
        <translation>Ergebnisse aufbewahren für:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Remote servers still receive late samples for a while: results newer than this are always asked again and never cached.</source>
        <translation>Entfernte Server erhalten noch eine Weile verspätete Messwerte: Ergebnisse, die neuer sind, werden immer neu abgefragt und nie zwischengespeichert.</translation>
    </message>
    <message>
        <source>Never cache the last:</source>
        <translation>Nie zwischenspeichern, die letzten:</translation>
    </message>
    <message>
        <source>A change applies when OpsDeck starts next.</source>
        <translation>Eine Änderung gilt ab dem nächsten Start von OpsDeck.</translation>
    </message>
    <message>
        <source>The Redis URL must look like redis://[user:password@]host:port[/db]; L2 stays off until it does.</source>
        <translation>Die Redis-URL muss die Form redis://[benutzer:passwort@]host:port[/db] haben; bis dahin bleibt L2 aus.</translation>
    </message>
    <message>
        <source>Size it from the measured miss-ratio curve (the budget is the ceiling)</source>
        <translation>Anhand der gemessenen Miss-Ratio-Kurve bemessen (das Budget ist die Obergrenze)</translation>
    </message>
</context>
<context>
    <name>CapacityPage</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open the exported report with the desktop&apos;s viewer</source>
        <translation>Den exportierten Bericht mit dem Standardprogramm des Desktops öffnen</translation>
    </message>
    <message>
        <source>Reading capacity history…</source>
        <translation>Kapazitätsverlauf wird gelesen…</translation>
    </message>
    <message>
        <source>Filter by resource or item</source>
        <translation>Nach Ressource oder Objekt filtern</translation>
    </message>
    <message>
        <source>No program to open %1 was found.</source>
        <translation>Kein Programm zum Öffnen von %1 gefunden.</translation>
    </message>
    <message>
        <source>How much history the forecasts learn from</source>
        <translation>Wie viel Verlauf in die Prognosen einfließt</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>How far ahead to forecast</source>
        <translation>Wie weit im Voraus prognostiziert wird</translation>
    </message>
    <message>
        <source>What-if: multiply demand (traffic, CPU, growth) and see run-out dates and sizes</source>
        <translation>Was-wäre-wenn: Bedarf (Traffic, CPU, Wachstum) vervielfachen und Erschöpfungsdaten und Größen ansehen</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitfenster:</translation>
    </message>
    <message>
        <source>Horizon:</source>
        <translation>Horizont:</translation>
    </message>
    <message>
        <source>What-if growth:</source>
        <translation>Was-wäre-wenn-Wachstum:</translation>
    </message>
    <message>
        <source>×%1</source>
        <translation>×%1</translation>
    </message>
    <message>
        <source>No growth: demand as forecast</source>
        <translation>Kein Wachstum: Bedarf wie prognostiziert</translation>
    </message>
    <message>
        <source>Demand ×%1</source>
        <translation>Bedarf ×%1</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Read the history again and refit the forecasts</source>
        <translation>Verlauf neu lesen und Prognosen neu berechnen</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Export a capacity report for management</source>
        <translation>Einen Kapazitätsbericht für das Management exportieren</translation>
    </message>
    <message>
        <source>&amp;PDF…</source>
        <translation>&amp;PDF…</translation>
    </message>
    <message>
        <source>&amp;HTML…</source>
        <translation>&amp;HTML…</translation>
    </message>
    <message>
        <source>&amp;CSV…</source>
        <translation>&amp;CSV…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>The state database is not open, so there is no capacity history to plan from.</source>
        <translation>Die Zustandsdatenbank ist nicht geöffnet, daher gibt es keinen Kapazitätsverlauf für die Planung.</translation>
    </message>
    <message>
        <source>Reading history…</source>
        <translation>Verlauf wird gelesen…</translation>
    </message>
    <message>
        <source>Cannot read the capacity history: %1</source>
        <translation>Der Kapazitätsverlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the capacity history.</source>
        <translation>Der Kapazitätsverlauf kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Forecasting…</source>
        <translation>Prognose läuft…</translation>
    </message>
    <message>
        <source>Forecasting %1 of %2…</source>
        <translation>Prognose %1 von %2…</translation>
    </message>
    <message>
        <source>Cancelled; the table shows the previous forecasts.</source>
        <translation>Abgebrochen; die Tabelle zeigt die vorherigen Prognosen.</translation>
    </message>
    <message>
        <source>Not enough history to forecast yet (samples in the window: %1).</source>
        <translation>Noch nicht genug Verlauf für eine Prognose (Messwerte im Zeitfenster: %1).</translation>
    </message>
    <message>
        <source>Capacity history starts when OpsDeck scrapes; forecasts need at least 2 days. Import older data with `opsdeck import history FILE --metric NAME`.</source>
        <translation>Der Kapazitätsverlauf beginnt mit den Abrufen von OpsDeck; Prognosen brauchen mindestens 2 Tage. Ältere Daten importieren Sie mit `opsdeck import history FILE --metric NAME`.</translation>
    </message>
    <message>
        <source>Select a resource to see its forecast.</source>
        <translation>Wählen Sie eine Ressource aus, um ihre Prognose zu sehen.</translation>
    </message>
    <message>
        <source>Items: %1 on hosts: %2</source>
        <translation>Objekte: %1 auf Hosts: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;run out inside the lead time: %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;innerhalb der Vorlaufzeit erschöpft: %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>to order soon: %1</source>
        <translation>bald zu bestellen: %1</translation>
    </message>
    <message>
        <source>nothing runs out within the horizon</source>
        <translation>nichts läuft im Vorhersagezeitraum voll</translation>
    </message>
    <message>
        <source>history to %1 at %2 steps</source>
        <translation>Verlauf bis %1 in %2-Schritten</translation>
    </message>
    <message>
        <source>what-if demand ×%1</source>
        <translation>Was-wäre-wenn-Bedarf ×%1</translation>
    </message>
    <message>
        <source>Models: %1</source>
        <translation>Modelle: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sizing&lt;/b&gt;&lt;br&gt;Select a resource.</source>
        <translation>&lt;b&gt;Dimensionierung&lt;/b&gt;&lt;br&gt;Wählen Sie eine Ressource aus.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sizing — %1 %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Dimensionierung — %1 %2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Status: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Status: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Recommended: &lt;b&gt;%1 × %2&lt;/b&gt; for the forecast peak at the %3 ceiling, safety factor ×%4</source>
        <translation>Empfohlen: &lt;b&gt;%1 × %2&lt;/b&gt; für die prognostizierte Spitze bei der Obergrenze von %3, Sicherheitsfaktor ×%4</translation>
    </message>
    <message>
        <source>Recommended size: – (no forecast)</source>
        <translation>Empfohlene Größe: – (keine Prognose)</translation>
    </message>
    <message>
        <source>Monthly cost: %1 now, %2 at the horizon</source>
        <translation>Monatliche Kosten: jetzt %1, am Horizont %2</translation>
    </message>
    <message>
        <source>No cost per instance-hour set for %1.</source>
        <translation>Für %1 sind keine Kosten pro Instanzstunde festgelegt.</translation>
    </message>
    <message>
        <source>Latency: &lt;b&gt;%1 servers&lt;/b&gt; keep p%2 ≤ %3 (computed %4, M/M/c)</source>
        <translation>Latenz: &lt;b&gt;%1 Server&lt;/b&gt; halten p%2 ≤ %3 (berechnet %4, M/M/c)</translation>
    </message>
    <message>
        <source>Latency: the target %1 cannot be met at this service time.</source>
        <translation>Latenz: Das Ziel %1 ist bei dieser Bedienzeit nicht erreichbar.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reclaimable capacity&lt;/b&gt;</source>
        <translation>&lt;b&gt;Freisetzbare Kapazität&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1: %2 cores of %3 reclaimable (%4)</source>
        <translation>%1: %2 von %3 Kernen freisetzbar (%4)</translation>
    </message>
    <message>
        <source>, saves %1 a month</source>
        <translation>, spart %1 pro Monat</translation>
    </message>
    <message>
        <source>&lt;br&gt;No oversized hosts.</source>
        <translation>&lt;br&gt;Keine überdimensionierten Hosts.</translation>
    </message>
    <message>
        <source>Nothing to export yet: wait for the forecasts.</source>
        <translation>Noch nichts zu exportieren: Warten Sie auf die Prognosen.</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <translation>Webseiten (*.html)</translation>
    </message>
    <message>
        <source>CSV tables (*.csv)</source>
        <translation>CSV-Tabellen (*.csv)</translation>
    </message>
    <message>
        <source>Export capacity report</source>
        <translation>Kapazitätsbericht exportieren</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 wird exportiert…</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Report saved to %1.</source>
        <translation>Bericht gespeichert unter %1.</translation>
    </message>
    <message>
        <source>Capacity resources file: %1</source>
        <translation>Datei der Kapazitätsressourcen: %1</translation>
    </message>
</context>
<context>
    <name>CapacityResourceModel</name>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>+%1/d</source>
        <translation>+%1/d</translation>
    </message>
    <message>
        <source>−%1/d</source>
        <translation>−%1/d</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>p95 over the last day: %1; average %2; peak over the window %3; capacity %4</source>
        <translation>p95 am letzten Tag: %1; Mittelwert %2; Spitze im Zeitfenster %3; Kapazität %4</translation>
    </message>
    <message>
        <source>Room left below the %1 ceiling at the current p95 with demand ×%2</source>
        <translation>Reserve bis zur Obergrenze von %1 beim aktuellen p95 mit Bedarf ×%2</translation>
    </message>
    <message>
        <source>Room left below the %1 ceiling at the current p95</source>
        <translation>Reserve bis zur Obergrenze von %1 beim aktuellen p95</translation>
    </message>
    <message>
        <source>Forecast slope with the what-if growth ×%1 applied</source>
        <translation>Prognostizierte Steigung mit Was-wäre-wenn-Wachstum ×%1</translation>
    </message>
    <message>
        <source>Forecast slope</source>
        <translation>Prognostizierte Steigung</translation>
    </message>
    <message>
        <source>Until the forecast reaches the ceiling; in brackets the 95 % interval</source>
        <translation>Bis die Prognose die Obergrenze erreicht; in Klammern das 95-%-Intervall</translation>
    </message>
    <message>
        <source>Earliest plausible run-out minus the procurement lead time (%1 d)</source>
        <translation>Früheste plausible Erschöpfung abzüglich der Beschaffungsvorlaufzeit (%1 d)</translation>
    </message>
    <message>
        <source>Backtest error against a seasonal naive forecast (below 1 beats it); sMAPE %1</source>
        <translation>Backtest-Fehler relativ zu einer saisonalen naiven Prognose (unter 1 ist besser); sMAPE %1</translation>
    </message>
    <message>
        <source>Time until the forecast reaches the ceiling, with the 95 % interval</source>
        <translation>Zeit, bis die Prognose die Obergrenze erreicht, mit 95-%-Intervall</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Current p95 / capacity</source>
        <translation>Aktuell p95 / Kapazität</translation>
    </message>
    <message>
        <source>Headroom</source>
        <translation>Reserve</translation>
    </message>
    <message>
        <source>Growth per day</source>
        <translation>Wachstum pro Tag</translation>
    </message>
    <message>
        <source>Time remaining</source>
        <translation>Verbleibende Zeit</translation>
    </message>
    <message>
        <source>Run-out date</source>
        <translation>Erschöpft am</translation>
    </message>
    <message>
        <source>Order by</source>
        <translation>Bestellen bis</translation>
    </message>
    <message>
        <source>Recommended size</source>
        <translation>Empfohlene Größe</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>MASE</source>
        <translation>MASE</translation>
    </message>
</context>
<context>
    <name>CapacityVocabulary</name>
    <message>
        <source>Runs out</source>
        <translation>Läuft voll</translation>
    </message>
    <message>
        <source>Order soon</source>
        <translation>Bald bestellen</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>beyond %1 (%2–%3+ d)</source>
        <translation>über %1 (%2–%3+ d)</translation>
    </message>
    <message>
        <source>beyond %1 (%2 – %1+)</source>
        <translation>über %1 (%2 – %1+)</translation>
    </message>
    <message>
        <source>beyond %1</source>
        <translation>über %1</translation>
    </message>
    <message>
        <source>now (over the ceiling)</source>
        <translation>jetzt (über der Obergrenze)</translation>
    </message>
    <message>
        <source>%1 (%2–%3%4 d)</source>
        <translation>%1 (%2–%3%4 d)</translation>
    </message>
    <message>
        <source>%1 (%2 – %3)</source>
        <translation>%1 (%2 – %3)</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <source>Panel actions</source>
        <translation>Panel-Aktionen</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Move left</source>
        <translation>Nach links verschieben</translation>
    </message>
    <message>
        <source>Move right</source>
        <translation>Nach rechts verschieben</translation>
    </message>
    <message>
        <source>Show legend</source>
        <translation>Legende anzeigen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Noch keine Daten</translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>+%n weitere</numerusform>
            <numerusform>+%n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %n more</source>
        <translation>
            <numerusform>… %n weitere</numerusform>
            <numerusform>… %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>panel title · data source</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1
from data source %2</source>
        <translation>%1
von der Datenquelle %2</translation>
    </message>
</context>
<context>
    <name>CommandSupport</name>
    <message>
        <source>opsdeck %1: cannot open the state database: %2</source>
        <translation>opsdeck %1: die Zustandsdatenbank kann nicht geöffnet werden: %2</translation>
    </message>
</context>
<context>
    <name>CpuProfileDialog</name>
    <message>
        <source>CPU profile of %1</source>
        <translation>CPU-Profil von %1</translation>
    </message>
    <message>
        <source>Whole host</source>
        <translation>Gesamter Host</translation>
    </message>
    <message>
        <source>%1 — %2 (pid %3)</source>
        <translation>%1 — %2 (PID %3)</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profilieren</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Samples on-CPU stacks at 99 Hz. The host must allow perf_event_open; if it does not, the result says why.</source>
        <translation>Tastet On-CPU-Stacks mit 99 Hz ab. Der Host muss perf_event_open erlauben; andernfalls nennt das Ergebnis den Grund.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Add panel</source>
        <translation>Panel hinzufügen</translation>
    </message>
    <message>
        <source>Add a chart with your own query</source>
        <translation>Ein Diagramm mit eigener Abfrage hinzufügen</translation>
    </message>
    <message>
        <source>Loading the dashboard…</source>
        <translation>Dashboard wird geladen…</translation>
    </message>
    <message>
        <source>The dashboard cannot be loaded: %1</source>
        <translation>Das Dashboard kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>the dashboard is not loaded yet</source>
        <translation>das Dashboard ist noch nicht geladen</translation>
    </message>
    <message>
        <source>⚠ The change was not saved: %1</source>
        <translation>⚠ Die Änderung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>No panels on this dashboard — use “Add panel” to add one.</source>
        <translation>Keine Panels auf diesem Dashboard — fügen Sie mit „Panel hinzufügen“ eines hinzu.</translation>
    </message>
    <message>
        <source>Where this dashboard&apos;s panels get their data</source>
        <translation>Woher die Panels dieses Dashboards ihre Daten holen</translation>
    </message>
    <message>
        <source>&amp;Data source:</source>
        <translation>&amp;Datenquelle:</translation>
    </message>
    <message>
        <source>This engine</source>
        <translation>Diese Engine</translation>
    </message>
</context>
<context>
    <name>DataSourceDialog</name>
    <message>
        <source>Skip certificate verification (self-signed lab servers only)</source>
        <translation>Zertifikatsprüfung überspringen (nur für selbstsignierte Laborserver)</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Add data source</source>
        <translation>Datenquelle hinzufügen</translation>
    </message>
    <message>
        <source>Edit data source</source>
        <translation>Datenquelle bearbeiten</translation>
    </message>
    <message>
        <source>mes-prom</source>
        <translation>mes-prom</translation>
    </message>
    <message>
        <source>http://prometheus:9090 (the API&apos;s base URL)</source>
        <translation>http://prometheus:9090 (die Basis-URL der API)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>Basic auth</source>
        <translation>Basic Auth</translation>
    </message>
    <message>
        <source>system certificates</source>
        <translation>Systemzertifikate</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>POST (long expressions)</source>
        <translation>POST (lange Ausdrücke)</translation>
    </message>
    <message>
        <source>GET</source>
        <translation>GET</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Noch nicht getestet.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>&amp;Authentifizierung:</translation>
    </message>
    <message>
        <source>T&amp;oken:</source>
        <translation>T&amp;oken:</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>TLS &amp;CA file:</source>
        <translation>TLS-&amp;CA-Datei:</translation>
    </message>
    <message>
        <source>T&amp;imeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>TLS CA file</source>
        <translation>TLS-CA-Datei</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Enter a name, e.g. mes-prom: dashboards and rule groups refer to it.</source>
        <translation>Geben Sie einen Namen ein, z. B. mes-prom: Dashboards und Regelgruppen verweisen darauf.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s URL, e.g. http://prometheus:9090.</source>
        <translation>Geben Sie die URL des Servers ein, z. B. http://prometheus:9090.</translation>
    </message>
    <message>
        <source>Enter the bearer token, or choose no authentication.</source>
        <translation>Geben Sie das Bearer-Token ein oder wählen Sie keine Authentifizierung.</translation>
    </message>
    <message>
        <source>Enter the basic-auth user name, or choose no authentication.</source>
        <translation>Geben Sie den Benutzernamen für Basic Auth ein oder wählen Sie keine Authentifizierung.</translation>
    </message>
    <message>
        <source>Certificate options only apply to https:// URLs.</source>
        <translation>Zertifikatsoptionen gelten nur für https://-URLs.</translation>
    </message>
    <message>
        <source>The engine is not running.</source>
        <translation>Die Engine läuft nicht.</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>Teste %1 …</translation>
    </message>
    <message>
        <source>✔ Connected: Prometheus API, version %1</source>
        <translation>✔ Verbunden: Prometheus-API, Version %1</translation>
    </message>
    <message>
        <source>✔ Connected: Prometheus API (the server names no version)</source>
        <translation>✔ Verbunden: Prometheus-API (der Server nennt keine Version)</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Speichere…</translation>
    </message>
    <message>
        <source>✖ Not saved: %1</source>
        <translation>✖ Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>DataSourcesPanel</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>Configured in</source>
        <translation>Konfiguriert in</translation>
    </message>
    <message>
        <source>The engine is not running: data sources cannot be edited.</source>
        <translation>Die Engine läuft nicht: Datenquellen können nicht bearbeitet werden.</translation>
    </message>
    <message>
        <source>No remote data sources: dashboards and rules query this engine&apos;s own data.</source>
        <translation>Keine entfernten Datenquellen: Dashboards und Regeln fragen die eigenen Daten dieser Engine ab.</translation>
    </message>
    <message>
        <source>bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>basic auth (%1)</source>
        <translation>Basic Auth (%1)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>engine config file</source>
        <translation>Konfigurationsdatei der Engine</translation>
    </message>
    <message>
        <source>this console</source>
        <translation>diese Konsole</translation>
    </message>
    <message>
        <source>Defined in the engine&apos;s config file (data_sources:); change it there.</source>
        <translation>In der Konfigurationsdatei der Engine definiert (data_sources:); dort ändern.</translation>
    </message>
    <message>
        <source>✔ Saved data source %1.</source>
        <translation>✔ Datenquelle %1 gespeichert.</translation>
    </message>
    <message>
        <source>Remove data source</source>
        <translation>Datenquelle entfernen</translation>
    </message>
    <message>
        <source>Remove the data source &quot;%1&quot;? Dashboards and rule groups that use it show an error until they are given another one.</source>
        <translation>Datenquelle „%1“ entfernen? Dashboards und Regelgruppen, die sie verwenden, zeigen einen Fehler, bis sie eine andere erhalten.</translation>
    </message>
    <message>
        <source>Removed data source %1.</source>
        <translation>Datenquelle %1 entfernt.</translation>
    </message>
    <message>
        <source>✖ Not removed: %1</source>
        <translation>✖ Nicht entfernt: %1</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>Teste %1 …</translation>
    </message>
    <message>
        <source>✔ %1: Prometheus API, version %2</source>
        <translation>✔ %1: Prometheus-API, Version %2</translation>
    </message>
    <message>
        <source>✔ %1: Prometheus API (the server names no version)</source>
        <translation>✔ %1: Prometheus-API (der Server nennt keine Version)</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
</context>
<context>
    <name>DatabaseTargetDialog</name>
    <message>
        <source>Add database target</source>
        <translation>Datenbankziel hinzufügen</translation>
    </message>
    <message>
        <source>mes-db</source>
        <translation>mes-db</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>the user&apos;s name</source>
        <translation>Name des Benutzers</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>/etc/opsdeck/mes-db.password (optional)</source>
        <translation>/etc/opsdeck/mes-db.password (optional)</translation>
    </message>
    <message>
        <source>Password file</source>
        <translation>Passwortdatei</translation>
    </message>
    <message>
        <source>PostgreSQL targets need the pg_stat_statements extension for the top statements. Changes apply when OpsDeck starts next.</source>
        <translation>PostgreSQL-Ziele benötigen für die Top-Anweisungen die Erweiterung pg_stat_statements. Änderungen werden beim nächsten Start von OpsDeck wirksam.</translation>
    </message>
    <message>
        <source>Give the target a name.</source>
        <translation>Geben Sie dem Ziel einen Namen.</translation>
    </message>
    <message>
        <source>A target named %1 exists already.</source>
        <translation>Ein Ziel namens %1 ist bereits vorhanden.</translation>
    </message>
    <message>
        <source>The URL must start with redis:// or rediss://.</source>
        <translation>Die URL muss mit redis:// oder rediss:// beginnen.</translation>
    </message>
    <message>
        <source>Enter the host.</source>
        <translation>Geben Sie den Host ein.</translation>
    </message>
    <message>
        <source>Enter the user.</source>
        <translation>Geben Sie den Benutzer ein.</translation>
    </message>
    <message>
        <source>The password file %1 cannot be read.</source>
        <translation>Die Passwortdatei %1 kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Laden</translation>
    </message>
    <message>
        <source>YAML files (*.yml *.yaml);;All files (*)</source>
        <translation>YAML-Dateien (*.yml *.yaml);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>FlameGraphWidget</name>
    <message>
        <source>No CPU profile yet: select a component and press &quot;CPU profile…&quot;.</source>
        <translation>Noch kein CPU-Profil: Wählen Sie eine Komponente und klicken Sie auf &quot;CPU-Profil…&quot;.</translation>
    </message>
    <message numerus="yes">
        <source>%1
%n sample(s), %2 of all (%3 in the frame itself)</source>
        <translation>
            <numerusform>%1
%n Stichprobe, %2 aller (%3 im Frame selbst)</numerusform>
            <numerusform>%1
%n Stichproben, %2 aller (%3 im Frame selbst)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ForecastChart</name>
    <message>
        <source>Select a resource to see its forecast.</source>
        <translation>Wählen Sie eine Ressource aus, um ihre Prognose zu sehen.</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 — time remaining %2 · %3</source>
        <translation>%1 — verbleibende Zeit %2 · %3</translation>
    </message>
    <message>
        <source>%1 · demand ×%2 (what-if)</source>
        <translation>%1 · Bedarf ×%2 (Was-wäre-wenn)</translation>
    </message>
    <message>
        <source>No history for this item yet.</source>
        <translation>Für dieses Objekt gibt es noch keinen Verlauf.</translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation>95-%-Intervall</translation>
    </message>
    <message>
        <source>80 % interval</source>
        <translation>80-%-Intervall</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Anomaly</source>
        <translation>Anomalie</translation>
    </message>
    <message>
        <source>Ceiling</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>ceiling %1 (%2 of %3)</source>
        <translation>Obergrenze %1 (%2 von %3)</translation>
    </message>
    <message>
        <source>runs out %1</source>
        <translation>erschöpft am %1</translation>
    </message>
</context>
<context>
    <name>ForecastCommand</name>
    <message>
        <source>%1: &apos;%2&apos; is not a duration (30s, 5m, 3h, 30d, 1w)</source>
        <translation>%1: „%2“ ist keine Dauer (30s, 5m, 3h, 30d, 1w)</translation>
    </message>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 braucht einen Wert</translation>
    </message>
    <message>
        <source>--end needs a value</source>
        <translation>--end braucht einen Wert</translation>
    </message>
    <message>
        <source>--end: &apos;%1&apos; is not unix seconds or an RFC 3339 time</source>
        <translation>--end: „%1“ sind weder Unix-Sekunden noch eine Zeit nach RFC 3339</translation>
    </message>
    <message>
        <source>--data-dir needs a value</source>
        <translation>--data-dir braucht einen Wert</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>missing QUERY</source>
        <translation>QUERY fehlt</translation>
    </message>
    <message>
        <source>missing --horizon</source>
        <translation>--horizon fehlt</translation>
    </message>
    <message>
        <source>--step must be 1m or 1h (the rollup resolutions)</source>
        <translation>--step muss 1m oder 1h sein (die Auflösungen der Verdichtung)</translation>
    </message>
    <message>
        <source>--horizon must be at least one step (%1)</source>
        <translation>--horizon muss mindestens einen Schritt lang sein (%1)</translation>
    </message>
    <message>
        <source>--horizon is %1 steps of %2; use --step 1h or a shorter horizon</source>
        <translation>--horizon sind %1 Schritte zu %2; --step 1h oder einen kürzeren Horizont verwenden</translation>
    </message>
    <message>
        <source>no capacity history between %1 and %2; import some with `opsdeck import history`</source>
        <translation>kein Kapazitätsverlauf zwischen %1 und %2; mit `opsdeck import history` importieren</translation>
    </message>
    <message>
        <source>the query returned no series between %1 and %2 (%3 series of history loaded)</source>
        <translation>die Abfrage ergab keine Reihe zwischen %1 und %2 (%3 Reihen Verlauf geladen)</translation>
    </message>
    <message>
        <source>%1 points of history; a forecast needs at least 8</source>
        <translation>%1 Punkte Verlauf; eine Prognose braucht mindestens 8</translation>
    </message>
    <message>
        <source>no forecast: %1</source>
        <translation>keine Prognose: %1</translation>
    </message>
    <message>
        <source>%1 steps (%2 h)</source>
        <translation>%1 Schritte (%2 h)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>model: %1   season: %2   MASE: %3   sMAPE: %4 %   history: %5 points</source>
        <translation>Modell: %1   Saison: %2   MASE: %3   sMAPE: %4 %   Verlauf: %5 Punkte</translation>
    </message>
    <message>
        <source>TIME (UTC)</source>
        <translation>ZEIT (UTC)</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>WERT</translation>
    </message>
    <message>
        <source>LOWER95</source>
        <translation>UNTEN95</translation>
    </message>
    <message>
        <source>LOWER80</source>
        <translation>UNTEN80</translation>
    </message>
    <message>
        <source>UPPER80</source>
        <translation>OBEN80</translation>
    </message>
    <message>
        <source>UPPER95</source>
        <translation>OBEN95</translation>
    </message>
</context>
<context>
    <name>HeadlessCommand</name>
    <message>
        <source>opsdeck --headless: web API listening on %1</source>
        <translation>opsdeck --headless: Web-API lauscht auf %1</translation>
    </message>
</context>
<context>
    <name>ImportCommand</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 braucht einen Wert</translation>
    </message>
    <message>
        <source>--label needs name=value with a label name like &quot;host&quot;, not &quot;%1&quot;</source>
        <translation>--label braucht name=value mit einem Label-Namen wie &quot;host&quot;, nicht „%1“</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>no file given</source>
        <translation>keine Datei angegeben</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a metric name</source>
        <translation>„%1“ ist kein Metrikname</translation>
    </message>
    <message>
        <source>%1:%2: %3 (column %4)</source>
        <translation>%1:%2: %3 (Spalte %4)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>opsdeck import: %1: %2</source>
        <translation>opsdeck import: %1: %2</translation>
    </message>
    <message>
        <source>a CSV file needs --metric NAME</source>
        <translation>eine CSV-Datei braucht --metric NAME</translation>
    </message>
    <message>
        <source>%1: no samples with a value</source>
        <translation>%1: keine Messwerte mit Wert</translation>
    </message>
    <message>
        <source>%1: no samples of metric &quot;%2&quot;</source>
        <translation>%1: keine Messwerte der Metrik „%2“</translation>
    </message>
    <message>
        <source>imported %1 samples of %2 series from %3 to %4 into %5: %6 minute and %7 hour rows written</source>
        <translation>%1 Messwerte aus %2 Zeitreihen von %3 bis %4 in %5 importiert: %6 Minuten- und %7 Stundenzeilen geschrieben</translation>
    </message>
    <message>
        <source> (%1 repeated timestamps skipped)</source>
        <translation> (%1 doppelte Zeitstempel übersprungen)</translation>
    </message>
    <message>
        <source>unknown import &quot;%1&quot; (only &quot;history&quot;)</source>
        <translation>unbekannter Import „%1“ (nur &quot;history&quot;)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>OpsDeck</source>
        <translation>OpsDeck</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Show one host on the dashboard, or all of them</source>
        <translation>Einen Host oder alle Hosts im Dashboard anzeigen</translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation>Alle Hosts</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>How much history the charts show</source>
        <translation>Welchen Zeitraum die Diagramme zeigen</translation>
    </message>
    <message>
        <source>1 min</source>
        <translation>1 min</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 min</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>6 h</source>
        <translation>6 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Pause live updates (Ctrl+Shift+P)</source>
        <translation>Live-Aktualisierung anhalten (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Scaling</source>
        <translation>Skalierung</translation>
    </message>
    <message>
        <source>HAProxy backend pools, traffic distribution and the auto-scaler.</source>
        <translation>HAProxy-Backend-Pools, Lastverteilung und der Auto-Scaler.</translation>
    </message>
    <message>
        <source>Nothing here changes your load balancers until this page exists.</source>
        <translation>Solange es diese Seite nicht gibt, wird an Ihren Load Balancern nichts geändert.</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Profiler</source>
        <translation>Profiler</translation>
    </message>
    <message>
        <source>Benchmarks</source>
        <translation>Benchmarks</translation>
    </message>
    <message>
        <source>Load generation, latency histograms, baselines and regressions.</source>
        <translation>Lasterzeugung, Latenzhistogramme, Baselines und Regressionen.</translation>
    </message>
    <message>
        <source>Meanwhile, the test command prints the engine&apos;s own benchmark figures.</source>
        <translation>Bis dahin gibt der Testbefehl die Benchmark-Werte der Engine selbst aus.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1/%2 up</source>
        <translation>%1/%2 erreichbar</translation>
    </message>
    <message>
        <source>%1 of %2 scrape targets answered their last scrape</source>
        <translation>%1 von %2 Abrufzielen haben beim letzten Abruf geantwortet</translation>
    </message>
    <message>
        <source>no scrape yet</source>
        <translation>noch kein Abruf</translation>
    </message>
    <message>
        <source>last scrape %1 s ago</source>
        <translation>letzter Abruf vor %1 s</translation>
    </message>
    <message>
        <source>Critical: %1</source>
        <translation>Kritisch: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n firing</source>
        <translation>
            <numerusform>%n ausgelöst</numerusform>
            <numerusform>%n ausgelöst</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing; the worst not acknowledged is %1</source>
        <translation>
            <numerusform>%n Alarm ausgelöst; höchster unbestätigter Schweregrad: %1</numerusform>
            <numerusform>%n Alarme ausgelöst; höchster unbestätigter Schweregrad: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing, none waiting for acknowledgement</source>
        <translation>
            <numerusform>%n Alarm ausgelöst, keiner wartet auf Bestätigung</numerusform>
            <numerusform>%n Alarme ausgelöst, keiner wartet auf Bestätigung</numerusform>
        </translation>
    </message>
    <message>
        <source>agents %1/%2 up · ingest %3 samples/s · %4 series · %5 · %6 · db %7</source>
        <translation>Agenten %1/%2 erreichbar · Aufnahme %3 Messwerte/s · %4 Zeitreihen · %5 · %6 · DB %7</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n Alarm ausgelöst</numerusform>
            <numerusform>%n Alarme ausgelöst</numerusform>
        </translation>
    </message>
    <message>
        <source>No notifications are sent: alerts show in the inbox and the tray only.</source>
        <translation>Es werden keine Benachrichtigungen gesendet: Alarme erscheinen nur im Eingang und im Infobereich.</translation>
    </message>
    <message>
        <source>Not loaded; the previous notification setup stays.
%1</source>
        <translation>Nicht geladen; die bisherige Benachrichtigungseinstellung bleibt.
%1</translation>
    </message>
    <message numerus="yes">
        <source>Loaded: %n receiver(s)</source>
        <translation>
            <numerusform>Geladen: %n Empfänger</numerusform>
            <numerusform>Geladen: %n Empfänger</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n route(s)</source>
        <translation>
            <numerusform>%n Route</numerusform>
            <numerusform>%n Routen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n escalation(s)</source>
        <translation>
            <numerusform>%n Eskalation</numerusform>
            <numerusform>%n Eskalationen</numerusform>
        </translation>
    </message>
    <message>
        <source>data source %1 failing</source>
        <translation>Datenquelle %1 fällt aus</translation>
    </message>
    <message>
        <source>remote write %1 failing</source>
        <translation>Remote Write %1 fällt aus</translation>
    </message>
    <message>
        <source>%1: %2; %3 samples waiting</source>
        <translation>%1: %2; %3 Messwerte warten</translation>
    </message>
    <message>
        <source>remote write %1 s behind</source>
        <translation>Remote Write %1 s im Rückstand</translation>
    </message>
    <message>
        <source>Age of the newest sample the slowest receiver has accepted.</source>
        <translation>Alter des neuesten Messwerts, den der langsamste Empfänger angenommen hat.</translation>
    </message>
    <message numerus="yes">
        <source>%n data source(s) answering</source>
        <translation>
            <numerusform>%n Datenquelle antwortet</numerusform>
            <numerusform>%n Datenquellen antworten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OpsDeckCacheTab</name>
    <message>
        <source>Clear cache</source>
        <translation>Cache leeren</translation>
    </message>
    <message>
        <source>Drop every cached result from every level; the next queries ask the data sources.</source>
        <translation>Alle zwischengespeicherten Ergebnisse aller Ebenen verwerfen; die nächsten Abfragen gehen an die Datenquellen.</translation>
    </message>
    <message>
        <source>Data sources behind the cache</source>
        <translation>Datenquellen hinter dem Cache</translation>
    </message>
    <message>
        <source>Hit ratio per second</source>
        <translation>Trefferquote pro Sekunde</translation>
    </message>
    <message>
        <source>Lookups</source>
        <translation>Abfragen</translation>
    </message>
    <message>
        <source>Lookup time (log scale)</source>
        <translation>Abfragezeit (logarithmisch)</translation>
    </message>
    <message>
        <source>The query-result cache is off (cache.enabled: false, or no level is on). Turn it on in Settings → Cache; it applies at the next start.</source>
        <translation>Der Abfrageergebnis-Cache ist aus (cache.enabled: false, oder keine Ebene ist an). Einschalten unter Einstellungen → Cache; das gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>No engine runs in this window.</source>
        <translation>In diesem Fenster läuft keine Engine.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Caching query results in %1 · %2 lookups, %3 computed, %4 coalesced, %5 refreshed early</source>
        <translation>Abfrageergebnisse im Cache: %1 · %2 Abfragen, %3 berechnet, %4 zusammengefasst, %5 vorzeitig erneuert</translation>
    </message>
    <message>
        <source>Warming: off</source>
        <translation>Vorwärmen: aus</translation>
    </message>
    <message>
        <source>Clear the cache</source>
        <translation>Cache leeren</translation>
    </message>
    <message>
        <source>Drop every cached query result from memory and the database? Dashboards ask their data sources again, which is slower until the cache is warm.</source>
        <translation>Alle zwischengespeicherten Abfrageergebnisse aus Speicher und Datenbank verwerfen? Dashboards fragen ihre Datenquellen neu ab; das ist langsamer, bis der Cache wieder gefüllt ist.</translation>
    </message>
    <message>
        <source>L1 size</source>
        <translation>L1-Größe</translation>
    </message>
    <message>
        <source>L1 hit ratio (miss-ratio curve)</source>
        <translation>L1-Trefferquote (Miss-Ratio-Kurve)</translation>
    </message>
    <message>
        <source>%1 range-query pieces (%2)</source>
        <translation>%1 Range-Query-Teile (%2)</translation>
    </message>
    <message>
        <source>%1 instant-query results (%2)</source>
        <translation>%1 Instant-Query-Ergebnisse (%2)</translation>
    </message>
    <message>
        <source>%1 other entries (%2)</source>
        <translation>%1 sonstige Einträge (%2)</translation>
    </message>
    <message>
        <source>L1 holds nothing yet.</source>
        <translation>L1 enthält noch nichts.</translation>
    </message>
    <message>
        <source>L1 holds %1.</source>
        <translation>L1 enthält %1.</translation>
    </message>
    <message numerus="yes">
        <source>L1 budget %1 of a %2 ceiling, sized from this curve (%n change(s) so far).</source>
        <translation>
            <numerusform>L1-Budget %1 bei einer Obergrenze von %2, anhand dieser Kurve bemessen (bisher %n Änderung).</numerusform>
            <numerusform>L1-Budget %1 bei einer Obergrenze von %2, anhand dieser Kurve bemessen (bisher %n Änderungen).</numerusform>
        </translation>
    </message>
    <message>
        <source>L1 budget fixed at %1 (cache.l1.dynamic: false).</source>
        <translation>L1-Budget fest auf %1 (cache.l1.dynamic: false).</translation>
    </message>
    <message>
        <source>The curve appears after the first few thousand lookups.</source>
        <translation>Die Kurve erscheint nach den ersten paar tausend Abfragen.</translation>
    </message>
    <message>
        <source>hit ratio at that size (%1 lookups, sampled at %2)</source>
        <translation>Trefferquote bei dieser Größe (%1 Abfragen, Stichprobe bei %2)</translation>
    </message>
    <message>
        <source>budget %1: %2</source>
        <translation>Budget %1: %2</translation>
    </message>
    <message>
        <source>ceiling</source>
        <translation>Obergrenze</translation>
    </message>
</context>
<context>
    <name>PanelEditorDialog</name>
    <message>
        <source>Add panel</source>
        <translation>Panel hinzufügen</translation>
    </message>
    <message>
        <source>Edit panel</source>
        <translation>Panel bearbeiten</translation>
    </message>
    <message>
        <source>CPU by mode</source>
        <translation>CPU nach Modus</translation>
    </message>
    <message>
        <source>A PromQL expression. $host stands for the host filter (all hosts when none is picked).</source>
        <translation>Ein PromQL-Ausdruck. $host steht für den Host-Filter (alle Hosts, wenn keiner gewählt ist).</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Plain number</source>
        <translation>Einfache Zahl</translation>
    </message>
    <message>
        <source>Percent (0–100)</source>
        <translation>Prozent (0–100)</translation>
    </message>
    <message>
        <source>Ratio (0–1, shown as percent)</source>
        <translation>Anteil (0–1, als Prozent angezeigt)</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Bytes per second</source>
        <translation>Bytes pro Sekunde</translation>
    </message>
    <message>
        <source>Duration (seconds)</source>
        <translation>Dauer (Sekunden)</translation>
    </message>
    <message>
        <source>Operations per second</source>
        <translation>Operationen pro Sekunde</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>{{instance}} {{mode}} — empty shows all labels</source>
        <translation>{{instance}} {{mode}} — leer zeigt alle Labels</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Query:</source>
        <translation>&amp;Abfrage:</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>&amp;Einheit:</translation>
    </message>
    <message>
        <source>&amp;Legend:</source>
        <translation>&amp;Legende:</translation>
    </message>
    <message>
        <source>Enter a query.</source>
        <translation>Geben Sie eine Abfrage ein.</translation>
    </message>
    <message>
        <source>✓ The query is valid.</source>
        <translation>✓ Die Abfrage ist gültig.</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>✗ Cannot save: %1</source>
        <translation>✗ Speichern nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Not available yet in this build.</source>
        <translation>In dieser Version noch nicht verfügbar.</translation>
    </message>
</context>
<context>
    <name>ProfileCommand</name>
    <message numerus="yes">
        <source>No bottleneck: all %n host(s) ok</source>
        <translation>
            <numerusform>Kein Engpass: %n Host ok</numerusform>
            <numerusform>Kein Engpass: alle %n Hosts ok</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Profiler</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>I/O</source>
        <translation>E/A</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>file descriptors</source>
        <translation>Dateideskriptoren</translation>
    </message>
    <message>
        <source>network path</source>
        <translation>Netzwerkpfad</translation>
    </message>
    <message>
        <source>I/O (all disks)</source>
        <translation>E/A (alle Festplatten)</translation>
    </message>
    <message>
        <source>disk %1</source>
        <translation>Festplatte %1</translation>
    </message>
    <message>
        <source>interface %1</source>
        <translation>Schnittstelle %1</translation>
    </message>
    <message>
        <source> · PSI %1</source>
        <translation> · PSI %1</translation>
    </message>
    <message>
        <source>%1 %2 · await %3</source>
        <translation>%1 %2 · await %3</translation>
    </message>
    <message>
        <source>%1 %2 errors/s</source>
        <translation>%1 %2 Fehler/s</translation>
    </message>
    <message>
        <source>%1 retransmits %2</source>
        <translation>%1 Retransmits %2</translation>
    </message>
    <message>
        <source>first byte %1</source>
        <translation>erstes Byte %1</translation>
    </message>
    <message>
        <source>CPU %1 · memory %2</source>
        <translation>CPU %1 · Speicher %2</translation>
    </message>
    <message>
        <source>PSI not available</source>
        <translation>PSI nicht verfügbar</translation>
    </message>
    <message>
        <source>PSI some %1</source>
        <translation>PSI some %1</translation>
    </message>
    <message>
        <source>full %1</source>
        <translation>full %1</translation>
    </message>
</context>
<context>
    <name>ProfilerPage</name>
    <message>
        <source>Refresh now</source>
        <translation>Jetzt aktualisieren</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flotte</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Databases</source>
        <translation>Datenbanken</translation>
    </message>
    <message>
        <source>Baselines</source>
        <translation>Baselines</translation>
    </message>
    <message>
        <source>Click a host for its USE table, components, charts and CPU profile. Hosts are sorted worst first; hosts that did not answer are listed last.</source>
        <translation>Klicken Sie auf einen Host für seine USE-Tabelle, Komponenten, Diagramme und sein CPU-Profil. Hosts sind nach Zustand sortiert, die schlechtesten zuerst; Hosts ohne Antwort stehen am Ende.</translation>
    </message>
    <message>
        <source>No host selected: click a tile on the Fleet tab.</source>
        <translation>Kein Host ausgewählt: Klicken Sie auf eine Kachel im Reiter Flotte.</translation>
    </message>
    <message>
        <source>Pressure stall (PSI some, share of time waiting)</source>
        <translation>Pressure Stall (PSI some, Anteil der Wartezeit)</translation>
    </message>
    <message>
        <source>Probe latency by phase</source>
        <translation>Probe-Latenz nach Phase</translation>
    </message>
    <message>
        <source>Filter components</source>
        <translation>Komponenten filtern</translation>
    </message>
    <message>
        <source>CPU profile…</source>
        <translation>CPU-Profil…</translation>
    </message>
    <message>
        <source>Sample the selected component&apos;s top process (or the whole host) on-CPU</source>
        <translation>Den obersten Prozess der ausgewählten Komponente (oder den gesamten Host) auf der CPU abtasten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Flame graph: root frames at the bottom, callees above; click a frame to zoom.</source>
        <translation>Flammendiagramm: Wurzel-Frames unten, aufgerufene Funktionen darüber; klicken Sie auf einen Frame zum Zoomen.</translation>
    </message>
    <message>
        <source>Search frames</source>
        <translation>Frames durchsuchen</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>matched: %1 of samples</source>
        <translation>Treffer: %1 der Stichproben</translation>
    </message>
    <message>
        <source>Add database…</source>
        <translation>Datenbank hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Analyse now</source>
        <translation>Jetzt analysieren</translation>
    </message>
    <message>
        <source>Top statements by total time</source>
        <translation>Top-Anweisungen nach Gesamtzeit</translation>
    </message>
    <message>
        <source>Top statements by mean time</source>
        <translation>Top-Anweisungen nach mittlerer Zeit</translation>
    </message>
    <message>
        <source>Save baseline…</source>
        <translation>Baseline speichern…</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>A baseline is the fleet&apos;s current snapshots plus the week&apos;s history. Save one before a change, compare after it.</source>
        <translation>Eine Baseline besteht aus den aktuellen Snapshots der Flotte und dem Verlauf der Woche. Speichern Sie eine vor einer Änderung und vergleichen Sie danach.</translation>
    </message>
    <message>
        <source>The profiler is not running in this engine.</source>
        <translation>Der Profiler läuft in dieser Engine nicht.</translation>
    </message>
    <message>
        <source>No profiler: start OpsDeck with its engine to see the fleet.</source>
        <translation>Kein Profiler: Starten Sie OpsDeck mit seiner Engine, um die Flotte zu sehen.</translation>
    </message>
    <message>
        <source>Taking the first fleet snapshot…</source>
        <translation>Erster Flotten-Snapshot wird erstellt…</translation>
    </message>
    <message>
        <source>Asking every agent and this machine for a snapshot…</source>
        <translation>Alle Agenten und dieser Rechner werden um einen Snapshot gebeten…</translation>
    </message>
    <message>
        <source>No hosts answered and this machine is not profiled. Add an agent on the Agents page.</source>
        <translation>Kein Host hat geantwortet, und dieser Rechner wird nicht profiliert. Fügen Sie auf der Seite Agenten einen Agenten hinzu.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No host answered: the fleet cannot be judged.</source>
        <translation>Kein Host hat geantwortet: Die Flotte kann nicht bewertet werden.</translation>
    </message>
    <message>
        <source>No bottleneck: %1 is ok</source>
        <translation>Kein Engpass: %1 ist ok</translation>
    </message>
    <message>
        <source>No bottleneck: all %1 hosts ok</source>
        <translation>Kein Engpass: alle %1 Hosts ok</translation>
    </message>
    <message numerus="yes">
        <source>Fleet snapshot at %1, took %2 · %n host(s) answered</source>
        <translation>
            <numerusform>Flotten-Snapshot um %1, Dauer %2 · %n Host hat geantwortet</numerusform>
            <numerusform>Flotten-Snapshot um %1, Dauer %2 · %n Hosts haben geantwortet</numerusform>
        </translation>
    </message>
    <message>
        <source> · missing: %1</source>
        <translation> · fehlt: %1</translation>
    </message>
    <message numerus="yes">
        <source> · %n more bottleneck(s)</source>
        <translation>
            <numerusform> · %n weiterer Engpass</numerusform>
            <numerusform> · %n weitere Engpässe</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not in the last fleet snapshot.</source>
        <translation>%1 ist nicht im letzten Flotten-Snapshot enthalten.</translation>
    </message>
    <message>
        <source>%1 — missing</source>
        <translation>%1 — fehlt</translation>
    </message>
    <message>
        <source>, kernel %1</source>
        <translation>, Kernel %1</translation>
    </message>
    <message>
        <source>%1 — %2 (%3 CPUs%4)</source>
        <translation>%1 — %2 (%3 CPUs%4)</translation>
    </message>
    <message>
        <source>No bottleneck on this host.</source>
        <translation>Kein Engpass auf diesem Host.</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Hinweise: %1</translation>
    </message>
    <message>
        <source>Pressure stall (PSI some): CPU now %1</source>
        <translation>Pressure Stall (PSI some): CPU aktuell %1</translation>
    </message>
    <message>
        <source>Pressure stall: no PSI series for this host yet (needs Linux 4.20+ and a few scrapes)</source>
        <translation>Pressure Stall: noch keine PSI-Reihen für diesen Host (erfordert Linux 4.20+ und einige Scrapes)</translation>
    </message>
    <message>
        <source>Probe latency by phase (engine to host)</source>
        <translation>Probe-Latenz nach Phase (Engine zum Host)</translation>
    </message>
    <message>
        <source>Probe latency: no probe series for this host (the local machine is not probed; agents are, every probe interval)</source>
        <translation>Probe-Latenz: keine Probe-Reihen für diesen Host (der lokale Rechner wird nicht geprüft; Agenten werden in jedem Probe-Intervall geprüft)</translation>
    </message>
    <message>
        <source>The CPU profile could not be started.</source>
        <translation>Das CPU-Profil konnte nicht gestartet werden.</translation>
    </message>
    <message numerus="yes">
        <source>Profiling pid %1 on %2 for %n s…</source>
        <translation>
            <numerusform>PID %1 auf %2 wird %n s lang profiliert…</numerusform>
            <numerusform>PID %1 auf %2 wird %n s lang profiliert…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Profiling the whole of %1 for %n s…</source>
        <translation>
            <numerusform>Gesamter Host %1 wird %n s lang profiliert…</numerusform>
            <numerusform>Gesamter Host %1 wird %n s lang profiliert…</numerusform>
        </translation>
    </message>
    <message>
        <source>No CPU profile: %1</source>
        <translation>Kein CPU-Profil: %1</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>whole host</source>
        <translation>gesamter Host</translation>
    </message>
    <message>
        <source>%1: %2 samples in %3 at %4 Hz (%5)</source>
        <translation>%1: %2 Stichproben in %3 bei %4 Hz (%5)</translation>
    </message>
    <message>
        <source>, %1 lost</source>
        <translation>, %1 verloren</translation>
    </message>
    <message>
        <source>, stopped at the memory bound</source>
        <translation>, an der Speichergrenze angehalten</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>%1 (from the config file)</source>
        <translation>%1 (aus der Konfigurationsdatei)</translation>
    </message>
    <message>
        <source>No database targets — Add database… to see PostgreSQL&apos;s top statements, waits and hit ratio, or Redis&apos; slow log and latency.</source>
        <translation>Keine Datenbankziele — Datenbank hinzufügen…, um die Top-Anweisungen, Wartezustände und Trefferquote von PostgreSQL oder das Slow Log und die Latenz von Redis zu sehen.</translation>
    </message>
    <message>
        <source>%1: not analysed — %2</source>
        <translation>%1: nicht analysiert — %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: hit ratio %2 · %n deadlock(s) since the statistics were reset</source>
        <translation>
            <numerusform>%1: Trefferquote %2 · %n Deadlock seit dem Zurücksetzen der Statistik</numerusform>
            <numerusform>%1: Trefferquote %2 · %n Deadlocks seit dem Zurücksetzen der Statistik</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>pid %1 %2, waiting on %3/%4 for %5: %6</source>
        <translation>PID %1 %2, wartet auf %3/%4 seit %5: %6</translation>
    </message>
    <message>
        <source>pid %1 %2, open %3: %4</source>
        <translation>PID %1 %2, offen seit %3: %4</translation>
    </message>
    <message>
        <source>Waiting sessions</source>
        <translation>Wartende Sitzungen</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Keine.</translation>
    </message>
    <message>
        <source>Long transactions</source>
        <translation>Lange Transaktionen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message numerus="yes">
        <source>%1 (Redis): %n slow log entrie(s)</source>
        <translation>
            <numerusform>%1 (Redis): %n Slow-Log-Eintrag</numerusform>
            <numerusform>%1 (Redis): %n Slow-Log-Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (Redis): not analysed — %2</source>
        <translation>%1 (Redis): nicht analysiert — %2</translation>
    </message>
    <message>
        <source>%1 took %2: %3</source>
        <translation>%1 dauerte %2: %3</translation>
    </message>
    <message>
        <source>%1: latest %2, max %3</source>
        <translation>%1: zuletzt %2, max. %3</translation>
    </message>
    <message>
        <source>Slow log</source>
        <translation>Slow Log</translation>
    </message>
    <message>
        <source>Empty.</source>
        <translation>Leer.</translation>
    </message>
    <message>
        <source>Latency events</source>
        <translation>Latenzereignisse</translation>
    </message>
    <message>
        <source>None recorded (latency-monitor-threshold may be 0).</source>
        <translation>Keine aufgezeichnet (latency-monitor-threshold ist möglicherweise 0).</translation>
    </message>
    <message>
        <source>%1: analysing…</source>
        <translation>%1: wird analysiert…</translation>
    </message>
    <message>
        <source>%1: saved; the engine analyses it after OpsDeck starts next.</source>
        <translation>%1: gespeichert; die Engine analysiert es nach dem nächsten Start von OpsDeck.</translation>
    </message>
    <message>
        <source>Save baseline</source>
        <translation>Baseline speichern</translation>
    </message>
    <message>
        <source>Name (e.g. before-update-2026-12)</source>
        <translation>Name (z. B. before-update-2026-12)</translation>
    </message>
    <message>
        <source>Saving baseline %1…</source>
        <translation>Baseline %1 wird gespeichert…</translation>
    </message>
    <message>
        <source>Comparing with %1…</source>
        <translation>Vergleich mit %1…</translation>
    </message>
    <message>
        <source>No baselines yet — Save baseline… before a change, compare after it.</source>
        <translation>Noch keine Baselines — Baseline speichern… vor einer Änderung, danach vergleichen.</translation>
    </message>
    <message numerus="yes">
        <source>%n baseline(s) saved. Compare with one of them.</source>
        <translation>
            <numerusform>%n Baseline gespeichert. Vergleichen Sie damit.</numerusform>
            <numerusform>%n Baselines gespeichert. Vergleichen Sie mit einer davon.</numerusform>
        </translation>
    </message>
    <message>
        <source>Compared with %1: Nothing got worse beyond normal variation.</source>
        <translation>Verglichen mit %1: Nichts hat sich über die normale Schwankung hinaus verschlechtert.</translation>
    </message>
    <message numerus="yes">
        <source>Compared with %1: %n finding(s) got worse (%2).</source>
        <translation>
            <numerusform>Verglichen mit %1: %n Befund hat sich verschlechtert (%2).</numerusform>
            <numerusform>Verglichen mit %1: %n Befunde haben sich verschlechtert (%2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfilerService</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>OpsDeck cannot start</source>
        <translation>OpsDeck kann nicht starten</translation>
    </message>
</context>
<context>
    <name>RedisServersModel</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>memory %1 of maxmemory under noeviction: writes fail when it is full</source>
        <translation>Speicher %1 von maxmemory unter noeviction: Schreibzugriffe schlagen fehl, wenn er voll ist</translation>
    </message>
    <message>
        <source>memory %1 of maxmemory under noeviction</source>
        <translation>Speicher %1 von maxmemory unter noeviction</translation>
    </message>
    <message>
        <source>evicting %1 with hit ratio %2</source>
        <translation>verdrängt %1 bei Trefferquote %2</translation>
    </message>
    <message>
        <source>evicting %1</source>
        <translation>verdrängt %1</translation>
    </message>
    <message>
        <source>hit ratio %1 over the last interval</source>
        <translation>Trefferquote %1 im letzten Intervall</translation>
    </message>
    <message>
        <source>fragmentation %1 (%2 wasted)</source>
        <translation>Fragmentierung %1 (%2 verschwendet)</translation>
    </message>
    <message>
        <source>%1 of %2 clients blocked</source>
        <translation>%1 von %2 Clients blockiert</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>unreachable since %1: %2</source>
        <translation>nicht erreichbar seit %1: %2</translation>
    </message>
    <message>
        <source>Redis %1</source>
        <translation>Redis %1</translation>
    </message>
    <message>
        <source>%1 (since start)</source>
        <translation>%1 (seit dem Start)</translation>
    </message>
    <message>
        <source>%1 of %2 (%3)</source>
        <translation>%1 von %2 (%3)</translation>
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1 (ohne Grenze)</translation>
    </message>
    <message>
        <source>%1 / %2 blocked</source>
        <translation>%1 / %2 blockiert</translation>
    </message>
    <message>
        <source>%1 (%2 expiring)</source>
        <translation>%1 (%2 mit Ablauf)</translation>
    </message>
    <message>
        <source>since the server started: %1</source>
        <translation>seit dem Start des Servers: %1</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Hit ratio</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <source>Ops</source>
        <translation>Ops</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Eviction policy</source>
        <translation>Verdrängungsstrategie</translation>
    </message>
    <message>
        <source>Evictions</source>
        <translation>Verdrängungen</translation>
    </message>
    <message>
        <source>Expirations</source>
        <translation>Abläufe</translation>
    </message>
    <message>
        <source>Fragmentation</source>
        <translation>Fragmentierung</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
</context>
<context>
    <name>RedisServersTab</name>
    <message>
        <source>INFO failed: %1</source>
        <translation>INFO fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>INFO answered with no fields</source>
        <translation>INFO antwortete ohne Felder</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Analysis of %1 (Redis %2), %3</source>
        <translation>Analyse von %1 (Redis %2), %3</translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation>Empfehlungen</translation>
    </message>
    <message>
        <source>Nothing to recommend: no figure of this analysis calls for a change.</source>
        <translation>Keine Empfehlung: keine Kennzahl dieser Analyse verlangt eine Änderung.</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Belege:</translation>
    </message>
    <message>
        <source>Latency percentiles (server side)</source>
        <translation>Latenz-Perzentile (serverseitig)</translation>
    </message>
    <message>
        <source>No latency statistics (INFO latencystats needs Redis 7).</source>
        <translation>Keine Latenzstatistik (INFO latencystats braucht Redis 7).</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Slow log (longest first)</source>
        <translation>Slow-Log (längste zuerst)</translation>
    </message>
    <message>
        <source>The slow log is empty.</source>
        <translation>Das Slow-Log ist leer.</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Biggest keys</source>
        <translation>Größte Schlüssel</translation>
    </message>
    <message>
        <source>No key was sampled.</source>
        <translation>Es wurde kein Schlüssel erfasst.</translation>
    </message>
    <message>
        <source>%1 keys sampled (%2)%3; keys without TTL: %4 (%5 of the sample).</source>
        <translation>%1 Schlüssel erfasst (%2)%3; Schlüssel ohne TTL: %4 (%5 der Stichprobe).</translation>
    </message>
    <message>
        <source>, every key</source>
        <translation>, alle Schlüssel</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Access sample: %1 commands over %2 s (%3 reads counted).</source>
        <translation>Zugriffsstichprobe: %1 Befehle in %2 s (%3 Lesezugriffe gezählt).</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>No Redis servers yet — Add… a server by its URL (redis://host:port) to watch its hit ratio, memory and evictions.</source>
        <translation>Noch keine Redis-Server: mit Hinzufügen… einen Server über seine URL (redis://host:port) aufnehmen, um Trefferquote, Speicher und Verdrängungen zu beobachten.</translation>
    </message>
    <message>
        <source>Select a server to see its hit ratio over time and to analyse it.</source>
        <translation>Einen Server auswählen, um seine Trefferquote über die Zeit zu sehen und ihn zu analysieren.</translation>
    </message>
    <message>
        <source>Hit ratio (%)</source>
        <translation>Trefferquote (%)</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>Samples up to 2,000 keys (SCAN + MEMORY USAGE, rate limited) and 5 s of key accesses (MONITOR), then recommends.</source>
        <translation>Erfasst bis zu 2.000 Schlüssel (SCAN + MEMORY USAGE, gedrosselt) und 5 s Schlüsselzugriffe (MONITOR) und gibt dann Empfehlungen.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 is already in the list</source>
        <translation>%1 ist schon in der Liste</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>%1 wird getestet…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>ohne Grenze</translation>
    </message>
    <message>
        <source>%1: Redis %2, %3 used of %4 (%5), %6 keys</source>
        <translation>%1: Redis %2, %3 von %4 belegt (%5), %6 Schlüssel</translation>
    </message>
    <message>
        <source>Add Redis server</source>
        <translation>Redis-Server hinzufügen</translation>
    </message>
    <message>
        <source>optional: a file that holds the password</source>
        <translation>optional: eine Datei mit dem Passwort</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Password file</source>
        <translation>Passwortdatei</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>%1: hit ratio over the last 15 minutes</source>
        <translation>%1: Trefferquote der letzten 15 Minuten</translation>
    </message>
    <message>
        <source>Analyse samples up to 2,000 keys and 5 s of key accesses, then shows latency percentiles, the slow log, the biggest keys and recommendations.</source>
        <translation>Analysieren erfasst bis zu 2.000 Schlüssel und 5 s Schlüsselzugriffe und zeigt dann Latenz-Perzentile, das Slow-Log, die größten Schlüssel und Empfehlungen.</translation>
    </message>
    <message>
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>Cancelled: the samples are partial.</source>
        <translation>Abgebrochen: die Stichproben sind unvollständig.</translation>
    </message>
    <message>
        <source>The analysis failed: %1</source>
        <translation>Die Analyse ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>reading INFO twice</source>
        <translation>liest INFO zweimal</translation>
    </message>
    <message>
        <source>latency percentiles</source>
        <translation>Latenz-Perzentile</translation>
    </message>
    <message>
        <source>slow log</source>
        <translation>Slow-Log</translation>
    </message>
    <message>
        <source>sampling keys</source>
        <translation>erfasst Schlüssel</translation>
    </message>
    <message>
        <source>sampling key accesses (MONITOR)</source>
        <translation>erfasst Schlüsselzugriffe (MONITOR)</translation>
    </message>
    <message>
        <source>recommending</source>
        <translation>erstellt Empfehlungen</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>bricht ab…</translation>
    </message>
</context>
<context>
    <name>Regression</name>
    <message>
        <source>%1: %2 %3 rose from %4 to %5 (+%6, p = %7)</source>
        <translation>%1: %2 %3 stieg von %4 auf %5 (+%6, p = %7)</translation>
    </message>
    <message numerus="yes">
        <source>%n series had too few samples to test</source>
        <translation>
            <numerusform>%n Reihe hatte zu wenige Stichproben für einen Test</numerusform>
            <numerusform>%n Reihen hatten zu wenige Stichproben für einen Test</numerusform>
        </translation>
    </message>
    <message>
        <source>no request-rate series: components&apos; CPU % compared, not CPU per request</source>
        <translation>keine Reihen zur Anfragerate: CPU-% der Komponenten verglichen, nicht CPU pro Anfrage</translation>
    </message>
    <message>
        <source>no baseline named &quot;%1&quot;</source>
        <translation>keine Baseline namens &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>RemoteWritePanel</name>
    <message>
        <source>remote_write: receivers (YAML), e.g. /etc/opsdeck/headless.yml</source>
        <translation>remote_write:-Empfänger (YAML), z. B. /etc/opsdeck/headless.yml</translation>
    </message>
    <message>
        <source>Remote write receivers</source>
        <translation>Remote-Write-Empfänger</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Behind</source>
        <translation>Rückstand</translation>
    </message>
    <message>
        <source>Last answer</source>
        <translation>Letzte Antwort</translation>
    </message>
    <message>
        <source>The engine is not running: nothing is sent.</source>
        <translation>Die Engine läuft nicht: es wird nichts gesendet.</translation>
    </message>
    <message>
        <source>Nothing is sent elsewhere: scraped samples stay in this console.</source>
        <translation>Es wird nichts weitergesendet: abgerufene Messwerte bleiben in dieser Konsole.</translation>
    </message>
    <message>
        <source>✖ Not loaded; the receivers stay as they were.
%1</source>
        <translation>✖ Nicht geladen; die Empfänger bleiben unverändert.
%1</translation>
    </message>
    <message numerus="yes">
        <source>✔ Sending everything scraped to %n receiver(s).</source>
        <translation>
            <numerusform>Alles Abgerufene wird an %n Empfänger gesendet.</numerusform>
            <numerusform>Alles Abgerufene wird an %n Empfänger gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message>
        <source>✔ HTTP %1</source>
        <translation>✔ HTTP %1</translation>
    </message>
    <message>
        <source>nothing sent yet</source>
        <translation>noch nichts gesendet</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>%1 wird getestet …</translation>
    </message>
    <message>
        <source>✔ %1 takes remote write (HTTP %2).</source>
        <translation>✔ %1 nimmt Remote Write an (HTTP %2).</translation>
    </message>
    <message>
        <source>✖ %1: %2</source>
        <translation>✖ %1: %2</translation>
    </message>
</context>
<context>
    <name>RuleEditorDialog</name>
    <message>
        <source>Add alerting rule</source>
        <translation>Alarmregel hinzufügen</translation>
    </message>
    <message>
        <source>Rules are evaluated in groups; type a new name to start a group</source>
        <translation>Regeln werden in Gruppen ausgewertet; geben Sie einen neuen Namen ein, um eine Gruppe anzulegen</translation>
    </message>
    <message>
        <source>HostDown</source>
        <translation>HostDown</translation>
    </message>
    <message>
        <source>A PromQL expression; every series it returns is an alert</source>
        <translation>Ein PromQL-Ausdruck; jede Zeitreihe, die er liefert, ist ein Alarm</translation>
    </message>
    <message>
        <source>0s — e.g. 5m</source>
        <translation>0s — z. B. 5m</translation>
    </message>
    <message>
        <source>How long a series must keep matching before the alert fires (Prometheus duration: 30s, 5m, 1h)</source>
        <translation>Wie lange eine Zeitreihe ununterbrochen zutreffen muss, bevor der Alarm ausgelöst wird (Prometheus-Dauer: 30s, 5m, 1h)</translation>
    </message>
    <message>
        <source>0s</source>
        <translation>0s</translation>
    </message>
    <message>
        <source>How long the alert keeps firing after the series stopped matching</source>
        <translation>Wie lange der Alarm ausgelöst bleibt, nachdem die Zeitreihe nicht mehr zutrifft</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>critical</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
    <message>
        <source>team=plant-ops</source>
        <translation>team=plant-ops</translation>
    </message>
    <message>
        <source>summary={{ $labels.instance }} is down
description=No scrape for {{ $value | humanizeDuration }}</source>
        <translation>summary={{ $labels.instance }} ist nicht erreichbar
description=Seit {{ $value | humanizeDuration }} kein Abruf</translation>
    </message>
    <message>
        <source>One key=value per line; values may use {{ $labels.name }}, {{ $value }} and humanize. Write \n for a line break.</source>
        <translation>Ein key=value pro Zeile; Werte dürfen {{ $labels.name }}, {{ $value }} und humanize verwenden. Schreiben Sie \n für einen Zeilenumbruch.</translation>
    </message>
    <message>
        <source>Would be</source>
        <translation>Wäre</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Expression:</source>
        <translation>Aus&amp;druck:</translation>
    </message>
    <message>
        <source>&amp;Keep firing for:</source>
        <translation>Nachlauf&amp;zeit:</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;Wartezeit:</translation>
    </message>
    <message>
        <source>&amp;Severity:</source>
        <translation>&amp;Schweregrad:</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>&amp;Labels:</translation>
    </message>
    <message>
        <source>&amp;Annotations:</source>
        <translation>&amp;Annotationen:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Preview&lt;/b&gt; — the expression evaluated now</source>
        <translation>&lt;b&gt;Vorschau&lt;/b&gt; — der Ausdruck, jetzt ausgewertet</translation>
    </message>
    <message>
        <source>Enter an expression to see which series would alert.</source>
        <translation>Geben Sie einen Ausdruck ein, um zu sehen, welche Zeitreihen einen Alarm auslösen würden.</translation>
    </message>
    <message>
        <source>Edit rule %1</source>
        <translation>Regel %1 bearbeiten</translation>
    </message>
    <message>
        <source>line %1: “%2” needs a value (key=value)</source>
        <translation>Zeile %1: „%2“ braucht einen Wert (key=value)</translation>
    </message>
    <message>
        <source>line %1: “%2” is not a valid name (letters, digits and _, not starting with a digit)</source>
        <translation>Zeile %1: „%2“ ist kein gültiger Name (Buchstaben, Ziffern und _, nicht mit einer Ziffer am Anfang)</translation>
    </message>
    <message>
        <source>line %1: “%2” is given twice</source>
        <translation>Zeile %1: „%2“ ist doppelt angegeben</translation>
    </message>
    <message>
        <source>Enter a group name.</source>
        <translation>Geben Sie einen Gruppennamen ein.</translation>
    </message>
    <message>
        <source>Enter a rule name.</source>
        <translation>Geben Sie einen Regelnamen ein.</translation>
    </message>
    <message>
        <source>The name must be one line.</source>
        <translation>Der Name muss einzeilig sein.</translation>
    </message>
    <message>
        <source>Enter an expression.</source>
        <translation>Geben Sie einen Ausdruck ein.</translation>
    </message>
    <message>
        <source>The expression does not parse: %1</source>
        <translation>Der Ausdruck ist syntaktisch ungültig: %1</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Keep firing for</source>
        <translation>Nachlaufzeit</translation>
    </message>
    <message>
        <source>%1: “%2” is not a duration (e.g. 30s, 5m, 1h30m).</source>
        <translation>%1: „%2“ ist keine Dauer (z. B. 30s, 5m, 1h30m).</translation>
    </message>
    <message>
        <source>Labels, %1.</source>
        <translation>Labels, %1.</translation>
    </message>
    <message>
        <source>Labels: alertname is the rule name; remove it.</source>
        <translation>Labels: alertname ist der Regelname; entfernen Sie es.</translation>
    </message>
    <message>
        <source>Annotations, %1.</source>
        <translation>Annotationen, %1.</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>✓ The expression is valid.</source>
        <translation>✓ Der Ausdruck ist gültig.</translation>
    </message>
    <message>
        <source>✗ Line %1, column %2: %3</source>
        <translation>✗ Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>Wird ausgewertet…</translation>
    </message>
    <message>
        <source>✗ Fix the expression to see a preview.</source>
        <translation>✗ Korrigieren Sie den Ausdruck, um eine Vorschau zu sehen.</translation>
    </message>
    <message>
        <source>✗ Evaluation failed: %1</source>
        <translation>✗ Auswertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>pending (fires after %1)</source>
        <translation>ausstehend (wird nach %1 ausgelöst)</translation>
    </message>
    <message>
        <source>firing</source>
        <translation>ausgelöst</translation>
    </message>
    <message>
        <source>✗ An alerting rule needs an instant vector; this expression gives a range vector or a string.</source>
        <translation>✗ Eine Alarmregel braucht einen Instant-Vektor; dieser Ausdruck liefert einen Range-Vektor oder eine Zeichenkette.</translation>
    </message>
    <message>
        <source>No series match — the rule would be inactive now.</source>
        <translation>Keine Zeitreihe trifft zu — die Regel wäre jetzt inaktiv.</translation>
    </message>
    <message numerus="yes">
        <source>%n series would be pending now (firing once they keep matching for %1).</source>
        <translation>
            <numerusform>%n Zeitreihe wäre jetzt ausstehend (ausgelöst, wenn sie %1 lang weiter zutrifft).</numerusform>
            <numerusform>%n Zeitreihen wären jetzt ausstehend (ausgelöst, wenn sie %1 lang weiter zutreffen).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n series would be firing now.</source>
        <translation>
            <numerusform>%n Zeitreihe wäre jetzt ausgelöst.</numerusform>
            <numerusform>%n Zeitreihen wären jetzt ausgelöst.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The first %n are listed.</source>
        <translation>
            <numerusform>Angezeigt werden die ersten %n.</numerusform>
            <numerusform>Angezeigt werden die ersten %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RulesCommand</name>
    <message numerus="yes">
        <source>%1: FAILED: the file cannot be used (%n issue(s))</source>
        <translation>
            <numerusform>%1: FEHLGESCHLAGEN: die Datei ist nicht verwendbar (%n Problem)</numerusform>
            <numerusform>%1: FEHLGESCHLAGEN: die Datei ist nicht verwendbar (%n Probleme)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 alerting rule(s) in %3 group(s) loaded, %4 issue(s)</source>
        <translation>%1: %2 Alarmregel(n) in %3 Gruppe(n) geladen, %4 Problem(e)</translation>
    </message>
    <message>
        <source>--data-dir needs a directory</source>
        <translation>--data-dir braucht ein Verzeichnis</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>no file given</source>
        <translation>keine Datei angegeben</translation>
    </message>
    <message>
        <source>opsdeck rules: %1 not imported: fix the errors above</source>
        <translation>opsdeck rules: %1 nicht importiert: beheben Sie die obigen Fehler</translation>
    </message>
    <message>
        <source>opsdeck rules: cannot read the stored rules: %1</source>
        <translation>opsdeck rules: die gespeicherten Regeln können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>opsdeck rules: cannot store the rules: %1</source>
        <translation>opsdeck rules: die Regeln können nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1: imported %2 alerting rule(s) in %3 group(s) into %4; %5 rule(s) or field(s) skipped</source>
        <translation>%1: %2 Alarmregel(n) in %3 Gruppe(n) nach %4 importiert; %5 Regel(n) oder Feld(er) übersprungen</translation>
    </message>
    <message>
        <source>opsdeck rules: cannot write %1: %2</source>
        <translation>opsdeck rules: %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1: exported %2 alerting rule(s) in %3 group(s)</source>
        <translation>%1: %2 Alarmregel(n) in %3 Gruppe(n) exportiert</translation>
    </message>
    <message>
        <source>unknown rules command &quot;%1&quot;</source>
        <translation>unbekannter rules-Befehl „%1“</translation>
    </message>
</context>
<context>
    <name>RulesPanel</name>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Add from template…</source>
        <translation>Aus Vorlage hinzufügen…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Host down, CPU, memory, disk filling, scrape failing and SLO burn-rate alerts, ready to use</source>
        <translation>Fertige Alarme für ausgefallene Hosts, CPU, Arbeitsspeicher, volllaufende Datenträger, fehlschlagende Abrufe und SLO-Burn-Rate</translation>
    </message>
    <message>
        <source>Load a Prometheus rule file (YAML); rules outside the supported subset are listed with the reason</source>
        <translation>Eine Prometheus-Regeldatei (YAML) laden; Regeln außerhalb des unterstützten Umfangs werden mit Begründung aufgeführt</translation>
    </message>
    <message>
        <source>Write the rules as a Prometheus rule file</source>
        <translation>Die Regeln als Prometheus-Regeldatei schreiben</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Expression</source>
        <translation>Ausdruck</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>&lt;b&gt;No alerting rules yet&lt;/b&gt; — add one, start from a template (host down, disk filling, SLO burn rate…), or import a Prometheus rule file.</source>
        <translation>&lt;b&gt;Noch keine Alarmregeln&lt;/b&gt; — fügen Sie eine hinzu, beginnen Sie mit einer Vorlage (Host ausgefallen, Datenträger läuft voll, SLO-Burn-Rate…) oder importieren Sie eine Prometheus-Regeldatei.</translation>
    </message>
    <message>
        <source>Import alerting rules</source>
        <translation>Alarmregeln importieren</translation>
    </message>
    <message>
        <source>Prometheus rule files (*.yml *.yaml);;All files (*)</source>
        <translation>Prometheus-Regeldateien (*.yml *.yaml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export alerting rules</source>
        <translation>Alarmregeln exportieren</translation>
    </message>
    <message>
        <source>Prometheus rule files (*.yml *.yaml)</source>
        <translation>Prometheus-Regeldateien (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>evaluated every %1</source>
        <translation>alle %1 ausgewertet</translation>
    </message>
    <message>
        <source>evaluated after every scrape round</source>
        <translation>nach jeder Abrufrunde ausgewertet</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s)</source>
        <translation>
            <numerusform>%n Regel</numerusform>
            <numerusform>%n Regeln</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a rule first</source>
        <translation>Wählen Sie zuerst eine Regel aus</translation>
    </message>
    <message>
        <source>Select a rule or a group first</source>
        <translation>Wählen Sie zuerst eine Regel oder eine Gruppe aus</translation>
    </message>
    <message>
        <source>Saving rules…</source>
        <translation>Regeln werden gespeichert…</translation>
    </message>
    <message>
        <source>✗ The rules were not saved: %1</source>
        <translation>✗ Die Regeln wurden nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>✗ Another change is being saved; try again in a moment.</source>
        <translation>✗ Eine andere Änderung wird gerade gespeichert; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Rule %1 updated.</source>
        <translation>Regel %1 aktualisiert.</translation>
    </message>
    <message>
        <source>Rule %1 added.</source>
        <translation>Regel %1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Remove rule group</source>
        <translation>Regelgruppe entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Remove the group %1 and its %n rule(s)? Their open alerts resolve.</source>
        <translation>
            <numerusform>Die Gruppe %1 mit ihrer %n Regel entfernen? Deren offene Alarme gelten dann als behoben.</numerusform>
            <numerusform>Die Gruppe %1 mit ihren %n Regeln entfernen? Deren offene Alarme gelten dann als behoben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Group %1 removed.</source>
        <translation>Gruppe %1 entfernt.</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>Regel entfernen</translation>
    </message>
    <message>
        <source>Remove the rule %1? Its open alerts resolve.</source>
        <translation>Die Regel %1 entfernen? Ihre offenen Alarme gelten dann als behoben.</translation>
    </message>
    <message>
        <source>Rule %1 removed.</source>
        <translation>Regel %1 entfernt.</translation>
    </message>
    <message>
        <source>Add rules from templates</source>
        <translation>Regeln aus Vorlagen hinzufügen</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Tick the rules to add; they join a group of the same name. Thresholds and metric names can be changed afterwards (Edit…).</source>
        <translation>Haken Sie die hinzuzufügenden Regeln an; sie kommen in eine gleichnamige Gruppe. Schwellwerte und Metriknamen lassen sich danach ändern (Bearbeiten…).</translation>
    </message>
    <message>
        <source>Add selected</source>
        <translation>Ausgewählte hinzufügen</translation>
    </message>
    <message>
        <source>Those templates are in the rules already.</source>
        <translation>Diese Vorlagen sind bereits in den Regeln enthalten.</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) added from templates.</source>
        <translation>
            <numerusform>%n Regel aus Vorlagen hinzugefügt.</numerusform>
            <numerusform>%n Regeln aus Vorlagen hinzugefügt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n were there already.</source>
        <translation>
            <numerusform>%n war bereits vorhanden.</numerusform>
            <numerusform>%n waren bereits vorhanden.</numerusform>
        </translation>
    </message>
    <message>
        <source>✗ %1 is too large for a rule file (more than 16 MiB).</source>
        <translation>✗ %1 ist zu groß für eine Regeldatei (mehr als 16 MiB).</translation>
    </message>
    <message>
        <source>✗ Nothing imported from %1: the file has errors (see the list).</source>
        <translation>✗ Nichts aus %1 importiert: die Datei enthält Fehler (siehe Liste).</translation>
    </message>
    <message>
        <source>✗ %1 holds no alerting rule OpsDeck can use.</source>
        <translation>✗ %1 enthält keine Alarmregel, die OpsDeck verwenden kann.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n rule(s) from %1</source>
        <translation>
            <numerusform>%n Regel aus %1 importiert</numerusform>
            <numerusform>%n Regeln aus %1 importiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n skipped</source>
        <translation>
            <numerusform>, %n übersprungen</numerusform>
            <numerusform>, %n übersprungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n group(s) of the same name replaced</source>
        <translation>
            <numerusform>; %n gleichnamige Gruppe ersetzt</numerusform>
            <numerusform>; %n gleichnamige Gruppen ersetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>Import of %1</source>
        <translation>Import von %1</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n rule(s) loaded&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n Regel geladen&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n Regeln geladen&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped. </source>
        <translation>
            <numerusform>%n übersprungen. </numerusform>
            <numerusform>%n übersprungen. </numerusform>
        </translation>
    </message>
    <message>
        <source>What was left out, and why:</source>
        <translation>Was ausgelassen wurde und warum:</translation>
    </message>
    <message>
        <source>✗ &lt;b&gt;Nothing imported&lt;/b&gt;: the file has errors that make it unreadable.</source>
        <translation>✗ &lt;b&gt;Nichts importiert&lt;/b&gt;: die Datei enthält Fehler, die sie unlesbar machen.</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>error: </source>
        <translation>Fehler: </translation>
    </message>
    <message>
        <source>✗ Cannot write %1: %2</source>
        <translation>✗ %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n rule(s) to %1.</source>
        <translation>
            <numerusform>%n Regel nach %1 exportiert.</numerusform>
            <numerusform>%n Regeln nach %1 exportiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Follow the desktop</source>
        <translation>Wie die Desktop-Umgebung</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Design:</translation>
    </message>
    <message>
        <source>Show an icon with the firing alert count in the system tray</source>
        <translation>Symbol mit der Anzahl aktiver Alarme im Infobereich anzeigen</translation>
    </message>
    <message>
        <source>Tray:</source>
        <translation>Infobereich:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Settings file:</source>
        <translation>Einstellungsdatei:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>%1, %2 (from the system locale; OpsDeck is translated into English and German)</source>
        <translation>%1, %2 (aus der Spracheinstellung des Systems; OpsDeck gibt es auf Englisch und Deutsch)</translation>
    </message>
    <message>
        <source>Acknowledge as:</source>
        <translation>Bestätigen als:</translation>
    </message>
    <message>
        <source>receivers and routes (YAML), e.g. /etc/opsdeck/headless.yml</source>
        <translation>Empfänger und Routen (YAML), z. B. /etc/opsdeck/headless.yml</translation>
    </message>
    <message>
        <source>Notifications:</source>
        <translation>Benachrichtigungen:</translation>
    </message>
    <message>
        <source>Receivers and routes</source>
        <translation>Empfänger und Routen</translation>
    </message>
    <message>
        <source>YAML files (*.yml *.yaml);;All files (*)</source>
        <translation>YAML-Dateien (*.yml *.yaml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>ceilings, lead times, request capacity (YAML); empty = the defaults</source>
        <translation>Obergrenzen, Vorlaufzeiten, Anfragekapazität (YAML); leer = Standard</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Du&amp;rchsuchen…</translation>
    </message>
    <message>
        <source>Capacity resources:</source>
        <translation>Kapazitätsressourcen:</translation>
    </message>
    <message>
        <source>Capacity resources</source>
        <translation>Kapazitätsressourcen</translation>
    </message>
    <message>
        <source>none (the engine did not start)</source>
        <translation>keine (die Engine ist nicht gestartet)</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Data sources</source>
        <translation>Datenquellen</translation>
    </message>
    <message>
        <source>Remote Prometheus-compatible servers (Prometheus, VictoriaMetrics, Thanos, Mimir) that dashboards and rule groups can query instead of this console&apos;s own data.</source>
        <translation>Entfernte Prometheus-kompatible Server (Prometheus, VictoriaMetrics, Thanos, Mimir), die Dashboards und Regelgruppen statt der eigenen Daten dieser Konsole abfragen können.</translation>
    </message>
    <message>
        <source>Remote write</source>
        <translation>Remote Write</translation>
    </message>
    <message>
        <source>Everything this console scrapes can also go to a long-term store by Prometheus remote write. Samples wait in a bounded buffer while a receiver is away.</source>
        <translation>Alles, was diese Konsole abruft, kann per Prometheus Remote Write auch an einen Langzeitspeicher gehen. Solange ein Empfänger nicht erreichbar ist, warten die Messwerte in einem begrenzten Puffer.</translation>
    </message>
    <message>
        <source>Alertmanagers</source>
        <translation>Alertmanager</translation>
    </message>
    <message>
        <source>External Alertmanagers get every firing and resolved alert, as Prometheus sends them, beside this console&apos;s own receivers.</source>
        <translation>Externe Alertmanager erhalten jeden ausgelösten und behobenen Alarm so, wie Prometheus ihn sendet, zusätzlich zu den eigenen Empfängern dieser Konsole.</translation>
    </message>
    <message>
        <source>State database</source>
        <translation>Zustandsdatenbank</translation>
    </message>
    <message>
        <source>Where this console keeps alerts, acknowledgements, silences, rules and dashboards: this computer, or a PostgreSQL database shared with the other consoles of a control room.</source>
        <translation>Wo diese Konsole Alarme, Bestätigungen, Stummschaltungen, Regeln und Dashboards ablegt: auf diesem Computer oder in einer PostgreSQL-Datenbank, die sie mit den anderen Konsolen einer Leitwarte teilt.</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Query results of dashboards, rule previews and capacity plans are kept in memory, in a Redis shared with other consoles, and in this computer&apos;s database, so a dashboard over a remote server opens at once the second time.</source>
        <translation>Abfrageergebnisse von Dashboards, Regelvorschauen und Kapazitätsplänen werden im Speicher, in einem mit anderen Konsolen geteilten Redis und in der Datenbank dieses Computers gehalten, damit ein Dashboard über einen entfernten Server beim zweiten Mal sofort öffnet.</translation>
    </message>
</context>
<context>
    <name>SeverityWords</name>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>critical</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
</context>
<context>
    <name>SilenceDialog</name>
    <message>
        <source>New silence</source>
        <translation>Neue Stummschaltung</translation>
    </message>
    <message>
        <source>alertname=&quot;HostDown&quot;
instance=~&quot;web-.*&quot;</source>
        <translation>alertname=&quot;HostDown&quot;
instance=~&quot;web-.*&quot;</translation>
    </message>
    <message>
        <source>One matcher per line (or a comma-separated list): name=&quot;value&quot;, name!=&quot;value&quot;, name=~&quot;regex&quot;, name!~&quot;regex&quot;. An alert is silenced when all of them match.</source>
        <translation>Ein Matcher pro Zeile (oder eine kommagetrennte Liste): name=&quot;value&quot;, name!=&quot;value&quot;, name=~&quot;regex&quot;, name!~&quot;regex&quot;. Ein Alarm wird stummgeschaltet, wenn alle zutreffen.</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 Stunden</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>Custom end…</source>
        <translation>Eigenes Ende…</translation>
    </message>
    <message>
        <source>Why, and until when (e.g. &quot;disk swap on web-3, ticket OPS-112&quot;)</source>
        <translation>Warum und bis wann (z. B. „Plattentausch auf web-3, Ticket OPS-112“)</translation>
    </message>
    <message>
        <source>&amp;Matchers:</source>
        <translation>&amp;Matcher:</translation>
    </message>
    <message>
        <source>&amp;Starts:</source>
        <translation>&amp;Beginn:</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Dauer:</translation>
    </message>
    <message>
        <source>&amp;Ends:</source>
        <translation>&amp;Ende:</translation>
    </message>
    <message>
        <source>&amp;Author:</source>
        <translation>&amp;Autor:</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Kommentar:</translation>
    </message>
    <message>
        <source>Create silence</source>
        <translation>Stummschaltung anlegen</translation>
    </message>
    <message>
        <source>Silence %1</source>
        <translation>%1 stummschalten</translation>
    </message>
    <message>
        <source>Enter at least one matcher.</source>
        <translation>Geben Sie mindestens einen Matcher ein.</translation>
    </message>
    <message>
        <source>Matchers: %1</source>
        <translation>Matcher: %1</translation>
    </message>
    <message>
        <source>The end is in the past: the silence would never be active.</source>
        <translation>Das Ende liegt in der Vergangenheit: die Stummschaltung wäre nie aktiv.</translation>
    </message>
    <message>
        <source>Enter who creates the silence.</source>
        <translation>Geben Sie an, wer die Stummschaltung anlegt.</translation>
    </message>
    <message>
        <source>Enter a comment: say why the alerts are silenced.</source>
        <translation>Geben Sie einen Kommentar ein: warum werden die Alarme stummgeschaltet?</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message numerus="yes">
        <source>Matches none of the %n open alert(s).</source>
        <translation>
            <numerusform>Trifft nicht auf den %n offenen Alarm zu.</numerusform>
            <numerusform>Trifft auf keinen der %n offenen Alarme zu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Silences %1 of the %n open alert(s).</source>
        <translation>
            <numerusform>Schaltet %1 von %n offenen Alarm stumm.</numerusform>
            <numerusform>Schaltet %1 der %n offenen Alarme stumm.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SilencesPanel</name>
    <message>
        <source>New silence…</source>
        <translation>Neue Stummschaltung…</translation>
    </message>
    <message>
        <source>Expire</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Mute notifications for alerts matching a set of labels for a while</source>
        <translation>Benachrichtigungen für Alarme mit bestimmten Labels eine Zeit lang stummschalten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation>Matcher</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>&lt;b&gt;No silences&lt;/b&gt; — create one to mute notifications during maintenance, or use “Silence” on an alert in the inbox.</source>
        <translation>&lt;b&gt;Keine Stummschaltungen&lt;/b&gt; — legen Sie eine an, um Benachrichtigungen während Wartungsarbeiten stummzuschalten, oder verwenden Sie „Stummschalten“ bei einem Alarm im Eingang.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>End the selected silence now; it stays listed as expired</source>
        <translation>Die ausgewählte Stummschaltung jetzt beenden; sie bleibt als abgelaufen aufgeführt</translation>
    </message>
    <message>
        <source>Select an active or pending silence first</source>
        <translation>Wählen Sie zuerst eine aktive oder geplante Stummschaltung aus</translation>
    </message>
    <message>
        <source>Saving the silence…</source>
        <translation>Stummschaltung wird gespeichert…</translation>
    </message>
    <message>
        <source>Could not store the silence: %1</source>
        <translation>Die Stummschaltung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Silence created.</source>
        <translation>Stummschaltung angelegt.</translation>
    </message>
    <message>
        <source>Expire silence</source>
        <translation>Stummschaltung beenden</translation>
    </message>
    <message>
        <source>End the silence %1 now? Alerts it mutes will notify again; it stays listed as expired.</source>
        <translation>Die Stummschaltung %1 jetzt beenden? Für die Alarme, die sie stummschaltet, werden wieder Benachrichtigungen gesendet; sie bleibt als abgelaufen aufgeführt.</translation>
    </message>
    <message>
        <source>Silence expired.</source>
        <translation>Stummschaltung beendet.</translation>
    </message>
    <message>
        <source>Could not expire the silence: %1</source>
        <translation>Die Stummschaltung konnte nicht beendet werden: %1</translation>
    </message>
</context>
<context>
    <name>StateDatabasePanel</name>
    <message>
        <source>Test co&amp;nnection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <source>In use: %1</source>
        <translation>In Verwendung: %1</translation>
    </message>
    <message>
        <source>SQLite on this computer</source>
        <translation>SQLite auf diesem Computer</translation>
    </message>
    <message>
        <source>PostgreSQL, shared with other consoles</source>
        <translation>PostgreSQL, gemeinsam mit anderen Konsolen</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Database name:</source>
        <translation>Datenbankname:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>file holding the password; empty = trust, peer or ~/.pgpass</source>
        <translation>Datei mit dem Passwort; leer = trust, peer oder ~/.pgpass</translation>
    </message>
    <message>
        <source>Password file:</source>
        <translation>Passwortdatei:</translation>
    </message>
    <message>
        <source>libpq&apos;s default (prefer)</source>
        <translation>Vorgabe von libpq (prefer)</translation>
    </message>
    <message>
        <source>TLS (sslmode):</source>
        <translation>TLS (sslmode):</translation>
    </message>
    <message>
        <source>A change applies when OpsDeck starts next.</source>
        <translation>Eine Änderung gilt ab dem nächsten Start von OpsDeck.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1 …</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>TargetEditorDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Skip certificate verification (self-signed lab hosts only)</source>
        <translation>Zertifikat nicht prüfen (nur selbstsignierte Laborrechner)</translation>
    </message>
    <message>
        <source>Scrape this target</source>
        <translation>Dieses Ziel abrufen</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Add agent</source>
        <translation>Agent hinzufügen</translation>
    </message>
    <message>
        <source>Edit agent</source>
        <translation>Agent bearbeiten</translation>
    </message>
    <message>
        <source>http://host:9100/metrics</source>
        <translation>http://host:9100/metrics</translation>
    </message>
    <message>
        <source>bearer token, if the agent needs one</source>
        <translation>Bearer-Token, falls der Agent eines benötigt</translation>
    </message>
    <message>
        <source>system certificates</source>
        <translation>Systemzertifikate</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>env=prod, line=3</source>
        <translation>env=prod, line=3</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Noch nicht getestet.</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>TLS &amp;CA file:</source>
        <translation>TLS-&amp;CA-Datei:</translation>
    </message>
    <message>
        <source>&amp;Interval:</source>
        <translation>&amp;Intervall:</translation>
    </message>
    <message>
        <source>Time&amp;out:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>&amp;Job:</source>
        <translation>&amp;Job:</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>&amp;Labels:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>TLS CA file</source>
        <translation>TLS-CA-Datei</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Labels: %1</source>
        <translation>Labels: %1</translation>
    </message>
    <message>
        <source>Enter the agent&apos;s URL, e.g. http://host:9100/metrics.</source>
        <translation>Geben Sie die URL des Agenten ein, z. B. http://host:9100/metrics.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid URL.</source>
        <translation>„%1“ ist keine gültige URL.</translation>
    </message>
    <message>
        <source>Certificate options only apply to https:// URLs.</source>
        <translation>Zertifikatsoptionen gelten nur für https://-URLs.</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>%1 wird getestet …</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>✖ Not saved: %1</source>
        <translation>✖ Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>TrayIndicator</name>
    <message>
        <source>Show OpsDeck</source>
        <translation>OpsDeck anzeigen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>%1 of %2 targets up</source>
        <translation>%1 von %2 Zielen erreichbar</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n Alarm ausgelöst</numerusform>
            <numerusform>%n Alarme ausgelöst</numerusform>
        </translation>
    </message>
    <message>
        <source>no alerts firing</source>
        <translation>keine Alarme ausgelöst</translation>
    </message>
    <message>
        <source>OpsDeck — %1 · %2</source>
        <translation>OpsDeck — %1 · %2</translation>
    </message>
</context>
<context>
    <name>opsdeck::AlertService</name>
    <message>
        <source>Alert %1 is not open any more.</source>
        <translation>Alarm %1 ist nicht mehr offen.</translation>
    </message>
    <message>
        <source>Silence %1 does not exist.</source>
        <translation>Stummschaltung %1 existiert nicht.</translation>
    </message>
</context>
<context>
    <name>opsdeck::Engine</name>
    <message>
        <source>Cannot create the data folder for OpsDeck&apos;s state database.</source>
        <translation>Der Datenordner für die Zustandsdatenbank von OpsDeck kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>cannot import %1: %2</source>
        <translation>kann %1 nicht importieren: %2</translation>
    </message>
</context>
<context>
    <name>opsdeck::EngineConfigFile</name>
    <message>
        <source>expected a map with targets, rule_files and alerting</source>
        <translation>erwartet wird eine Map mit targets, rule_files und alerting</translation>
    </message>
    <message>
        <source>&quot;targets&quot; must be a list</source>
        <translation>&quot;targets&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>unbekanntes Feld &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a number of days like 90d, 12w or 2y, at least 1d</source>
        <translation>&quot;%1&quot; muss eine Anzahl Tage wie 90d, 12w oder 2y sein, mindestens 1d</translation>
    </message>
    <message>
        <source>&quot;capacity&quot; must be a map</source>
        <translation>&quot;capacity&quot; muss eine Map sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in capacity</source>
        <translation>unbekanntes Feld &quot;%1&quot; in capacity</translation>
    </message>
    <message>
        <source>a target must be a map with at least &quot;url&quot;</source>
        <translation>ein Ziel muss eine Map mit mindestens &quot;url&quot; sein</translation>
    </message>
    <message>
        <source>&quot;labels&quot; must be a map</source>
        <translation>&quot;labels&quot; muss eine Map sein</translation>
    </message>
    <message>
        <source>invalid label &quot;%1&quot;</source>
        <translation>ungültiges Label „%1“</translation>
    </message>
    <message>
        <source>invalid duration &quot;%1&quot; in &quot;%2&quot; (use 500ms, 5s, 1m)</source>
        <translation>ungültige Dauer „%1“ in &quot;%2&quot; (z. B. 500ms, 5s, 1m)</translation>
    </message>
    <message>
        <source>the CA file %1 does not exist</source>
        <translation>die CA-Datei %1 existiert nicht</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in a target</source>
        <translation>unbekanntes Feld &quot;%1&quot; in einem Ziel</translation>
    </message>
    <message>
        <source>target %1: %2</source>
        <translation>Ziel %1: %2</translation>
    </message>
    <message>
        <source>target %1 is listed twice</source>
        <translation>Ziel %1 ist doppelt aufgeführt</translation>
    </message>
    <message>
        <source>&quot;rule_files&quot; must be a list</source>
        <translation>&quot;rule_files&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>no rule file matches %1</source>
        <translation>keine Regeldatei passt zu %1</translation>
    </message>
    <message>
        <source>the rule file %1 does not exist</source>
        <translation>die Regeldatei %1 existiert nicht</translation>
    </message>
    <message>
        <source>YAML syntax error: %1</source>
        <translation>YAML-Syntaxfehler: %1</translation>
    </message>
    <message>
        <source>&quot;data_sources&quot; must be a list</source>
        <translation>„data_sources“ muss eine Liste sein</translation>
    </message>
    <message>
        <source>a data source must be a map with at least &quot;name&quot; and &quot;url&quot;</source>
        <translation>eine Datenquelle muss eine Map mit mindestens „name“ und „url“ sein</translation>
    </message>
    <message>
        <source>invalid duration &quot;%1&quot; in &quot;timeout&quot; (use 500ms, 10s, 1m)</source>
        <translation>ungültige Dauer „%1“ in „timeout“ (z. B. 500ms, 10s, 1m)</translation>
    </message>
    <message>
        <source>&quot;method&quot; must be GET or POST</source>
        <translation>„method“ muss GET oder POST sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in a data source</source>
        <translation>unbekanntes Feld „%1“ in einer Datenquelle</translation>
    </message>
    <message>
        <source>data source %1: %2</source>
        <translation>Datenquelle %1: %2</translation>
    </message>
    <message>
        <source>data source %1 is listed twice</source>
        <translation>Datenquelle %1 ist doppelt aufgeführt</translation>
    </message>
    <message>
        <source>&quot;web&quot; must be a map</source>
        <translation>„web“ muss eine Map sein</translation>
    </message>
    <message>
        <source>&quot;listen&quot; must be host:port like 127.0.0.1:9099 (port 0: a free port), not &quot;%1&quot;</source>
        <translation>„listen“ muss host:port sein, z. B. 127.0.0.1:9099 (Port 0: ein freier Port), nicht „%1“</translation>
    </message>
    <message>
        <source>the token file %1 is empty</source>
        <translation>die Token-Datei %1 ist leer</translation>
    </message>
    <message>
        <source>the file %1 does not exist</source>
        <translation>die Datei %1 existiert nicht</translation>
    </message>
    <message>
        <source>&quot;max_samples&quot; must be a positive number</source>
        <translation>„max_samples“ muss eine positive Zahl sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in web</source>
        <translation>unbekanntes Feld „%1“ in web</translation>
    </message>
    <message>
        <source>&quot;tls_cert_file&quot; and &quot;tls_key_file&quot; go together</source>
        <translation>„tls_cert_file“ und „tls_key_file“ gehören zusammen</translation>
    </message>
    <message>
        <source>&quot;state&quot; must be a map</source>
        <translation>„state“ muss eine Map sein</translation>
    </message>
    <message>
        <source>&quot;driver&quot; must be sqlite or postgresql, not &quot;%1&quot;</source>
        <translation>„driver“ muss sqlite oder postgresql sein, nicht „%1“</translation>
    </message>
    <message>
        <source>&quot;port&quot; must be a port number (1-65535)</source>
        <translation>„port“ muss eine Portnummer sein (1–65535)</translation>
    </message>
    <message>
        <source>&quot;sslmode&quot; must be one of %1</source>
        <translation>„sslmode“ muss eines von %1 sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in state</source>
        <translation>unbekanntes Feld „%1“ in state</translation>
    </message>
    <message>
        <source>a postgresql state needs host, database and user</source>
        <translation>ein PostgreSQL-Zustand braucht host, database und user</translation>
    </message>
    <message>
        <source>host, port, database, user, password_file and sslmode need driver: postgresql</source>
        <translation>host, port, database, user, password_file und sslmode brauchen driver: postgresql</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::AlertRepository</name>
    <message>
        <source>acknowledged by %1</source>
        <translation>bestätigt von %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>there is no alert with id %1</source>
        <translation>es gibt keinen Alarm mit der ID %1</translation>
    </message>
    <message>
        <source>the acknowledgement does not say who made it</source>
        <translation>bei der Bestätigung fehlt, wer sie vorgenommen hat</translation>
    </message>
    <message>
        <source>alert %1 is no longer active (%2)</source>
        <translation>Alarm %1 ist nicht mehr aktiv (%2)</translation>
    </message>
    <message>
        <source>alert %1 is not acknowledged</source>
        <translation>Alarm %1 ist nicht bestätigt</translation>
    </message>
    <message>
        <source>acknowledgement removed by %1</source>
        <translation>Bestätigung zurückgenommen von %1</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::AlertingConfigFile</name>
    <message>
        <source>not supported: &quot;%1&quot; in %2 (ignored)</source>
        <translation>nicht unterstützt: &quot;%1&quot; in %2 (ignoriert)</translation>
    </message>
    <message>
        <source>invalid duration in &quot;%1&quot; (use 30s, 5m, 4h, 1d)</source>
        <translation>ungültige Dauer in &quot;%1&quot; (z. B. 30s, 5m, 4h, 1d)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list</source>
        <translation>&quot;%1&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>bad matcher in &quot;%1&quot;: %2</source>
        <translation>fehlerhafter Matcher in &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>invalid label name &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>ungültiger Label-Name „%1“ in &quot;%2&quot;</translation>
    </message>
    <message>
        <source>invalid regular expression for &quot;%1&quot;: %2</source>
        <translation>ungültiger regulärer Ausdruck für „%1“: %2</translation>
    </message>
    <message>
        <source>the alerting section is empty: it needs receivers and a route</source>
        <translation>der Abschnitt alerting ist leer: er braucht receivers und eine route</translation>
    </message>
    <message>
        <source>expected a map with receivers and route</source>
        <translation>erwartet wird eine Map mit receivers und route</translation>
    </message>
    <message>
        <source>&quot;escalations&quot; must be a list</source>
        <translation>&quot;escalations&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>&quot;external_url&quot; is not a valid URL</source>
        <translation>&quot;external_url&quot; ist keine gültige URL</translation>
    </message>
    <message>
        <source>&quot;receivers&quot; must be a list</source>
        <translation>&quot;receivers&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>&quot;inhibit_rules&quot; must be a list</source>
        <translation>&quot;inhibit_rules&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>the alerting section</source>
        <translation>dem Abschnitt alerting</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>unbekanntes Feld &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no route given: &quot;route&quot; with at least a receiver is required</source>
        <translation>keine Route angegeben: &quot;route&quot; mit mindestens einem receiver ist erforderlich</translation>
    </message>
    <message>
        <source>the root route must name a receiver</source>
        <translation>die Wurzel-Route muss einen Empfänger nennen</translation>
    </message>
    <message>
        <source>escalation &quot;%1&quot; names an undefined receiver &quot;%2&quot;</source>
        <translation>Eskalation „%1“ nennt einen nicht definierten Empfänger „%2“</translation>
    </message>
    <message>
        <source>a receiver must be a map with a name</source>
        <translation>ein Empfänger muss eine Map mit einem name sein</translation>
    </message>
    <message>
        <source>a receiver needs a name</source>
        <translation>ein Empfänger braucht einen Namen</translation>
    </message>
    <message>
        <source>receiver &quot;%1&quot; is defined twice</source>
        <translation>Empfänger „%1“ ist doppelt definiert</translation>
    </message>
    <message>
        <source>not supported: &quot;%1&quot; in receiver &quot;%2&quot; (ignored)</source>
        <translation>nicht unterstützt: &quot;%1&quot; in Empfänger „%2“ (ignoriert)</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in receiver &quot;%2&quot;</source>
        <translation>unbekanntes Feld &quot;%1&quot; in Empfänger „%2“</translation>
    </message>
    <message>
        <source>receiver &quot;%1&quot; has no webhook, slack, pagerduty, email or sms config</source>
        <translation>Empfänger „%1“ hat keine webhook-, slack-, pagerduty-, email- oder sms-Konfiguration</translation>
    </message>
    <message>
        <source>receiver &quot;%1&quot; has %2 configs; OpsDeck takes exactly one per receiver (split it into several receivers)</source>
        <translation>Empfänger „%1“ hat %2 Konfigurationen; OpsDeck erlaubt genau eine pro Empfänger (teilen Sie ihn auf mehrere Empfänger auf)</translation>
    </message>
    <message>
        <source>the config of receiver &quot;%1&quot; must be a map</source>
        <translation>die Konfiguration von Empfänger „%1“ muss eine Map sein</translation>
    </message>
    <message>
        <source>receiver &quot;%1&quot;</source>
        <translation>Empfänger „%1“</translation>
    </message>
    <message>
        <source>&quot;smarthost&quot; must be host:port in %1</source>
        <translation>&quot;smarthost&quot; muss in %1 die Form host:port haben</translation>
    </message>
    <message>
        <source>the CA file %1 does not exist</source>
        <translation>die CA-Datei %1 existiert nicht</translation>
    </message>
    <message>
        <source>%1 needs &quot;%2&quot;</source>
        <translation>%1 braucht &quot;%2&quot;</translation>
    </message>
    <message>
        <source>%1: the URL must be http:// or https://</source>
        <translation>%1: die URL muss mit http:// oder https:// beginnen</translation>
    </message>
    <message>
        <source>a route must be a map</source>
        <translation>eine Route muss eine Map sein</translation>
    </message>
    <message>
        <source>invalid label name &quot;%1&quot; in &quot;group_by&quot;</source>
        <translation>ungültiger Label-Name „%1“ in &quot;group_by&quot;</translation>
    </message>
    <message>
        <source>&quot;group_by&quot; with &apos;...&apos; must not list other labels</source>
        <translation>&quot;group_by&quot; mit &apos;...&apos; darf keine weiteren Labels enthalten</translation>
    </message>
    <message>
        <source>the root route must not have matchers</source>
        <translation>die Wurzel-Route darf keine Matcher haben</translation>
    </message>
    <message>
        <source>the root route cannot have &quot;continue&quot;</source>
        <translation>die Wurzel-Route kann kein &quot;continue&quot; haben</translation>
    </message>
    <message>
        <source>&quot;routes&quot; must be a list</source>
        <translation>&quot;routes&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>a route</source>
        <translation>einer Route</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in a route</source>
        <translation>unbekanntes Feld &quot;%1&quot; in einer Route</translation>
    </message>
    <message>
        <source>undefined receiver &quot;%1&quot; used in a route</source>
        <translation>nicht definierter Empfänger „%1“ in einer Route verwendet</translation>
    </message>
    <message>
        <source>undefined escalation &quot;%1&quot; used in a route</source>
        <translation>nicht definierte Eskalation „%1“ in einer Route verwendet</translation>
    </message>
    <message>
        <source>an inhibit rule must be a map</source>
        <translation>eine Unterdrückungsregel muss eine Map sein</translation>
    </message>
    <message>
        <source>invalid label name &quot;%1&quot; in &quot;equal&quot;</source>
        <translation>ungültiger Label-Name „%1“ in &quot;equal&quot;</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in an inhibit rule</source>
        <translation>unbekanntes Feld &quot;%1&quot; in einer Unterdrückungsregel</translation>
    </message>
    <message>
        <source>an inhibit rule needs source and target matchers</source>
        <translation>eine Unterdrückungsregel braucht Quell- und Ziel-Matcher</translation>
    </message>
    <message>
        <source>an escalation must be a map with name and steps</source>
        <translation>eine Eskalation muss eine Map mit name und steps sein</translation>
    </message>
    <message>
        <source>an escalation needs a name</source>
        <translation>eine Eskalation braucht einen Namen</translation>
    </message>
    <message>
        <source>escalation &quot;%1&quot; is defined twice</source>
        <translation>Eskalation „%1“ ist doppelt definiert</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in escalation &quot;%2&quot;</source>
        <translation>unbekanntes Feld &quot;%1&quot; in Eskalation „%2“</translation>
    </message>
    <message>
        <source>escalation &quot;%1&quot; needs a list of steps</source>
        <translation>Eskalation „%1“ braucht eine Liste von steps</translation>
    </message>
    <message>
        <source>an escalation step needs &quot;after&quot; and &quot;receivers&quot;</source>
        <translation>eine Eskalationsstufe braucht &quot;after&quot; und &quot;receivers&quot;</translation>
    </message>
    <message>
        <source>the steps of escalation &quot;%1&quot; must be in increasing order of &quot;after&quot;</source>
        <translation>die Stufen von Eskalation „%1“ müssen nach &quot;after&quot; aufsteigend geordnet sein</translation>
    </message>
    <message>
        <source>unreadable alerting configuration: %1</source>
        <translation>unlesbare Alarmkonfiguration: %1</translation>
    </message>
    <message>
        <source>&quot;alertmanagers&quot; must be a list</source>
        <translation>&quot;alertmanagers&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>an Alertmanager must be a map with at least &quot;url&quot;</source>
        <translation>ein Alertmanager muss eine Zuordnung mit mindestens &quot;url&quot; sein</translation>
    </message>
    <message>
        <source>the Alertmanager URL must be http:// or https://host:port</source>
        <translation>die Alertmanager-URL muss http:// oder https://host:port sein</translation>
    </message>
    <message>
        <source>&quot;timeout&quot; must be more than 0s</source>
        <translation>&quot;timeout&quot; muss größer als 0s sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in an Alertmanager</source>
        <translation>unbekanntes Feld &quot;%1&quot; in einem Alertmanager</translation>
    </message>
    <message>
        <source>the Alertmanager %1 is listed twice</source>
        <translation>der Alertmanager %1 ist doppelt aufgeführt</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::DeliveryService</name>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>der Server hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>keine Antwort innerhalb von %1 s</translation>
    </message>
    <message>
        <source>TLS handshake failed (certificate not trusted?)</source>
        <translation>TLS-Handshake fehlgeschlagen (Zertifikat nicht vertrauenswürdig?)</translation>
    </message>
    <message>
        <source>unsupported URL</source>
        <translation>nicht unterstützte URL</translation>
    </message>
    <message>
        <source>network error %1</source>
        <translation>Netzwerkfehler %1</translation>
    </message>
    <message>
        <source>PagerDuty receiver &quot;%1&quot; has no routing key.</source>
        <translation>PagerDuty-Empfänger „%1“ hat keinen Routing-Key.</translation>
    </message>
    <message>
        <source>SMS receiver &quot;%1&quot; has no recipient.</source>
        <translation>SMS-Empfänger „%1“ hat keinen Adressaten.</translation>
    </message>
    <message>
        <source>Email receiver &quot;%1&quot; needs an SMTP host, a sender and a recipient.</source>
        <translation>E-Mail-Empfänger „%1“ braucht einen SMTP-Host, einen Absender und einen Adressaten.</translation>
    </message>
    <message>
        <source>Receiver &quot;%1&quot; has no valid http(s) URL.</source>
        <translation>Empfänger „%1“ hat keine gültige http(s)-URL.</translation>
    </message>
    <message>
        <source>Unknown receiver &quot;%1&quot;.</source>
        <translation>Unbekannter Empfänger „%1“.</translation>
    </message>
    <message>
        <source>The receiver does not send resolved notifications.</source>
        <translation>Der Empfänger sendet keine Benachrichtigungen über behobene Alarme.</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source> (redirects are not followed)</source>
        <translation> (Weiterleitungen werden nicht verfolgt)</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::Matchers</name>
    <message>
        <source>expected a label name at position %1</source>
        <translation>Label-Name an Position %1 erwartet</translation>
    </message>
    <message>
        <source>expected one of =, !=, =~, !~ after &quot;%1&quot; at position %2</source>
        <translation>eines von =, !=, =~, !~ nach &quot;%1&quot; an Position %2 erwartet</translation>
    </message>
    <message>
        <source>unterminated quoted value for &quot;%1&quot;</source>
        <translation>nicht abgeschlossener Wert in Anführungszeichen für &quot;%1&quot;</translation>
    </message>
    <message>
        <source>unexpected quote in the value of &quot;%1&quot;</source>
        <translation>unerwartetes Anführungszeichen im Wert von &quot;%1&quot;</translation>
    </message>
    <message>
        <source>invalid regular expression for &quot;%1&quot;: %2</source>
        <translation>ungültiger regulärer Ausdruck für &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>unexpected &quot;%1&quot; at position %2</source>
        <translation>unerwartetes &quot;%1&quot; an Position %2</translation>
    </message>
    <message>
        <source>missing closing &quot;}&quot;</source>
        <translation>schließendes &quot;}&quot; fehlt</translation>
    </message>
    <message>
        <source>expected &quot;,&quot; at position %1</source>
        <translation>&quot;,&quot; an Position %1 erwartet</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::ReadyTemplates</name>
    <message>
        <source>Host {{ $labels.instance }} is down</source>
        <translation>Host {{ $labels.instance }} ist ausgefallen</translation>
    </message>
    <message>
        <source>{{ $labels.instance }} of job {{ $labels.job }} has not answered scrapes for more than a minute.</source>
        <translation>{{ $labels.instance }} (Job {{ $labels.job }}) beantwortet seit über einer Minute keine Abrufe.</translation>
    </message>
    <message>
        <source>CPU of {{ $labels.instance }} is saturated</source>
        <translation>CPU von {{ $labels.instance }} ist ausgelastet</translation>
    </message>
    <message>
        <source>CPU busy {{ $value | printf &quot;%.1f&quot; }}% on {{ $labels.instance }} for 10 minutes.</source>
        <translation>CPU auf {{ $labels.instance }} seit 10 Minuten zu {{ $value | printf &quot;%.1f&quot; }} % belegt.</translation>
    </message>
    <message>
        <source>Memory pressure on {{ $labels.instance }}</source>
        <translation>Speicherknappheit auf {{ $labels.instance }}</translation>
    </message>
    <message>
        <source>{{ $value | printf &quot;%.1f&quot; }}% of memory in use on {{ $labels.instance }} for 5 minutes.</source>
        <translation>Seit 5 Minuten sind {{ $value | printf &quot;%.1f&quot; }} % des Arbeitsspeichers auf {{ $labels.instance }} belegt.</translation>
    </message>
    <message>
        <source>Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is filling up</source>
        <translation>Dateisystem {{ $labels.mountpoint }} auf {{ $labels.instance }} läuft voll</translation>
    </message>
    <message numerus="yes">
        <source>At the rate of the last 6 hours, {{ $labels.mountpoint }} on {{ $labels.instance }} is full within %n hour(s).</source>
        <translation>
            <numerusform>Bei der Rate der letzten 6 Stunden ist {{ $labels.mountpoint }} auf {{ $labels.instance }} innerhalb von %n Stunde voll.</numerusform>
            <numerusform>Bei der Rate der letzten 6 Stunden ist {{ $labels.mountpoint }} auf {{ $labels.instance }} innerhalb von %n Stunden voll.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scrapes of {{ $labels.instance }} keep failing</source>
        <translation>Abrufe von {{ $labels.instance }} schlagen wiederholt fehl</translation>
    </message>
    <message>
        <source>{{ $value | printf &quot;%.0f&quot; }}% of the scrapes of {{ $labels.instance }} (job {{ $labels.job }}) failed in the last 10 minutes.</source>
        <translation>{{ $value | printf &quot;%.0f&quot; }} % der Abrufe von {{ $labels.instance }} (Job {{ $labels.job }}) sind in den letzten 10 Minuten fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Error budget of {{ $labels.job }} burning %1x too fast</source>
        <translation>Fehlerbudget von {{ $labels.job }} wird %1-mal zu schnell verbraucht</translation>
    </message>
    <message>
        <source>Error ratio {{ $value | humanizePercentage }} over %1 (and %2) against an objective of %3.</source>
        <translation>Fehlerquote {{ $value | humanizePercentage }} über %1 (und %2) bei einem Ziel von %3.</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::RuleEvaluator</name>
    <message numerus="yes">
        <source>flapping: %n state changes within %1 min</source>
        <translation>
            <numerusform>Flattern: %n Zustandswechsel innerhalb von %1 min</numerusform>
            <numerusform>Flattern: %n Zustandswechsel innerhalb von %1 min</numerusform>
        </translation>
    </message>
    <message>
        <source>rule removed</source>
        <translation>Regel entfernt</translation>
    </message>
    <message>
        <source>rule result is not a vector or scalar</source>
        <translation>das Regelergebnis ist weder Vektor noch Skalar</translation>
    </message>
    <message>
        <source>vector contains metrics with the same labelset after applying alert labels</source>
        <translation>der Vektor enthält nach Anwendung der Alarm-Labels Metriken mit gleichem Labelset</translation>
    </message>
    <message>
        <source>no series for %1</source>
        <translation>keine Zeitreihe für %1</translation>
    </message>
    <message>
        <source>flapping stopped</source>
        <translation>Flattern beendet</translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation>bestätigt von %1</translation>
    </message>
    <message>
        <source>acknowledged by %1: %2</source>
        <translation>bestätigt von %1: %2</translation>
    </message>
    <message>
        <source>acknowledgement withdrawn by %1</source>
        <translation>Bestätigung zurückgenommen von %1</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::RuleFile</name>
    <message>
        <source>not supported: function %1() (%2)</source>
        <translation>nicht unterstützt: Funktion %1() (%2)</translation>
    </message>
    <message>
        <source>not supported: %1</source>
        <translation>nicht unterstützt: %1</translation>
    </message>
    <message>
        <source>invalid expression: %1</source>
        <translation>ungültiger Ausdruck: %1</translation>
    </message>
    <message>
        <source>expected a map with a &quot;groups&quot; list</source>
        <translation>erwartet wird eine Map mit einer Liste &quot;groups&quot;</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>unbekanntes Feld &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;groups&quot; must be a list</source>
        <translation>&quot;groups&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>unreadable rule file: %1</source>
        <translation>unlesbare Regeldatei: %1</translation>
    </message>
    <message>
        <source>a group must be a map with &quot;name&quot; and &quot;rules&quot;</source>
        <translation>eine Gruppe muss eine Map mit &quot;name&quot; und &quot;rules&quot; sein</translation>
    </message>
    <message>
        <source>group name must not be empty</source>
        <translation>der Gruppenname darf nicht leer sein</translation>
    </message>
    <message>
        <source>group name &quot;%1&quot; is repeated in the same file</source>
        <translation>der Gruppenname „%1“ kommt in derselben Datei mehrfach vor</translation>
    </message>
    <message>
        <source>invalid interval &quot;%1&quot;</source>
        <translation>ungültiges Intervall „%1“</translation>
    </message>
    <message>
        <source>not supported: group field &quot;%1&quot; (ignored)</source>
        <translation>nicht unterstützt: Gruppenfeld &quot;%1&quot; (ignoriert)</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in group</source>
        <translation>unbekanntes Feld &quot;%1&quot; in der Gruppe</translation>
    </message>
    <message>
        <source>&quot;rules&quot; must be a list</source>
        <translation>&quot;rules&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a map</source>
        <translation>&quot;%1&quot; muss eine Map sein</translation>
    </message>
    <message>
        <source>invalid %1 name &quot;%2&quot;</source>
        <translation>ungültiger %1-Name „%2“</translation>
    </message>
    <message>
        <source>label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>annotation</source>
        <translation>Annotations</translation>
    </message>
    <message>
        <source>the value of &quot;%1&quot; must be a string</source>
        <translation>der Wert von &quot;%1&quot; muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>a rule must be a map</source>
        <translation>eine Regel muss eine Map sein</translation>
    </message>
    <message>
        <source>only one of &quot;alert&quot; and &quot;record&quot; can be set</source>
        <translation>nur eines von &quot;alert&quot; und &quot;record&quot; darf gesetzt sein</translation>
    </message>
    <message>
        <source>not supported: recording rule (skipped)</source>
        <translation>nicht unterstützt: Recording-Regel (übersprungen)</translation>
    </message>
    <message>
        <source>one of &quot;alert&quot; or &quot;record&quot; must be set</source>
        <translation>&quot;alert&quot; oder &quot;record&quot; muss gesetzt sein</translation>
    </message>
    <message>
        <source>invalid duration &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>ungültige Dauer „%1“ in &quot;%2&quot;</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in rule</source>
        <translation>unbekanntes Feld &quot;%1&quot; in der Regel</translation>
    </message>
    <message>
        <source>field &quot;expr&quot; must be set</source>
        <translation>das Feld &quot;expr&quot; muss gesetzt sein</translation>
    </message>
    <message>
        <source>&quot;data_source&quot; must be a name</source>
        <translation>„data_source“ muss ein Name sein</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::RuleGroupRepository</name>
    <message>
        <source>a rule group has no name</source>
        <translation>eine Regelgruppe hat keinen Namen</translation>
    </message>
    <message>
        <source>the rule group name &quot;%1&quot; is used twice</source>
        <translation>der Regelgruppenname „%1“ wird doppelt verwendet</translation>
    </message>
    <message>
        <source>rule group &quot;%1&quot; has a negative interval</source>
        <translation>Regelgruppe „%1“ hat ein negatives Intervall</translation>
    </message>
    <message>
        <source>a rule in group &quot;%1&quot; has no name or no expression</source>
        <translation>eine Regel in Gruppe „%1“ hat keinen Namen oder keinen Ausdruck</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::SilenceRepository</name>
    <message>
        <source>a silence needs at least one matcher</source>
        <translation>eine Stummschaltung braucht mindestens einen Matcher</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid label name</source>
        <translation>„%1“ ist kein gültiger Label-Name</translation>
    </message>
    <message>
        <source>the matcher on &quot;%1&quot; is not valid: %2</source>
        <translation>der Matcher für „%1“ ist ungültig: %2</translation>
    </message>
    <message>
        <source>at least one matcher must not match an empty value, or the silence would mute every alert</source>
        <translation>mindestens ein Matcher darf nicht auf einen leeren Wert zutreffen, sonst würde die Stummschaltung jeden Alarm stummschalten</translation>
    </message>
    <message>
        <source>the silence must end after it starts</source>
        <translation>die Stummschaltung muss nach ihrem Beginn enden</translation>
    </message>
    <message>
        <source>there is no silence with id %1</source>
        <translation>es gibt keine Stummschaltung mit der ID %1</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::SmtpSender</name>
    <message>
        <source>The email receiver has no SMTP host or no recipient.</source>
        <translation>Der E-Mail-Empfänger hat keinen SMTP-Host oder keinen Adressaten.</translation>
    </message>
    <message>
        <source>Could not start the SMTP client.</source>
        <translation>Der SMTP-Client konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>SMTP authentication failed (%1).</source>
        <translation>SMTP-Authentifizierung fehlgeschlagen (%1).</translation>
    </message>
    <message>
        <source>SMTP server did not answer in time.</source>
        <translation>Der SMTP-Server hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>SMTP error %1: %2</source>
        <translation>SMTP-Fehler %1: %2</translation>
    </message>
    <message>
        <source>SMTP error: %1</source>
        <translation>SMTP-Fehler: %1</translation>
    </message>
</context>
<context>
    <name>opsdeck::alerts::TemplateExpander</name>
    <message>
        <source>missing field name after &quot;.&quot;</source>
        <translation>Feldname nach &quot;.&quot; fehlt</translation>
    </message>
    <message>
        <source>unterminated quoted string</source>
        <translation>nicht abgeschlossene Zeichenkette in Anführungszeichen</translation>
    </message>
    <message>
        <source>unterminated raw quoted string</source>
        <translation>nicht abgeschlossene Rohzeichenkette</translation>
    </message>
    <message>
        <source>bad number syntax: &quot;%1&quot;</source>
        <translation>ungültige Zahlensyntax: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>variable declarations are not supported</source>
        <translation>Variablendeklarationen werden nicht unterstützt</translation>
    </message>
    <message>
        <source>unexpected &quot;%1&quot; in action</source>
        <translation>unerwartetes &quot;%1&quot; in der Aktion</translation>
    </message>
    <message>
        <source>unexpected &quot;)&quot; in action</source>
        <translation>unerwartetes &quot;)&quot; in der Aktion</translation>
    </message>
    <message>
        <source>missing value for command</source>
        <translation>fehlender Wert für den Befehl</translation>
    </message>
    <message>
        <source>can&apos;t give argument to non-function</source>
        <translation>an etwas, das keine Funktion ist, kann kein Argument übergeben werden</translation>
    </message>
    <message>
        <source>unclosed left paren</source>
        <translation>nicht geschlossene linke Klammer</translation>
    </message>
    <message>
        <source>unexpected &quot;%1&quot; in operand</source>
        <translation>unerwartetes &quot;%1&quot; im Operanden</translation>
    </message>
    <message>
        <source>undefined variable &quot;$%1&quot;</source>
        <translation>nicht definierte Variable &quot;$%1&quot;</translation>
    </message>
    <message>
        <source>can&apos;t evaluate field %1</source>
        <translation>das Feld %1 kann nicht ausgewertet werden</translation>
    </message>
    <message>
        <source>can&apos;t evaluate field %1 in type %2</source>
        <translation>das Feld %1 kann im Typ %2 nicht ausgewertet werden</translation>
    </message>
    <message>
        <source>error calling %1: can&apos;t convert &quot;%2&quot; to a number</source>
        <translation>Fehler beim Aufruf von %1: &quot;%2&quot; kann nicht in eine Zahl umgewandelt werden</translation>
    </message>
    <message>
        <source>error calling %1: can&apos;t convert %2 to a number</source>
        <translation>Fehler beim Aufruf von %1: %2 kann nicht in eine Zahl umgewandelt werden</translation>
    </message>
    <message>
        <source>wrong number of args for %1: want %2 got %3</source>
        <translation>falsche Anzahl von Argumenten für %1: erwartet %2, erhalten %3</translation>
    </message>
    <message>
        <source>error calling %1: expected a string, got %2</source>
        <translation>Fehler beim Aufruf von %1: Zeichenkette erwartet, %2 erhalten</translation>
    </message>
    <message>
        <source>error calling %1: %2</source>
        <translation>Fehler beim Aufruf von %1: %2</translation>
    </message>
    <message>
        <source>wrong number of args for printf: want at least 1 got 0</source>
        <translation>falsche Anzahl von Argumenten für printf: mindestens 1 erwartet, 0 erhalten</translation>
    </message>
    <message>
        <source>error calling index: can&apos;t index item of type %1</source>
        <translation>Fehler beim Aufruf von index: ein Element vom Typ %1 kann nicht indiziert werden</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not supported in alert templates</source>
        <translation>&quot;%1&quot; wird in Alarmvorlagen nicht unterstützt</translation>
    </message>
    <message>
        <source>function &quot;%1&quot; is not supported (templates cannot run queries)</source>
        <translation>die Funktion &quot;%1&quot; wird nicht unterstützt (Vorlagen können keine Abfragen ausführen)</translation>
    </message>
    <message>
        <source>function &quot;%1&quot; not defined</source>
        <translation>die Funktion &quot;%1&quot; ist nicht definiert</translation>
    </message>
    <message>
        <source>unclosed action</source>
        <translation>nicht geschlossene Aktion</translation>
    </message>
    <message>
        <source>unclosed comment</source>
        <translation>nicht geschlossener Kommentar</translation>
    </message>
</context>
<context>
    <name>opsdeck::cache::CacheConfigFile</name>
    <message>
        <source>&quot;%1&quot; must be a map</source>
        <translation>&quot;%1&quot; muss eine Map sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a size like 256MiB or 1GiB, at least 1MiB</source>
        <translation>&quot;%1&quot; muss eine Größe wie 256MiB oder 1GiB sein, mindestens 1MiB</translation>
    </message>
    <message>
        <source>invalid duration in &quot;%1&quot; (use 50ms, 10m, 24h)</source>
        <translation>ungültige Dauer in &quot;%1&quot; (z. B. 50ms, 10m, 24h)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be more than 0s</source>
        <translation>&quot;%1&quot; muss größer als 0s sein</translation>
    </message>
    <message>
        <source>&quot;ttl_jitter&quot; must be a fraction from 0 to 0.5</source>
        <translation>&quot;ttl_jitter&quot; muss ein Anteil von 0 bis 0.5 sein</translation>
    </message>
    <message>
        <source>&quot;split_interval&quot; must be at least 1m</source>
        <translation>&quot;split_interval&quot; muss mindestens 1m sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in cache</source>
        <translation>unbekanntes Feld &quot;%1&quot; in cache</translation>
    </message>
    <message>
        <source>&quot;policy&quot; must be lru, sieve, s3fifo or tinylfu</source>
        <translation>&quot;policy&quot; muss lru, sieve, s3fifo oder tinylfu sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in cache.l1</source>
        <translation>unbekanntes Feld &quot;%1&quot; in cache.l1</translation>
    </message>
    <message>
        <source>the L2 URL must be redis://[user:password@]host:port[/db]</source>
        <translation>die L2-URL muss redis://[benutzer:passwort@]host:port[/db] sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in cache.l2</source>
        <translation>unbekanntes Feld &quot;%1&quot; in cache.l2</translation>
    </message>
    <message>
        <source>cache.l2 has a password_file but no url</source>
        <translation>cache.l2 hat eine password_file, aber keine url</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in cache.l3</source>
        <translation>unbekanntes Feld &quot;%1&quot; in cache.l3</translation>
    </message>
</context>
<context>
    <name>opsdeck::cache::CacheService</name>
    <message>
        <source>TLS is not available: Debian 12&apos;s hiredis 0.14 has no TLS support</source>
        <translation>TLS ist nicht verfügbar: hiredis 0.14 in Debian 12 unterstützt kein TLS</translation>
    </message>
    <message>
        <source>L2 Redis: off: %1</source>
        <translation>L2 Redis: aus: %1</translation>
    </message>
    <message>
        <source>L2 Redis: off (no Redis URL set)</source>
        <translation>L2 Redis: aus (keine Redis-URL gesetzt)</translation>
    </message>
    <message>
        <source>L2 Redis: off</source>
        <translation>L2 Redis: aus</translation>
    </message>
</context>
<context>
    <name>opsdeck::cache::RedisCacheLevel</name>
    <message>
        <source>L2 Redis: off</source>
        <translation>L2 Redis: aus</translation>
    </message>
    <message>
        <source>L2 Redis: unreachable since %1: %2, retrying in %3 s</source>
        <translation>L2 Redis: nicht erreichbar seit %1: %2, neuer Versuch in %3 s</translation>
    </message>
    <message>
        <source>L2 Redis: unreachable since %1: %2, retrying</source>
        <translation>L2 Redis: nicht erreichbar seit %1: %2, neuer Versuch läuft</translation>
    </message>
    <message>
        <source>L2 Redis: connecting to %1</source>
        <translation>L2 Redis: Verbindung zu %1 wird hergestellt</translation>
    </message>
    <message>
        <source>L2 Redis: failing since %1: %2, retrying</source>
        <translation>L2 Redis: fehlerhaft seit %1: %2, neuer Versuch läuft</translation>
    </message>
    <message>
        <source>L2 Redis: connected to %1 (invalidations not received yet: the subscriber is reconnecting)</source>
        <translation>L2 Redis: verbunden mit %1 (noch keine Invalidierungen empfangen: der Subscriber verbindet sich neu)</translation>
    </message>
    <message>
        <source>L2 Redis: connected to %1</source>
        <translation>L2 Redis: verbunden mit %1</translation>
    </message>
</context>
<context>
    <name>opsdeck::capacity</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Filesystem</source>
        <translation>Dateisystem</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>no forecast</source>
        <translation>keine Prognose</translation>
    </message>
    <message>
        <source>no capacity set</source>
        <translation>keine Kapazität festgelegt</translation>
    </message>
    <message>
        <source>already at %1 % of capacity, above the %2 % ceiling</source>
        <translation>bereits bei %1 % der Kapazität, über der Obergrenze von %2 %</translation>
    </message>
    <message>
        <source>does not reach the %1 % ceiling within the %2 d horizon</source>
        <translation>erreicht die Obergrenze von %1 % nicht innerhalb des Vorhersagezeitraums von %2 d</translation>
    </message>
    <message>
        <source>reaches the %1 % ceiling in %2 d (%3)</source>
        <translation>erreicht die Obergrenze von %1 % in %2 d (%3)</translation>
    </message>
    <message>
        <source>may reach the %1 % ceiling in %2 d (upper 95 % bound, %3)</source>
        <translation>kann die Obergrenze von %1 % in %2 d erreichen (obere 95-%-Grenze, %3)</translation>
    </message>
    <message>
        <source>%1, inside the %2 d lead time: order now</source>
        <translation>%1, innerhalb der Vorlaufzeit von %2 d: jetzt bestellen</translation>
    </message>
    <message>
        <source>%1; order by %2</source>
        <translation>%1; bestellen bis %2</translation>
    </message>
    <message>
        <source>the window is shorter than one step</source>
        <translation>das Zeitfenster ist kürzer als ein Schritt</translation>
    </message>
    <message>
        <source>no capacity history between %1 and %2</source>
        <translation>kein Kapazitätsverlauf zwischen %1 und %2</translation>
    </message>
    <message>
        <source>%1: the usage query failed: %2</source>
        <translation>%1: die Auslastungsabfrage ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1: no data for %2 in the window</source>
        <translation>%1: keine Daten für %2 im Zeitfenster</translation>
    </message>
    <message>
        <source>%1: the capacity query failed: %2</source>
        <translation>%1: die Kapazitätsabfrage ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>no capacity found for this item</source>
        <translation>keine Kapazität für dieses Objekt gefunden</translation>
    </message>
    <message>
        <source>%1 points of history; a forecast needs at least 8 at a %2 step</source>
        <translation>%1 Verlaufspunkte; eine Prognose braucht mindestens 8 bei einem Schritt von %2</translation>
    </message>
    <message>
        <source>a new resource needs a name</source>
        <translation>eine neue Ressource braucht einen Namen</translation>
    </message>
    <message>
        <source>a new resource needs a usage query</source>
        <translation>eine neue Ressource braucht eine Nutzungsabfrage (usage)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>ceiling must be between 0 and 1 (or 1% to 100%)</source>
        <translation>ceiling muss zwischen 0 und 1 liegen (oder 1% bis 100%)</translation>
    </message>
    <message>
        <source>safety_factor must be at least 1</source>
        <translation>safety_factor muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>lead_time must not be negative</source>
        <translation>lead_time darf nicht negativ sein</translation>
    </message>
    <message>
        <source>capacity must be above 0</source>
        <translation>capacity muss größer als 0 sein</translation>
    </message>
    <message>
        <source>latency_percentile must be between 0 and 1 (e.g. 0.95)</source>
        <translation>latency_percentile muss zwischen 0 und 1 liegen (z. B. 0.95)</translation>
    </message>
    <message>
        <source>%1: expected a &quot;resources:&quot; list</source>
        <translation>%1: eine Liste &quot;resources:&quot; wird erwartet</translation>
    </message>
    <message>
        <source>resource %1</source>
        <translation>Ressource %1</translation>
    </message>
    <message>
        <source>expected a map of fields</source>
        <translation>eine Zuordnung von Feldern wird erwartet</translation>
    </message>
    <message>
        <source>unknown kind &quot;%1&quot; (cpu, memory, filesystem, requests, custom)</source>
        <translation>unbekannte Art &quot;%1&quot; (cpu, memory, filesystem, requests, custom)</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: nicht lesbar: %2</translation>
    </message>
</context>
<context>
    <name>opsdeck::capacity::CapacityService</name>
    <message>
        <source>capacity history</source>
        <translation>Kapazitätsverlauf</translation>
    </message>
</context>
<context>
    <name>opsdeck::capacity::EntryReader</name>
    <message>
        <source>%1 must be a number, not &quot;%2&quot;</source>
        <translation>%1 muss eine Zahl sein, nicht &quot;%2&quot;</translation>
    </message>
    <message>
        <source>%1 must be a duration such as 50ms, 2h or 30d, not &quot;%2&quot;</source>
        <translation>%1 muss eine Dauer wie 50ms, 2h oder 30d sein, nicht &quot;%2&quot;</translation>
    </message>
</context>
<context>
    <name>opsdeck::capacity::HistoryCsv</name>
    <message>
        <source>%1:%2: expected &quot;timestamp,value&quot;, found %3 fields</source>
        <translation>%1:%2: &quot;timestamp,value&quot; erwartet, %3 Felder gefunden</translation>
    </message>
    <message>
        <source>%1:%2: cannot read the timestamp &quot;%3&quot;</source>
        <translation>%1:%2: der Zeitstempel „%3“ ist nicht lesbar</translation>
    </message>
    <message>
        <source>%1:%2: cannot read the value &quot;%3&quot;</source>
        <translation>%1:%2: der Wert „%3“ ist nicht lesbar</translation>
    </message>
    <message>
        <source>%1: no samples</source>
        <translation>%1: keine Messwerte</translation>
    </message>
</context>
<context>
    <name>opsdeck::collect</name>
    <message>
        <source>no process with pid %1 on this host</source>
        <translation>kein Prozess mit PID %1 auf diesem Host</translation>
    </message>
    <message>
        <source>the perf program is not installed: install Debian&apos;s linux-perf package (apt install linux-perf)</source>
        <translation>das Programm perf ist nicht installiert: Installieren Sie das Debian-Paket linux-perf (apt install linux-perf)</translation>
    </message>
    <message>
        <source>(sysctl -w kernel.perf_event_paranoid=%1, or run the agent with AmbientCapabilities=CAP_PERFMON)</source>
        <translation>(sysctl -w kernel.perf_event_paranoid=%1, oder den Agenten mit AmbientCapabilities=CAP_PERFMON ausführen)</translation>
    </message>
    <message>
        <source>kernel.perf_event_paranoid is %1: unprivileged profiling is disabled; it needs &lt;= 2 for one process, &lt;= 0 for the whole host, or CAP_PERFMON %2</source>
        <translation>kernel.perf_event_paranoid ist %1: Profiling ohne Privilegien ist deaktiviert; erforderlich sind &lt;= 2 für einen Prozess, &lt;= 0 für den gesamten Host oder CAP_PERFMON %2</translation>
    </message>
    <message>
        <source>kernel.perf_event_paranoid is %1: whole-host profiles need &lt;= 0 or CAP_PERFMON %2</source>
        <translation>kernel.perf_event_paranoid ist %1: Profile des gesamten Hosts erfordern &lt;= 0 oder CAP_PERFMON %2</translation>
    </message>
    <message>
        <source>process %1 belongs to uid %2 and the agent runs as uid %3: profiling another user&apos;s process needs CAP_PERFMON or CAP_SYS_PTRACE (AmbientCapabilities=CAP_PERFMON in the agent&apos;s systemd unit)</source>
        <translation>Prozess %1 gehört UID %2 und der Agent läuft als UID %3: Das Profiling des Prozesses eines anderen Benutzers erfordert CAP_PERFMON oder CAP_SYS_PTRACE (AmbientCapabilities=CAP_PERFMON in der systemd-Unit des Agenten)</translation>
    </message>
    <message>
        <source>the agent runs in a container without CAP_PERFMON: container runtimes&apos; seccomp profiles block perf_event_open; run the container with --cap-add PERFMON (or SYS_ADMIN), or run the agent on the host</source>
        <translation>der Agent läuft in einem Container ohne CAP_PERFMON: Die seccomp-Profile der Container-Runtimes blockieren perf_event_open; starten Sie den Container mit --cap-add PERFMON (oder SYS_ADMIN) oder führen Sie den Agenten auf dem Host aus</translation>
    </message>
</context>
<context>
    <name>opsdeck::collect::CpuProfiler</name>
    <message>
        <source>a CPU profile is already running</source>
        <translation>ein CPU-Profil läuft bereits</translation>
    </message>
    <message>
        <source>cannot create a temporary directory: %1</source>
        <translation>temporäres Verzeichnis kann nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>perf record did not finish in time and was killed</source>
        <translation>perf record wurde nicht rechtzeitig beendet und abgebrochen</translation>
    </message>
    <message>
        <source>perf record failed (exit code %1)</source>
        <translation>perf record fehlgeschlagen (Exit-Code %1)</translation>
    </message>
    <message>
        <source>perf script did not finish in time and was killed</source>
        <translation>perf script wurde nicht rechtzeitig beendet und abgebrochen</translation>
    </message>
    <message>
        <source>perf script failed (exit code %1)</source>
        <translation>perf script fehlgeschlagen (Exit-Code %1)</translation>
    </message>
</context>
<context>
    <name>opsdeck::config::ConfigIssue</name>
    <message>
        <source>group &quot;%1&quot;: </source>
        <translation>Gruppe „%1“: </translation>
    </message>
    <message>
        <source>rule &quot;%1&quot;: </source>
        <translation>Regel „%1“: </translation>
    </message>
</context>
<context>
    <name>opsdeck::config::YamlReader</name>
    <message>
        <source>cannot read the file: %1</source>
        <translation>die Datei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>YAML syntax error: %1</source>
        <translation>YAML-Syntaxfehler: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a single value</source>
        <translation>&quot;%1&quot; muss ein einzelner Wert sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation>&quot;%1&quot; muss true oder false sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list</source>
        <translation>&quot;%1&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>the items of &quot;%1&quot; must be single values</source>
        <translation>die Einträge von &quot;%1&quot; müssen einzelne Werte sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a map</source>
        <translation>&quot;%1&quot; muss eine Map sein</translation>
    </message>
    <message>
        <source>the values of &quot;%1&quot; must be single values</source>
        <translation>die Werte von &quot;%1&quot; müssen einzelne Werte sein</translation>
    </message>
    <message>
        <source>cannot read &quot;%1&quot; (%2): %3</source>
        <translation>&quot;%1&quot; (%2) kann nicht gelesen werden: %3</translation>
    </message>
    <message>
        <source>&quot;basic_auth&quot; must be a map</source>
        <translation>&quot;basic_auth&quot; muss eine Zuordnung sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in basic_auth</source>
        <translation>unbekanntes Feld &quot;%1&quot; in basic_auth</translation>
    </message>
    <message>
        <source>the CA file %1 does not exist</source>
        <translation>die CA-Datei %1 existiert nicht</translation>
    </message>
    <message>
        <source>a bearer token or basic_auth, not both</source>
        <translation>ein Bearer-Token oder basic_auth, nicht beides</translation>
    </message>
</context>
<context>
    <name>opsdeck::dashboard::DashboardRepository</name>
    <message>
        <source>the panel has no title</source>
        <translation>das Panel hat keinen Titel</translation>
    </message>
    <message>
        <source>the title is longer than %1 characters</source>
        <translation>der Titel ist länger als %1 Zeichen</translation>
    </message>
    <message>
        <source>the panel has no query</source>
        <translation>das Panel hat keine Abfrage</translation>
    </message>
    <message>
        <source>the query is longer than %1 characters</source>
        <translation>die Abfrage ist länger als %1 Zeichen</translation>
    </message>
    <message>
        <source>the legend is longer than %1 characters</source>
        <translation>die Legende ist länger als %1 Zeichen</translation>
    </message>
    <message>
        <source>unknown unit &quot;%1&quot;</source>
        <translation>unbekannte Einheit „%1“</translation>
    </message>
    <message>
        <source>the query does not parse: %1</source>
        <translation>die Abfrage ist syntaktisch ungültig: %1</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
</context>
<context>
    <name>opsdeck::dashboard::DashboardService</name>
    <message>
        <source>The engine is not running.</source>
        <translation>Die Engine läuft nicht.</translation>
    </message>
</context>
<context>
    <name>opsdeck::dashboard::DashboardWarmer</name>
    <message>
        <source>Warming: computing the dashboards usually opened soon…</source>
        <translation>Vorwärmen: berechnet die Dashboards, die gewöhnlich bald geöffnet werden…</translation>
    </message>
    <message>
        <source>Warming: first check at %1</source>
        <translation>Vorwärmen: erste Prüfung um %1</translation>
    </message>
    <message>
        <source>Warming: not started</source>
        <translation>Vorwärmen: nicht gestartet</translation>
    </message>
    <message>
        <source>Warming: nothing usually opened at this time (checked %1)</source>
        <translation>Vorwärmen: zu dieser Zeit wird gewöhnlich nichts geöffnet (geprüft %1)</translation>
    </message>
    <message>
        <source>, %1 failed: %2)</source>
        <translation>, %1 fehlgeschlagen: %2)</translation>
    </message>
    <message>
        <source>)</source>
        <translation>)</translation>
    </message>
    <message>
        <source>; next check %1</source>
        <translation>; nächste Prüfung %1</translation>
    </message>
    <message>
        <source>Warming: dashboard views warmed at %1: %2 (%3 queries</source>
        <translation>Vorwärmen: Dashboard-Ansichten um %1 vorgewärmt: %2 (%3 Abfragen</translation>
    </message>
</context>
<context>
    <name>opsdeck::dashboard::DefaultPanels</name>
    <message>
        <source>CPU by mode</source>
        <translation>CPU nach Modus</translation>
    </message>
    <message>
        <source>Memory used / available</source>
        <translation>Arbeitsspeicher belegt / verfügbar</translation>
    </message>
    <message>
        <source>Load average</source>
        <translation>Systemlast</translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation>Datenträger-I/O</translation>
    </message>
    <message>
        <source>Network I/O</source>
        <translation>Netzwerk-I/O</translation>
    </message>
    <message>
        <source>Filesystem use</source>
        <translation>Dateisystembelegung</translation>
    </message>
</context>
<context>
    <name>opsdeck::dashboard::LiveQueryFeed</name>
    <message>
        <source>The query is empty.</source>
        <translation>Die Abfrage ist leer.</translation>
    </message>
    <message>
        <source>The query is longer than %1 characters.</source>
        <translation>Die Abfrage ist länger als %1 Zeichen.</translation>
    </message>
    <message>
        <source>The query gives a string, not numbers to plot.</source>
        <translation>Die Abfrage liefert eine Zeichenkette, keine Zahlen zum Zeichnen.</translation>
    </message>
    <message>
        <source>Showing %1 of %2 series; narrow the query to see the rest.</source>
        <translation>%1 von %2 Zeitreihen angezeigt; schränken Sie die Abfrage ein, um den Rest zu sehen.</translation>
    </message>
    <message>
        <source>Too many panels: at most %1 are updated live.</source>
        <translation>Zu viele Panels: höchstens %1 werden live aktualisiert.</translation>
    </message>
</context>
<context>
    <name>opsdeck::models::CacheLevelsModel</name>
    <message>
        <source>Over the last %1 s; %2 since start (%3 hits, %4 misses)</source>
        <translation>In den letzten %1 s; %2 seit dem Start (%3 Treffer, %4 Fehlschläge)</translation>
    </message>
    <message>
        <source>%1 evicted, %2 not admitted since start</source>
        <translation>%1 verdrängt, %2 seit dem Start nicht aufgenommen</translation>
    </message>
    <message>
        <source>no lookups</source>
        <translation>keine Abfragen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Hit ratio</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <source>Lookups/s</source>
        <translation>Abfragen/s</translation>
    </message>
    <message>
        <source>Lookup p50</source>
        <translation>Abfrage p50</translation>
    </message>
    <message>
        <source>Lookup p99</source>
        <translation>Abfrage p99</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>Evictions/s</source>
        <translation>Verdrängungen/s</translation>
    </message>
    <message>
        <source>Expirations/s</source>
        <translation>Abläufe/s</translation>
    </message>
    <message>
        <source>idle (%1 since start)</source>
        <translation>ruhend (%1 seit dem Start)</translation>
    </message>
</context>
<context>
    <name>opsdeck::models::CacheSourcesModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Data source</source>
        <translation>Datenquelle</translation>
    </message>
    <message>
        <source>Range queries</source>
        <translation>Bereichsabfragen</translation>
    </message>
    <message>
        <source>Pieces from cache</source>
        <translation>Stücke aus dem Cache</translation>
    </message>
    <message>
        <source>Pieces computed</source>
        <translation>Stücke berechnet</translation>
    </message>
    <message>
        <source>Calls to the source</source>
        <translation>Aufrufe der Quelle</translation>
    </message>
    <message>
        <source>Not cacheable</source>
        <translation>Nicht cachebar</translation>
    </message>
</context>
<context>
    <name>opsdeck::models::ComponentsModel</name>
    <message>
        <source>%1: top process %2 (pid %3)</source>
        <translation>%1: oberster Prozess %2 (PID %3)</translation>
    </message>
    <message>
        <source>not readable</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>systemd unit</source>
        <translation>systemd-Unit</translation>
    </message>
    <message>
        <source>cgroup</source>
        <translation>cgroup</translation>
    </message>
    <message>
        <source>executable</source>
        <translation>Programmdatei</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <source>Context switches</source>
        <translation>Kontextwechsel</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Open files</source>
        <translation>Offene Dateien</translation>
    </message>
</context>
<context>
    <name>opsdeck::models::RegressionsModel</name>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Component or resource</source>
        <translation>Komponente oder Ressource</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Messgröße</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Referenzwert</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>p-Wert</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
</context>
<context>
    <name>opsdeck::models::StatementsModel</name>
    <message>
        <source>no block access</source>
        <translation>kein Blockzugriff</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Hit ratio</source>
        <translation>Trefferquote</translation>
    </message>
</context>
<context>
    <name>opsdeck::models::TargetStatusModel</name>
    <message>
        <source>this machine (built-in collector)</source>
        <translation>dieser Rechner (integrierter Collector)</translation>
    </message>
    <message>
        <source>up</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>down</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>waiting for first scrape</source>
        <translation>wartet auf ersten Abruf</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instanz</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last scrape</source>
        <translation>Letzter Abruf</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervall</translation>
    </message>
</context>
<context>
    <name>opsdeck::models::UseTableModel</name>
    <message>
        <source>%1 (user %2, system %3, iowait %4, steal %5)</source>
        <translation>%1 (user %2, system %3, iowait %4, steal %5)</translation>
    </message>
    <message>
        <source>run queue %1 on %2 CPUs</source>
        <translation>Run-Queue %1 bei %2 CPUs</translation>
    </message>
    <message>
        <source>throttled %1</source>
        <translation>gedrosselt %1</translation>
    </message>
    <message>
        <source>%1 (%2 of %3 used)</source>
        <translation>%1 (%2 von %3 belegt)</translation>
    </message>
    <message>
        <source>swap in %1/s, out %2/s pages</source>
        <translation>Swap ein %1/s, aus %2/s Seiten</translation>
    </message>
    <message>
        <source>major faults %1/s</source>
        <translation>Major Faults %1/s</translation>
    </message>
    <message>
        <source>OOM kills %1 (%2 just now)</source>
        <translation>OOM-Kills %1 (%2 soeben)</translation>
    </message>
    <message>
        <source>no OOM kills</source>
        <translation>keine OOM-Kills</translation>
    </message>
    <message>
        <source>%1 (read %2, write %3)</source>
        <translation>%1 (Lesen %2, Schreiben %3)</translation>
    </message>
    <message>
        <source>await %1 · queue %2</source>
        <translation>Wartezeit %1 · Warteschlange %2</translation>
    </message>
    <message>
        <source>%1 I/O errors</source>
        <translation>%1 E/A-Fehler</translation>
    </message>
    <message>
        <source>rx %1, tx %2</source>
        <translation>rx %1, tx %2</translation>
    </message>
    <message>
        <source>%1 (link speed unknown)</source>
        <translation>%1 (Verbindungsgeschwindigkeit unbekannt)</translation>
    </message>
    <message>
        <source>drops %1/s</source>
        <translation>Verwerfungen %1/s</translation>
    </message>
    <message>
        <source>errors %1/s</source>
        <translation>Fehler %1/s</translation>
    </message>
    <message>
        <source>%1 established</source>
        <translation>%1 aufgebaut</translation>
    </message>
    <message>
        <source>listen overflows %1/s, drops %2/s</source>
        <translation>Listen-Überläufe %1/s, Verwerfungen %2/s</translation>
    </message>
    <message>
        <source>retransmits %1 (%2/s)</source>
        <translation>Neuübertragungen %1 (%2/s)</translation>
    </message>
    <message>
        <source>%1 (%2 of %3)</source>
        <translation>%1 (%2 von %3)</translation>
    </message>
    <message>
        <source>connect %1 · first byte %2</source>
        <translation>Verbindungsaufbau %1 · erstes Byte %2</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>Saturation</source>
        <translation>Sättigung</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>opsdeck::profiler</name>
    <message>
        <source>shows errors</source>
        <translation>meldet Fehler</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>gesättigt</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>ausgelastet</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
    <message>
        <source>%1 uses %2 CPU</source>
        <translation>%1 belegt %2 CPU</translation>
    </message>
    <message>
        <source>%1 holds %2</source>
        <translation>%1 belegt %2</translation>
    </message>
    <message>
        <source>, %1 faults %2 pages/s</source>
        <translation>, %1 lagert %2 Seiten/s ein</translation>
    </message>
    <message>
        <source>%1 writes %2/s</source>
        <translation>%1 schreibt %2/s</translation>
    </message>
    <message>
        <source>%1 reads %2/s</source>
        <translation>%1 liest %2/s</translation>
    </message>
    <message>
        <source>%1 has the most open files (%2)</source>
        <translation>%1 hat die meisten offenen Dateien (%2)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>PSI cpu some %1</source>
        <translation>PSI cpu some %1</translation>
    </message>
    <message>
        <source>PSI cpu some</source>
        <translation>PSI cpu some</translation>
    </message>
    <message>
        <source>PSI cpu some %1 over the last %2 ms</source>
        <translation>PSI cpu some %1 in den letzten %2 ms</translation>
    </message>
    <message>
        <source>run queue %1 on %2 CPUs</source>
        <translation>Run-Queue %1 bei %2 CPUs</translation>
    </message>
    <message>
        <source>run queue per CPU</source>
        <translation>Run-Queue pro CPU</translation>
    </message>
    <message>
        <source>throttled %1 of the time</source>
        <translation>%1 der Zeit gedrosselt</translation>
    </message>
    <message>
        <source>utilisation %1</source>
        <translation>Auslastung %1</translation>
    </message>
    <message>
        <source>steal %1</source>
        <translation>Steal %1</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>OOM kills</source>
        <translation>OOM-Kills</translation>
    </message>
    <message>
        <source>PSI memory full %1</source>
        <translation>PSI memory full %1</translation>
    </message>
    <message>
        <source>PSI memory full</source>
        <translation>PSI memory full</translation>
    </message>
    <message>
        <source>PSI memory some %1</source>
        <translation>PSI memory some %1</translation>
    </message>
    <message>
        <source>PSI memory some</source>
        <translation>PSI memory some</translation>
    </message>
    <message>
        <source>swapping %1 pages/s</source>
        <translation>Swapping %1 Seiten/s</translation>
    </message>
    <message>
        <source>%1 major faults/s</source>
        <translation>%1 Major Faults/s</translation>
    </message>
    <message>
        <source>direct reclaim scans %1 pages/s</source>
        <translation>Direct-Reclaim-Scans %1 Seiten/s</translation>
    </message>
    <message>
        <source>%1 used (%2 of %3)</source>
        <translation>%1 belegt (%2 von %3)</translation>
    </message>
    <message>
        <source>memory used</source>
        <translation>Speicher belegt</translation>
    </message>
    <message>
        <source>PSI io full %1</source>
        <translation>PSI io full %1</translation>
    </message>
    <message>
        <source>PSI io full</source>
        <translation>PSI io full</translation>
    </message>
    <message>
        <source>PSI io some %1</source>
        <translation>PSI io some %1</translation>
    </message>
    <message>
        <source>PSI io some</source>
        <translation>PSI io some</translation>
    </message>
    <message>
        <source>disk I/O</source>
        <translation>Festplatten-E/A</translation>
    </message>
    <message>
        <source>disk %1</source>
        <translation>Festplatte %1</translation>
    </message>
    <message>
        <source>await</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>disk utilisation</source>
        <translation>Festplattenauslastung</translation>
    </message>
    <message>
        <source>%1 I/O errors since boot</source>
        <translation>%1 E/A-Fehler seit dem Systemstart</translation>
    </message>
    <message>
        <source>await %1</source>
        <translation>Wartezeit %1</translation>
    </message>
    <message>
        <source>queue %1</source>
        <translation>Warteschlange %1</translation>
    </message>
    <message>
        <source>network interface %1</source>
        <translation>Netzwerkschnittstelle %1</translation>
    </message>
    <message>
        <source>%1 drops/s</source>
        <translation>%1 Verwerfungen/s</translation>
    </message>
    <message>
        <source>drops/s</source>
        <translation>Verwerfungen/s</translation>
    </message>
    <message>
        <source>%1 errors/s</source>
        <translation>%1 Fehler/s</translation>
    </message>
    <message>
        <source>%1 of the link</source>
        <translation>%1 der Verbindung</translation>
    </message>
    <message>
        <source>link utilisation</source>
        <translation>Verbindungsauslastung</translation>
    </message>
    <message>
        <source>in %1/s, out %2/s</source>
        <translation>ein %1/s, aus %2/s</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>retransmits %1 of segments</source>
        <translation>Neuübertragungen %1 der Segmente</translation>
    </message>
    <message>
        <source>retransmits</source>
        <translation>Neuübertragungen</translation>
    </message>
    <message>
        <source>listen queue overflows %1/s</source>
        <translation>Listen-Queue-Überläufe %1/s</translation>
    </message>
    <message>
        <source>network path</source>
        <translation>Netzwerkpfad</translation>
    </message>
    <message>
        <source>TCP connect %1</source>
        <translation>TCP-Verbindungsaufbau %1</translation>
    </message>
    <message>
        <source>connect time</source>
        <translation>Verbindungsaufbauzeit</translation>
    </message>
    <message>
        <source>file descriptors</source>
        <translation>Dateideskriptoren</translation>
    </message>
    <message>
        <source>%1 of %2 open (%3)</source>
        <translation>%1 von %2 offen (%3)</translation>
    </message>
    <message>
        <source>file descriptors used</source>
        <translation>Dateideskriptoren belegt</translation>
    </message>
    <message>
        <source>%1: %2 %3 — %4</source>
        <translation>%1: %2 %3 — %4</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>for more than 24 h</source>
        <translation>seit mehr als 24 h</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>last week at this hour: %1</source>
        <translation>letzte Woche zur selben Stunde: %1</translation>
    </message>
    <message>
        <source>no history a week back</source>
        <translation>kein Verlauf von vor einer Woche</translation>
    </message>
    <message>
        <source>401: no token (the agent needs one)</source>
        <translation>401: kein Token (der Agent benötigt eines)</translation>
    </message>
    <message>
        <source>401: wrong token</source>
        <translation>401: falsches Token</translation>
    </message>
    <message>
        <source>403: %1</source>
        <translation>403: %1</translation>
    </message>
    <message>
        <source>forbidden</source>
        <translation>verboten</translation>
    </message>
    <message>
        <source>not an opsdeck-agent (no /api/v1/profile)</source>
        <translation>kein opsdeck-agent (kein /api/v1/profile)</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>host not found: %1</source>
        <translation>Host nicht gefunden: %1</translation>
    </message>
    <message>
        <source>connection closed before the agent answered</source>
        <translation>Verbindung wurde geschlossen, bevor der Agent antwortete</translation>
    </message>
    <message>
        <source>TLS handshake failed (%1): check the CA file or the insecure setting</source>
        <translation>TLS-Handshake fehlgeschlagen (%1): CA-Datei oder die Einstellung insecure prüfen</translation>
    </message>
    <message>
        <source>authentication failed for user %1: check the password in %2</source>
        <translation>Authentifizierung für Benutzer %1 fehlgeschlagen: Passwort in %2 prüfen</translation>
    </message>
    <message>
        <source>(no password_file set)</source>
        <translation>(kein password_file gesetzt)</translation>
    </message>
    <message>
        <source>the server wants a password for user %1: set password_file</source>
        <translation>der Server verlangt ein Passwort für Benutzer %1: password_file setzen</translation>
    </message>
    <message>
        <source>connection refused: is PostgreSQL running and listening on %1:%2 (listen_addresses, port)?</source>
        <translation>Verbindung abgelehnt: Läuft PostgreSQL und lauscht auf %1:%2 (listen_addresses, port)?</translation>
    </message>
    <message>
        <source>no answer from %1:%2 within the connect timeout</source>
        <translation>keine Antwort von %1:%2 innerhalb des Verbindungs-Timeouts</translation>
    </message>
    <message>
        <source>the database or role does not exist on the server</source>
        <translation>die Datenbank oder Rolle existiert auf dem Server nicht</translation>
    </message>
    <message>
        <source>cannot connect to PostgreSQL %1: %2</source>
        <translation>Verbindung zu PostgreSQL %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>cannot connect to PostgreSQL %1: %2 (%3)</source>
        <translation>Verbindung zu PostgreSQL %1 nicht möglich: %2 (%3)</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot; is not a PostgreSQL target</source>
        <translation>Datenbankziel &quot;%1&quot; ist kein PostgreSQL-Ziel</translation>
    </message>
    <message>
        <source>the Qt PostgreSQL driver (QPSQL) is not available (Debian package libqt6sql6-psql)</source>
        <translation>der Qt-PostgreSQL-Treiber (QPSQL) ist nicht verfügbar (Debian-Paket libqt6sql6-psql)</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot; is not a Redis target</source>
        <translation>Datenbankziel &quot;%1&quot; ist kein Redis-Ziel</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot;: %2</source>
        <translation>Datenbankziel &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>cannot connect to Redis %1: %2</source>
        <translation>Verbindung zu Redis %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Redis %1: %2 failed: %3</source>
        <translation>Redis %1: %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>SLOWLOG GET was refused: %1</source>
        <translation>SLOWLOG GET wurde abgelehnt: %1</translation>
    </message>
    <message>
        <source>the latency monitor is off (latency-monitor-threshold 0), so LATENCY LATEST stays empty: CONFIG SET latency-monitor-threshold 10 (milliseconds; CONFIG REWRITE keeps it)</source>
        <translation>der Latenzmonitor ist aus (latency-monitor-threshold 0), daher bleibt LATENCY LATEST leer: CONFIG SET latency-monitor-threshold 10 (Millisekunden; CONFIG REWRITE speichert es dauerhaft)</translation>
    </message>
    <message>
        <source>LATENCY LATEST was refused: %1</source>
        <translation>LATENCY LATEST wurde abgelehnt: %1</translation>
    </message>
    <message>
        <source>INFO latencystats has no figures (Redis before 7.0, or latency-tracking no: CONFIG SET latency-tracking yes)</source>
        <translation>INFO latencystats liefert keine Werte (Redis vor 7.0 oder latency-tracking no: CONFIG SET latency-tracking yes)</translation>
    </message>
    <message>
        <source>first byte after %1</source>
        <translation>erstes Byte nach %1</translation>
    </message>
    <message>
        <source>time to first byte</source>
        <translation>Zeit bis zum ersten Byte</translation>
    </message>
</context>
<context>
    <name>opsdeck::profiler::Analysis</name>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>the role %1 cannot see other roles&apos; statements and sessions (shown as &lt;insufficient privilege&gt;): GRANT pg_read_all_stats TO %1;</source>
        <translation>die Rolle %1 kann Anweisungen und Sitzungen anderer Rollen nicht sehen (angezeigt als &lt;insufficient privilege&gt;): GRANT pg_read_all_stats TO %1;</translation>
    </message>
    <message>
        <source>track_io_timing is off, so block read/write times are 0: ALTER SYSTEM SET track_io_timing = on; SELECT pg_reload_conf();</source>
        <translation>track_io_timing ist aus, daher sind die Block-Lese-/Schreibzeiten 0: ALTER SYSTEM SET track_io_timing = on; SELECT pg_reload_conf();</translation>
    </message>
    <message>
        <source>pg_stat_statements is not in shared_preload_libraries, so there are no statement statistics: ALTER SYSTEM SET shared_preload_libraries = &apos;%1&apos;; restart PostgreSQL, then in database %2: CREATE EXTENSION pg_stat_statements;</source>
        <translation>pg_stat_statements ist nicht in shared_preload_libraries, daher gibt es keine Anweisungsstatistiken: ALTER SYSTEM SET shared_preload_libraries = &apos;%1&apos;; PostgreSQL neu starten, dann in Datenbank %2: CREATE EXTENSION pg_stat_statements;</translation>
    </message>
    <message>
        <source>pg_stat_statements is not created in database %1: CREATE EXTENSION pg_stat_statements; (as a superuser, in that database; the library must be in shared_preload_libraries)</source>
        <translation>pg_stat_statements ist in Datenbank %1 nicht angelegt: CREATE EXTENSION pg_stat_statements; (als Superuser, in dieser Datenbank; die Bibliothek muss in shared_preload_libraries stehen)</translation>
    </message>
</context>
<context>
    <name>opsdeck::profiler::FleetProfiler</name>
    <message>
        <source>not an http(s) URL: %1</source>
        <translation>keine http(s)-URL: %1</translation>
    </message>
    <message>
        <source>not a profile: %1</source>
        <translation>kein Profil: %1</translation>
    </message>
    <message>
        <source>the local collector gave no snapshot</source>
        <translation>der lokale Collector lieferte keinen Snapshot</translation>
    </message>
    <message>
        <source>no answer within %1 ms</source>
        <translation>keine Antwort innerhalb von %1 ms</translation>
    </message>
</context>
<context>
    <name>opsdeck::profiler::NetworkProbe</name>
    <message>
        <source>&quot;%1&quot; is not a valid http(s) URL</source>
        <translation>&quot;%1&quot; ist keine gültige http(s)-URL</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither an http(s) URL nor host:port</source>
        <translation>&quot;%1&quot; ist weder eine http(s)-URL noch host:port</translation>
    </message>
    <message>
        <source>cannot resolve %1: %2</source>
        <translation>%1 kann nicht aufgelöst werden: %2</translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation>TLS: %1</translation>
    </message>
    <message>
        <source>TLS is not available in this build</source>
        <translation>TLS ist in diesem Build nicht verfügbar</translation>
    </message>
    <message>
        <source>the answer exceeds %1 MiB</source>
        <translation>die Antwort überschreitet %1 MiB</translation>
    </message>
    <message>
        <source>not an HTTP answer</source>
        <translation>keine HTTP-Antwort</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP-Status %1</translation>
    </message>
    <message>
        <source>the connection closed during %1</source>
        <translation>die Verbindung wurde während %1 geschlossen</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>timed out after %1 ms during %2</source>
        <translation>Zeitüberschreitung nach %1 ms während %2</translation>
    </message>
</context>
<context>
    <name>opsdeck::profiler::ProfilerConfigFile</name>
    <message>
        <source>invalid duration in &quot;%1&quot; (use 400ms, 10s, 1m)</source>
        <translation>ungültige Dauer in &quot;%1&quot; (z. B. 400ms, 10s, 1m)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be 0s (off) or a duration up to 24h</source>
        <translation>&quot;%1&quot; muss 0s (aus) oder eine Dauer bis 24h sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be more than 0s and at most 24h</source>
        <translation>&quot;%1&quot; muss größer als 0s und höchstens 24h sein</translation>
    </message>
    <message>
        <source>&quot;profiler&quot; must be a map</source>
        <translation>&quot;profiler&quot; muss eine Map sein</translation>
    </message>
    <message>
        <source>&quot;probe_interval&quot; must be 0s (off) or at least 1s</source>
        <translation>&quot;probe_interval&quot; muss 0s (aus) oder mindestens 1s sein</translation>
    </message>
    <message>
        <source>&quot;databases&quot; must be a list</source>
        <translation>&quot;databases&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in profiler</source>
        <translation>unbekanntes Feld &quot;%1&quot; in profiler</translation>
    </message>
    <message>
        <source>each entry of &quot;databases&quot; must be a map</source>
        <translation>jeder Eintrag von &quot;databases&quot; muss eine Map sein</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be postgresql or redis</source>
        <translation>&quot;type&quot; muss postgresql oder redis sein</translation>
    </message>
    <message>
        <source>&quot;port&quot; must be a number from 1 to 65535</source>
        <translation>&quot;port&quot; muss eine Zahl von 1 bis 65535 sein</translation>
    </message>
    <message>
        <source>&quot;sslmode&quot; must be one of %1</source>
        <translation>&quot;sslmode&quot; muss einer der folgenden Werte sein: %1</translation>
    </message>
    <message>
        <source>&quot;url&quot;: %1</source>
        <translation>&quot;url&quot;: %1</translation>
    </message>
    <message>
        <source>&quot;url&quot; must not hold the password: put it in a file and name it in &quot;password_file&quot;</source>
        <translation>&quot;url&quot; darf kein Passwort enthalten: in einer Datei ablegen und diese in &quot;password_file&quot; angeben</translation>
    </message>
    <message>
        <source>a database password is never inline: put it in a file readable only by opsdeck and name it in &quot;password_file&quot;</source>
        <translation>ein Datenbankpasswort steht nie direkt in der Konfiguration: in einer nur für opsdeck lesbaren Datei ablegen und diese in &quot;password_file&quot; angeben</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in profiler.databases</source>
        <translation>unbekanntes Feld &quot;%1&quot; in profiler.databases</translation>
    </message>
    <message>
        <source>a database target needs a &quot;name&quot;</source>
        <translation>ein Datenbankziel benötigt einen &quot;name&quot;</translation>
    </message>
    <message>
        <source>a database target named &quot;%1&quot; is already defined</source>
        <translation>ein Datenbankziel namens &quot;%1&quot; ist bereits definiert</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot; needs a &quot;type&quot; (postgresql or redis)</source>
        <translation>Datenbankziel &quot;%1&quot; benötigt einen &quot;type&quot; (postgresql oder redis)</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot;: &quot;url&quot; is for redis targets; a postgresql target takes host, port, database and user</source>
        <translation>Datenbankziel &quot;%1&quot;: &quot;url&quot; ist für Redis-Ziele; ein PostgreSQL-Ziel verwendet host, port, database und user</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot; needs a &quot;host&quot;</source>
        <translation>Datenbankziel &quot;%1&quot; benötigt einen &quot;host&quot;</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot; needs a &quot;user&quot;</source>
        <translation>Datenbankziel &quot;%1&quot; benötigt einen &quot;user&quot;</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot;: %2 are for postgresql targets; a redis target takes url and password_file</source>
        <translation>Datenbankziel &quot;%1&quot;: %2 sind für PostgreSQL-Ziele; ein Redis-Ziel verwendet url und password_file</translation>
    </message>
    <message>
        <source>database target &quot;%1&quot; needs a &quot;url&quot; (redis://host:port[/db])</source>
        <translation>Datenbankziel &quot;%1&quot; benötigt eine &quot;url&quot; (redis://host:port[/db])</translation>
    </message>
    <message>
        <source>cannot read the password file %1 of database target &quot;%2&quot;: %3</source>
        <translation>Passwortdatei %1 des Datenbankziels &quot;%2&quot; kann nicht gelesen werden: %3</translation>
    </message>
</context>
<context>
    <name>opsdeck::profiler::ProfilerService</name>
    <message>
        <source>CPU profiles of this machine need the in-process profiler, which this build lacks; run opsdeck-agent here and add it as a target</source>
        <translation>CPU-Profile dieses Rechners erfordern den In-Process-Profiler, der in diesem Build fehlt; opsdeck-agent hier ausführen und als Ziel hinzufügen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>no target named %1</source>
        <translation>kein Ziel namens %1</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>not a CPU profile: %1</source>
        <translation>kein CPU-Profil: %1</translation>
    </message>
    <message>
        <source>no state database to read baselines from</source>
        <translation>keine Zustandsdatenbank zum Lesen der Referenzwerte vorhanden</translation>
    </message>
</context>
<context>
    <name>opsdeck::query::DataSourceRegistry</name>
    <message>
        <source>data source %1 is not configured</source>
        <translation>Datenquelle %1 ist nicht konfiguriert</translation>
    </message>
    <message>
        <source>A data source needs a name.</source>
        <translation>Eine Datenquelle braucht einen Namen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is the name of this engine&apos;s own data; choose another name.</source>
        <translation>„%1“ ist der Name der eigenen Daten dieser Engine; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; starts or ends with a space.</source>
        <translation>Der Name „%1“ beginnt oder endet mit einem Leerzeichen.</translation>
    </message>
    <message>
        <source>The URL &quot;%1&quot; is not an http:// or https:// address with a host.</source>
        <translation>Die URL „%1“ ist keine http://- oder https://-Adresse mit Host.</translation>
    </message>
    <message>
        <source>Unknown data source type &quot;%1&quot; (supported: prometheus).</source>
        <translation>Unbekannter Datenquellentyp „%1“ (unterstützt: prometheus).</translation>
    </message>
    <message>
        <source>The timeout must be between 100 ms and 10 minutes.</source>
        <translation>Das Zeitlimit muss zwischen 100 ms und 10 Minuten liegen.</translation>
    </message>
    <message>
        <source>A basic-auth password needs a user name.</source>
        <translation>Ein Basic-Auth-Passwort braucht einen Benutzernamen.</translation>
    </message>
    <message>
        <source>Use either a bearer token or basic auth, not both.</source>
        <translation>Verwenden Sie entweder ein Bearer-Token oder Basic Auth, nicht beides.</translation>
    </message>
</context>
<context>
    <name>opsdeck::query::LocalQuerySource</name>
    <message>
        <source>this engine</source>
        <translation>diese Engine</translation>
    </message>
</context>
<context>
    <name>opsdeck::remotewrite::RemoteWriteConfigFile</name>
    <message>
        <source>&quot;remote_write&quot; must be a list</source>
        <translation>&quot;remote_write&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>invalid duration in &quot;%1&quot; (use 30ms, 5s, 1m)</source>
        <translation>ungültige Dauer in &quot;%1&quot; (z. B. 30ms, 5s, 1m)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be more than 0s</source>
        <translation>&quot;%1&quot; muss größer als 0s sein</translation>
    </message>
    <message>
        <source>a remote_write entry must be a map with at least &quot;url&quot;</source>
        <translation>ein remote_write-Eintrag muss eine Zuordnung mit mindestens &quot;url&quot; sein</translation>
    </message>
    <message>
        <source>the remote_write URL must be http:// or https://host/path</source>
        <translation>die remote_write-URL muss http:// oder https://host/pfad sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in remote_write</source>
        <translation>unbekanntes Feld &quot;%1&quot; in remote_write</translation>
    </message>
    <message>
        <source>&quot;min_backoff&quot; must not exceed &quot;max_backoff&quot;</source>
        <translation>&quot;min_backoff&quot; darf &quot;max_backoff&quot; nicht überschreiten</translation>
    </message>
    <message>
        <source>two remote_write entries are named &quot;%1&quot; (set &quot;name&quot;)</source>
        <translation>zwei remote_write-Einträge heißen &quot;%1&quot; (setzen Sie &quot;name&quot;)</translation>
    </message>
    <message>
        <source>&quot;queue&quot; must be a map</source>
        <translation>&quot;queue&quot; muss eine Zuordnung sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number from 1 to %2</source>
        <translation>&quot;%1&quot; muss eine ganze Zahl von 1 bis %2 sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in queue</source>
        <translation>unbekanntes Feld &quot;%1&quot; in queue</translation>
    </message>
    <message>
        <source>&quot;write_relabel&quot; must be a list</source>
        <translation>&quot;write_relabel&quot; muss eine Liste sein</translation>
    </message>
    <message>
        <source>a write_relabel rule needs &quot;action&quot; (keep or drop) and &quot;regex&quot;</source>
        <translation>eine write_relabel-Regel braucht &quot;action&quot; (keep oder drop) und &quot;regex&quot;</translation>
    </message>
    <message>
        <source>&quot;action&quot; must be keep or drop, not &quot;%1&quot;</source>
        <translation>&quot;action&quot; muss keep oder drop sein, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <source>invalid regular expression &quot;%1&quot;: %2</source>
        <translation>ungültiger regulärer Ausdruck &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in write_relabel</source>
        <translation>unbekanntes Feld &quot;%1&quot; in write_relabel</translation>
    </message>
    <message>
        <source>the file has no &quot;remote_write&quot; list</source>
        <translation>die Datei hat keine &quot;remote_write&quot;-Liste</translation>
    </message>
</context>
<context>
    <name>opsdeck::report</name>
    <message>
        <source>now %1</source>
        <translation>jetzt %1</translation>
    </message>
    <message>
        <source>capacity %1</source>
        <translation>Kapazität %1</translation>
    </message>
    <message>
        <source>forecast ×%1</source>
        <translation>Prognose ×%1</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>ceiling %1 = %2</source>
        <translation>Obergrenze %1 = %2</translation>
    </message>
    <message>
        <source>runs out %1</source>
        <translation>erschöpft am %1</translation>
    </message>
    <message>
        <source>No forecast for this item.</source>
        <translation>Keine Prognose für dieses Objekt.</translation>
    </message>
    <message>
        <source>No forecast: %1</source>
        <translation>Keine Prognose: %1</translation>
    </message>
    <message>
        <source>history</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>80 % interval</source>
        <translation>80-%-Intervall</translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation>95-%-Intervall</translation>
    </message>
    <message>
        <source>ceiling</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>run-out</source>
        <translation>Erschöpfung</translation>
    </message>
    <message>
        <source>anomaly</source>
        <translation>Anomalie</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>export of %1 cancelled</source>
        <translation>Export von %1 abgebrochen</translation>
    </message>
    <message>
        <source>no output file given</source>
        <translation>keine Ausgabedatei angegeben</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot write %1: the PDF writer did not start</source>
        <translation>%1 kann nicht geschrieben werden: der PDF-Writer ist nicht gestartet</translation>
    </message>
    <message>
        <source>cannot write %1: a page could not be added</source>
        <translation>%1 kann nicht geschrieben werden: eine Seite konnte nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>%1 kann nicht ersetzt werden</translation>
    </message>
    <message>
        <source>cannot rename %1 to %2</source>
        <translation>%1 kann nicht in %2 umbenannt werden</translation>
    </message>
</context>
<context>
    <name>opsdeck::report::ReportDocument</name>
    <message>
        <source>Capacity report</source>
        <translation>Kapazitätsbericht</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Umfang</translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation> und %1 weitere</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>History window</source>
        <translation>Zeitfenster des Verlaufs</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <source>Forecast horizon</source>
        <translation>Vorhersagezeitraum</translation>
    </message>
    <message>
        <source>Models used</source>
        <translation>Verwendete Modelle</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Growth factor</source>
        <translation>Wachstumsfaktor</translation>
    </message>
    <message>
        <source>×1 (as observed)</source>
        <translation>×1 (wie beobachtet)</translation>
    </message>
    <message>
        <source>×%1 (what-if: forecast demand multiplied)</source>
        <translation>×%1 (Was-wäre-wenn: prognostizierter Bedarf multipliziert)</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Warnungen:</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>No resources had enough history to plan.</source>
        <translation>Für keine Ressource gab es genug Verlauf für eine Planung.</translation>
    </message>
    <message>
        <source>%1 items planned: %2 run out, %3 to order soon. The %4 items that run out soonest:</source>
        <translation>%1 Objekte geplant: %2 laufen voll, %3 bald bestellen. Die %4 Objekte, die am frühesten voll laufen:</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Time remaining (95 % interval)</source>
        <translation>Verbleibende Zeit (95-%-Intervall)</translation>
    </message>
    <message>
        <source>Run-out</source>
        <translation>Erschöpft am</translation>
    </message>
    <message>
        <source>Order by</source>
        <translation>Bestellen bis</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Current average and p95 over the last day of the window, peak over the whole window. Headroom is the room left below the ceiling at the current p95. Time remaining is until the forecast reaches the ceiling, with its 95 % interval.</source>
        <translation>Aktueller Mittelwert und p95 über den letzten Tag des Zeitfensters, Spitze über das gesamte Zeitfenster. Die Reserve ist der verbleibende Abstand zur Obergrenze beim aktuellen p95. Die verbleibende Zeit reicht, bis die Prognose die Obergrenze erreicht, mit ihrem 95-%-Intervall.</translation>
    </message>
    <message>
        <source>Avg</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>Spitze</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Ceiling</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>Headroom</source>
        <translation>Reserve</translation>
    </message>
    <message>
        <source>Growth/day</source>
        <translation>Wachstum/Tag</translation>
    </message>
    <message>
        <source>Time remaining</source>
        <translation>Verbleibende Zeit</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>MASE</source>
        <translation>MASE</translation>
    </message>
    <message>
        <source>%1 for p%2 %3</source>
        <translation>%1 für p%2 %3</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>In the order of the table. Solid line: history; dashed: forecast; shaded: 80 % (darker) and 95 % prediction intervals; dash-dot: the ceiling; vertical line: the run-out date; circles: anomalies.</source>
        <translation>In der Reihenfolge der Tabelle. Durchgezogene Linie: Verlauf; gestrichelt: Prognose; schattiert: 80-%- (dunkler) und 95-%-Prognoseintervalle; strichpunktiert: die Obergrenze; senkrechte Linie: das Erschöpfungsdatum; Kreise: Anomalien.</translation>
    </message>
    <message>
        <source>Only the first %1 of %2 items are charted.</source>
        <translation>Nur die ersten %1 von %2 Objekten sind als Diagramm dargestellt.</translation>
    </message>
    <message>
        <source>Forecast chart: %1 %2</source>
        <translation>Prognosediagramm: %1 %2</translation>
    </message>
    <message>
        <source>Anomalies in the period</source>
        <translation>Anomalien im Zeitraum</translation>
    </message>
    <message>
        <source>No anomalies were detected in the window.</source>
        <translation>Im Zeitfenster wurden keine Anomalien erkannt.</translation>
    </message>
    <message>
        <source>%1 points stood out from their seasonal pattern (robust seasonal median ± k·MAD).</source>
        <translation>%1 Punkte wichen von ihrem saisonalen Muster ab (robuster saisonaler Median ± k·MAD).</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… und %1 weitere.</translation>
    </message>
    <message>
        <source>Reclaimable capacity</source>
        <translation>Freisetzbare Kapazität</translation>
    </message>
    <message>
        <source>No CPU capacity data to assess.</source>
        <translation>Keine CPU-Kapazitätsdaten zum Bewerten.</translation>
    </message>
    <message>
        <source>%1 of %2 hosts are oversized (they need less than half of their CPU at the peak). Reclaimable in total: %3%4.</source>
        <translation>%1 von %2 Hosts sind überdimensioniert (sie brauchen in der Spitze weniger als die Hälfte ihrer CPU). Insgesamt freisetzbar: %3%4.</translation>
    </message>
    <message>
        <source>, about %1 per month</source>
        <translation>, etwa %1 pro Monat</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Needed at peak</source>
        <translation>Bedarf in der Spitze</translation>
    </message>
    <message>
        <source>Reclaimable</source>
        <translation>Freisetzbar</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Savings / month</source>
        <translation>Einsparung / Monat</translation>
    </message>
    <message>
        <source>Oversized</source>
        <translation>Überdimensioniert</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>%1: ceiling %2 of capacity, safety factor %3, lead time %4 d</source>
        <translation>%1: Obergrenze %2 der Kapazität, Sicherheitsfaktor %3, Vorlaufzeit %4 d</translation>
    </message>
    <message>
        <source>Models. Every item&apos;s history is fitted with linear least squares (as Prometheus predict_linear), polynomials of degree 2 and 3, an exponential trend, Holt&apos;s linear trend and, when a daily or weekly season is detected, a line plus the season&apos;s harmonics and additive Holt-Winters. Each model is scored by a rolling-origin backtest: it is fitted on the history up to several past points and its forecasts are compared with what happened next. The model with the lowest MASE is used.</source>
        <translation>Modelle. An den Verlauf jedes Objekts werden angepasst: die lineare Methode der kleinsten Quadrate (wie predict_linear in Prometheus), Polynome 2. und 3. Grades, ein exponentieller Trend, Holts linearer Trend und, sofern eine tägliche oder wöchentliche Saison erkannt wird, eine Gerade mit den Harmonischen der Saison sowie additives Holt-Winters. Jedes Modell wird mit einem Backtest mit rollierendem Ursprung bewertet: Es wird auf den Verlauf bis zu mehreren vergangenen Zeitpunkten angepasst, und seine Prognosen werden mit dem tatsächlichen weiteren Verlauf verglichen. Verwendet wird das Modell mit dem niedrigsten MASE.</translation>
    </message>
    <message>
        <source>MASE (mean absolute scaled error) divides the backtest&apos;s mean absolute error by that of a seasonal naive forecast (tomorrow equals today, or next week equals this week). Below 1 the model beats the naive forecast; 0.5 means half its error. sMAPE, the symmetric mean absolute percentage error, is given in the CSV export.</source>
        <translation>MASE (mean absolute scaled error, mittlerer absoluter skalierter Fehler) teilt den mittleren absoluten Fehler des Backtests durch den einer saisonalen naiven Prognose (morgen gleich heute bzw. nächste Woche gleich diese Woche). Unter 1 schlägt das Modell die naive Prognose; 0,5 bedeutet halb so viel Fehler. sMAPE, der symmetrische mittlere absolute prozentuale Fehler, steht im CSV-Export.</translation>
    </message>
    <message>
        <source>Intervals. The shaded bands are 80 % and 95 % prediction intervals: the exact least-squares prediction error for regression models, and the ETS state-space variance for Holt and Holt-Winters (Hyndman &amp; Athanasopoulos, Forecasting: Principles and Practice). Time remaining is until the forecast reaches the ceiling; its interval runs from the upper 95 % bound (earliest) to the lower 95 % bound (latest).</source>
        <translation>Intervalle. Die schattierten Bänder sind 80-%- und 95-%-Prognoseintervalle: der exakte Prognosefehler der kleinsten Quadrate für Regressionsmodelle und die Varianz des ETS-Zustandsraummodells für Holt und Holt-Winters (Hyndman &amp; Athanasopoulos, Forecasting: Principles and Practice). Die verbleibende Zeit reicht bis zum Erreichen der Obergrenze durch die Prognose; ihr Intervall reicht von der oberen 95-%-Grenze (frühester Zeitpunkt) bis zur unteren 95-%-Grenze (spätester Zeitpunkt).</translation>
    </message>
    <message>
        <source>Ceilings and safety factor. A resource is planned against a ceiling, the fraction of capacity that may be used (85 % for CPU by default), not against 100 %. Recommended sizes cover the forecast peak at the horizon at the ceiling, multiplied by the safety factor.</source>
        <translation>Obergrenzen und Sicherheitsfaktor. Eine Ressource wird gegen eine Obergrenze geplant, den Anteil der Kapazität, der genutzt werden darf (standardmäßig 85 % bei CPU), nicht gegen 100 %. Empfohlene Größen decken die prognostizierte Spitze am Ende des Vorhersagezeitraums bei der Obergrenze ab, multipliziert mit dem Sicherheitsfaktor.</translation>
    </message>
    <message>
        <source>Lead time and status. The order-by date is the earliest plausible run-out minus the procurement lead time. Red: already above the ceiling, or the forecast itself reaches it inside the lead time. Amber: the earliest run-out falls within the lead time plus 90 days. Green: later or never within the horizon.</source>
        <translation>Vorlaufzeit und Status. Das Datum „Bestellen bis“ ist die früheste plausible Erschöpfung abzüglich der Beschaffungsvorlaufzeit. Rot: bereits über der Obergrenze, oder die Prognose selbst erreicht sie innerhalb der Vorlaufzeit. Gelb: Die früheste Erschöpfung fällt in die Vorlaufzeit plus 90 Tage. Grün: später oder nie innerhalb des Vorhersagezeitraums.</translation>
    </message>
    <message>
        <source>Erlang C. Request rates with a latency target are sized with the M/M/c queue (Erlang C): the smallest number of servers for which the chosen response-time percentile at the forecast arrival rate meets the target; the computed percentile is shown beside the count.</source>
        <translation>Erlang C. Anfrageraten mit einem Latenzziel werden mit der M/M/c-Warteschlange (Erlang C) dimensioniert: die kleinste Anzahl von Servern, bei der das gewählte Perzentil der Antwortzeit bei der prognostizierten Ankunftsrate das Ziel erfüllt; das berechnete Perzentil steht neben der Anzahl.</translation>
    </message>
    <message>
        <source>Growth factor. A what-if growth factor multiplies the forecast demand (and its intervals) before dates and sizes are computed; history is shown as observed.</source>
        <translation>Wachstumsfaktor. Ein Was-wäre-wenn-Wachstumsfaktor multipliziert den prognostizierten Bedarf (und seine Intervalle), bevor Daten und Größen berechnet werden; der Verlauf wird wie beobachtet dargestellt.</translation>
    </message>
    <message>
        <source>Anomalies. A point is marked when it lies more than k robust deviations (1.4826 × median absolute deviation) from the median of the same time in previous seasons, with a floor so a flat series does not flag tiny changes.</source>
        <translation>Anomalien. Ein Punkt wird markiert, wenn er um mehr als k robuste Abweichungen (1,4826 × mediane absolute Abweichung) vom Median desselben Zeitpunkts in vorherigen Saisons abweicht, mit einer Untergrenze, damit eine flache Reihe keine winzigen Änderungen meldet.</translation>
    </message>
    <message>
        <source>Assumptions and method</source>
        <translation>Annahmen und Methode</translation>
    </message>
    <message>
        <source>Settings used:</source>
        <translation>Verwendete Einstellungen:</translation>
    </message>
    <message>
        <source>%1 hosts, %2 items, history %3 – %4, forecast %5 ahead.</source>
        <translation>%1 Hosts, %2 Objekte, Verlauf %3 – %4, Prognose %5 voraus.</translation>
    </message>
</context>
<context>
    <name>opsdeck::scrape::ConnectionTester</name>
    <message>
        <source>node_exporter-compatible</source>
        <translation>node_exporter-kompatibel</translation>
    </message>
    <message>
        <source>Prometheus metrics</source>
        <translation>Prometheus-Metriken</translation>
    </message>
    <message>
        <source>%1: %2 samples in %3 families, %4 ms.</source>
        <translation>%1: %2 Messwerte in %3 Metrikfamilien, %4 ms.</translation>
    </message>
    <message>
        <source>opsdeck-agent %1, token accepted.</source>
        <translation>opsdeck-agent %1, Token akzeptiert.</translation>
    </message>
    <message>
        <source>opsdeck-agent %1 on %2, token accepted.</source>
        <translation>opsdeck-agent %1 auf %2, Token akzeptiert.</translation>
    </message>
    <message>
        <source>The agent&apos;s API refused the token (%1): metrics work, agent control will not.</source>
        <translation>Die API des Agenten hat das Token abgelehnt (%1): Metriken funktionieren, die Agentensteuerung nicht.</translation>
    </message>
    <message>
        <source>Not an opsdeck-agent (no /api/v1/info).</source>
        <translation>Kein opsdeck-agent (kein /api/v1/info).</translation>
    </message>
    <message>
        <source>Could not ask for agent info: %1</source>
        <translation>Agenteninformationen konnten nicht abgefragt werden: %1</translation>
    </message>
</context>
<context>
    <name>opsdeck::scrape::ScrapeConnection</name>
    <message>
        <source>response headers too large</source>
        <translation>Antwort-Header zu groß</translation>
    </message>
    <message>
        <source>invalid HTTP response from the target</source>
        <translation>ungültige HTTP-Antwort vom Ziel</translation>
    </message>
    <message>
        <source>invalid Content-Length in the response</source>
        <translation>ungültige Content-Length in der Antwort</translation>
    </message>
    <message>
        <source>invalid chunked encoding</source>
        <translation>ungültige Chunked-Kodierung</translation>
    </message>
</context>
<context>
    <name>opsdeck::scrape::ScrapeManager</name>
    <message>
        <source>no such target</source>
        <translation>dieses Ziel gibt es nicht</translation>
    </message>
</context>
<context>
    <name>opsdeck::scrape::ScrapeRequest</name>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>connection closed by the target before it answered</source>
        <translation>Verbindung vom Ziel geschlossen, bevor es geantwortet hat</translation>
    </message>
    <message>
        <source>host not found: %1</source>
        <translation>Host nicht gefunden: %1</translation>
    </message>
    <message>
        <source>timeout after %1 ms</source>
        <translation>Zeitüberschreitung nach %1 ms</translation>
    </message>
    <message>
        <source>network unavailable</source>
        <translation>Netzwerk nicht verfügbar</translation>
    </message>
    <message>
        <source>TLS handshake failed (%1) — check the CA file or the insecure setting</source>
        <translation>TLS-Handshake fehlgeschlagen (%1) — prüfen Sie die CA-Datei oder die Einstellung „Zertifikat nicht prüfen“</translation>
    </message>
    <message>
        <source>too many redirects</source>
        <translation>zu viele Weiterleitungen</translation>
    </message>
    <message>
        <source>refused a redirect from https to http</source>
        <translation>Weiterleitung von https auf http abgelehnt</translation>
    </message>
    <message>
        <source>proxy error: %1</source>
        <translation>Proxy-Fehler: %1</translation>
    </message>
    <message>
        <source>cannot read a PEM certificate from CA file %1</source>
        <translation>aus der CA-Datei %1 lässt sich kein PEM-Zertifikat lesen</translation>
    </message>
    <message>
        <source>response body exceeds the limit of %1 bytes</source>
        <translation>die Antwort überschreitet die Grenze von %1 Bytes</translation>
    </message>
</context>
<context>
    <name>opsdeck::scrape::ScrapeTarget</name>
    <message>
        <source>URL must be http:// or https://</source>
        <translation>die URL muss mit http:// oder https:// beginnen</translation>
    </message>
    <message>
        <source>URL has no host</source>
        <translation>die URL enthält keinen Host</translation>
    </message>
    <message>
        <source>interval must be at least %1 ms</source>
        <translation>das Intervall muss mindestens %1 ms betragen</translation>
    </message>
    <message>
        <source>timeout must be positive and not longer than the interval</source>
        <translation>das Zeitlimit muss positiv sein und darf nicht länger als das Intervall sein</translation>
    </message>
    <message>
        <source>job must not be empty</source>
        <translation>der Job darf nicht leer sein</translation>
    </message>
</context>
<context>
    <name>opsdeck::scrape::TargetCatalog</name>
    <message>
        <source>this URL is already configured as job &quot;%1&quot;, instance &quot;%2&quot; (target %3)</source>
        <translation>diese URL ist bereits als Job „%1“, Instanz „%2“ eingerichtet (Ziel %3)</translation>
    </message>
    <message>
        <source>There is no stored target with id %1.</source>
        <translation>Es gibt kein gespeichertes Ziel mit der ID %1.</translation>
    </message>
</context>
<context>
    <name>opsdeck::scrape::TargetListFile</name>
    <message>
        <source>&quot;%1&quot; is not a valid label name (letters, digits and _, not starting with a digit)</source>
        <translation>„%1“ ist kein gültiger Label-Name (Buchstaben, Ziffern und _, nicht mit einer Ziffer am Anfang)</translation>
    </message>
    <message>
        <source>job must not be empty</source>
        <translation>der Job darf nicht leer sein</translation>
    </message>
    <message>
        <source>JSON error at line %1, column %2: %3</source>
        <translation>JSON-Fehler in Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>a file_sd list must be a JSON array of {&quot;targets&quot;: [...], &quot;labels&quot;: {...}}</source>
        <translation>eine file_sd-Liste muss ein JSON-Array aus {&quot;targets&quot;: [...], &quot;labels&quot;: {...}} sein</translation>
    </message>
    <message>
        <source>entry %1: </source>
        <translation>Eintrag %1: </translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <source>&quot;targets&quot; must be an array of &quot;host:port&quot; strings</source>
        <translation>&quot;targets&quot; muss ein Array aus &quot;host:port&quot;-Zeichenketten sein</translation>
    </message>
    <message>
        <source>&quot;labels&quot; must be an object of strings</source>
        <translation>&quot;labels&quot; muss ein Objekt aus Zeichenketten sein</translation>
    </message>
    <message>
        <source>value of label &quot;%1&quot; is not a string</source>
        <translation>der Wert des Labels „%1“ ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>__scheme__ must be http or https, not &quot;%1&quot;</source>
        <translation>__scheme__ muss http oder https sein, nicht „%1“</translation>
    </message>
    <message>
        <source>target %1 must be a &quot;host:port&quot; string</source>
        <translation>Ziel %1 muss eine &quot;host:port&quot;-Zeichenkette sein</translation>
    </message>
    <message>
        <source>target &quot;%1&quot;: %2</source>
        <translation>Ziel „%1“: %2</translation>
    </message>
    <message>
        <source>the file lists no targets</source>
        <translation>die Datei enthält keine Ziele</translation>
    </message>
    <message>
        <source>line %1: </source>
        <translation>Zeile %1: </translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a URL</source>
        <translation>„%1“ ist keine URL</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a key=value label</source>
        <translation>„%1“ ist kein Label der Form key=value</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not name=value</source>
        <translation>„%1“ hat nicht die Form name=value</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid label name</source>
        <translation>„%1“ ist kein gültiger Label-Name</translation>
    </message>
    <message>
        <source>set %1 in its own field, not as a label</source>
        <translation>tragen Sie %1 in seinem eigenen Feld ein, nicht als Label</translation>
    </message>
</context>
<context>
    <name>opsdeck::sources::DataSourceCatalog</name>
    <message>
        <source>There is no stored data source &quot;%1&quot;.</source>
        <translation>Es gibt keine gespeicherte Datenquelle „%1“.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is configured in the engine&apos;s config file; change it there.</source>
        <translation>„%1“ ist in der Konfigurationsdatei der Engine konfiguriert; ändern Sie sie dort.</translation>
    </message>
    <message>
        <source>A data source named &quot;%1&quot; already exists.</source>
        <translation>Eine Datenquelle namens „%1“ existiert bereits.</translation>
    </message>
    <message>
        <source>There is no state database to store data sources in.</source>
        <translation>Es gibt keine Zustandsdatenbank, in der Datenquellen gespeichert werden könnten.</translation>
    </message>
</context>
</TS>
