package dev.fovea.cli.conformance;

/** The outcome of one case; {@code message} says why it failed (null when it passed). */
public record CaseResult(String op, String name, boolean passed, String message) {
    /** {@code op/name}, the label used in reports. */
    public String label() {
        return op + "/" + name;
    }
}
