package io.drydock.runtime.sys;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Syscalls} fake for unit tests: records every call as a record, hands out fd numbers
 * from 100 and pids from 1000, and can be told to fail the next call with an errno. Reads return
 * queued bytes, then 0 (end of file); waitpid returns queued statuses, then "exited 0".
 */
public final class RecordingSyscalls implements Syscalls {

  /** A recorded call. */
  public sealed interface Call {}

  public record MountCall(String source, String target, String fstype, long flags, String data)
      implements Call {}

  public record Umount2Call(String target, int flags) implements Call {}

  public record MkfifoCall(String path, int mode) implements Call {}

  public record OpenCall(String path, int flags, int mode) implements Call {}

  public record ReadCall(int fd, int len) implements Call {}

  public record WriteCall(int fd, byte[] data) implements Call {}

  public record LseekCall(int fd, long offset, int whence) implements Call {}

  public record CloseCall(int fd) implements Call {}

  public record FcntlCall(int fd, int cmd, int arg) implements Call {}

  public record PollCall(int fd, short events, int timeoutMillis) implements Call {}

  public record Pipe2Call(int flags) implements Call {}

  public record SocketpairCall(int domain, int type, int protocol) implements Call {}

  public record MemfdCreateCall(String name, int flags) implements Call {}

  public record ListenUnixCall(String path, int backlog) implements Call {}

  public record AcceptCall(int listeningFd) implements Call {}

  public record SendMessageCall(int socketFd, byte[] data, int[] fds) implements Call {}

  public record ReceiveMessageCall(int socketFd, int maxBytes, int maxFds) implements Call {}

  public record ReceiveFdCall(int socketFd) implements Call {}

  public record SpawnCall(String path, List<String> argv, List<String> envp,
      List<FdMapping> fdMappings) implements Call {}

  public record KillCall(int pid, int signal) implements Call {}

  public record WaitpidCall(int pid, int flags) implements Call {}

  public record SetChildSubreaperCall() implements Call {}
  public record ClearChildSubreaperCall() implements Call {}

  public record PidfdOpenCall(int pid, int flags) implements Call {}

  public record PidfdSendSignalCall(int pidfd, int signal) implements Call {}

  public record GetpidCall() implements Call {}

  private final List<Call> calls = new ArrayList<>();
  private final Map<Integer, Deque<byte[]>> reads = new HashMap<>();
  private final Deque<byte[]> socketpairReads = new ArrayDeque<>();
  private final Deque<WaitStatus> statuses = new ArrayDeque<>();
  private final Deque<SocketMessage> messages = new ArrayDeque<>();
  private Integer failNext;
  private int nextFd = 100;
  private int nextPid = 1000;

  /** The next call throws a {@link SyscallException} with {@code errno} (and is recorded). */
  public RecordingSyscalls failNext(int errno) {
    failNext = errno;
    return this;
  }

  /** Queues bytes that read(2) on {@code fd} returns, one chunk per call. */
  public RecordingSyscalls queueRead(int fd, byte[] chunk) {
    reads.computeIfAbsent(fd, k -> new ArrayDeque<>()).add(chunk);
    return this;
  }

  /** Queues bytes for the first end of the next socketpair(2), one chunk per read. */
  public RecordingSyscalls queueSocketpairRead(byte[] chunk) {
    socketpairReads.add(chunk);
    return this;
  }

  /** Queues a status for the next waitpid(2). */
  public RecordingSyscalls queueWaitStatus(WaitStatus status) {
    statuses.add(status);
    return this;
  }

