package io.drydock.daemon;

import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The standard input of a container created with {@code OpenStdin} ({@code docker run -i}): a
 * pipe made at create, whose read end the container gets at start and whose write end takes
 * what an attached client sends. With {@code StdinOnce} the client's end of input closes the
 * write end, so the container reads end of file.
 *
 * <p>The write end is non-blocking, so that {@link #close} (at the container's exit or removal)
 * never waits behind a write: while the pipe is full, the client's connection thread waits in short
 * sleeps outside the lock, and gives up once the pipe is closed or its reader is gone. Both ends
 * are close-on-exec, so no container but this one holds the pipe (an inherited write end would
 * keep its reader from ever seeing end of file).
 */
final class StdinPipe implements AutoCloseable, HijackedConnection.Input {
    private static final long RETRY_MILLIS = 5;

    private final Syscalls sys;
    private final boolean once;
    private int readFd;
    private int writeFd;

    private StdinPipe(Syscalls sys, boolean once, int readFd, int writeFd) {
        this.sys = sys;
        this.once = once;
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    /** A new pipe; {@code once}: the first attached client's end of input ends the container's. */
    static StdinPipe open(Syscalls sys, boolean once) throws IOException {
        FdPair p;
        try {
            p = sys.pipe2(Syscalls.O_CLOEXEC);
        } catch (SyscallException e) {
            throw new IOException("pipe2: " + e.getMessage(), e);
        }
        StdinPipe pipe = new StdinPipe(sys, once, p.first(), p.second());
        try {
            int flags = sys.fcntl(p.second(), Syscalls.F_GETFL, 0);
            sys.fcntl(p.second(), Syscalls.F_SETFL, flags | Syscalls.O_NONBLOCK);
        } catch (SyscallException e) {
            pipe.close();
            throw new IOException("fcntl O_NONBLOCK on a stdin pipe: " + e.getMessage(), e);
        }
        return pipe;
    }

    /** Whether the first attached client's end of input ends the container's ({@code StdinOnce}). */
    boolean once() {
        return once;
    }

    /** The read end, for the container's start; -1 once it was handed over. */
    synchronized int readFd() {
        return readFd;
    }

    /** Closes the daemon's copy of the read end (the container holds its own once started). */
    synchronized void closeReadEnd() {
        readFd = closeQuietly(readFd);
    }

    /** Writes all of {@code bytes} unless the pipe is closed meanwhile or its reader is gone. */
    @Override
    public void accept(ByteBuffer bytes) throws IOException {
        byte[] buf = new byte[bytes.remaining()];
        bytes.get(buf);
        int off = 0;
        while (off < buf.length) {
            synchronized (this) {
                if (writeFd < 0) {
                    return;
                }
                try {
                    off += sys.write(writeFd, buf, off, buf.length - off);
                    continue;
                } catch (SyscallException e) {
                    if (e.errno() == Errno.EPIPE) {
                        return; // the container no longer reads its input: what is left is dropped
                    }
                    if (e.errno() != Errno.EAGAIN && e.errno() != Errno.EINTR) {
                        throw new IOException("writing a container's standard input: " + e.getMessage(), e);
                    }
                }
            }
            try {
                Thread.sleep(RETRY_MILLIS); // the pipe is full: the container has not read yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The client's input ended: with {@code StdinOnce}, so does the container's. */
    @Override
    public void end() {
        if (once) {
            closeWriteEnd();
        }
    }

    /** Closes the write end: the container reads end of file. */
    synchronized void closeWriteEnd() {
        writeFd = closeQuietly(writeFd);
    }

    @Override
    public synchronized void close() {
        readFd = closeQuietly(readFd);
        writeFd = closeQuietly(writeFd);
    }

    private int closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                sys.close(fd);
            } catch (SyscallException e) {
                // the fd is gone either way
            }
        }
        return -1;
    }
}
