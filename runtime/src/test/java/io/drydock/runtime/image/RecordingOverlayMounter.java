package io.drydock.runtime.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fake: records mounts and unmounts, mounts nothing; can be told to fail the next call. */
final class RecordingOverlayMounter implements OverlayMounter {
    sealed interface Call permits MountCall, UnmountCall {
    }

    record MountCall(OverlayMount mount) implements Call {
    }

    record UnmountCall(Path target) implements Call {
    }

    final List<Call> calls = new ArrayList<>();
    private IOException nextFailure;

    void failNext(IOException e) {
        nextFailure = e;
    }

    @Override
    public void mount(OverlayMount mount) throws IOException {
        throwIfTold();
        calls.add(new MountCall(mount));
    }

    @Override
    public void unmount(Path target) throws IOException {
        throwIfTold();
        calls.add(new UnmountCall(target));
    }

    private void throwIfTold() throws IOException {
        IOException e = nextFailure;
        nextFailure = null;
        if (e != null) {
            throw e;
        }
    }
}
