#pragma once
/// @file chart_painter.h
/// Draws a Chart with VTK's chart library (vtkChartXY: axes, ticks, legend and layout) through a QPainter, so
/// the same chart is vector graphics in a PDF (QPdfWriter), pixels in an image or a widget, with text in any
/// font Qt has (Hangul included). Needs a QGuiApplication (fonts). Thread safety: one painter per thread;
/// VTK's chart objects are made per call.

#include <QColor>
#include <QImage>
#include <QString>

#include "citytwin/charts/chart.h"

class QPainter;
class QRectF;

namespace citytwin::charts {

/// How a chart looks. Sizes are in chart units: points on paper, pixels on screen (see paintChart's scale).
struct ChartStyle {
    QString fontFamily;             ///< "" = the application's font
    double fontSize = 9.0;          ///< tick labels and legend; titles are a little larger
    double lineWidth = 1.6;         ///< series lines
    double markerSize = 5.0;        ///< series drawn as markers
    bool title = true;              ///< draw Chart::title above the plot
    bool legend = true;             ///< draw the legend (only when there is more than one series)
    QColor background = Qt::white;  ///< invalid = transparent
};

/// The colour of palette entry `index` (Series::colour): the categorical colour map of the render library.
QColor seriesColour(int index);

/// Draws `chart` into `rect` (painter coordinates). `scale` is painter units per chart unit: 1 for a widget
/// in logical pixels, resolution / 72 for a QPdfWriter so that sizes are points. A chart without drawable
/// series shows its titles and "No data" (`noData`).
void paintChart(const Chart& chart, QPainter& painter, const QRectF& rect, double scale,
                const ChartStyle& style = {}, const QString& noData = QStringLiteral("No data"));

/// The chart as an image of width x height pixels, drawn at `scale` pixels per chart unit.
QImage chartImage(const Chart& chart, int width, int height, double scale = 1.0,
                  const ChartStyle& style = {});

}  // namespace citytwin::charts
