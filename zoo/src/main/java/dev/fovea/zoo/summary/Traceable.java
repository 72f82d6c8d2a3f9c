package dev.fovea.zoo.summary;

/**
 * A module whose forward is custom code (a residual block, an inception module) tells the summary how its
 * children are wired: it sends the shapes through {@link Tracer#apply} in the order its forward calls them and
 * returns the output shape. The summary test compares the result with a real forward for every zoo model.
 */
public interface Traceable {
    /** The output shape (batch first) for an input of shape {@code input}; children go through {@code tracer}. */
    int[] trace(int[] input, Tracer tracer);
}
