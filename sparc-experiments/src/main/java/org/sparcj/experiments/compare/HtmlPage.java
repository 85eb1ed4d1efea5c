package org.sparcj.experiments.compare;

import java.util.ArrayList;
import java.util.List;
import org.sparcj.experiments.run.CellResult;

/**
 * index.html of a comparison: the table and the plots, no scripts, no external resources. The table
 * scrolls sideways inside the page (a grid report has a dozen metric columns) with the cell column
 * kept in view, and each metric's header says which direction is better.
 */
final class HtmlPage {
    private HtmlPage() {
    }

    static String render(GridComparison grid, List<String> metrics, List<ComparisonReport.Plot> plots) {
        boolean mixedStatus = grid.cells().stream().map(CellResult::status).distinct().count() > 1;
        List<String> header = new ArrayList<>();
        header.add("cell");
        header.addAll(grid.axes());
        header.addAll(metrics);
        if (mixedStatus) header.add("status");
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Grid comparison</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}.scroll{overflow-x:auto;max-width:100%}")
                .append("table{border-collapse:collapse;font-size:90%}th,td{border:1px solid #ccc;padding:4px 8px}")
                .append("th{max-width:9em;overflow-wrap:anywhere;vertical-align:bottom;background:#f4f4f4}")
                .append("td{white-space:nowrap}td.num{text-align:right}th:first-child,td:first-child{position:sticky;left:0;")
                .append("background:#fff}th:first-child{background:#f4f4f4}img{max-width:100%}figure{margin:2em 0}</style>\n")
                .append("</head>\n<body>\n<h1>Grid comparison</h1>\n<p>")
                .append(grid.cells().size()).append(" cells; axes: ")
                .append(escape(grid.axes().isEmpty() ? "none" : String.join(", ", grid.axes())))
                .append(". \u2193 lower is better, \u2191 higher is better (no arrow: a count, no direction).</p>\n")
                .append("<div class=\"scroll\">\n<table>\n<tr>");
        for (String h : header) {
            MetricDirection d = metrics.contains(h) ? MetricDirection.of(h) : MetricDirection.NONE;
            sb.append(d == MetricDirection.NONE ? "<th>" : "<th title=\"" + d.words() + "\">").append(escape(d.header(h))).append("</th>");
        }
        sb.append("</tr>\n");
        int firstMetric = 1 + grid.axes().size();
        for (CellResult c : grid.cells()) {
            List<String> values = grid.rowValues(c, metrics, mixedStatus);
            sb.append("<tr>");
            for (int i = 0; i < values.size(); i++) {
                boolean num = i >= firstMetric && i < firstMetric + metrics.size();
                sb.append(num ? "<td class=\"num\">" : "<td>").append(escape(values.get(i))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n</div>\n");
        for (ComparisonReport.Plot p : plots) {
            String name = p.file().getFileName().toString();
            sb.append("<figure><img src=\"").append(escape(name)).append("\" alt=\"").append(escape(p.title()))
                    .append("\"><figcaption>").append(escape(p.title())).append("</figcaption></figure>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
