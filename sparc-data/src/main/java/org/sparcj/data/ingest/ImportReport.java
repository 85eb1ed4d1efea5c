package org.sparcj.data.ingest;

/**
 * How an import's ID sets matched.
 *
 * @param rows                  feature rows written (samples)
 * @param testRows              rows of the fixed test part
 * @param images                distinct images of those rows
 * @param rowsWithoutLabels     rows whose image has no label
 * @param labelRows             label rows read (all label files)
 * @param labelRowsNotPositive  label rows dropped as not human-verified positives
 * @param labelRowsOutsideTaxonomy label rows dropped because their class is not in the taxonomy
 * @param classesOutsideTaxonomy distinct classes so dropped
 * @param labelRowsWithoutFeatures label rows for images that have no feature row
 * @param duplicateLabelRows    label rows repeating an (image, class) pair already read
 * @param duplicateImages       images listed twice in a caption file, or sample IDs listed twice
 */
public record ImportReport(long rows, long testRows, long images, long rowsWithoutLabels, long labelRows,
                           long labelRowsNotPositive, long labelRowsOutsideTaxonomy, long classesOutsideTaxonomy,
                           long labelRowsWithoutFeatures, long duplicateLabelRows, long duplicateImages) {
    /** Three lines for the terminal. */
    @Override
    public String toString() {
        return rows + " rows (" + testRows + " in the test part) of " + images + " images; " + rowsWithoutLabels
                + " rows without labels\n"
                + labelRows + " label rows: " + labelRowsNotPositive + " not verified positives, "
                + labelRowsOutsideTaxonomy + " outside the taxonomy (" + classesOutsideTaxonomy + " classes), "
                + labelRowsWithoutFeatures + " for images without features, " + duplicateLabelRows + " duplicates\n"
                + duplicateImages + " duplicate images or sample IDs";
    }
}
