package io.drydock.runtime.sys;

import java.util.List;

/**
 * The host-side system calls the runtime makes. {@code io.drydock.runtime.sys.linux.LinuxSyscalls}
 * calls the kernel; unit tests use a recording fake. Every method throws {@link SyscallException}
 * (operation, object, errno) when the kernel refuses. Work inside a container's namespaces is not
 * done here: that is the C shim's job.
 */
public interface Syscalls {

  /** open(2) access mode. */
  int O_RDONLY = 0;
  /** open(2) access mode. */
  int O_WRONLY = 01;
  /** open(2) access mode. */
  int O_RDWR = 02;
  /** open(2) flag: create the file if missing. */
  int O_CREAT = 0100;
  /** open(2) flag: truncate. */
  int O_TRUNC = 01000;
  /** open(2) flag: every write goes to the end. */
  int O_APPEND = 02000;
  /** open(2) flag: close the fd on execve. */
  int O_CLOEXEC = 0x80000;
  /** open(2)/pipe2(2) flag: non-blocking. */
  int O_NONBLOCK = 0x800;

  /** fcntl(2) command: duplicate to the lowest free fd {@code >= arg}, with FD_CLOEXEC. */
  int F_DUPFD_CLOEXEC = 1030;
  /** fcntl(2) command: get the fd flags. */
  int F_GETFD = 1;
  /** fcntl(2) command: set the fd flags. */
  int F_SETFD = 2;
  /** fcntl(2) fd flag. */
  int FD_CLOEXEC = 1;
  /** fcntl(2) command: get the file status flags ({@code O_NONBLOCK}, ...). */
  int F_GETFL = 3;
  /** fcntl(2) command: set the file status flags. */
  int F_SETFL = 4;
  /** fcntl(2) command: add seals to a memfd (memfd_create(2)). */
  int F_ADD_SEALS = 1033;
  /** fcntl(2) command: read a memfd's seals. */
  int F_GET_SEALS = 1034;
  /** Seal: no further seals may be added. */
  int F_SEAL_SEAL = 1;
  /** Seal: the file may not shrink. */
  int F_SEAL_SHRINK = 2;
  /** Seal: the file may not grow. */
  int F_SEAL_GROW = 4;
  /** Seal: the contents may not be written. */
  int F_SEAL_WRITE = 8;
  /** memfd_create(2) flag. */
  int MFD_CLOEXEC = 1;
  /** memfd_create(2) flag: allow F_ADD_SEALS. */
  int MFD_ALLOW_SEALING = 2;

  /** socket(2) domain. */
  int AF_UNIX = 1;
  /** socket(2) type: datagrams in order, with connection and message boundaries. */
  int SOCK_SEQPACKET = 5;
  /** socket(2) type: byte stream. */
  int SOCK_STREAM = 1;
  /** socket(2) type flag. */
  int SOCK_CLOEXEC = O_CLOEXEC;

  /** poll(2) event: data to read. */
  short POLLIN = 0x1;
  /** poll(2) event: the peer hung up. */
  short POLLHUP = 0x10;

  /** signal numbers (x86_64, signal(7)). */
  int SIGKILL = 9;
  /** signal numbers (x86_64, signal(7)). */
  int SIGTERM = 15;

  // ---- mounts ------------------------------------------------------------------------------

  /**
   * mount(2). Null source, fstype or data are passed as NULL.
   *
   * @param flags a combination of {@link MountFlags} MS_* values
   */
  void mount(String source, String target, String fstype, long flags, String data);

  /** umount2(2) with {@link MountFlags} MNT_* / UMOUNT_NOFOLLOW flags. */
  void umount2(String target, int flags);

  // ---- files -------------------------------------------------------------------------------

  /** mkfifo(3): make a named pipe with {@code mode} (before umask). */
  void mkfifo(String path, int mode);

  /** open(2); returns the fd. */
  int open(String path, int flags, int mode);

  /** read(2) into {@code buf[0..len)}; returns the count, 0 at end of file. */
  int read(int fd, byte[] buf, int len);

  /** write(2) from {@code buf[off..off+len)}; returns the count written. */
  int write(int fd, byte[] buf, int off, int len);

  /** lseek(2); {@code whence} 0 = SEEK_SET, 1 = SEEK_CUR, 2 = SEEK_END. Returns the offset. */
  long lseek(int fd, long offset, int whence);

  /** close(2). */
  void close(int fd);

