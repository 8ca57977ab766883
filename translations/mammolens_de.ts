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
</context>
</TS>
