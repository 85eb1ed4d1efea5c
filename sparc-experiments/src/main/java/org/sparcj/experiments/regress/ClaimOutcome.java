package org.sparcj.experiments.regress;

import java.util.List;

/**
 * The result of evaluating one claim.
 *
 * @param claim      the claim
 * @param status     PASS, FAIL or ERROR
 * @param operands   the measured value of each compared side, in order (empty on ERROR)
 * @param tolerance  the tolerance applied to each comparison (0 unless {@code within} or == / !=)
 * @param references every metric reference with its value and the cells averaged
 * @param message    the first failing link, the error, or empty
 */
public record ClaimOutcome(Claim claim, Status status, List<Double> operands, double tolerance,
                           List<MetricValue> references, String message) {

    public ClaimOutcome {
        operands = List.copyOf(operands);
        references = List.copyOf(references);
    }

    public enum Status { PASS, FAIL, ERROR }

    /** A metric reference, its average and the cells (seeds) it averaged. */
    public record MetricValue(String reference, double value, List<String> cells) {
        public MetricValue {
            cells = List.copyOf(cells);
        }
    }

    /** A failure that the claim file marks as known not to reproduce on this benchmark. */
    public boolean knownFailure() {
        return status == Status.FAIL && claim.knownNotToReproduce();
    }
}
