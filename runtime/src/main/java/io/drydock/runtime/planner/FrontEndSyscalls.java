package io.drydock.runtime.planner;

import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import java.util.List;
import java.util.Objects;

/**
 * The host's syscalls as one front end's call sees them: everything runs in the daemon except
 * what depends on who the parent is. spawn(2) (the shim), waitpid(2) and becoming a subreaper
 * happen in the front end, so the container's init descends from the caller (containerd-shim,
 * conmon) exactly as when drydock-runc runs in its own JVM.
 */
public final class FrontEndSyscalls implements Syscalls {
  private final Syscalls host;
  private final FrontEnd frontEnd;

  public FrontEndSyscalls(Syscalls host, FrontEnd frontEnd) {
    this.host = Objects.requireNonNull(host, "host");
    this.frontEnd = Objects.requireNonNull(frontEnd, "frontEnd");
  }

  @Override
  public int spawn(String path, List<String> argv, List<String> envp, List<FdMapping> fdMappings) {
    return frontEnd.spawn(path, argv, envp, fdMappings);
  }

  @Override
  public WaitStatus waitpid(int pid, int flags) {
    return frontEnd.waitpid(pid, flags);
  }

  /** The daemon's own flag: a front end is never asked to give up being a subreaper. */
  @Override
  public void clearChildSubreaper() {
    host.clearChildSubreaper();
  }

  @Override
  public void setChildSubreaper() {
    frontEnd.setChildSubreaper();
  }

  @Override public void mount(String source, String target, String fstype, long flags, String data) {
    host.mount(source, target, fstype, flags, data);
  }
  @Override public void umount2(String target, int flags) { host.umount2(target, flags); }
  @Override public void mkfifo(String path, int mode) { host.mkfifo(path, mode); }
  @Override public int open(String path, int flags, int mode) { return host.open(path, flags, mode); }
  @Override public int read(int fd, byte[] buf, int len) { return host.read(fd, buf, len); }
  @Override public int write(int fd, byte[] buf, int off, int len) { return host.write(fd, buf, off, len); }
  @Override public long lseek(int fd, long offset, int whence) { return host.lseek(fd, offset, whence); }
  @Override public void close(int fd) { host.close(fd); }
  @Override public int fcntl(int fd, int cmd, int arg) { return host.fcntl(fd, cmd, arg); }
  @Override public int poll(int fd, short events, int timeoutMillis) { return host.poll(fd, events, timeoutMillis); }
  @Override public FdPair pipe2(int flags) { return host.pipe2(flags); }
  @Override public FdPair socketpair(int domain, int type, int protocol) { return host.socketpair(domain, type, protocol); }
  @Override public int memfdCreate(String name, int flags) { return host.memfdCreate(name, flags); }
  @Override public int listenUnix(String path, int type, int backlog) { return host.listenUnix(path, type, backlog); }
  @Override public int accept(int listeningFd) { return host.accept(listeningFd); }
  @Override public int receiveFd(int socketFd) { return host.receiveFd(socketFd); }
  @Override public int sendMessage(int socketFd, byte[] data, int[] fds) { return host.sendMessage(socketFd, data, fds); }
  @Override public SocketMessage receiveMessage(int socketFd, int maxBytes, int maxFds) {
    return host.receiveMessage(socketFd, maxBytes, maxFds);
  }
  @Override public void kill(int pid, int signal) { host.kill(pid, signal); }
  @Override public int pidfdOpen(int pid, int flags) { return host.pidfdOpen(pid, flags); }
  @Override public void pidfdSendSignal(int pidfd, int signal) { host.pidfdSendSignal(pidfd, signal); }
  @Override public int getpid() { return host.getpid(); }
}
