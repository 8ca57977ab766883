<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>mammolens::ui::AboutDialog</name>
    <message>
        <source>About MammoLens</source>
        <translation>Über MammoLens</translation>
    </message>
    <message>
        <source>&lt;h2&gt;MammoLens&lt;/h2&gt;&lt;p&gt;Screening mammography review workstation with GMIC decision support.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;MammoLens&lt;/h2&gt;&lt;p&gt;Befundungsarbeitsplatz für das Mammographie-Screening mit GMIC-Entscheidungsunterstützung.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>Kein Modell geladen.</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>Modelle:</translation>
    </message>
    <message>
        <source>Run Self-Test</source>
        <translation>Selbsttest ausführen</translation>
    </message>
    <message>
        <source>Self-test running...</source>
        <translation>Selbsttest läuft...</translation>
    </message>
    <message>
        <source>&lt;b&gt;Self-test passed.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Selbsttest bestanden.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Self-test FAILED.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Selbsttest FEHLGESCHLAGEN.&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::HangingView</name>
    <message>
        <source>No %1 image in this exam</source>
        <translation>Keine %1-Aufnahme in dieser Untersuchung</translation>
    </message>
</context>
<context>
    <name>mammolens::app::InferenceWorker</name>
    <message>
        <source>No model loaded.</source>
        <translation>Kein Modell geladen.</translation>
    </message>
    <message>
        <source>%1 is a demonstration model trained on synthetic data, not for clinical use</source>
        <translation>%1 ist ein Demonstrationsmodell, trainiert mit synthetischen Daten, nicht für den klinischen Einsatz</translation>
    </message>
    <message>
        <source>%1 has random weights: its numbers mean nothing</source>
        <translation>%1 hat Zufallsgewichte: seine Zahlen bedeuten nichts</translation>
    </message>
    <message>
        <source>%1 holds test weights</source>
        <translation>%1 enthält Testgewichte</translation>
    </message>
    <message>
        <source>%1 has weights of unknown origin</source>
        <translation>%1 hat Gewichte unbekannter Herkunft</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::MainWindow</name>
    <message>
        <source>MammoLens</source>
        <translation>MammoLens</translation>
    </message>
    <message>
        <source>No exam open</source>
        <translation>Keine Untersuchung geöffnet</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open Exam &amp;Folder...</source>
        <translation>Untersuchungs&amp;ordner öffnen...</translation>
    </message>
    <message>
        <source>Open exam folder</source>
        <translation>Untersuchungsordner öffnen</translation>
    </message>
    <message>
        <source>Open an exam folder</source>
        <translation>Einen Untersuchungsordner öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Files...</source>
        <translation>&amp;Dateien öffnen...</translation>
    </message>
    <message>
        <source>Open exam files</source>
        <translation>Untersuchungsdateien öffnen</translation>
    </message>
    <message>
        <source>Exams (*.dcm *.dicom *.png *.json DICOMDIR);;All files (*)</source>
        <translation>Untersuchungen (*.dcm *.dicom *.png *.json DICOMDIR);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Recent Exams</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Next Exam</source>
        <translation>&amp;Nächste Untersuchung</translation>
    </message>
    <message>
        <source>Next exam in the list</source>
        <translation>Nächste Untersuchung der Liste</translation>
    </message>
    <message>
        <source>&amp;Previous Exam</source>
        <translation>&amp;Vorherige Untersuchung</translation>
    </message>
    <message>
        <source>Previous exam in the list</source>
        <translation>Vorherige Untersuchung der Liste</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Load Model Files...</source>
        <translation>Modell&amp;dateien laden...</translation>
    </message>
    <message>
        <source>Load GMIC model files (up to five make an ensemble)</source>
        <translation>GMIC-Modelldateien laden (bis zu fünf bilden ein Ensemble)</translation>
    </message>
    <message>
        <source>Model files (*.safetensors *.pt *.pth *.p);;All files (*)</source>
        <translation>Modelldateien (*.safetensors *.pt *.pth *.p);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Cancel Inference</source>
        <translation>Auswertung &amp;abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running inference</source>
        <translation>Die laufende Auswertung abbrechen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Toggle Benign Overlay</source>
        <translation>Benigne Überlagerung ein/aus</translation>
    </message>
    <message>
        <source>Toggle Malignant Overlay</source>
        <translation>Maligne Überlagerung ein/aus</translation>
    </message>
    <message>
        <source>Toggle ROI Patches</source>
        <translation>ROI-Ausschnitte ein/aus</translation>
    </message>
    <message>
        <source>Increase Overlay Opacity</source>
        <translation>Deckkraft der Überlagerung erhöhen</translation>
    </message>
    <message>
        <source>Increase overlay opacity</source>
        <translation>Deckkraft der Überlagerung erhöhen</translation>
    </message>
    <message>
        <source>Decrease Overlay Opacity</source>
        <translation>Deckkraft der Überlagerung verringern</translation>
    </message>
    <message>
        <source>Decrease overlay opacity</source>
        <translation>Deckkraft der Überlagerung verringern</translation>
    </message>
    <message>
        <source>&amp;Reset Views</source>
        <translation>Ansichten &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Reset zoom, pan and window/level</source>
        <translation>Zoom, Verschiebung und Fensterung zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Auto Window/Level</source>
        <translation>&amp;Automatische Fensterung</translation>
    </message>
    <message>
        <source>Automatic window/level</source>
        <translation>Automatische Fensterung</translation>
    </message>
    <message>
        <source>Next DICOM &amp;Preset</source>
        <translation>Nächste DICOM-&amp;Voreinstellung</translation>
    </message>
    <message>
        <source>Next window/level preset of the images</source>
        <translation>Nächste Fenster-Voreinstellung der Aufnahmen</translation>
    </message>
    <message>
        <source>&amp;Magnifier</source>
        <translation>&amp;Lupe</translation>
    </message>
    <message>
        <source>Magnifier loupe on/off</source>
        <translation>Lupe ein/aus</translation>
    </message>
    <message>
        <source>&amp;True Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>True-size display from the pixel spacing</source>
        <translation>Anzeige in Originalgröße aus dem Pixelabstand</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Vollbild</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>Diese Liste</translation>
    </message>
    <message>
        <source>&amp;About MammoLens</source>
        <translation>&amp;Über MammoLens</translation>
    </message>
    <message>
        <source>Overlays</source>
        <translation>Überlagerungen</translation>
    </message>
    <message>
        <source>Benign</source>
        <translation>Benigne</translation>
    </message>
    <message>
        <source>Malignant</source>
        <translation>Maligne</translation>
    </message>
    <message>
        <source>Patches</source>
        <translation>Ausschnitte</translation>
    </message>
    <message>
        <source>Green/red ramps</source>
        <translation>Grün/Rot-Verläufe</translation>
    </message>
    <message>
        <source>Perceptual (viridis/magma)</source>
        <translation>Wahrnehmungsgleich (viridis/magma)</translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation>Glatt</translation>
    </message>
    <message>
        <source> Opacity </source>
        <translation> Deckkraft </translation>
    </message>
    <message>
        <source> Threshold </source>
        <translation> Schwelle </translation>
    </message>
    <message>
        <source> Layout </source>
        <translation> Anordnung </translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <source>ROI Patches</source>
        <translation>ROI-Ausschnitte</translation>
    </message>
    <message>
        <source>NOT FOR DIAGNOSIS - the model is not a validated clinical model (%1). Its numbers and maps must not be used to make a clinical decision.</source>
        <translation>NICHT FÜR DIE DIAGNOSE - das Modell ist kein validiertes klinisches Modell (%1). Seine Zahlen und Karten dürfen nicht für klinische Entscheidungen verwendet werden.</translation>
    </message>
    <message>
        <source>Loading %1...</source>
        <translation>Lade %1...</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source> - %n warning(s)</source>
        <translation>
            <numerusform> - %n Warnung</numerusform>
            <numerusform> - %n Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Mouse: left drag = window/level, wheel = zoom, middle or right drag = pan.</source>
        <translation>Maus: links ziehen = Fensterung, Rad = Zoom, Mitte oder rechts ziehen = verschieben.</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The language changes the next time MammoLens starts.</source>
        <translation>Die Sprache wechselt beim nächsten Start von MammoLens.</translation>
    </message>
    <message>
        <source>P&amp;ACS...</source>
        <translation>P&amp;ACS...</translation>
    </message>
    <message>
        <source>PACS browser: search, retrieve into the worklist</source>
        <translation>PACS-Browser: suchen, in die Arbeitsliste abrufen</translation>
    </message>
    <message>
        <source>Model &amp;Manager...</source>
        <translation>Modell&amp;verwaltung...</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::ModelManagerDialog</name>
    <message>
        <source>Model Manager</source>
        <translation>Modellverwaltung</translation>
    </message>
    <message>
        <source>Models (their mean is the prediction; at most %1):</source>
        <translation>Modelle (ihr Mittelwert ist die Vorhersage; höchstens %1):</translation>
    </message>
    <message>
        <source>Add...</source>
        <translation>Hinzufügen...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>CUDA GPU (not available here)</source>
        <translation>CUDA-GPU (hier nicht verfügbar)</translation>
    </message>
    <message>
        <source>Run on:</source>
        <translation>Ausführen auf:</translation>
    </message>
    <message>
        <source>all cores (%1)</source>
        <translation>alle Kerne (%1)</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU-Threads:</translation>
    </message>
    <message>
        <source>Add Model Files</source>
        <translation>Modelldateien hinzufügen</translation>
    </message>
    <message>
        <source>Model files (*.safetensors *.pt *.pth *.p *.pkl);;All files (*)</source>
        <translation>Modelldateien (*.safetensors *.pt *.pth *.p *.pkl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 (loaded when you press OK)</source>
        <translation>%1 (wird mit OK geladen)</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::PacsBrowserDialog</name>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <source>&amp;Nodes</source>
        <translation>&amp;Knoten</translation>
    </message>
    <message>
        <source>Choose a node and search its studies.</source>
        <translation>Wählen Sie einen Knoten und durchsuchen Sie seine Studien.</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <source>&amp;Echo</source>
        <translation>&amp;Echo</translation>
    </message>
    <message>
        <source>Check that the node answers (C-ECHO)</source>
        <translation>Prüfen, ob der Knoten antwortet (C-ECHO)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>FAMILY^GIVEN, * and ? allowed</source>
        <translation>NACHNAME^VORNAME, * und ? erlaubt</translation>
    </message>
    <message>
        <source>Mammography (MG)</source>
        <translation>Mammographie (MG)</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>&amp;Query</source>
        <translation>&amp;Abfragen</translation>
    </message>
    <message>
        <source>Patient ID:</source>
        <translation>Patienten-ID:</translation>
    </message>
    <message>
        <source>Patient name:</source>
        <translation>Patientenname:</translation>
    </message>
    <message>
        <source>Accession number:</source>
        <translation>Auftragsnummer:</translation>
    </message>
    <message>
        <source>Study date from:</source>
        <translation>Studiendatum von:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>bis:</translation>
    </message>
    <message>
        <source>Modality:</source>
        <translation>Modalität:</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>Patienten-ID</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Studiendatum</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Accession</source>
        <translation>Auftragsnummer</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Aufnahmen</translation>
    </message>
    <message>
        <source>&amp;Retrieve</source>
        <translation>A&amp;brufen</translation>
    </message>
    <message>
        <source>Retrieve the selected studies into the worklist</source>
        <translation>Die ausgewählten Studien in die Arbeitsliste abrufen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Echo...</source>
        <translation>Echo...</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Wird abgebrochen...</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>AE-Titel</translation>
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
        <source>C-GET</source>
        <translation>C-GET</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Retrieve with C-GET (else C-MOVE to our storage SCP)</source>
        <translation>Mit C-GET abrufen (sonst C-MOVE an unseren Storage-SCP)</translation>
    </message>
    <message>
        <source>Default node</source>
        <translation>Standardknoten</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>AE title:</source>
        <translation>AE-Titel:</translation>
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
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Save Node</source>
        <translation>Knoten speichern</translation>
    </message>
    <message>
        <source>Remove Node</source>
        <translation>Knoten entfernen</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>Diese Arbeitsstation</translation>
    </message>
    <message>
        <source>Receive studies pushed to this workstation while it runs</source>
        <translation>Studien empfangen, die an diese Arbeitsstation gesendet werden, solange sie läuft</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Our AE title:</source>
        <translation>Unser AE-Titel:</translation>
    </message>
    <message>
        <source>Storage SCP port:</source>
        <translation>Port des Storage-SCP:</translation>
    </message>
    <message>
        <source>Our AE title must be 1 to 16 characters.</source>
        <translation>Unser AE-Titel muss 1 bis 16 Zeichen lang sein.</translation>
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
        <source>No PACS node is configured: add one on the Nodes page.</source>
        <translation>Kein PACS-Knoten eingerichtet: fügen Sie einen auf der Seite Knoten hinzu.</translation>
    </message>
    <message>
        <source>Searching %1...</source>
        <translation>Durchsuche %1...</translation>
    </message>
    <message>
        <source>Retrieving %1 studies from %2...</source>
        <translation>Rufe %1 Studien von %2 ab...</translation>
    </message>
    <message>
        <source>%1 answers (%2 ms)</source>
        <translation>%1 antwortet (%2 ms)</translation>
    </message>
    <message>
        <source>Echo: %1 answers.</source>
        <translation>Echo: %1 antwortet.</translation>
    </message>
    <message>
        <source>Echo failed</source>
        <translation>Echo fehlgeschlagen</translation>
    </message>
    <message>
        <source>No study matches.</source>
        <translation>Keine passende Studie.</translation>
    </message>
    <message>
        <source>Studies found: %1. Select and retrieve them into the worklist.</source>
        <translation>Gefundene Studien: %1. Wählen Sie sie aus und rufen Sie sie in die Arbeitsliste ab.</translation>
    </message>
    <message>
        <source>Study %1 of %2: %v of %m images</source>
        <translation>Studie %1 von %2: %v von %m Aufnahmen</translation>
    </message>
    <message>
        <source>Retrieving study %1 of %2...</source>
        <translation>Rufe Studie %1 von %2 ab...</translation>
    </message>
    <message>
        <source>Retrieved into the worklist: %1 of %2 studies.</source>
        <translation>In die Arbeitsliste abgerufen: %1 von %2 Studien.</translation>
    </message>
    <message>
        <source>Retrieval cancelled: %1 of %2 studies retrieved.</source>
        <translation>Abruf abgebrochen: %1 von %2 Studien abgerufen.</translation>
    </message>
    <message>
        <source>%1 of %2 studies retrieved. %3</source>
        <translation>%1 von %2 Studien abgerufen. %3</translation>
    </message>
    <message>
        <source>%1 is not reachable: nothing answers at its host and port. Is the node running, and are host and port right?</source>
        <translation>%1 ist nicht erreichbar: unter Host und Port antwortet niemand. Läuft der Knoten, und stimmen Host und Port?</translation>
    </message>
    <message>
        <source>%1 rejected the association: check its AE title and that it knows our AE title.</source>
        <translation>%1 hat die Assoziation abgelehnt: prüfen Sie seinen AE-Titel und ob er unseren AE-Titel kennt.</translation>
    </message>
    <message>
        <source>%1 does not support this request (C-GET?): retrieve with C-MOVE instead.</source>
        <translation>%1 unterstützt diese Anfrage nicht (C-GET?): rufen Sie stattdessen mit C-MOVE ab.</translation>
    </message>
    <message>
        <source>Timeout: %1 stopped answering.</source>
        <translation>Zeitüberschreitung: %1 antwortet nicht mehr.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost.</source>
        <translation>Die Verbindung zu %1 ist abgebrochen.</translation>
    </message>
    <message>
        <source>The retrieval from %1 was incomplete; nothing of the study was kept.</source>
        <translation>Der Abruf von %1 war unvollständig; von der Studie wurde nichts behalten.</translation>
    </message>
    <message>
        <source>%1 does not know our AE title as a C-MOVE destination: add this workstation to the node&apos;s configuration, or retrieve with C-GET.</source>
        <translation>%1 kennt unseren AE-Titel nicht als C-MOVE-Ziel: tragen Sie diese Arbeitsstation in die Konfiguration des Knotens ein oder rufen Sie mit C-GET ab.</translation>
    </message>
    <message>
        <source>%1 has no images of the study.</source>
        <translation>%1 hat keine Aufnahmen der Studie.</translation>
    </message>
    <message>
        <source>%1 could not answer the search.</source>
        <translation>%1 konnte die Suche nicht beantworten.</translation>
    </message>
    <message>
        <source>%1 did not store the images.</source>
        <translation>%1 hat die Aufnahmen nicht gespeichert.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Our storage SCP is not running (is its port in use?): retrieval by C-MOVE needs it.</source>
        <translation>Unser Storage-SCP läuft nicht (ist sein Port belegt?): der Abruf mit C-MOVE braucht ihn.</translation>
    </message>
    <message>
        <source>The local PACS cache cannot be written.</source>
        <translation>Der lokale PACS-Zwischenspeicher kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The node&apos;s settings are not valid.</source>
        <translation>Die Einstellungen des Knotens sind ungültig.</translation>
    </message>
    <message>
        <source>PACS error.</source>
        <translation>PACS-Fehler.</translation>
    </message>
    <message>
        <source>A node name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Ein Knotenname besteht aus 1 bis 64 Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos;.</translation>
    </message>
    <message>
        <source>An AE title is 1 to 16 characters, no backslash.</source>
        <translation>Ein AE-Titel hat 1 bis 16 Zeichen, ohne Backslash.</translation>
    </message>
    <message>
        <source>The node needs a host name or address.</source>
        <translation>Der Knoten braucht einen Hostnamen oder eine Adresse.</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::PatchGallery</name>
    <message>
        <source>%1 #%2  %3</source>
        <translation>%1 #%2  %3</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::ScorePanel</name>
    <message>
        <source>Show global and local network scores</source>
        <translation>Bewertungen des globalen und lokalen Netzes zeigen</translation>
    </message>
    <message>
        <source>No results. Open an exam and load a model.</source>
        <translation>Keine Ergebnisse. Öffnen Sie eine Untersuchung und laden Sie ein Modell.</translation>
    </message>
    <message>
        <source>Running: %1</source>
        <translation>Läuft: %1</translation>
    </message>
    <message>
        <source>Scores by: %1</source>
        <translation>Bewertungen von: %1</translation>
    </message>
    <message>
        <source>Benign</source>
        <translation>Benigne</translation>
    </message>
    <message>
        <source>Malignant</source>
        <translation>Maligne</translation>
    </message>
    <message>
        <source>Global B</source>
        <translation>Global B</translation>
    </message>
    <message>
        <source>Global M</source>
        <translation>Global M</translation>
    </message>
    <message>
        <source>Local B</source>
        <translation>Lokal B</translation>
    </message>
    <message>
        <source>Local M</source>
        <translation>Lokal M</translation>
    </message>
    <message>
        <source>Spread B/M</source>
        <translation>Streuung B/M</translation>
    </message>
    <message>
        <source>Right breast</source>
        <translation>Rechte Brust</translation>
    </message>
    <message>
        <source>Left breast</source>
        <translation>Linke Brust</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Untersuchung</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>running...</source>
        <translation>läuft...</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>max %1</translation>
    </message>
    <message>
        <source>mean %1
max %2</source>
        <translation>Mittel %1
max %2</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::VtkViewport</name>
    <message>
        <source>true size x%1</source>
        <translation>Originalgröße x%1</translation>
    </message>
    <message>
        <source>x%1</source>
        <translation>x%1</translation>
    </message>
    <message>
        <source>W %1  L %2  %3</source>
        <translation>W %1  L %2  %3</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Keine Aufnahme</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <source>Loading…
%1</source>
        <translation>Lädt…
%1</translation>
    </message>
    <message>
        <source>This image cannot be shown.
%1</source>
        <translation>Diese Aufnahme kann nicht angezeigt werden.
%1</translation>
    </message>
    <message>
        <source>The pixel data is not a 16-bit greyscale image.</source>
        <translation>Die Pixeldaten sind kein 16-Bit-Graustufenbild.</translation>
    </message>
</context>
<context>
    <name>mammolens::app::WorkstationController</name>
    <message>
        <source>Model not loaded</source>
        <translation>Modell nicht geladen</translation>
    </message>
    <message>
        <source>GMIC: %1, %2</source>
        <translation>GMIC: %1, %2</translation>
    </message>
    <message>
        <source>Cannot open exam</source>
        <translation>Untersuchung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Exam %1</source>
        <translation>Untersuchung %1</translation>
    </message>
    <message>
        <source>No model loaded (Model &gt; Load Model Files)</source>
        <translation>Kein Modell geladen (Modell &gt; Modelldateien laden)</translation>
    </message>
    <message>
        <source>GMIC: starting</source>
        <translation>GMIC: startet</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Wird abgebrochen...</translation>
    </message>
    <message>
        <source>GMIC cancelled</source>
        <translation>GMIC abgebrochen</translation>
    </message>
    <message>
        <source>GMIC done in %1 s on %2</source>
        <translation>GMIC fertig in %1 s auf %2</translation>
    </message>
    <message>
        <source>PACS receiver not started: port %1 cannot be opened (in use by another program?). Studies pushed to %2 will not arrive.</source>
        <translation>PACS-Empfang nicht gestartet: Port %1 kann nicht geöffnet werden (von einem anderen Programm belegt?). An %2 gesendete Studien kommen nicht an.</translation>
    </message>
    <message>
        <source>PACS receiver: accepting studies for %1 on port %2</source>
        <translation>PACS-Empfang: nimmt Studien für %1 auf Port %2 an</translation>
    </message>
    <message>
        <source>A PACS study could not be opened: %1</source>
        <translation>Eine PACS-Studie konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Exam %1 added to the worklist (%2 exams; Page Down for the next)</source>
        <translation>Untersuchung %1 zur Arbeitsliste hinzugefügt (%2 Untersuchungen; Bild ab für die nächste)</translation>
    </message>
</context>
</TS>
