package org.socketserver4j.core.testing;

/** {@link BlockingLineHandler} with {@code disableNagleAlgorithm} set, as a subclass sets it. */
public class NoDelayLineHandler extends BlockingLineHandler {

    /** Makes the handler. */
    public NoDelayLineHandler() {
        disableNagleAlgorithm = true;
    }
}
