package io.drydock.runtime.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fake: records every call and creates nothing, so unit tests need no root. */
final class RecordingSpecialFileWriter implements SpecialFileWriter {
    sealed interface Call permits Device, Fifo, Whiteout, Opaque {
    }

    record Device(Path path, char type, int major, int minor) implements Call {
    }

    record Fifo(Path path) implements Call {
    }

    record Whiteout(Path path) implements Call {
    }

    record Opaque(Path dir) implements Call {
    }

    final List<Call> calls = new ArrayList<>();
    private boolean failDevices;

    /** Makes device and FIFO calls fail, as in a user namespace. */
    RecordingSpecialFileWriter failingDevices() {
        failDevices = true;
        return this;
    }

    @Override
    public void characterDevice(Path path, int major, int minor) throws IOException {
        device(new Device(path, 'c', major, minor));
    }

    @Override
    public void blockDevice(Path path, int major, int minor) throws IOException {
        device(new Device(path, 'b', major, minor));
    }

    @Override
    public void fifo(Path path) throws IOException {
        device(new Fifo(path));
    }

    private void device(Call call) throws IOException {
        if (failDevices) {
            throw new IOException("Operation not permitted (EPERM)");
        }
        calls.add(call);
    }

    @Override
    public void whiteout(Path path) {
        calls.add(new Whiteout(path));
    }

    @Override
    public void markOpaque(Path dir) {
        calls.add(new Opaque(dir));
    }
}
