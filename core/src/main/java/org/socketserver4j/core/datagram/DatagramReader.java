package org.socketserver4j.core.datagram;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's reading loop: a selector thread that receives datagrams while the
 * {@link ReceiveGate} lets it, into a buffer one byte larger than the maximum datagram size,
 * and hands each to the engine. At most 64 datagrams per wake-up, so a flood cannot starve
 * the gate's checks.
 */
final class DatagramReader implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DatagramReader.class);
    private static final int BATCH = 64;

    private final DatagramChannel channel;
    private final DatagramEngine engine;
    private final ReceiveGate gate;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer buffer;
    private volatile boolean running = true;

    /** A reader of {@code channel}, which it makes non-blocking. */
    DatagramReader(DatagramChannel channel, DatagramEngine engine, ReceiveGate gate, int maxDatagramSize)
            throws IOException {
        this.channel = channel;
        this.engine = engine;
        this.gate = gate;
        this.buffer = ByteBuffer.allocateDirect(maxDatagramSize + 1);
        this.selector = Selector.open();
        try {
            channel.configureBlocking(false);
            this.key = channel.register(selector, 0);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                key.interestOps(gate.wantsMore() ? SelectionKey.OP_READ : 0);
                selector.select();
                selector.selectedKeys().clear();
                if (running) {
                    receiveBatch();
                }
            }
        } catch (ClosedSelectorException | ClosedChannelException | java.nio.channels.CancelledKeyException stopped) {
            // closing
        } catch (IOException e) {
            log.error("datagram reader on {} failed; it stops", channel, e);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("closing selector", e);
            }
        }
    }

    private void receiveBatch() throws IOException {
        for (int i = 0; i < BATCH && running && gate.take(); i++) {
            buffer.clear();
            SocketAddress sender;
            try {
                sender = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                gate.giveBack();
                log.warn("receive on {} failed", channel, e);
                return;
            }
            if (sender == null) {
                gate.giveBack();
                return;
            }
            gate.confirm();
            buffer.flip();
            try {
                engine.received(channel, sender, buffer);
            } catch (RuntimeException | Error e) {
                log.error("datagram from {} not handled", sender, e);
            }
        }
    }

    /** Wakes the loop to look at the gate again. */
    void wakeup() {
        selector.wakeup();
    }

    /** Ends the loop. */
    void stop() {
        running = false;
        selector.wakeup();
    }
}
