<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Cartography</name>
    <message>
        <source>Custom</source>
        <translation type="unfinished">Custom</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation type="unfinished">pixels</translation>
    </message>
    <message>
        <source>Follow the image size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print at a DPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text and symbols × %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Side by side: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished">PNG images (*.png)</translation>
    </message>
    <message>
        <source>Rendering the image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished">Export failed</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation type="unfinished">Export image</translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished">Size</translation>
    </message>
    <message>
        <source>Text and symbols</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title of this image only: the view keeps its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished">Title</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation type="unfinished">Attribution</translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished">File</translation>
    </message>
    <message>
        <source>Image file</source>
        <translation type="unfinished">Image file</translation>
    </message>
    <message>
        <source>No time series</source>
        <translation type="unfinished">No time series</translation>
    </message>
    <message>
        <source>Show a layer with frames (a raster series from a run) first.</source>
        <translation type="unfinished">Show a layer with frames (a raster series from a run) first.</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation type="unfinished">Export animation</translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished">Format</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished">Rate</translation>
    </message>
    <message>
        <source>A title card before the first frame (videos only); 0 for none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File or folder</source>
        <translation type="unfinished">File or folder</translation>
    </message>
    <message>
        <source>Rendering frames…</source>
        <translation type="unfinished">Rendering frames…</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation type="unfinished">Compare runs</translation>
    </message>
    <message>
        <source>Run a simulator twice (with different parameters) first: a comparison needs two raster results of the same kind.</source>
        <translation type="unfinished">Run a simulator twice (with different parameters) first: a comparison needs two raster results of the same kind.</translation>
    </message>
    <message>
        <source>A (reference)</source>
        <translation type="unfinished">A (reference)</translation>
    </message>
    <message>
        <source>Difference B − A (a layer, diverging colours centred on zero)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side by side (linked cameras)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation type="unfinished">Cannot compare</translation>
    </message>
    <message>
        <source>2D &amp;map (north up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A north-up map seen straight from above, with scale bar and north arrow (M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overview map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An overview of the whole scene in a corner, with the part in view outlined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Label the selected layer by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(select a layer with features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No labels</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>(required)</source>
        <translation>(required)</translation>
    </message>
    <message>
        <source>a layer</source>
        <translation>a layer</translation>
    </message>
    <message>
        <source>a %1 layer</source>
        <translation>a %1 layer</translation>
    </message>
    <message>
        <source>raster</source>
        <translation>raster</translation>
    </message>
    <message>
        <source>raster series</source>
        <translation>raster series</translation>
    </message>
    <message>
        <source>vector</source>
        <translation>vector</translation>
    </message>
    <message>
        <source>table</source>
        <translation>table</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>scalar</translation>
    </message>
    <message>
        <source>The 3D view</source>
        <translation>The 3D view</translation>
    </message>
    <message>
        <source>&lt;h2&gt;The 3D view&lt;/h2&gt;&lt;p&gt;The city model and the results. &lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right or middle drag&lt;/b&gt; (or Shift + left drag) pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor, a &lt;b&gt;click&lt;/b&gt; identifies what is under it: the object is outlined in magenta and its attributes appear in the Inspector.&lt;/p&gt;&lt;p&gt;Keys: Home default view, T top view, N north up, F fly to the selected layer, Shift+F fly to the object last clicked, + / − zoom, Alt + arrows orbit and tilt, Space play or pause the time series.&lt;/p&gt;&lt;p&gt;Legends, the scale bar, the north arrow, the title and the data attribution are drawn in the view and in every export (View menu to hide them).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;The 3D view&lt;/h2&gt;&lt;p&gt;The city model and the results. &lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right or middle drag&lt;/b&gt; (or Shift + left drag) pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor, a &lt;b&gt;click&lt;/b&gt; identifies what is under it: the object is outlined in magenta and its attributes appear in the Inspector.&lt;/p&gt;&lt;p&gt;Keys: Home default view, T top view, N north up, F fly to the selected layer, Shift+F fly to the object last clicked, + / − zoom, Alt + arrows orbit and tilt, Space play or pause the time series.&lt;/p&gt;&lt;p&gt;Legends, the scale bar, the north arrow, the title and the data attribution are drawn in the view and in every export (View menu to hide them).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Layers&lt;/h2&gt;&lt;p&gt;The layers of the city model, of added data and of every run, in groups. The check box of a layer shows or hides it; the check box of a group shows or hides all its layers together. Double-click a layer to fly to it; right-click for Zoom to, Export, Attribute table and Remove.&lt;/p&gt;&lt;p&gt;Below the tree, the &lt;b&gt;style&lt;/b&gt; of the selected layer: opacity, the attribute to colour by, the colour map, the range (from the data or fixed) and, for depths in metres, &lt;i&gt;draw as water surface&lt;/i&gt;. Every style change can be undone (Edit &amp;gt; Undo, Ctrl+Z).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Layers&lt;/h2&gt;&lt;p&gt;The layers of the city model, of added data and of every run, in groups. The check box of a layer shows or hides it; the check box of a group shows or hides all its layers together. Double-click a layer to fly to it; right-click for Zoom to, Export, Attribute table and Remove.&lt;/p&gt;&lt;p&gt;Below the tree, the &lt;b&gt;style&lt;/b&gt; of the selected layer: opacity, the attribute to colour by, the colour map, the range (from the data or fixed) and, for depths in metres, &lt;i&gt;draw as water surface&lt;/i&gt;. Every style change can be undone (Edit &amp;gt; Undo, Ctrl+Z).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Runs&lt;/h2&gt;&lt;p&gt;Every simulator run of the session or of the open project. Each run is a run folder on disk (the results format of &lt;code&gt;citytwin-cli run&lt;/code&gt;). Double-click a name to rename the run (the name is saved in the project); the check box shows or hides all the run&apos;s layers; &lt;i&gt;Table…&lt;/i&gt; opens the attribute table of its vector output.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Saved&lt;/i&gt; says whether the run is kept in the project file: File &amp;gt; Save project copies the run folders beside the project file. Quitting with unsaved runs asks first.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Runs&lt;/h2&gt;&lt;p&gt;Every simulator run of the session or of the open project. Each run is a run folder on disk (the results format of &lt;code&gt;citytwin-cli run&lt;/code&gt;). Double-click a name to rename the run (the name is saved in the project); the check box shows or hides all the run&apos;s layers; &lt;i&gt;Table…&lt;/i&gt; opens the attribute table of its vector output.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Saved&lt;/i&gt; says whether the run is kept in the project file: File &amp;gt; Save project copies the run folders beside the project file. Quitting with unsaved runs asks first.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Simulators</source>
        <translation>Simulators</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Simulators&lt;/h2&gt;&lt;p&gt;The simulators found in the plug-in folders and a form generated from the chosen one&apos;s declared parameters (units, ranges, help as tooltips, advanced ones folded away). &lt;b&gt;Run&lt;/b&gt; (F5) checks every value and starts the simulator in a worker process; &lt;b&gt;Cancel&lt;/b&gt; (Shift+F5) stops it. &lt;b&gt;Reset to scenario&lt;/b&gt; puts back the values of the scenario&apos;s simulator block; &lt;b&gt;Reset to defaults&lt;/b&gt; the simulator&apos;s built-in defaults. Edits of the form can be undone (Ctrl+Z).&lt;/p&gt;&lt;p&gt;Help &amp;gt; Help contents has a page per simulator with all its parameters and outputs.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Simulators&lt;/h2&gt;&lt;p&gt;The simulators found in the plug-in folders and a form generated from the chosen one&apos;s declared parameters (units, ranges, help as tooltips, advanced ones folded away). &lt;b&gt;Run&lt;/b&gt; (F5) checks every value and starts the simulator in a worker process; &lt;b&gt;Cancel&lt;/b&gt; (Shift+F5) stops it. &lt;b&gt;Reset to scenario&lt;/b&gt; puts back the values of the scenario&apos;s simulator block; &lt;b&gt;Reset to defaults&lt;/b&gt; the simulator&apos;s built-in defaults. Edits of the form can be undone (Ctrl+Z).&lt;/p&gt;&lt;p&gt;Help &amp;gt; Help contents has a page per simulator with all its parameters and outputs.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Inspector&lt;/h2&gt;&lt;p&gt;What the last click in the view hit: a building&apos;s id, height, floors and every attribute; a road&apos;s name, class, lanes and speed limit; a result feature&apos;s attributes (named by its fid, the id in its file; integer ids exactly as stored); on the ground, the coordinates, the elevation and the value of every visible raster under the point.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Inspector&lt;/h2&gt;&lt;p&gt;What the last click in the view hit: a building&apos;s id, height, floors and every attribute; a road&apos;s name, class, lanes and speed limit; a result feature&apos;s attributes (named by its fid, the id in its file; integer ids exactly as stored); on the ground, the coordinates, the elevation and the value of every visible raster under the point.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Log&lt;/h2&gt;&lt;p&gt;Messages of the viewer, the simulators, Qt and VTK, with the import warnings of the scenario (for example which text encoding a Shapefile was read with). Warnings and errors also show briefly in the status bar.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Log&lt;/h2&gt;&lt;p&gt;Messages of the viewer, the simulators, Qt and VTK, with the import warnings of the scenario (for example which text encoding a Shapefile was read with). Warnings and errors also show briefly in the status bar.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Time bar</source>
        <translation>Time bar</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Time bar&lt;/h2&gt;&lt;p&gt;Results over time (water depth every five minutes, for example) are shown at the time of the slider; ▶ plays them (Space). The time shown in the tool bar and in the view are the same.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Time bar&lt;/h2&gt;&lt;p&gt;Results over time (water depth every five minutes, for example) are shown at the time of the slider; ▶ plays them (Space). The time shown in the tool bar and in the view are the same.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Projects&lt;/h2&gt;&lt;p&gt;File &amp;gt; Save project writes one file (&lt;code&gt;.ctproj&lt;/code&gt;, JSON, see docs/project-format.md) with the scenario, the layer styles, the camera, the time and the runs, whose folders are copied into &lt;code&gt;&amp;lt;project&amp;gt;_runs/&lt;/code&gt; beside it. File &amp;gt; Open project brings all of it back. The file is written atomically: a failed save leaves the previous file as it was.&lt;/p&gt;&lt;p&gt;Exports (images, videos, layers, tables) are offered in the output folder (Edit &amp;gt; Settings), never in the folder of the input data.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Projects&lt;/h2&gt;&lt;p&gt;File &amp;gt; Save project writes one file (&lt;code&gt;.ctproj&lt;/code&gt;, JSON, see docs/project-format.md) with the scenario, the layer styles, the camera, the time and the runs, whose folders are copied into &lt;code&gt;&amp;lt;project&amp;gt;_runs/&lt;/code&gt; beside it. File &amp;gt; Open project brings all of it back. The file is written atomically: a failed save leaves the previous file as it was.&lt;/p&gt;&lt;p&gt;Exports (images, videos, layers, tables) are offered in the output folder (Edit &amp;gt; Settings), never in the folder of the input data.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>version</source>
        <translation>version</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Allowed</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>advanced</source>
        <translation>advanced</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Outputs</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>References</source>
        <translation>References</translation>
    </message>
    <message>
        <source>Generated from the simulator&apos;s declarations; parameter and output texts are the plug-in&apos;s own.</source>
        <translation>Generated from the simulator&apos;s declarations; parameter and output texts are the plug-in&apos;s own.</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>easting</source>
        <translation>easting</translation>
    </message>
    <message>
        <source>northing</source>
        <translation>northing</translation>
    </message>
    <message>
        <source>elevation</source>
        <translation>elevation</translation>
    </message>
    <message>
        <source>Terrain</source>
        <translation>Terrain</translation>
    </message>
    <message>
        <source>Ground</source>
        <translation>Ground</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>no data</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>Building %1</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>height</source>
        <translation>height</translation>
    </message>
    <message>
        <source>height from</source>
        <translation>height from</translation>
    </message>
    <message>
        <source>floors</source>
        <translation>floors</translation>
    </message>
    <message>
        <source>base elevation</source>
        <translation>base elevation</translation>
    </message>
    <message>
        <source>footprint area</source>
        <translation>footprint area</translation>
    </message>
    <message>
        <source>Road %1</source>
        <translation>Road %1</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>class</source>
        <translation>class</translation>
    </message>
    <message>
        <source>lanes</source>
        <translation>lanes</translation>
    </message>
    <message>
        <source>speed limit</source>
        <translation>speed limit</translation>
    </message>
    <message>
        <source>one-way</source>
        <translation>one-way</translation>
    </message>
    <message>
        <source>length</source>
        <translation>length</translation>
    </message>
    <message>
        <source>%1, fid %2</source>
        <translation>%1, fid %2</translation>
    </message>
    <message>
        <source>%1, feature %2 of %3</source>
        <translation>%1, feature %2 of %3</translation>
    </message>
    <message>
        <source>area</source>
        <translation>area</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>layer</translation>
    </message>
</context>
<context>
    <name>ParamFormText</name>
    <message>
        <source>Range: %1 to %2</source>
        <translation>Range: %1 to %2</translation>
    </message>
    <message>
        <source>Format: [[time_s, value], ...], times increasing.</source>
        <translation>Format: [[time_s, value], ...], times increasing.</translation>
    </message>
    <message>
        <source>Format: [[easting, northing], ...] in the project CRS [m].</source>
        <translation>Format: [[easting, northing], ...] in the project CRS [m].</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Required.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Writing the briefing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancel</translation>
    </message>
    <message>
        <source>Writing the briefing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a simulator or open results first: a briefing is made from run folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export briefing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none: one run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished">Browse…</translation>
    </message>
    <message>
        <source>Briefing PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page (landscape)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished">File</translation>
    </message>
    <message>
        <source>briefing written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the briefing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::AppLog</name>
    <message>
        <source>debug</source>
        <translation>debug</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::AttributeTableDialog</name>
    <message>
        <source>Filter rows (text in any column)</source>
        <translation>Filter rows (text in any column)</translation>
    </message>
    <message>
        <source>Shows only the rows where some column contains this text (case does not matter)</source>
        <translation>Shows only the rows where some column contains this text (case does not matter)</translation>
    </message>
    <message>
        <source>Click a column header to sort by it (numbers as numbers); choose a row to highlight its feature in the view</source>
        <translation>Click a column header to sort by it (numbers as numbers); choose a row to highlight its feature in the view</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Write the rows shown (filtered and sorted as now) to a CSV file</source>
        <translation>Write the rows shown (filtered and sorted as now) to a CSV file</translation>
    </message>
    <message>
        <source>Export table as CSV</source>
        <translation>Export table as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 of %2 rows</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::ChartDock</name>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chart as a PNG image or a PDF (vector) file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scatter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart two attributes of a vector result against each other, by class (speed against flow by road class)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing over time at %1 (E %2, N %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chart(s) at %1 (E %2, N %3).</source>
        <translation>
            <numerusform>%n chart at %1 (E %2, N %3).</numerusform>
            <numerusform>%n charts at %1 (E %2, N %3).</numerusform>
        </translation>
    </message>
    <message>
        <source>No output &apos;%1&apos; in run &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No vector result with two numeric attributes is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scatter chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished">(none)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished">Layer</translation>
    </message>
    <message>
        <source>x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One colour per</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no chart to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write the image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write the PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts of the open runs&apos; time series and profiles, and of the object last clicked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which chart to show: the declared charts of the open runs, or those of the object last clicked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::ChartView</name>
    <message>
        <source>No chart yet. Results with time series or profiles add their charts here; click a gauge, building, road or cell in the 3D view to chart what is known there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::HelpDialog</name>
    <message>
        <source>CityTwin help</source>
        <translation>CityTwin help</translation>
    </message>
    <message>
        <source>Help topics: the panels of the window and each simulator</source>
        <translation>Help topics: the panels of the window and each simulator</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::LayerPanel</name>
    <message>
        <source>terrain</source>
        <translation>terrain</translation>
    </message>
    <message>
        <source>buildings</source>
        <translation>buildings</translation>
    </message>
    <message>
        <source>roads</source>
        <translation>roads</translation>
    </message>
    <message>
        <source>raster</source>
        <translation>raster</translation>
    </message>
    <message>
        <source>raster series</source>
        <translation>raster series</translation>
    </message>
    <message>
        <source>vector</source>
        <translation>vector</translation>
    </message>
    <message>
        <source>City model</source>
        <translation>City model</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Comparisons</source>
        <translation>Comparisons</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>The layers of the city model, of added data and of each run. A check box shows or hides a layer; a group&apos;s check box all its layers. Double-click to fly to a layer, right-click for more.</source>
        <translation>The layers of the city model, of added data and of each run. A check box shows or hides a layer; a group&apos;s check box all its layers. Double-click to fly to a layer, right-click for more.</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Style</translation>
    </message>
    <message>
        <source>Opacity of the selected layer (0 % invisible, 100 % opaque)</source>
        <translation>Opacity of the selected layer (0 % invisible, 100 % opaque)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacity</translation>
    </message>
    <message>
        <source>The attribute whose values colour the features (numbers with a colour bar, text as classes)</source>
        <translation>The attribute whose values colour the features (numbers with a colour bar, text as classes)</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Colour by</translation>
    </message>
    <message>
        <source>The colours the values are drawn with</source>
        <translation>The colours the values are drawn with</translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation>Colour map</translation>
    </message>
    <message>
        <source>Range from the data</source>
        <translation>Range from the data</translation>
    </message>
    <message>
        <source>Stretch the colour map from the smallest to the largest value of the layer</source>
        <translation>Stretch the colour map from the smallest to the largest value of the layer</translation>
    </message>
    <message>
        <source>The value drawn with the first colour of the map</source>
        <translation>The value drawn with the first colour of the map</translation>
    </message>
    <message>
        <source>The value drawn with the last colour of the map</source>
        <translation>The value drawn with the last colour of the map</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Range</translation>
    </message>
    <message>
        <source>Draw as water surface</source>
        <translation>Draw as water surface</translation>
    </message>
    <message>
        <source>Draw the values (metres) as a translucent water surface at terrain + value</source>
        <translation>Draw the values (metres) as a translucent water surface at terrain + value</translation>
    </message>
    <message>
        <source>Zoom to</source>
        <translation>Zoom to</translation>
    </message>
    <message>
        <source>Frame the selected layer in the view (F)</source>
        <translation>Frame the selected layer in the view (F)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Write the layer&apos;s data: rasters as GeoTIFF, series as GeoTIFF frames, vectors as GeoPackage</source>
        <translation>Write the layer&apos;s data: rasters as GeoTIFF, series as GeoTIFF frames, vectors as GeoPackage</translation>
    </message>
    <message>
        <source>Table…</source>
        <translation>Table…</translation>
    </message>
    <message>
        <source>Open the layer&apos;s attribute table (sortable, exportable as CSV)</source>
        <translation>Open the layer&apos;s attribute table (sortable, exportable as CSV)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Remove the layer from the view (the city model&apos;s own layers stay)</source>
        <translation>Remove the layer from the view (the city model&apos;s own layers stay)</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <source>Export layer…</source>
        <translation>Export layer…</translation>
    </message>
    <message>
        <source>Open attribute table…</source>
        <translation>Open attribute table…</translation>
    </message>
    <message>
        <source>Tick or clear to show or hide all the layers of %1</source>
        <translation>Tick or clear to show or hide all the layers of %1</translation>
    </message>
    <message>
        <source>Unit: %1</source>
        <translation>Unit: %1</translation>
    </message>
    <message>
        <source>Id: %1</source>
        <translation>Id: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n frame</numerusform>
            <numerusform>%n frames</numerusform>
        </translation>
    </message>
    <message>
        <source>(one colour)</source>
        <translation>(one colour)</translation>
    </message>
    <message>
        <source>Ground (no terrain in the scenario)</source>
        <translation>Ground (no terrain in the scenario)</translation>
    </message>
    <message>
        <source>Terrain</source>
        <translation>Terrain</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>Roads</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::MainWindow</name>
    <message numerus="yes">
        <source>%n simulator(s) loaded</source>
        <translation>
            <numerusform>%n simulator loaded</numerusform>
            <numerusform>%n simulators loaded</numerusform>
        </translation>
    </message>
    <message>
        <source>The point under the cursor: easting, northing and terrain height in the project&apos;s coordinate reference system</source>
        <translation>The point under the cursor: easting, northing and terrain height in the project&apos;s coordinate reference system</translation>
    </message>
    <message>
        <source>Ground metres per screen pixel at the centre of the view, and the scale it makes</source>
        <translation>Ground metres per screen pixel at the centre of the view, and the scale it makes</translation>
    </message>
    <message>
        <source>Loading the scenario</source>
        <translation>Loading the scenario</translation>
    </message>
    <message>
        <source>1 px = %1 m   ≈ 1:%2</source>
        <translation>1 px = %1 m   ≈ 1:%2</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>Show %1</translation>
    </message>
    <message>
        <source>Hide %1</source>
        <translation>Hide %1</translation>
    </message>
    <message>
        <source>Style of %1</source>
        <translation>Style of %1</translation>
    </message>
    <message>
        <source>Reset of the %1 form</source>
        <translation>Reset of the %1 form</translation>
    </message>
    <message>
        <source>Change of %1</source>
        <translation>Change of %1</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>The layers of the city model, of added data and of every run, and the style of the selected one (F1 for help)</source>
        <translation>The layers of the city model, of added data and of every run, and the style of the selected one (F1 for help)</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>The runs of this session or project: names, saved or not, shown or hidden together</source>
        <translation>The runs of this session or project: names, saved or not, shown or hidden together</translation>
    </message>
    <message>
        <source>Simulators</source>
        <translation>Simulators</translation>
    </message>
    <message>
        <source>Choose a simulator, set its parameters and run it on the city model</source>
        <translation>Choose a simulator, set its parameters and run it on the city model</translation>
    </message>
    <message>
        <source>What the last click in the view hit, with its attributes</source>
        <translation>What the last click in the view hit, with its attributes</translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation>Attribute</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>The attributes of the object last clicked in the view</source>
        <translation>The attributes of the object last clicked in the view</translation>
    </message>
    <message>
        <source>Messages of the viewer, the simulators, Qt and VTK</source>
        <translation>Messages of the viewer, the simulators, Qt and VTK</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Messages of the viewer, the simulators and the import</source>
        <translation>Messages of the viewer, the simulators and the import</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Open scenario or project…</source>
        <translation>&amp;Open scenario or project…</translation>
    </message>
    <message>
        <source>Open scenario or project</source>
        <translation>Open scenario or project</translation>
    </message>
    <message>
        <source>CityTwin scenarios and projects (*.json *.ctproj);;All files (*)</source>
        <translation>CityTwin scenarios and projects (*.json *.ctproj);;All files (*)</translation>
    </message>
    <message>
        <source>&amp;Add data…</source>
        <translation>&amp;Add data…</translation>
    </message>
    <message>
        <source>No city model</source>
        <translation>No city model</translation>
    </message>
    <message>
        <source>Open a scenario first: added data is brought into its coordinate system.</source>
        <translation>Open a scenario first: added data is brought into its coordinate system.</translation>
    </message>
    <message>
        <source>Add raster or vector data</source>
        <translation>Add raster or vector data</translation>
    </message>
    <message>
        <source>GIS data</source>
        <translation>GIS data</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Open res&amp;ults…</source>
        <translation>Open res&amp;ults…</translation>
    </message>
    <message>
        <source>Open the scenario the results were computed for first.</source>
        <translation>Open the scenario the results were computed for first.</translation>
    </message>
    <message>
        <source>Open results (a citytwin-cli run directory)</source>
        <translation>Open results (a citytwin-cli run directory)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Open &amp;recent</translation>
    </message>
    <message>
        <source>&amp;Save scenario</source>
        <translation>&amp;Save scenario</translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation>Save scenario as</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>Scenarios (*.json)</translation>
    </message>
    <message>
        <source>Save scenario &amp;as…</source>
        <translation>Save scenario &amp;as…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>&amp;Image…</source>
        <translation>&amp;Image…</translation>
    </message>
    <message>
        <source>&amp;Animation of the time series…</source>
        <translation>&amp;Animation of the time series…</translation>
    </message>
    <message>
        <source>&amp;Layer…</source>
        <translation>&amp;Layer…</translation>
    </message>
    <message>
        <source>&amp;Camera…</source>
        <translation>&amp;Camera…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Default view</source>
        <translation>&amp;Default view</translation>
    </message>
    <message>
        <source>Oblique view from the south-south-west framing everything (Home)</source>
        <translation>Oblique view from the south-south-west framing everything (Home)</translation>
    </message>
    <message>
        <source>&amp;Top view</source>
        <translation>&amp;Top view</translation>
    </message>
    <message>
        <source>Straight down, north up (T)</source>
        <translation>Straight down, north up (T)</translation>
    </message>
    <message>
        <source>&amp;North up</source>
        <translation>&amp;North up</translation>
    </message>
    <message>
        <source>Turn the view so that north is up, keeping tilt and distance (N)</source>
        <translation>Turn the view so that north is up, keeping tilt and distance (N)</translation>
    </message>
    <message>
        <source>&amp;Fly to layer</source>
        <translation>&amp;Fly to layer</translation>
    </message>
    <message>
        <source>Fly to the &amp;picked object</source>
        <translation>Fly to the &amp;picked object</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <source>Orbit left</source>
        <translation>Orbit left</translation>
    </message>
    <message>
        <source>Orbit right</source>
        <translation>Orbit right</translation>
    </message>
    <message>
        <source>Tilt up</source>
        <translation>Tilt up</translation>
    </message>
    <message>
        <source>Tilt down</source>
        <translation>Tilt down</translation>
    </message>
    <message>
        <source>Load camera…</source>
        <translation>Load camera…</translation>
    </message>
    <message>
        <source>Show &amp;legends</source>
        <translation>Show &amp;legends</translation>
    </message>
    <message>
        <source>Show &amp;scale bar</source>
        <translation>Show &amp;scale bar</translation>
    </message>
    <message>
        <source>Show north &amp;arrow</source>
        <translation>Show north &amp;arrow</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Panels</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>&amp;Simulation</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>&amp;Cancel run</translation>
    </message>
    <message>
        <source>C&amp;ompare runs (B − A)…</source>
        <translation>C&amp;ompare runs (B − A)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Help &amp;contents</source>
        <translation>Help &amp;contents</translation>
    </message>
    <message>
        <source>&amp;Getting started…</source>
        <translation>&amp;Getting started…</translation>
    </message>
    <message>
        <source>&amp;Keyboard and mouse</source>
        <translation>&amp;Keyboard and mouse</translation>
    </message>
    <message>
        <source>Keyboard and mouse</source>
        <translation>Keyboard and mouse</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mouse&lt;/b&gt;: left drag orbits, right or middle drag (or Shift + left drag) pans, the wheel zooms towards the cursor, a click identifies what is under it.&lt;br&gt;&lt;br&gt;&lt;b&gt;Keys&lt;/b&gt;: Home default view, T top view, N north up, F fly to the selected layer, + / − zoom, Alt + arrows orbit and tilt, Shift+F fly to the object last clicked, Space play / pause the time series, Ctrl+O open, Ctrl+D add data, Ctrl+S save, Ctrl+Shift+S save the project, Ctrl+Z / Ctrl+Shift+Z undo / redo, Ctrl+E export an image, F5 run the simulator, Shift+F5 cancel, F1 help.</source>
        <translation>&lt;b&gt;Mouse&lt;/b&gt;: left drag orbits, right or middle drag (or Shift + left drag) pans, the wheel zooms towards the cursor, a click identifies what is under it.&lt;br&gt;&lt;br&gt;&lt;b&gt;Keys&lt;/b&gt;: Home default view, T top view, N north up, F fly to the selected layer, + / − zoom, Alt + arrows orbit and tilt, Shift+F fly to the object last clicked, Space play / pause the time series, Ctrl+O open, Ctrl+D add data, Ctrl+S save, Ctrl+Shift+S save the project, Ctrl+Z / Ctrl+Shift+Z undo / redo, Ctrl+E export an image, F5 run the simulator, Shift+F5 cancel, F1 help.</translation>
    </message>
    <message>
        <source>&amp;About CityTwin</source>
        <translation>&amp;About CityTwin</translation>
    </message>
    <message>
        <source>About CityTwin</source>
        <translation>About CityTwin</translation>
    </message>
    <message>
        <source>CityTwin %1 — a desktop digital twin of a city.&lt;br&gt;Qt %2, VTK 9, GDAL and PROJ.</source>
        <translation>CityTwin %1 — a desktop digital twin of a city.&lt;br&gt;Qt %2, VTK 9, GDAL and PROJ.</translation>
    </message>
    <message>
        <source>View</source>
        <translation>View</translation>
    </message>
    <message>
        <source>Vertical exaggeration</source>
        <translation>Vertical exaggeration</translation>
    </message>
    <message>
        <source>Stretch heights of the terrain, the buildings and all layers (1 × = true scale)</source>
        <translation>Stretch heights of the terrain, the buildings and all layers (1 × = true scale)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Play / pause the time series (Space)</source>
        <translation>Play / pause the time series (Space)</translation>
    </message>
    <message>
        <source>The time shown by the layers that change over time</source>
        <translation>The time shown by the layers that change over time</translation>
    </message>
    <message>
        <source>no time series</source>
        <translation>no time series</translation>
    </message>
    <message>
        <source>Time since the start of the run (hours:minutes:seconds), as in the view</source>
        <translation>Time since the start of the run (hours:minutes:seconds), as in the view</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>A scenario is still loading; try again when it has loaded.</source>
        <translation>A scenario is still loading; try again when it has loaded.</translation>
    </message>
    <message>
        <source>A simulator is running on the current city model; cancel it first.</source>
        <translation>A simulator is running on the current city model; cancel it first.</translation>
    </message>
    <message>
        <source>Cannot open the scenario</source>
        <translation>Cannot open the scenario</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>Loading</translation>
    </message>
    <message>
        <source>loading %1</source>
        <translation>loading %1</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <source>Cannot load the scenario</source>
        <translation>Cannot load the scenario</translation>
    </message>
    <message>
        <source>unknown failure while loading</source>
        <translation>unknown failure while loading</translation>
    </message>
    <message>
        <source>Cannot show the scenario</source>
        <translation>Cannot show the scenario</translation>
    </message>
    <message>
        <source>Adding data</source>
        <translation>Adding data</translation>
    </message>
    <message>
        <source>Cannot add the data</source>
        <translation>Cannot add the data</translation>
    </message>
    <message>
        <source>added %1</source>
        <translation>added %1</translation>
    </message>
    <message>
        <source>reading results</source>
        <translation>reading results</translation>
    </message>
    <message>
        <source>Cannot open the results</source>
        <translation>Cannot open the results</translation>
    </message>
    <message>
        <source>results of %1 read from %2</source>
        <translation>results of %1 read from %2</translation>
    </message>
    <message>
        <source>holds no simulator results</source>
        <translation>holds no simulator results</translation>
    </message>
    <message>
        <source>Open a scenario first.</source>
        <translation>Open a scenario first.</translation>
    </message>
    <message>
        <source>Cannot write the scenario for the run: %1</source>
        <translation>Cannot write the scenario for the run: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: table of %n row(s), kept with the run (Runs &gt; Table… shows it)</source>
        <translation>
            <numerusform>%1: table of %n row, kept with the run (Runs &gt; Table… shows it)</numerusform>
            <numerusform>%1: table of %n rows, kept with the run (Runs &gt; Table… shows it)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show the results</source>
        <translation>Cannot show the results</translation>
    </message>
    <message>
        <source>identify failed: %1</source>
        <translation>identify failed: %1</translation>
    </message>
    <message>
        <source>Unsaved runs</source>
        <translation>Unsaved runs</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) of this session are not saved in a project.</source>
        <translation>
            <numerusform>%n run of this session is not saved in a project.</numerusform>
            <numerusform>%n runs of this session are not saved in a project.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save them in a project before quitting?</source>
        <translation>Save them in a project before quitting?</translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them before quitting?</source>
        <translation>The project has unsaved changes. Save them before quitting?</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Save project</translation>
    </message>
    <message>
        <source>CityTwin projects (*.ctproj)</source>
        <translation>CityTwin projects (*.ctproj)</translation>
    </message>
    <message>
        <source>Folder for the frames (GeoTIFF + index.csv)</source>
        <translation>Folder for the frames (GeoTIFF + index.csv)</translation>
    </message>
    <message>
        <source>Save camera</source>
        <translation>Save camera</translation>
    </message>
    <message>
        <source>Camera files (*.json)</source>
        <translation>Camera files (*.json)</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>CityTwin shows a city in 3D and runs simulators on it: floods, traffic, ground subsidence, new towns, air corridors. This tour walks through a day&apos;s work on the demo city, Merewether (Newcastle, Australia), where a flash flood hit 60 houses in June 2007.&lt;br&gt;&lt;br&gt;Each step can be done by hand, or with the button below it.</source>
        <translation>CityTwin shows a city in 3D and runs simulators on it: floods, traffic, ground subsidence, new towns, air corridors. This tour walks through a day&apos;s work on the demo city, Merewether (Newcastle, Australia), where a flash flood hit 60 houses in June 2007.&lt;br&gt;&lt;br&gt;Each step can be done by hand, or with the button below it.</translation>
    </message>
    <message>
        <source>Open the demo city</source>
        <translation>Open the demo city</translation>
    </message>
    <message>
        <source>Look around</source>
        <translation>Look around</translation>
    </message>
    <message>
        <source>&lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right drag&lt;/b&gt; pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor. &lt;b&gt;Home&lt;/b&gt; brings back the default view, &lt;b&gt;T&lt;/b&gt; looks straight down.&lt;br&gt;&lt;br&gt;&lt;b&gt;Click&lt;/b&gt; a house: it is outlined in magenta and the &lt;i&gt;Inspector&lt;/i&gt; lists its id, height and attributes.</source>
        <translation>&lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right drag&lt;/b&gt; pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor. &lt;b&gt;Home&lt;/b&gt; brings back the default view, &lt;b&gt;T&lt;/b&gt; looks straight down.&lt;br&gt;&lt;br&gt;&lt;b&gt;Click&lt;/b&gt; a house: it is outlined in magenta and the &lt;i&gt;Inspector&lt;/i&gt; lists its id, height and attributes.</translation>
    </message>
    <message>
        <source>Top view</source>
        <translation>Top view</translation>
    </message>
    <message>
        <source>The &lt;i&gt;Layers&lt;/i&gt; panel lists the terrain, the houses, the road surface and the observation points. Untick a layer to hide it; select one to change its colours below the tree. Every change can be undone with Ctrl+Z.</source>
        <translation>The &lt;i&gt;Layers&lt;/i&gt; panel lists the terrain, the houses, the road surface and the observation points. Untick a layer to hide it; select one to change its colours below the tree. Every change can be undone with Ctrl+Z.</translation>
    </message>
    <message>
        <source>Run a flood</source>
        <translation>Run a flood</translation>
    </message>
    <message>
        <source>In &lt;i&gt;Simulators&lt;/i&gt;, choose &lt;b&gt;flood&lt;/b&gt;. The form shows the scenario&apos;s storm (100 mm/h for an hour); hover over a field for its meaning. Set the duration to 900 s for a quick run and press &lt;b&gt;Run&lt;/b&gt; (F5). The water appears when the run ends; the time bar plays it.</source>
        <translation>In &lt;i&gt;Simulators&lt;/i&gt;, choose &lt;b&gt;flood&lt;/b&gt;. The form shows the scenario&apos;s storm (100 mm/h for an hour); hover over a field for its meaning. Set the duration to 900 s for a quick run and press &lt;b&gt;Run&lt;/b&gt; (F5). The water appears when the run ends; the time bar plays it.</translation>
    </message>
    <message>
        <source>Choose the flood simulator</source>
        <translation>Choose the flood simulator</translation>
    </message>
    <message>
        <source>Name and compare runs</source>
        <translation>Name and compare runs</translation>
    </message>
    <message>
        <source>Each run is listed in &lt;i&gt;Runs&lt;/i&gt;: double-click its name to call it, say, &quot;100 mm/h&quot;. Run again with another rain intensity, then &lt;i&gt;Simulation &amp;gt; Compare runs&lt;/i&gt; draws the difference. The check box of a run shows or hides all its layers together.</source>
        <translation>Each run is listed in &lt;i&gt;Runs&lt;/i&gt;: double-click its name to call it, say, &quot;100 mm/h&quot;. Run again with another rain intensity, then &lt;i&gt;Simulation &amp;gt; Compare runs&lt;/i&gt; draws the difference. The check box of a run shows or hides all its layers together.</translation>
    </message>
    <message>
        <source>Tables and exports</source>
        <translation>Tables and exports</translation>
    </message>
    <message>
        <source>&lt;i&gt;Table…&lt;/i&gt; under a run (or a vector layer) opens its attributes: sort by a column, filter, export CSV. &lt;i&gt;File &amp;gt; Export&lt;/i&gt; writes images and videos into your output folder (Edit &amp;gt; Settings), never into the data folder.</source>
        <translation>&lt;i&gt;Table…&lt;/i&gt; under a run (or a vector layer) opens its attributes: sort by a column, filter, export CSV. &lt;i&gt;File &amp;gt; Export&lt;/i&gt; writes images and videos into your output folder (Edit &amp;gt; Settings), never into the data folder.</translation>
    </message>
    <message>
        <source>Keep the work</source>
        <translation>Keep the work</translation>
    </message>
    <message>
        <source>&lt;i&gt;File &amp;gt; Save project&lt;/i&gt; (Ctrl+Shift+S) keeps the scenario, the styles, the camera and the runs in one project file; &lt;i&gt;File &amp;gt; Open project&lt;/i&gt; brings them back. Quitting with unsaved runs asks first.&lt;br&gt;&lt;br&gt;F1 opens the help of the panel you are in, with a page per simulator.</source>
        <translation>&lt;i&gt;File &amp;gt; Save project&lt;/i&gt; (Ctrl+Shift+S) keeps the scenario, the styles, the camera and the runs in one project file; &lt;i&gt;File &amp;gt; Open project&lt;/i&gt; brings them back. Quitting with unsaved runs asks first.&lt;br&gt;&lt;br&gt;F1 opens the help of the panel you are in, with a page per simulator.</translation>
    </message>
    <message>
        <source>Open the help</source>
        <translation>Open the help</translation>
    </message>
    <message>
        <source>Open pro&amp;ject…</source>
        <translation>Open pro&amp;ject…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Open project</translation>
    </message>
    <message>
        <source>CityTwin projects (*.ctproj);;All files (*)</source>
        <translation>CityTwin projects (*.ctproj);;All files (*)</translation>
    </message>
    <message>
        <source>Save &amp;project</source>
        <translation>Save &amp;project</translation>
    </message>
    <message>
        <source>Save project as…</source>
        <translation>Save project as…</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>Save project as</translation>
    </message>
    <message>
        <source>run %1 is now called &quot;%2&quot;</source>
        <translation>run %1 is now called &quot;%2&quot;</translation>
    </message>
    <message>
        <source>No attribute table</source>
        <translation>No attribute table</translation>
    </message>
    <message>
        <source>Select a vector layer (a result or added data) in the layer tree.</source>
        <translation>Select a vector layer (a result or added data) in the layer tree.</translation>
    </message>
    <message>
        <source>This run has no vector or table output.</source>
        <translation>This run has no vector or table output.</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation>Cannot save the project</translation>
    </message>
    <message>
        <source>A scenario or project is still loading.</source>
        <translation>A scenario or project is still loading.</translation>
    </message>
    <message>
        <source>%1 has no run folder (it was computed in memory) and is not saved</source>
        <translation>%1 has no run folder (it was computed in memory) and is not saved</translation>
    </message>
    <message>
        <source>copied the run folder of %1 to %2</source>
        <translation>copied the run folder of %1 to %2</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>saved %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>opening %1</source>
        <translation>opening %1</translation>
    </message>
    <message>
        <source>Project opened with problems</source>
        <translation>Project opened with problems</translation>
    </message>
    <message numerus="yes">
        <source>opened %1: %n run(s)</source>
        <translation>
            <numerusform>opened %1: %n run</numerusform>
            <numerusform>opened %1: %n runs</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot save the scenario</source>
        <translation>Cannot save the scenario</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nothing to export</translation>
    </message>
    <message>
        <source>Select a raster or vector layer (a result or added data) in the layer tree.</source>
        <translation>Select a raster or vector layer (a result or added data) in the layer tree.</translation>
    </message>
    <message>
        <source>Export raster</source>
        <translation>Export raster</translation>
    </message>
    <message>
        <source>GeoTIFF (*.tif)</source>
        <translation>GeoTIFF (*.tif)</translation>
    </message>
    <message>
        <source>Export vector layer</source>
        <translation>Export vector layer</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>Cannot save the camera</source>
        <translation>Cannot save the camera</translation>
    </message>
    <message>
        <source>Load camera</source>
        <translation>Load camera</translation>
    </message>
    <message>
        <source>Cannot load the camera</source>
        <translation>Cannot load the camera</translation>
    </message>
    <message>
        <source>reading the project&apos;s runs</source>
        <translation>reading the project&apos;s runs</translation>
    </message>
    <message>
        <source>the run folder %1 is missing; it stays listed in the project</source>
        <translation>the run folder %1 is missing; it stays listed in the project</translation>
    </message>
    <message>
        <source>loaded %1: %2 buildings, %3 roads%4%5</source>
        <translation>loaded %1: %2 buildings, %3 roads%4%5</translation>
    </message>
    <message>
        <source>, terrain %1 x %2</source>
        <translation>, terrain %1 x %2</translation>
    </message>
    <message>
        <source>, no terrain</source>
        <translation>, no terrain</translation>
    </message>
    <message numerus="yes">
        <source>, %n import warning(s)</source>
        <translation>
            <numerusform>, %n import warning</numerusform>
            <numerusform>, %n import warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Briefing (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::ParamForm</name>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Advanced</translation>
    </message>
    <message>
        <source>Show or hide the parameters most runs leave at their defaults</source>
        <translation>Show or hide the parameters most runs leave at their defaults</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::RunList</name>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>Simulator</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>The runs of this session or project. Double-click a name to rename the run; the check box shows or hides all its layers; right-click for more.</source>
        <translation>The runs of this session or project. Double-click a name to rename the run; the check box shows or hides all its layers; right-click for more.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Give the selected run a name (F2)</source>
        <translation>Give the selected run a name (F2)</translation>
    </message>
    <message>
        <source>Table…</source>
        <translation>Table…</translation>
    </message>
    <message>
        <source>Open the attribute table of the run&apos;s first vector output</source>
        <translation>Open the attribute table of the run&apos;s first vector output</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Remove the run&apos;s layers from the view and the run from the project (its folder stays on disk)</source>
        <translation>Remove the run&apos;s layers from the view and the run from the project (its folder stays on disk)</translation>
    </message>
    <message>
        <source>Zoom to the run&apos;s layers</source>
        <translation>Zoom to the run&apos;s layers</translation>
    </message>
    <message>
        <source>Open attribute table…</source>
        <translation>Open attribute table…</translation>
    </message>
    <message>
        <source>Remove from the project</source>
        <translation>Remove from the project</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>%1
Key: %2
Folder: %3</source>
        <translation>%1
Key: %2
Folder: %3</translation>
    </message>
    <message>
        <source>Saved in the project file</source>
        <translation>Saved in the project file</translation>
    </message>
    <message>
        <source>Not saved in a project yet</source>
        <translation>Not saved in a project yet</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>The language of menus, panels and messages. Simulator parameter labels come from the plug-ins and stay as they declare them.</source>
        <translation>The language of menus, panels and messages. Simulator parameter labels come from the plug-ins and stay as they declare them.</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>A new language takes effect when CityTwin starts again.</source>
        <translation>A new language takes effect when CityTwin starts again.</translation>
    </message>
    <message>
        <source>Where exported images, videos, layers and tables are offered first. Exports never default into a scenario&apos;s data folder.</source>
        <translation>Where exported images, videos, layers and tables are offered first. Exports never default into a scenario&apos;s data folder.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>Choose the output folder</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Output folder</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SimulationJob</name>
    <message>
        <source>the worker program could not be started (%1): %2</source>
        <translation>the worker program could not be started (%1): %2</translation>
    </message>
    <message>
        <source>city model</source>
        <translation>city model</translation>
    </message>
    <message>
        <source>the run finished but its results cannot be read: %1</source>
        <translation>the run finished but its results cannot be read: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>crashed (signal %1%2)</source>
        <translation>crashed (signal %1%2)</translation>
    </message>
    <message>
        <source>ended without a result (exit code %1)</source>
        <translation>ended without a result (exit code %1)</translation>
    </message>
    <message>
        <source>the simulation worker %1 while running %2 (plug-in %3). The viewer and its layers are unaffected; nothing was written.</source>
        <translation>the simulation worker %1 while running %2 (plug-in %3). The viewer and its layers are unaffected; nothing was written.</translation>
    </message>
    <message>
        <source>Last output of the worker:</source>
        <translation>Last output of the worker:</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SimulatorPanel</name>
    <message>
        <source>Simulators found in the plug-in directories (built-in and CITYTWIN_PLUGIN_PATH)</source>
        <translation>Simulators found in the plug-in directories (built-in and CITYTWIN_PLUGIN_PATH)</translation>
    </message>
    <message>
        <source>Reset to scenario</source>
        <translation>Reset to scenario</translation>
    </message>
    <message>
        <source>Put back the values of the scenario&apos;s block for this simulator (the built-in defaults where it has none)</source>
        <translation>Put back the values of the scenario&apos;s block for this simulator (the built-in defaults where it has none)</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Reset to defaults</translation>
    </message>
    <message>
        <source>Put back the simulator&apos;s built-in defaults, ignoring the scenario</source>
        <translation>Put back the simulator&apos;s built-in defaults, ignoring the scenario</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Run the simulator on the loaded city model (F5)</source>
        <translation>Run the simulator on the loaded city model (F5)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stop the running simulator (Shift+F5); nothing of the run is kept</source>
        <translation>Stop the running simulator (Shift+F5); nothing of the run is kept</translation>
    </message>
    <message>
        <source>Progress of the run</source>
        <translation>Progress of the run</translation>
    </message>
    <message>
        <source>No simulators found</source>
        <translation>No simulators found</translation>
    </message>
    <message>
        <source>No simulator plug-ins were found.</source>
        <translation>No simulator plug-ins were found.</translation>
    </message>
    <message>
        <source>%1 (version %2)</source>
        <translation>%1 (version %2)</translation>
    </message>
    <message>
        <source>not run: %1</source>
        <translation>not run: %1</translation>
    </message>
    <message>
        <source>Parameters not valid</source>
        <translation>Parameters not valid</translation>
    </message>
    <message>
        <source>The simulator was not run:</source>
        <translation>The simulator was not run:</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>Cannot run</translation>
    </message>
    <message>
        <source>No scenario file to run.</source>
        <translation>No scenario file to run.</translation>
    </message>
    <message>
        <source>%1 — %2 elapsed</source>
        <translation>%1 — %2 elapsed</translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation>, about %1 left</translation>
    </message>
    <message>
        <source>started</source>
        <translation>started</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>starting</translation>
    </message>
    <message>
        <source>could not start the run: %1</source>
        <translation>could not start the run: %1</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>Run failed</translation>
    </message>
    <message>
        <source>Could not start the run:</source>
        <translation>Could not start the run:</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>cancelling…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>done in %1</source>
        <translation>done in %1</translation>
    </message>
    <message>
        <source>completed in %1</source>
        <translation>completed in %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>cancelled after %1</source>
        <translation>cancelled after %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>failed: %1</translation>
    </message>
    <message>
        <source>Simulation failed</source>
        <translation>Simulation failed</translation>
    </message>
    <message>
        <source>%1 failed:</source>
        <translation>%1 failed:</translation>
    </message>
    <message>
        <source>preview failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the preview of the values</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::TourDialog</name>
    <message>
        <source>Getting started</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <source>Do this step for me</source>
        <translation>Do this step for me</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>The previous step</source>
        <translation>The previous step</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>The next step</source>
        <translation>The next step</translation>
    </message>
    <message>
        <source>End the tour</source>
        <translation>End the tour</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
</TS>
