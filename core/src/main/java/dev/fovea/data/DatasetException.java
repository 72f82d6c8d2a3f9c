package dev.fovea.data;

import java.nio.file.Path;

/**
 * A dataset file is missing, corrupt, truncated or of the wrong kind. The message always names the file and
 * what was wrong (bad magic, size mismatch, wrong checksum) and, where there is one, what to do about it.
 */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")"
                : ""), cause);
    }
}
