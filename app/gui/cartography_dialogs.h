#pragma once
// The map side of the viewer's dialogs and menus: image and animation export (size presets that follow typed
// sizes, DPI, a title for the image only, MP4 with a title card, progress with Cancel), the run comparison
// (B - A draped with a diverging ramp, or side by side with linked cameras), the 2D map mode, the overview
// inset, feature labels, and the map's number locale. MainWindow calls these; they use only its public API.

#include <QList>
#include <QString>
#include <functional>
#include <string>

#include "citytwin/render/results.h"

class QAction;
class QLocale;
class QMenu;

namespace citytwin::gui {

class MainWindow;

/// File > Export > Image. `defaultFile` is where the file name starts; `attribution` the proposed credit
/// line. The title and attribution typed here go on this image only.
void exportImageDialog(MainWindow& window, const QString& defaultFile, const QString& attribution);

/// File > Export > Animation: MP4 (H.264, through ffmpeg), Ogg Theora or PNG frames, with a title card; a
/// progress dialog with Cancel while frames render. `defaultDir` is where the file name starts.
void exportAnimationDialog(MainWindow& window, const QString& defaultDir);

/// Simulation > Compare runs. Defaults to the main output of the last run (the one drawn first: the water
/// surface, not the speed) against the same output of the run before. `layerAdded(id)` is called after a
/// difference layer was added (to refresh the layer tree and the time bar).
void compareDialog(MainWindow& window, const std::function<void(const std::string&)>& layerAdded);

/// The main raster output of a run (what a comparison starts from): the first raster or series the run shows
/// at first (a water surface before a draped raster), else its first raster or series; -1 when it has none.
int mainOutputIndex(const render::RunResults& run);

/// Adds View > 2D map (north up) [M], Overview map, and Label the selected layer by >. Returns the actions a
/// tool bar may show (2D map, overview).
QList<QAction*> addCartographyActions(MainWindow& window, QMenu* viewMenu);

/// The map's numbers, dates and time stamps follow this locale (decimal point, grouping, day word).
void applyMapLocale(const QLocale& locale);

}  // namespace citytwin::gui
