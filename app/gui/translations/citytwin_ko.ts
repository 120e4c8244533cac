<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Dialogs</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a %1 layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raster series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scalar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The 3D view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;The 3D view&lt;/h2&gt;&lt;p&gt;The city model and the results. &lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right or middle drag&lt;/b&gt; (or Shift + left drag) pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor, a &lt;b&gt;click&lt;/b&gt; identifies what is under it: the object is outlined in magenta and its attributes appear in the Inspector.&lt;/p&gt;&lt;p&gt;Keys: Home default view, T top view, N north up, F fly to the selected layer, Shift+F fly to the object last clicked, + / − zoom, Alt + arrows orbit and tilt, Space play or pause the time series.&lt;/p&gt;&lt;p&gt;Legends, the scale bar, the north arrow, the title and the data attribution are drawn in the view and in every export (View menu to hide them).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Layers&lt;/h2&gt;&lt;p&gt;The layers of the city model, of added data and of every run, in groups. The check box of a layer shows or hides it; the check box of a group shows or hides all its layers together. Double-click a layer to fly to it; right-click for Zoom to, Export, Attribute table and Remove.&lt;/p&gt;&lt;p&gt;Below the tree, the &lt;b&gt;style&lt;/b&gt; of the selected layer: opacity, the attribute to colour by, the colour map, the range (from the data or fixed) and, for depths in metres, &lt;i&gt;draw as water surface&lt;/i&gt;. Every style change can be undone (Edit &amp;gt; Undo, Ctrl+Z).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Runs&lt;/h2&gt;&lt;p&gt;Every simulator run of the session or of the open project. Each run is a run folder on disk (the results format of &lt;code&gt;citytwin-cli run&lt;/code&gt;). Double-click a name to rename the run (the name is saved in the project); the check box shows or hides all the run&apos;s layers; &lt;i&gt;Table…&lt;/i&gt; opens the attribute table of its vector output.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Saved&lt;/i&gt; says whether the run is kept in the project file: File &amp;gt; Save project copies the run folders beside the project file. Quitting with unsaved runs asks first.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Simulators&lt;/h2&gt;&lt;p&gt;The simulators found in the plug-in folders and a form generated from the chosen one&apos;s declared parameters (units, ranges, help as tooltips, advanced ones folded away). &lt;b&gt;Run&lt;/b&gt; (F5) checks every value and starts the simulator in a worker process; &lt;b&gt;Cancel&lt;/b&gt; (Shift+F5) stops it. &lt;b&gt;Reset to scenario&lt;/b&gt; puts back the values of the scenario&apos;s simulator block; &lt;b&gt;Reset to defaults&lt;/b&gt; the simulator&apos;s built-in defaults. Edits of the form can be undone (Ctrl+Z).&lt;/p&gt;&lt;p&gt;Help &amp;gt; Help contents has a page per simulator with all its parameters and outputs.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Inspector&lt;/h2&gt;&lt;p&gt;What the last click in the view hit: a building&apos;s id, height, floors and every attribute; a road&apos;s name, class, lanes and speed limit; a result feature&apos;s attributes (named by its fid, the id in its file; integer ids exactly as stored); on the ground, the coordinates, the elevation and the value of every visible raster under the point.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Log&lt;/h2&gt;&lt;p&gt;Messages of the viewer, the simulators, Qt and VTK, with the import warnings of the scenario (for example which text encoding a Shapefile was read with). Warnings and errors also show briefly in the status bar.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Time bar&lt;/h2&gt;&lt;p&gt;Results over time (water depth every five minutes, for example) are shown at the time of the slider; ▶ plays them (Space). The time shown in the tool bar and in the view are the same.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Projects&lt;/h2&gt;&lt;p&gt;File &amp;gt; Save project writes one file (&lt;code&gt;.ctproj&lt;/code&gt;, JSON, see docs/project-format.md) with the scenario, the layer styles, the camera, the time and the runs, whose folders are copied into &lt;code&gt;&amp;lt;project&amp;gt;_runs/&lt;/code&gt; beside it. File &amp;gt; Open project brings all of it back. The file is written atomically: a failed save leaves the previous file as it was.&lt;/p&gt;&lt;p&gt;Exports (images, videos, layers, tables) are offered in the output folder (Edit &amp;gt; Settings), never in the folder of the input data.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>References</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated from the simulator&apos;s declarations; parameter and output texts are the plug-in&apos;s own.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>easting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>northing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elevation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terrain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>floors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base elevation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>footprint area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Road %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lanes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>speed limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one-way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, fid %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, feature %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::AttributeTableDialog</name>
    <message>
        <source>Filter rows (text in any column)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows only the rows where some column contains this text (case does not matter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a column header to sort by it (numbers as numbers); choose a row to highlight its feature in the view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the rows shown (filtered and sorted as now) to a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export table as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::HelpDialog</name>
    <message>
        <source>CityTwin help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help topics: the panels of the window and each simulator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::LayerPanel</name>
    <message>
        <source>terrain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>buildings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raster series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>City model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparisons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The layers of the city model, of added data and of each run. A check box shows or hides a layer; a group&apos;s check box all its layers. Double-click to fly to a layer, right-click for more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity of the selected layer (0 % invisible, 100 % opaque)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attribute whose values colour the features (numbers with a colour bar, text as classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The colours the values are drawn with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range from the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stretch the colour map from the smallest to the largest value of the layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value drawn with the first colour of the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value drawn with the last colour of the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw as water surface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the values (metres) as a translucent water surface at terrain + value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame the selected layer in the view (F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the layer&apos;s data: rasters as GeoTIFF, series as GeoTIFF frames, vectors as GeoPackage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the layer&apos;s attribute table (sortable, exportable as CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the layer from the view (the city model&apos;s own layers stay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export layer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open attribute table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick or clear to show or hide all the layers of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(one colour)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::MainWindow</name>
    <message numerus="yes">
        <source>%n simulator(s) loaded</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The point under the cursor: easting, northing and terrain height in the project&apos;s coordinate reference system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ground metres per screen pixel at the centre of the view, and the scale it makes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 px = %1 m   ≈ 1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset of the %1 form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The layers of the city model, of added data and of every run, and the style of the selected one (F1 for help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The runs of this session or project: names, saved or not, shown or hidden together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a simulator, set its parameters and run it on the city model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the last click in the view hit, with its attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attributes of the object last clicked in the view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages of the viewer, the simulators, Qt and VTK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages of the viewer, the simulators and the import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open scenario or project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open scenario or project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityTwin scenarios and projects (*.json *.ctproj);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No city model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a scenario first: added data is brought into its coordinate system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add raster or vector data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GIS data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open res&amp;ults…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the scenario the results were computed for first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open results (a citytwin-cli run directory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save scenario &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Animation of the time series…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Layer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Camera…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Default view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oblique view from the south-south-west framing everything (Home)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Top view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Straight down, north up (T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;North up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn the view so that north is up, keeping tilt and distance (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fly to layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fly to the &amp;picked object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orbit left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orbit right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tilt up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tilt down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load camera…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;legends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;scale bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show north &amp;arrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ompare runs (B − A)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help &amp;contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Getting started…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard and mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard and mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Mouse&lt;/b&gt;: left drag orbits, right or middle drag (or Shift + left drag) pans, the wheel zooms towards the cursor, a click identifies what is under it.&lt;br&gt;&lt;br&gt;&lt;b&gt;Keys&lt;/b&gt;: Home default view, T top view, N north up, F fly to the selected layer, + / − zoom, Alt + arrows orbit and tilt, Shift+F fly to the object last clicked, Space play / pause the time series, Ctrl+O open, Ctrl+D add data, Ctrl+S save, Ctrl+Shift+S save the project, Ctrl+Z / Ctrl+Shift+Z undo / redo, Ctrl+E export an image, F5 run the simulator, Shift+F5 cancel, F1 help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About CityTwin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About CityTwin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityTwin %1 — a desktop digital twin of a city.&lt;br&gt;Qt %2, VTK 9, GDAL and PROJ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertical exaggeration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stretch heights of the terrain, the buildings and all layers (1 × = true scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play / pause the time series (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time shown by the layers that change over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no time series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time since the start of the run (hours:minutes:seconds), as in the view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scenario is still loading; try again when it has loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A simulator is running on the current city model; cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load the scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown failure while loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show the scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>results of %1 read from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds no simulator results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a scenario first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the scenario for the run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: table of %n row(s), kept with the run (Runs &gt; Table… shows it)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identify failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) of this session are not saved in a project.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Save them in a project before quitting?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them before quitting?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityTwin projects (*.ctproj)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the frames (GeoTIFF + index.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityTwin shows a city in 3D and runs simulators on it: floods, traffic, ground subsidence, new towns, air corridors. This tour walks through a day&apos;s work on the demo city, Merewether (Newcastle, Australia), where a flash flood hit 60 houses in June 2007.&lt;br&gt;&lt;br&gt;Each step can be done by hand, or with the button below it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the demo city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look around</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right drag&lt;/b&gt; pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor. &lt;b&gt;Home&lt;/b&gt; brings back the default view, &lt;b&gt;T&lt;/b&gt; looks straight down.&lt;br&gt;&lt;br&gt;&lt;b&gt;Click&lt;/b&gt; a house: it is outlined in magenta and the &lt;i&gt;Inspector&lt;/i&gt; lists its id, height and attributes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &lt;i&gt;Layers&lt;/i&gt; panel lists the terrain, the houses, the road surface and the observation points. Untick a layer to hide it; select one to change its colours below the tree. Every change can be undone with Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a flood</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In &lt;i&gt;Simulators&lt;/i&gt;, choose &lt;b&gt;flood&lt;/b&gt;. The form shows the scenario&apos;s storm (100 mm/h for an hour); hover over a field for its meaning. Set the duration to 900 s for a quick run and press &lt;b&gt;Run&lt;/b&gt; (F5). The water appears when the run ends; the time bar plays it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the flood simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name and compare runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each run is listed in &lt;i&gt;Runs&lt;/i&gt;: double-click its name to call it, say, &quot;100 mm/h&quot;. Run again with another rain intensity, then &lt;i&gt;Simulation &amp;gt; Compare runs&lt;/i&gt; draws the difference. The check box of a run shows or hides all its layers together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables and exports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;Table…&lt;/i&gt; under a run (or a vector layer) opens its attributes: sort by a column, filter, export CSV. &lt;i&gt;File &amp;gt; Export&lt;/i&gt; writes images and videos into your output folder (Edit &amp;gt; Settings), never into the data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;File &amp;gt; Save project&lt;/i&gt; (Ctrl+Shift+S) keeps the scenario, the styles, the camera and the runs in one project file; &lt;i&gt;File &amp;gt; Open project&lt;/i&gt; brings them back. Quitting with unsaved runs asks first.&lt;br&gt;&lt;br&gt;F1 opens the help of the panel you are in, with a page per simulator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open pro&amp;ject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityTwin projects (*.ctproj);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1 is now called &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No attribute table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a vector layer (a result or added data) in the layer tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run has no vector or table output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scenario or project is still loading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no run folder (it was computed in memory) and is not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copied the run folder of %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opening %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runs[%1] (%2): the run folder %3 is missing; it stays listed in the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runs[%1] (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds no results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project opened with problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>opened %1: %n run(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>citytwin::gui::ParamForm</name>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the parameters most runs leave at their defaults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::RunList</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The runs of this session or project. Double-click a name to rename the run; the check box shows or hides all its layers; right-click for more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the selected run a name (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the attribute table of the run&apos;s first vector output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the run&apos;s layers from the view and the run from the project (its folder stays on disk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to the run&apos;s layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open attribute table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Key: %2
Folder: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the project file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved in a project yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of menus, panels and messages. Simulator parameter labels come from the plug-ins and stay as they declare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language takes effect when CityTwin starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where exported images, videos, layers and tables are offered first. Exports never default into a scenario&apos;s data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SimulatorPanel</name>
    <message>
        <source>Simulators found in the plug-in directories (built-in and CITYTWIN_PLUGIN_PATH)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put back the values of the scenario&apos;s block for this simulator (the built-in defaults where it has none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put back the simulator&apos;s built-in defaults, ignoring the scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the simulator on the loaded city model (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running simulator (Shift+F5); nothing of the run is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress of the run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>citytwin::gui::TourDialog</name>
    <message>
        <source>Getting started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do this step for me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End the tour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