  /** @return every call so far, in order */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** @return the calls of one kind, in order */
  public <T extends Call> List<T> calls(Class<T> kind) {
    return calls.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  private void record(Call call, String op, Object object) {
    calls.add(call);
    if (failNext != null) {
      int errno = failNext;
      failNext = null;
      throw new SyscallException(op, String.valueOf(object), errno, "injected errno " + errno);
    }
  }

  @Override
  public void mount(String source, String target, String fstype, long flags, String data) {
    record(new MountCall(source, target, fstype, flags, data), "mount", target);
  }

  @Override
  public void umount2(String target, int flags) {
    record(new Umount2Call(target, flags), "umount2", target);
  }

  @Override
  public void mkfifo(String path, int mode) {
    record(new MkfifoCall(path, mode), "mkfifo", path);
  }

  @Override
  public int open(String path, int flags, int mode) {
    record(new OpenCall(path, flags, mode), "open", path);
    return nextFd++;
  }

  @Override
  public int read(int fd, byte[] buf, int len) {
    record(new ReadCall(fd, len), "read", "fd " + fd);
    Deque<byte[]> q = reads.get(fd);
    if (q == null || q.isEmpty()) {
      return 0;
    }
    byte[] chunk = q.poll();
    int n = Math.min(len, chunk.length);
    System.arraycopy(chunk, 0, buf, 0, n);
    return n;
  }

  @Override
  public int write(int fd, byte[] buf, int off, int len) {
    byte[] data = new byte[len];
    System.arraycopy(buf, off, data, 0, len);
    record(new WriteCall(fd, data), "write", "fd " + fd);
    return len;
  }

  @Override
  public long lseek(int fd, long offset, int whence) {
    record(new LseekCall(fd, offset, whence), "lseek", "fd " + fd);
    return offset;
  }

  @Override
  public void close(int fd) {
    record(new CloseCall(fd), "close", "fd " + fd);
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    record(new FcntlCall(fd, cmd, arg), "fcntl", "fd " + fd);
    return cmd == F_DUPFD_CLOEXEC ? Math.max(nextFd++, arg) : 0;
  }

  @Override
  public int poll(int fd, short events, int timeoutMillis) {
    record(new PollCall(fd, events, timeoutMillis), "poll", "fd " + fd);
    return events;
  }

  @Override
  public FdPair pipe2(int flags) {
    record(new Pipe2Call(flags), "pipe2", "flags " + flags);
    return new FdPair(nextFd++, nextFd++);
  }

  @Override
  public FdPair socketpair(int domain, int type, int protocol) {
    record(new SocketpairCall(domain, type, protocol), "socketpair", "type " + type);
    FdPair pair = new FdPair(nextFd++, nextFd++);
    while (!socketpairReads.isEmpty()) {
      queueRead(pair.first(), socketpairReads.poll());
    }
    return pair;
  }

  @Override
  public int memfdCreate(String name, int flags) {
    record(new MemfdCreateCall(name, flags), "memfd_create", name);
    return nextFd++;
  }

  @Override
  public int listenUnix(String path, int backlog) {
    record(new ListenUnixCall(path, backlog), "bind", path);
    return nextFd++;
  }

  @Override
  public int listenUnix(String path, int type, int backlog) {
    record(new ListenUnixCall(path, backlog), "bind", path);
    return nextFd++;
  }

  @Override
  public int sendMessage(int socketFd, byte[] data, int[] fds) {
    record(new SendMessageCall(socketFd, data.clone(), fds.clone()), "sendmsg", "fd " + socketFd);
    return data.length;
  }

  /** Queues a message for the next receiveMessage(2) on any socket; none queued: end of stream. */
  public RecordingSyscalls queueMessage(SocketMessage message) {
    messages.add(message);
    return this;
  }

  @Override
  public SocketMessage receiveMessage(int socketFd, int maxBytes, int maxFds) {
    record(new ReceiveMessageCall(socketFd, maxBytes, maxFds), "recvmsg", "fd " + socketFd);
    return messages.poll();
  }

  @Override
  public int accept(int listeningFd) {
    record(new AcceptCall(listeningFd), "accept4", "fd " + listeningFd);
    return nextFd++;
  }

  @Override
  public int receiveFd(int socketFd) {
    record(new ReceiveFdCall(socketFd), "recvmsg", "fd " + socketFd);
    return nextFd++;
  }

  @Override
  public int spawn(String path, List<String> argv, List<String> envp, List<FdMapping> fdMappings) {
    record(new SpawnCall(path, List.copyOf(argv), List.copyOf(envp), List.copyOf(fdMappings)),
        "posix_spawn", path);
    return nextPid++;
  }

  @Override
  public void kill(int pid, int signal) {
    record(new KillCall(pid, signal), "kill", "pid " + pid);
  }

  @Override
  public WaitStatus waitpid(int pid, int flags) {
    record(new WaitpidCall(pid, flags), "waitpid", "pid " + pid);
    WaitStatus s = statuses.poll();
    return s != null ? s : new WaitStatus.Exited(pid, 0);
  }

  @Override
  public void setChildSubreaper() {
    record(new SetChildSubreaperCall(), "prctl", "PR_SET_CHILD_SUBREAPER");
  }

  @Override
  public void clearChildSubreaper() {
    record(new ClearChildSubreaperCall(), "prctl", "PR_SET_CHILD_SUBREAPER 0");
  }

  @Override
  public int pidfdOpen(int pid, int flags) {
    record(new PidfdOpenCall(pid, flags), "pidfd_open", "pid " + pid);
    return nextFd++;
  }

  @Override
  public void pidfdSendSignal(int pidfd, int signal) {
    record(new PidfdSendSignalCall(pidfd, signal), "pidfd_send_signal", "pidfd " + pidfd);
  }

  @Override
  public int getpid() {
    record(new GetpidCall(), "getpid", "");
    return 1;
  }
}
