package org.socketserver4j.core.handler;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A blocking handler for stream connections (TCP, Unix): socketserver's
 * {@code StreamRequestHandler}. {@link #setup()} applies the settings below and opens
 * {@link #rfile} and {@link #wfile}; {@link #finish()} flushes and closes them. Change the
 * settings in the subclass's constructor, as a Python subclass sets class attributes.
 */
public abstract class StreamRequestHandler extends RequestHandler {

    /** Read timeout of {@link #rfile}; {@code null} keeps the server's idle timeout. */
    protected Duration timeout = null;

    /** Whether to set TCP_NODELAY on the connection. */
    protected boolean disableNagleAlgorithm = false;

    /** Size of {@link #rfile}'s buffer in bytes. */
    protected int rbufsize = 8192;

    /** Size of {@link #wfile}'s buffer in bytes; 0 (the default) means unbuffered. */
    protected int wbufsize = 0;

    /** Longest line {@link LineInputStream#readLine()} accepts, in bytes. */
    protected int maxLineLength = LineInputStream.DEFAULT_MAX_LINE_LENGTH;

    /** The bytes from the client; it can read a line. */
    protected LineInputStream rfile;

    /** The bytes to the client; unbuffered unless {@link #wbufsize} is positive. */
    protected OutputStream wfile;

    /** Makes a handler. */
    protected StreamRequestHandler() {}

    @Override
    public void setup() throws Exception {
        if (timeout != null) {
            request.setReadTimeout(timeout);
        }
        if (disableNagleAlgorithm) {
            request.setNoDelay(true);
        }
        rfile = new LineInputStream(request.inputStream(), rbufsize, maxLineLength);
        OutputStream out = request.outputStream();
        wfile = wbufsize > 0 ? new BufferedOutputStream(out, wbufsize) : out;
    }

    @Override
    public void finish() throws Exception {
        try {
            wfile.flush();
        } catch (IOException peerGone) {
            // socketserver ignores a flush that fails because the peer has gone
        }
    }
}
