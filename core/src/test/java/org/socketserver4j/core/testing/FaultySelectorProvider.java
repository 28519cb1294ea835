package org.socketserver4j.core.testing;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A selector provider whose selectors fail on demand: {@link #failSelects(int)} makes the
 * next selects of every selector it opened throw {@link IOException}, {@link #failForever()}
 * makes all of them (and every new selector's) throw. Each selector is a thin shell over a
 * real one from the default provider: channels register with the real selector, and keys,
 * ready sets and cancellation are passed through, so a channel closed while registered is
 * still released (no descriptor leaks).
 */
public final class FaultySelectorProvider extends SelectorProvider {

    private final SelectorProvider real = SelectorProvider.provider();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private final AtomicInteger selectsFailed = new AtomicInteger();
    private final List<FaultySelector> opened = new CopyOnWriteArrayList<>();
    private volatile boolean failingForever;

    /** Makes a provider whose selectors work until told to fail. */
    public FaultySelectorProvider() {}

    /** The next {@code n} selects, on any of this provider's selectors, throw; wakes them. */
    public void failSelects(int n) {
        failuresToInject.addAndGet(n);
        wakeAll();
    }

    /** From now on every select throws, on old and new selectors alike; wakes them. */
    public void failForever() {
        failingForever = true;
        wakeAll();
    }

    /** How many selects this provider made fail. */
    public int selectsFailed() {
        return selectsFailed.get();
    }

    /** How many selectors it opened. */
    public int selectorsOpened() {
        return opened.size();
    }

    private void wakeAll() {
        for (FaultySelector selector : opened) {
            selector.wakeup();
        }
    }

    private void maybeFail() throws IOException {
        if (failingForever) {
            selectsFailed.incrementAndGet();
            throw new IOException("injected select failure (for ever)");
        }
        int left = failuresToInject.get();
        while (left > 0) {
            if (failuresToInject.compareAndSet(left, left - 1)) {
                selectsFailed.incrementAndGet();
                throw new IOException("injected select failure");
            }
            left = failuresToInject.get();
        }
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        FaultySelector selector = new FaultySelector(this, real.openSelector());
        opened.add(selector);
        return selector;
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return real.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return real.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return real.openPipe();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return real.openServerSocketChannel();
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return real.openSocketChannel();
    }

    /** A selector over a real one; keys are ours, each attached to the real key. */
    private static final class FaultySelector extends AbstractSelector {
        private final FaultySelectorProvider owner;
        private final Selector inner;
        private final Set<SelectionKey> keys = new HashSet<>();
        private final Set<SelectionKey> selected = new HashSet<>();

        FaultySelector(FaultySelectorProvider owner, Selector inner) {
            super(owner);
            this.owner = owner;
            this.inner = inner;
        }

        @Override
        protected SelectionKey register(AbstractSelectableChannel channel, int ops, Object attachment) {
            FaultyKey key = new FaultyKey(channel, this);
            key.attach(attachment);
            try {
                key.innerKey = channel.register(inner, ops, key);
            } catch (IOException e) {
                throw new IllegalStateException("cannot register with the real selector", e);
            }
            synchronized (keys) {
                keys.add(key);
            }
            return key;
        }

        @Override
        protected void implCloseSelector() throws IOException {
            synchronized (keys) {
                for (SelectionKey key : keys) {
                    deregister((AbstractSelectionKey) key);
                }
                keys.clear();
            }
            selected.clear();
            inner.close();
        }

        @Override
        public Set<SelectionKey> keys() {
            synchronized (keys) {
                return Collections.unmodifiableSet(new HashSet<>(keys));
            }
        }

        @Override
        public Set<SelectionKey> selectedKeys() {
            return selected;
        }

        @Override
        public int selectNow() throws IOException {
            return selectThrough(() -> inner.selectNow());
        }

        @Override
        public int select(long timeout) throws IOException {
            return selectThrough(() -> inner.select(timeout));
        }

        @Override
        public int select() throws IOException {
            return selectThrough(() -> inner.select());
        }

        private int selectThrough(InnerSelect how) throws IOException {
            owner.maybeFail();
            dropCancelled();
            how.select();
            owner.maybeFail();
            dropCancelled();
            int added = 0;
            for (SelectionKey innerKey : inner.selectedKeys()) {
                FaultyKey key = (FaultyKey) innerKey.attachment();
                if (innerKey.isValid() && key.isValid()) {
                    key.ready = innerKey.readyOps();
                    if (selected.add(key)) {
                        added++;
                    }
                }
            }
            inner.selectedKeys().clear();
            return added;
        }

        private void dropCancelled() {
            Set<SelectionKey> cancelled = cancelledKeys();
            synchronized (cancelled) {
                for (SelectionKey key : cancelled) {
                    deregister((AbstractSelectionKey) key);
                    synchronized (keys) {
                        keys.remove(key);
                    }
                    selected.remove(key);
                    SelectionKey innerKey = ((FaultyKey) key).innerKey;
                    if (innerKey != null) {
                        innerKey.cancel();
                    }
                }
                cancelled.clear();
            }
        }

        @Override
        public Selector wakeup() {
            inner.wakeup();
            return this;
        }
    }

    @FunctionalInterface
    private interface InnerSelect {
        int select() throws IOException;
    }

    private static final class FaultyKey extends AbstractSelectionKey {
        private final SelectableChannel channel;
        private final FaultySelector selector;
        private volatile SelectionKey innerKey;
        private volatile int ready;

        FaultyKey(SelectableChannel channel, FaultySelector selector) {
            this.channel = channel;
            this.selector = selector;
        }

        @Override
        public SelectableChannel channel() {
            return channel;
        }

        @Override
        public Selector selector() {
            return selector;
        }

        @Override
        public int interestOps() {
            return innerKey.interestOps();
        }

        @Override
        public SelectionKey interestOps(int ops) {
            innerKey.interestOps(ops);
            return this;
        }

        @Override
        public int readyOps() {
            return ready;
        }
    }
}