  /** fcntl(2) with an integer argument; returns the call's result. */
  int fcntl(int fd, int cmd, int arg);

  /**
   * poll(2) on one fd.
   *
   * @param timeoutMillis negative to wait forever
   * @return the returned events ({@code revents}), 0 on timeout
   */
  int poll(int fd, short events, int timeoutMillis);

  /** pipe2(2): {@code first} is the read end. */
  FdPair pipe2(int flags);

  /** socketpair(2). */
  FdPair socketpair(int domain, int type, int protocol);

  /** memfd_create(2); returns the fd. */
  int memfdCreate(String name, int flags);

  /**
   * socket(2) AF_UNIX SOCK_STREAM (close-on-exec), bind(2) to {@code path}, listen(2): the
   * receiving end of a console socket.
   *
   * @return the listening fd
   */
  default int listenUnix(String path, int backlog) {
    return listenUnix(path, SOCK_STREAM, backlog);
  }

  /**
   * socket(2) AF_UNIX of {@code type} (close-on-exec), bind(2) to {@code path}, listen(2).
   *
   * @param type {@link #SOCK_STREAM} or {@link #SOCK_SEQPACKET}
   * @return the listening fd
   */
  int listenUnix(String path, int type, int backlog);

  /** accept4(2) with SOCK_CLOEXEC; returns the connection's fd. */
  int accept(int listeningFd);

  /**
   * recvmsg(2) of one message carrying one fd in an SCM_RIGHTS control message (unix(7)), as
   * the shim sends a terminal's pty master.
   *
   * @return the received fd, close-on-exec (MSG_CMSG_CLOEXEC)
   */
  int receiveFd(int socketFd);

  /**
   * sendmsg(2) of one message with {@code fds} attached as one SCM_RIGHTS control message
   * (unix(7)); on a SOCK_SEQPACKET socket the message arrives whole or not at all.
   *
   * @param fds the fds to pass (the kernel allows at most 253, SCM_MAX_FD); may be empty
   * @return the bytes sent
   */
  int sendMessage(int socketFd, byte[] data, int[] fds);

  /**
   * recvmsg(2) of one message and the fds that came with it, close-on-exec (MSG_CMSG_CLOEXEC).
   * A message longer than {@code maxBytes}, or with more than {@code maxFds} fds, fails (its
   * fds are closed): the kernel would have cut it (MSG_TRUNC, MSG_CTRUNC).
   *
   * @return the message, or null at end of stream (the peer closed)
   */
  SocketMessage receiveMessage(int socketFd, int maxBytes, int maxFds);

  /** One message received from a unix socket: its bytes and the fds passed with it. */
  record SocketMessage(byte[] data, int[] fds) {}

  // ---- processes ---------------------------------------------------------------------------

  /**
   * posix_spawn(3) of {@code path} with only the fds named in {@code fdMappings}: each is
   * dup2'ed (in list order) in the child before execve, and every other fd is closed (the JVM
   * has fds that are not close-on-exec). The child's signal mask is emptied and
   * every signal disposition reset to default (POSIX_SPAWN_SETSIGMASK, POSIX_SPAWN_SETSIGDEF).
   *
   * @return the child's pid
   */
  int spawn(String path, List<String> argv, List<String> envp, List<FdMapping> fdMappings);

  /** One dup2(source, target) done in a spawned child. */
  record FdMapping(int source, int target) {}

  /** kill(2). */
  void kill(int pid, int signal);

  /**
   * waitpid(2).
   *
   * @param flags {@link WaitStatus#WNOHANG} and friends
   * @return the decoded status; {@link WaitStatus.NoChange} when WNOHANG found nothing
   */
  WaitStatus waitpid(int pid, int flags);

  /**
   * prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants (a container's init after the shim's
   * first stage exits) re-parent to this process, so it can waitpid(2) them.
   */
  void setChildSubreaper();

  /**
   * prctl(PR_SET_CHILD_SUBREAPER, 0): orphans re-parent past this process again (to init or an
   * outer subreaper). For a process that starts a daemon which must not become its child, e.g.
   * libvirtd, whose daemonized QEMUs would otherwise be zombies of this process.
   */
  void clearChildSubreaper();

  /** pidfd_open(2); returns a pidfd (close-on-exec). */
  int pidfdOpen(int pid, int flags);

  /** pidfd_send_signal(2) with no siginfo. */
  void pidfdSendSignal(int pidfd, int signal);

  /** getpid(2). */
  int getpid();
}
