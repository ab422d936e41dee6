package io.drydock.runtime.sys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitStatusTest {
  @Test
  void decode_exitCode_isExited() {
    assertThat(WaitStatus.decode(5, 3 << 8)).isEqualTo(new WaitStatus.Exited(5, 3));
  }

  @Test
  void decode_killedBySignalWithCore_isSignaled() {
    assertThat(WaitStatus.decode(5, 0x80 | 11)).isEqualTo(new WaitStatus.Signaled(5, 11, true));
  }

  @Test
  void decode_stopped_isStopped() {
    assertThat(WaitStatus.decode(5, (19 << 8) | 0x7f)).isEqualTo(new WaitStatus.Stopped(5, 19));
  }

  @Test
  void decode_continued_isContinued() {
    assertThat(WaitStatus.decode(5, 0xffff)).isEqualTo(new WaitStatus.Continued(5));
  }
}
