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
        <source>Alert rules, the alert inbox with click-to-acknowledge, silences, grouping and notifications (webhook, Slack, PagerDuty, email, SMS).</source>
        <translation>Alarmregeln, der Alarm-Posteingang mit Bestätigen per Klick, Stummschaltungen, Gruppierung und Benachrichtigungen (Webhook, Slack, PagerDuty, E-Mail, SMS).</translation>
    </message>
    <message>
        <source>Meanwhile, the Agents page shows which targets are down, and the Dashboard shows every host live.</source>
        <translation>Bis dahin zeigt die Seite „Agenten“, welche Ziele nicht erreichbar sind, und das Dashboard zeigt jeden Host live.</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Hit ratios, latency and evictions of the multi-level cache (L1 memory, L2 Redis, L3 SQLite).</source>
        <translation>Trefferquoten, Latenz und Verdrängungen des mehrstufigen Caches (L1 Arbeitsspeicher, L2 Redis, L3 SQLite).</translation>
    </message>
    <message>
        <source>Meanwhile, Redis&apos;s own metrics can be scraped from a redis exporter on the Agents page.</source>
        <translation>Bis dahin lassen sich die Metriken von Redis selbst über einen redis exporter auf der Seite „Agenten“ abrufen.</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Forecasts, time to exhaustion, sizing and capacity reports (PDF, HTML, CSV).</source>
        <translation>Prognosen, Zeit bis zur Erschöpfung, Dimensionierung und Kapazitätsberichte (PDF, HTML, CSV).</translation>
    </message>
    <message>
        <source>Meanwhile, &lt;tt&gt;opsdeck query &apos;predict_linear(...)&apos;&lt;/tt&gt; answers simple run-out questions from a terminal.</source>
        <translation>Bis dahin beantwortet &lt;tt&gt;opsdeck query &apos;predict_linear(...)&apos;&lt;/tt&gt; im Terminal einfache Fragen, wann eine Ressource zur Neige geht.</translation>
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
        <source>Profiling snapshots, bottleneck detection and optimization recommendations.</source>
        <translation>Profiling-Snapshots, Engpasserkennung und Optimierungsempfehlungen.</translation>
    </message>
    <message>
        <source>Meanwhile, the agent&apos;s top processes by CPU, memory and I/O are in its metrics (opsdeck_process_*).</source>
        <translation>Bis dahin stehen die Top-Prozesse eines Agenten nach CPU, Arbeitsspeicher und I/O in seinen Metriken (opsdeck_process_*).</translation>
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
        <source>alerts: not set up</source>
        <translation>Alarme: nicht eingerichtet</translation>
    </message>
    <message>
        <source>Alerting is not available yet in this build</source>
        <translation>Alarmierung ist in dieser Version noch nicht verfügbar</translation>
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
        <source>agents %1/%2 up · ingest %3 samples/s · %4 series · %5 · alerts not set up · db %6</source>
        <translation>Agenten %1/%2 erreichbar · Aufnahme %3 Messwerte/s · %4 Zeitreihen · %5 · Alarme nicht eingerichtet · DB %6</translation>
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
    <name>QObject</name>
    <message>
        <source>OpsDeck cannot start</source>
        <translation>OpsDeck kann nicht starten</translation>
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
        <source>State database:</source>
        <translation>Zustandsdatenbank:</translation>
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
            <numerusform>%n Alarm aktiv</numerusform>
            <numerusform>%n Alarme aktiv</numerusform>
        </translation>
    </message>
    <message>
        <source>no alerts firing</source>
        <translation>keine Alarme aktiv</translation>
    </message>
    <message>
        <source>OpsDeck — %1 · %2</source>
        <translation>OpsDeck — %1 · %2</translation>
    </message>
</context>
<context>
    <name>opsdeck::Engine</name>
    <message>
        <source>Cannot create the data folder for OpsDeck&apos;s state database.</source>
        <translation>Der Datenordner für die Zustandsdatenbank von OpsDeck kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>this URL is already configured as job &quot;%1&quot;, instance &quot;%2&quot; (target %3)</source>
        <translation>diese URL ist bereits als Job „%1“, Instanz „%2“ eingerichtet (Ziel %3)</translation>
    </message>
    <message>
        <source>The engine is not running.</source>
        <translation>Die Engine läuft nicht.</translation>
    </message>
    <message>
        <source>There is no stored target with id %1.</source>
        <translation>Es gibt kein gespeichertes Ziel mit der ID %1.</translation>
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
    <name>opsdeck::storage::DashboardRepository</name>
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
</TS>
