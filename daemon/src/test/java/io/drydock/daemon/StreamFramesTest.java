package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamFramesTest {
    @Test
    void frame_hasTheEightByteHeader_thenThePayload() {
        byte[] data = "xhello".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer f = StreamFrames.frame(StreamFrames.STDERR, data, 1, 5);
        assertThat(f.remaining()).isEqualTo(13);
        assertThat(f.get(0)).isEqualTo((byte) 2);
        assertThat(new byte[] {f.get(1), f.get(2), f.get(3)}).containsOnly(0);
        assertThat(f.getInt(4)).isEqualTo(5);
        byte[] payload = new byte[5];
        f.position(8);
        f.get(payload);
        assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void frame_lengthIsBigEndian() {
        ByteBuffer f = StreamFrames.frame(StreamFrames.STDOUT, new byte[300], 0, 300);
        assertThat(new byte[] {f.get(4), f.get(5), f.get(6), f.get(7)}).containsExactly(0, 0, 1, 44);
    }

    @Test
    void frame_unknownStream_isRefused() {
        assertThatThrownBy(() -> StreamFrames.frame(3, new byte[1], 0, 1)).hasMessageContaining("stream type 3");
    }
}
