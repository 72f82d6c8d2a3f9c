package dev.fovea.io;

/** Malformed or unexpected JSON; the message starts with the source name and, when known, line and column. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
