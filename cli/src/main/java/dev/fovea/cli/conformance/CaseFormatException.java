package dev.fovea.cli.conformance;

/** A case file or index that does not follow FORMAT.md; the message names the file and the offending key. */
final class CaseFormatException extends RuntimeException {
    CaseFormatException(String message) {
        super(message);
    }
}
