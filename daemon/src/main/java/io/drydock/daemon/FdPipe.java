package io.drydock.daemon;

import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;

/**
 * A pipe whose write end a container process gets as its output (the engine takes fds) and
 * whose read end a thread copies to a client until every writer has closed it.
 */
final class FdPipe implements AutoCloseable {
    /** Receives what the pipe carries. */
    interface Output {
        void accept(byte[] data, int len) throws IOException;
    }

    private final Syscalls sys;
    private final int readFd;
    private int writeFd;
    private final Thread reader;

    private FdPipe(Syscalls sys, int readFd, int writeFd, Output out) {
        this.sys = sys;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.reader = new Thread(() -> copy(out), "drydock-pipe-" + readFd);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** A new pipe copying to {@code out}. */
    static FdPipe open(Syscalls sys, Output out) throws IOException {
        try {
            FdPair p = sys.pipe2(Syscalls.O_CLOEXEC);
            return new FdPipe(sys, p.first(), p.second(), out);
        } catch (SyscallException e) {
            throw new IOException("pipe2: " + e.getMessage(), e);
        }
    }

    /** The write end, for the process. */
    int writeFd() {
        return writeFd;
    }

    /** Closes this process's write end; the copy ends once the process's copies are closed too. */
    void closeWriteEnd() {
        if (writeFd >= 0) {
            try {
                sys.close(writeFd);
            } catch (SyscallException e) {
                // the fd is gone either way
            }
            writeFd = -1;
        }
    }

    private void copy(Output out) {
        byte[] buf = new byte[16 * 1024];
        try {
            while (true) {
                int n = sys.read(readFd, buf, buf.length);
                if (n <= 0) {
                    return;
                }
                out.accept(buf, n);
            }
        } catch (SyscallException | IOException e) {
            // the client went away or the pipe broke: the process's output has nowhere to go
        }
    }

    /** Closes the write end and waits for the copy to end (up to 10 s), then closes the read end. */
    @Override
    public void close() {
        closeWriteEnd();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sys.close(readFd);
        } catch (SyscallException e) {
            // the fd is gone either way
        }
    }
}
