package io.partnersync.sandbox;

import io.partnersync.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One sandbox per folder: an exclusive OS file lock on {@code <dataDir>/sandbox.lock}, held while
 * the sandbox runs and released by the OS if the process dies. A second start on the same folder
 * stops before it empties the store the first one is using.
 */
final class SandboxLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private SandboxLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static SandboxLock take(Path dataDir) {
        Path file = dataDir.resolve("sandbox.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new InvalidConfigurationException("configuration", "partnersync.sandbox.data-dir",
                        "expected a folder no other sandbox is using; one is running on " + dataDir.toAbsolutePath() + " (it holds " + file.getFileName()
                                + "): stop it first, or give this one another folder");
            }
            return new SandboxLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + file.toAbsolutePath(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process ends or the channel is gone: the OS releases the lock
        }
    }
}
