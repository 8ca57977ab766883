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
    <name>mammolens::ui::AssessmentPanel</name>
    <message>
        <source>Mass</source>
        <translation>Herdbefund</translation>
    </message>
    <message>
        <source>Calcification</source>
        <translation>Verkalkung</translation>
    </message>
    <message>
        <source>Distortion</source>
        <translation>Architekturstörung</translation>
    </message>
    <message>
        <source>Asymmetry</source>
        <translation>Asymmetrie</translation>
    </message>
    <message>
        <source>BI-RADS right</source>
        <translation>BI-RADS rechts</translation>
    </message>
    <message>
        <source>BI-RADS left</source>
        <translation>BI-RADS links</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>Brustdichte</translation>
    </message>
    <message>
        <source>Recall for assessment</source>
        <translation>Wiedereinbestellung zur Abklärung</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <source>Your confidence that the exam shows a malignancy (0-100)</source>
        <translation>Ihre Sicherheit, dass die Untersuchung ein Malignom zeigt (0-100)</translation>
    </message>
    <message>
        <source>Malignancy confidence</source>
        <translation>Malignitäts-Konfidenz</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Mark (F)</source>
        <translation>Markieren (F)</translation>
    </message>
    <message>
        <source>Then click on an image to place a finding of the chosen type</source>
        <translation>Dann auf eine Aufnahme klicken, um einen Befund des gewählten Typs zu setzen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Notes (no patient identifiers)</source>
        <translation>Notizen (keine Patientenkennungen)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Start a reading session (Reading &gt; Start Session) to record assessments.</source>
        <translation>Starten Sie eine Befundungssitzung (Befundung &gt; Sitzung starten), um Beurteilungen zu erfassen.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Gespeichert %1</translation>
    </message>
    <message>
        <source>Saved %1 (%2)</source>
        <translation>Gespeichert %1 (%2)</translation>
    </message>
    <message>
        <source>post-AI assessment</source>
        <translation>Beurteilung nach KI</translation>
    </message>
    <message>
        <source>initial assessment</source>
        <translation>Erstbeurteilung</translation>
    </message>
    <message>
        <source>NOT SAVED: %1</source>
        <translation>NICHT GESPEICHERT: %1</translation>
    </message>
    <message>
        <source>Save assessment</source>
        <translation>Beurteilung speichern</translation>
    </message>
    <message>
        <source>Clinical reading: the model&apos;s results are shown.</source>
        <translation>Klinische Befundung: die Ergebnisse des Modells werden angezeigt.</translation>
    </message>
    <message>
        <source>Save assessment (Ctrl+Enter)</source>
        <translation>Beurteilung speichern (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Blinded reading: the model&apos;s results stay hidden until you commit your initial assessment.</source>
        <translation>Verblindete Befundung: die Ergebnisse des Modells bleiben verborgen, bis Sie Ihre Erstbeurteilung abschließen.</translation>
    </message>
    <message>
        <source>Commit and reveal the model (Ctrl+Enter)</source>
        <translation>Abschließen und Modell aufdecken (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Model revealed. Your initial assessment is kept; changes are saved as your post-AI assessment.</source>
        <translation>Modell aufgedeckt. Ihre Erstbeurteilung bleibt erhalten; Änderungen werden als Ihre Beurteilung nach KI gespeichert.</translation>
    </message>
    <message>
        <source>Save post-AI assessment (Ctrl+Enter)</source>
        <translation>Beurteilung nach KI speichern (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Teaching case: mark and score, then commit to see the truth and the model.</source>
        <translation>Lehrfall: markieren und beurteilen, dann abschließen, um Referenzbefund und Modell zu sehen.</translation>
    </message>
    <message>
        <source>Commit and show the truth (Ctrl+Enter)</source>
        <translation>Abschließen und Referenzbefund zeigen (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>Noch nicht gespeichert.</translation>
    </message>
    <message>
        <source> - changed since</source>
        <translation> - seitdem geändert</translation>
    </message>
    <message>
        <source>give a BI-RADS category for each breast</source>
        <translation>geben Sie für jede Brust eine BI-RADS-Kategorie an</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>unvollständig</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>negativ</translation>
    </message>
    <message>
        <source>benign</source>
        <translation>benigne</translation>
    </message>
    <message>
        <source>probably benign</source>
        <translation>wahrscheinlich benigne</translation>
    </message>
    <message>
        <source>suspicious</source>
        <translation>suspekt</translation>
    </message>
    <message>
        <source>highly suggestive</source>
        <translation>hochgradig malignitätsverdächtig</translation>
    </message>
    <message>
        <source>known malignancy</source>
        <translation>bekanntes Malignom</translation>
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
    <message>
        <source>&amp;Worklist</source>
        <translation>&amp;Arbeitsliste</translation>
    </message>
    <message>
        <source>Worklist: arrows move, Enter opens, / filters</source>
        <translation>Arbeitsliste: Pfeiltasten bewegen, Eingabe öffnet, / filtert</translation>
    </message>
    <message>
        <source>&amp;Reading</source>
        <translation>&amp;Befundung</translation>
    </message>
    <message>
        <source>&amp;Start Session...</source>
        <translation>Sitzung &amp;starten...</translation>
    </message>
    <message>
        <source>&amp;End Session</source>
        <translation>Sitzung b&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Commit Assessment</source>
        <translation>Beurteilung &amp;abschließen</translation>
    </message>
    <message>
        <source>Commit the assessment (blinded reading: then reveal the model)</source>
        <translation>Die Beurteilung abschließen (verblindete Befundung: danach das Modell aufdecken)</translation>
    </message>
    <message>
        <source>&amp;Mark Finding</source>
        <translation>Befund &amp;markieren</translation>
    </message>
    <message>
        <source>Marking on/off: a click on an image places a finding</source>
        <translation>Markieren ein/aus: ein Klick auf eine Aufnahme setzt einen Befund</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>Arbeitsliste</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Beurteilung</translation>
    </message>
    <message>
        <source>&amp;Export Report...</source>
        <translation>Bericht &amp;exportieren...</translation>
    </message>
    <message>
        <source>Export the exam report to</source>
        <translation>Untersuchungsbericht exportieren nach</translation>
    </message>
    <message>
        <source>Export the exam report (PDF and PNG)</source>
        <translation>Untersuchungsbericht exportieren (PDF und PNG)</translation>
    </message>
    <message>
        <source>Unsaved assessments</source>
        <translation>Nicht gespeicherte Beurteilungen</translation>
    </message>
    <message numerus="yes">
        <source>%n exam(s) have assessment changes that are not committed. End the session and lose them?</source>
        <translation>
            <numerusform>%n Untersuchung hat nicht abgeschlossene Änderungen der Beurteilung. Sitzung beenden und sie verwerfen?</numerusform>
            <numerusform>%n Untersuchungen haben nicht abgeschlossene Änderungen der Beurteilung. Sitzung beenden und sie verwerfen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Session S&amp;tatistics...</source>
        <translation>Sitzungs&amp;statistik...</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 cannot be read</source>
        <translation>%1 kann nicht gelesen werden</translation>
    </message>
    <message numerus="yes">
        <source>%n exam(s) have assessment changes that are not committed.

Keep them for later: the reading session stays open, and starting a session under your login next time offers to resume it with them.
Discard: the session ends and the changes are lost.</source>
        <translation>
            <numerusform>%n Untersuchung hat Änderungen an der Befundung, die nicht übernommen sind.

Für später behalten: Die Lesesitzung bleibt offen, und beim nächsten Start einer Sitzung mit Ihrer Anmeldung wird angeboten, sie damit fortzusetzen.
Verwerfen: Die Sitzung endet, und die Änderungen gehen verloren.</numerusform>
            <numerusform>%n Untersuchungen haben Änderungen an der Befundung, die nicht übernommen sind.

Für später behalten: Die Lesesitzung bleibt offen, und beim nächsten Start einer Sitzung mit Ihrer Anmeldung wird angeboten, sie damit fortzusetzen.
Verwerfen: Die Sitzung endet, und die Änderungen gehen verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Keep for Later</source>
        <translation>Für &amp;später behalten</translation>
    </message>
    <message>
        <source>Unfinished reading session</source>
        <translation>Nicht beendete Lesesitzung</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;End It and Start New</source>
        <translation>&amp;Beenden und neu beginnen</translation>
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
    <name>mammolens::app::ReadingController</name>
    <message>
        <source>Reading session not started</source>
        <translation>Befundungssitzung nicht gestartet</translation>
    </message>
    <message>
        <source>The reading store cannot be opened, so no assessment can be recorded: %1</source>
        <translation>Der Befundungsspeicher kann nicht geöffnet werden, daher kann keine Beurteilung erfasst werden: %1</translation>
    </message>
    <message>
        <source>The reading store is not open: %1</source>
        <translation>Der Befundungsspeicher ist nicht geöffnet: %1</translation>
    </message>
    <message>
        <source>The session could not be closed in the store: %1</source>
        <translation>Die Sitzung konnte im Befundungsspeicher nicht geschlossen werden: %1</translation>
    </message>
    <message>
        <source>Clinical reading</source>
        <translation>Klinische Befundung</translation>
    </message>
    <message>
        <source>Blinded second reading</source>
        <translation>Verblindete Zweitbefundung</translation>
    </message>
    <message>
        <source>Teaching</source>
        <translation>Lehre</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message>
        <source>no model loaded</source>
        <translation>kein Modell geladen</translation>
    </message>
    <message>
        <source>Start a reading session (Reading &gt; Start Session) to record assessments.</source>
        <translation>Starten Sie eine Befundungssitzung (Befundung &gt; Sitzung starten), um Beurteilungen zu erfassen.</translation>
    </message>
    <message>
        <source>Model results hidden (blinded reading).</source>
        <translation>Modellergebnisse verborgen (verblindete Befundung).</translation>
    </message>
    <message>
        <source>Open an exam to assess it.</source>
        <translation>Öffnen Sie eine Untersuchung, um sie zu beurteilen.</translation>
    </message>
    <message>
        <source>This exam has no identifier to record it under.</source>
        <translation>Diese Untersuchung hat keine Kennung, unter der sie erfasst werden kann.</translation>
    </message>
    <message>
        <source>Teaching: the model&apos;s results and the truth are shown after you commit your assessment.</source>
        <translation>Lehre: die Ergebnisse des Modells und der Referenzbefund werden gezeigt, nachdem Sie Ihre Beurteilung abgeschlossen haben.</translation>
    </message>
    <message>
        <source>Blinded reading: the model&apos;s results are hidden until you commit your initial assessment.</source>
        <translation>Verblindete Befundung: die Ergebnisse des Modells sind verborgen, bis Sie Ihre Erstbeurteilung abschließen.</translation>
    </message>
    <message>
        <source>The stored assessment cannot be read: %1</source>
        <translation>Die gespeicherte Beurteilung kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>the assessment is saved, but the reveal could not be recorded, so the model stays hidden: %1</source>
        <translation>die Beurteilung ist gespeichert, aber das Aufdecken konnte nicht protokolliert werden, daher bleibt das Modell verborgen: %1</translation>
    </message>
    <message>
        <source>Initial assessment committed; model results revealed.</source>
        <translation>Erstbeurteilung abgeschlossen; Modellergebnisse aufgedeckt.</translation>
    </message>
    <message>
        <source>Report not written</source>
        <translation>Bericht nicht geschrieben</translation>
    </message>
    <message>
        <source>Report written: %1</source>
        <translation>Bericht geschrieben: %1</translation>
    </message>
    <message>
        <source>No exam is open.</source>
        <translation>Keine Untersuchung geöffnet.</translation>
    </message>
    <message>
        <source>The report shows the model&apos;s results, which are hidden until you commit your assessment.</source>
        <translation>Der Bericht zeigt die Ergebnisse des Modells, die bis zum Abschluss Ihrer Beurteilung verborgen sind.</translation>
    </message>
    <message>
        <source>The model has not finished this exam yet (or no model is loaded).</source>
        <translation>Das Modell hat diese Untersuchung noch nicht abgeschlossen (oder es ist kein Modell geladen).</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>No statistics</source>
        <translation>Keine Statistik</translation>
    </message>
    <message>
        <source>Session Statistics</source>
        <translation>Sitzungsstatistik</translation>
    </message>
    <message>
        <source>No ground truth: case set &apos;%1&apos; has no case %2.</source>
        <translation>Kein Referenzbefund: Der Fallsatz &apos;%1&apos; enthält keinen Fall %2.</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>benign</source>
        <translation>benigne</translation>
    </message>
    <message>
        <source>MALIGNANT</source>
        <translation>MALIGNE</translation>
    </message>
    <message numerus="yes">
        <source>Truth: right breast %1, left breast %2 (%n lesion(s) outlined).</source>
        <translation>
            <numerusform>Referenzbefund: rechte Brust %1, linke Brust %2 (%n Läsion umrandet).</numerusform>
            <numerusform>Referenzbefund: rechte Brust %1, linke Brust %2 (%n Läsionen umrandet).</numerusform>
        </translation>
    </message>
    <message>
        <source>Start a reading session first (Reading &gt; Start Session).</source>
        <translation>Starten Sie zuerst eine Befundungssitzung (Befundung &gt; Sitzung starten).</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Befundet</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>Sensitivität</translation>
    </message>
    <message>
        <source>Specificity</source>
        <translation>Spezifität</translation>
    </message>
    <message>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>Localisation</source>
        <translation>Lokalisation</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;This session&lt;/b&gt; (case set %1)&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Diese Sitzung&lt;/b&gt; (Fallsatz %1)&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Before the truth</source>
        <translation>Vor dem Referenzbefund</translation>
    </message>
    <message>
        <source>After the reveal</source>
        <translation>Nach dem Aufdecken</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;History of %1&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Verlauf von %1&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Exams assessed: %1&lt;br&gt;Model results revealed: %2&lt;br&gt;Revised after the reveal: %3&lt;br&gt;... with a changed recall decision: %4&lt;br&gt;... with a changed BI-RADS category: %5&lt;/p&gt;</source>
        <translation>&lt;p&gt;Beurteilte Untersuchungen: %1&lt;br&gt;Aufgedeckte Modellergebnisse: %2&lt;br&gt;Nach dem Aufdecken überarbeitet: %3&lt;br&gt;... mit geänderter Abklärungsentscheidung: %4&lt;br&gt;... mit geänderter BI-RADS-Kategorie: %5&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The exam is not loaded.</source>
        <translation>Die Untersuchung ist nicht geladen.</translation>
    </message>
    <message>
        <source>Reading session not resumed</source>
        <translation>Lesesitzung nicht fortgesetzt</translation>
    </message>
    <message>
        <source>clinical reading</source>
        <translation>klinische Befundung</translation>
    </message>
    <message>
        <source>blinded second reading</source>
        <translation>verblindete Zweitbefundung</translation>
    </message>
    <message>
        <source>teaching, case set %1</source>
        <translation>Lehre, Fallsammlung %1</translation>
    </message>
    <message numerus="yes">
        <source>Your reading session of %1 (%2) was not ended: %n exam(s) with uncommitted changes</source>
        <translation>
            <numerusform>Ihre Lesesitzung vom %1 (%2) wurde nicht beendet: %n Untersuchung mit nicht übernommenen Änderungen</numerusform>
            <numerusform>Ihre Lesesitzung vom %1 (%2) wurde nicht beendet: %n Untersuchungen mit nicht übernommenen Änderungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n assessment(s) committed.</source>
        <translation>
            <numerusform>, %n Befundung übernommen.</numerusform>
            <numerusform>, %n Befundungen übernommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume it to go on where you left off, or end it and start the new session (its uncommitted changes are then lost).</source>
        <translation>Setzen Sie sie fort, um dort weiterzumachen, wo Sie aufgehört haben, oder beenden Sie sie und beginnen Sie die neue Sitzung (deren nicht übernommene Änderungen gehen dann verloren).</translation>
    </message>
    <message>
        <source>There is no reading session %1.</source>
        <translation>Es gibt keine Lesesitzung %1.</translation>
    </message>
    <message numerus="yes">
        <source>Session resumed: %n exam(s) with uncommitted changes, back in the form when each exam is opened.</source>
        <translation>
            <numerusform>Sitzung fortgesetzt: %n Untersuchung mit nicht übernommenen Änderungen; sie erscheinen wieder im Formular, sobald die Untersuchung geöffnet wird.</numerusform>
            <numerusform>Sitzung fortgesetzt: %n Untersuchungen mit nicht übernommenen Änderungen; sie erscheinen wieder im Formular, sobald die jeweilige Untersuchung geöffnet wird.</numerusform>
        </translation>
    </message>
    <message>
        <source>Uncommitted changes could not be kept in the reading store (%1); they are kept in memory only.</source>
        <translation>Nicht übernommene Änderungen konnten nicht im Befundungsspeicher gesichert werden (%1); sie sind nur im Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>Your session of %1 is open in another MammoLens (%2) and is left to it; a new session was started.</source>
        <translation>Ihre Sitzung vom %1 ist in einem anderen MammoLens geöffnet (%2) und bleibt dort; eine neue Sitzung wurde begonnen.</translation>
    </message>
    <message>
        <source>process %1 on %2</source>
        <translation>Prozess %1 auf %2</translation>
    </message>
    <message>
        <source>its lock file %1 cannot be taken</source>
        <translation>ihre Sperrdatei %1 kann nicht übernommen werden</translation>
    </message>
    <message>
        <source>The session is open in another MammoLens (%1).</source>
        <translation>Die Sitzung ist in einem anderen MammoLens geöffnet (%1).</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::ReadingSessionDialog</name>
    <message>
        <source>Start Reading Session</source>
        <translation>Befundungssitzung starten</translation>
    </message>
    <message>
        <source>e.g. jdoe</source>
        <translation>z. B. mmuster</translation>
    </message>
    <message>
        <source>Reader login</source>
        <translation>Anmeldename des Befunders</translation>
    </message>
    <message>
        <source>Name shown</source>
        <translation>Angezeigter Name</translation>
    </message>
    <message>
        <source>Clinical: model results shown</source>
        <translation>Klinisch: Modellergebnisse sichtbar</translation>
    </message>
    <message>
        <source>Blinded second reading: model hidden until your assessment</source>
        <translation>Verblindete Zweitbefundung: Modell bis zu Ihrer Beurteilung verborgen</translation>
    </message>
    <message>
        <source>Teaching: truth and model after your assessment</source>
        <translation>Lehre: Referenzbefund und Modell nach Ihrer Beurteilung</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>optional: worklist or case set name</source>
        <translation>optional: Name der Arbeitsliste oder Fallsammlung</translation>
    </message>
    <message>
        <source>Case set</source>
        <translation>Fallsammlung</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>A login is 1-64 of A-Z, a-z, 0-9 and . _ - @ (no spaces).</source>
        <translation>Ein Anmeldename besteht aus 1-64 Zeichen aus A-Z, a-z, 0-9 und . _ - @ (keine Leerzeichen).</translation>
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
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
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
    <name>mammolens::ui::WorklistModel</name>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Scores by %1</source>
        <translation>Bewertungen von %1</translation>
    </message>
    <message>
        <source>No score: %1</source>
        <translation>Keine Bewertung: %1</translation>
    </message>
    <message>
        <source>The model has not run yet</source>
        <translation>Das Modell ist noch nicht gelaufen</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>Hidden during blinded reading</source>
        <translation>Während der verblindeten Befundung verborgen</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>Untersuchung</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Aufnahmen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Malignant</source>
        <translation>Maligne</translation>
    </message>
    <message>
        <source>Benign</source>
        <translation>Benigne</translation>
    </message>
    <message>
        <source>Position in the worklist as loaded</source>
        <translation>Position in der Arbeitsliste beim Laden</translation>
    </message>
    <message>
        <source>Exam malignant score: the highest over its views</source>
        <translation>Maligne Bewertung der Untersuchung: der höchste Wert ihrer Aufnahmen</translation>
    </message>
    <message>
        <source>Exam benign score: the highest over its views</source>
        <translation>Benigne Bewertung der Untersuchung: der höchste Wert ihrer Aufnahmen</translation>
    </message>
    <message>
        <source>* The assessment has changes that are not committed.</source>
        <translation>* Die Befundung hat Änderungen, die nicht übernommen sind.</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::WorklistPanel</name>
    <message>
        <source>Filter exams (Ctrl+F)</source>
        <translation>Untersuchungen filtern (Ctrl+F)</translation>
    </message>
    <message>
        <source>Show only exams with this status</source>
        <translation>Nur Untersuchungen mit diesem Status anzeigen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Triage: highest risk first</source>
        <translation>Triage: höchstes Risiko zuerst</translation>
    </message>
    <message>
        <source>%1 of 1 exam</source>
        <translation>%1 von 1 Untersuchung</translation>
    </message>
    <message>
        <source>%1 of %2 exams</source>
        <translation>%1 von %2 Untersuchungen</translation>
    </message>
    <message>
        <source>Scores are hidden during blinded reading</source>
        <translation>Bewertungen sind während der verblindeten Befundung verborgen</translation>
    </message>
    <message>
        <source>Sort by the malignant score, highest first; exams the model has not scored come last</source>
        <translation>Nach maligner Bewertung sortieren, höchste zuerst; vom Modell nicht bewertete Untersuchungen kommen zuletzt</translation>
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
    <message>
        <source>Triage, exam %1: %2, %3</source>
        <translation>Triage, Untersuchung %1: %2, %3</translation>
    </message>
    <message>
        <source>no view could be analysed</source>
        <translation>keine Aufnahme konnte ausgewertet werden</translation>
    </message>
    <message>
        <source>Triage: exam %1 scored</source>
        <translation>Triage: Untersuchung %1 bewertet</translation>
    </message>
    <message>
        <source>Triage: exam %1 of %2 in the background</source>
        <translation>Triage: Untersuchung %1 von %2 im Hintergrund</translation>
    </message>
    <message>
        <source>no L-CC, R-CC, L-MLO or R-MLO image in it</source>
        <translation>sie enthält kein L-CC-, R-CC-, L-MLO- oder R-MLO-Bild</translation>
    </message>
    <message numerus="yes">
        <source>none of its %n file(s) could be read (%1)</source>
        <translation>
            <numerusform>ihre %n Datei konnte nicht gelesen werden (%1)</numerusform>
            <numerusform>keine ihrer %n Dateien konnte gelesen werden (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>Exam %1 cannot be read</source>
        <translation>Untersuchung %1 kann nicht gelesen werden</translation>
    </message>
</context>
<context>
    <name>mammolens::ui::WorklistStatus</name>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Model done</source>
        <translation>Modell fertig</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Befundet</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Überprüft</translation>
    </message>
</context>
</TS>
