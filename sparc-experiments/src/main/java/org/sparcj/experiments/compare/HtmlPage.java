package org.sparcj.experiments.compare;

import java.util.ArrayList;
import java.util.List;
import org.sparcj.experiments.run.CellResult;

/** index.html of a comparison: the table and the plots, no scripts, no external resources. */
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
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px}td.num{text-align:right}img{max-width:100%}")
                .append("figure{margin:2em 0}</style>\n</head>\n<body>\n<h1>Grid comparison</h1>\n<p>")
                .append(grid.cells().size()).append(" cells; axes: ")
                .append(escape(grid.axes().isEmpty() ? "none" : String.join(", ", grid.axes()))).append("</p>\n<table>\n<tr>");
        for (String h : header) sb.append("<th>").append(escape(h)).append("</th>");
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
        sb.append("</table>\n");
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
