package org.sparcj.experiments.compare;

import java.nio.file.Path;
import java.util.List;

/** What {@link GridComparison#writeReport} wrote: results.md, index.html, the plots and the Markdown table. */
public record ComparisonReport(Path resultsMarkdown, Path indexHtml, List<Plot> plots, String markdownTable) {
    public ComparisonReport {
        plots = List.copyOf(plots);
    }

    /** One PNG: its file and the title it is shown with. */
    public record Plot(Path file, String title) {
    }
}
