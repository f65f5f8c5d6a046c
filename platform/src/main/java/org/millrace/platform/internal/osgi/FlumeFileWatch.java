package org.millrace.platform.internal.osgi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a Flume file named by {@code flume.config.file} and reports each edit (inotify on Linux, so an edit is
 * seen at once, not at Flume's 30 s poll). Writes that come in a burst (an editor saving) are reported once.
 */
final class FlumeFileWatch implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(FlumeFileWatch.class);
    private static final long SETTLE_MILLIS = 50;

    private final Path file;
    private final WatchService watcher;
    private final Thread thread;

    FlumeFileWatch(String agent, Path file, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath();
        Path dir = this.file.getParent();
        this.watcher = dir.getFileSystem().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(() -> watch(agent, onChange), "millrace-" + agent + "-file-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The watched file. */
    Path file() {
        return file;
    }

    private void watch(String agent, Runnable onChange) {
        try {
            while (true) {
                if (!concernsFile(watcher.take())) {
                    continue;
                }
                WatchKey more;
                while ((more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                LOG.info("[{}] {} changed", agent, file);
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.error("[{}] applying the edited {} failed: {}", agent, file, e.toString(), e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            // closed
        }
    }

    private boolean concernsFile(WatchKey key) {
        boolean hit = key.pollEvents().stream().anyMatch(e -> file.getFileName().equals(e.context()));
        key.reset();
        return hit;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watch of {}: {}", file, e.toString());
        }
    }
}
