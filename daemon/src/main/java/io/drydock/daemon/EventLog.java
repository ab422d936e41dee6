package io.drydock.daemon;

import io.drydock.daemon.wire.EventJson;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What happened to containers and images, for {@code GET /events}: the recent past (for
 * {@code since}) and a queue per listening client.
 */
final class EventLog {
    private static final int KEPT = 1000;

    private final Deque<EventJson> recent = new ArrayDeque<>();
    private final List<BlockingQueue<EventJson>> listeners = new CopyOnWriteArrayList<>();

    /** Records an event of {@code type} ({@code container}, {@code image}) and hands it to every listener. */
    void publish(String type, String action, String id, Map<String, String> attributes) {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String from = "container".equals(type) ? attributes.get("image") : null;
        EventJson e = new EventJson(type, action, new EventJson.Actor(id, Map.copyOf(attributes)), "local",
                now.getEpochSecond(), nanos, action, id, from);
        synchronized (recent) {
            recent.addLast(e);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
        for (BlockingQueue<EventJson> q : listeners) {
            q.offer(e);
        }
    }

    /** Starts listening: the returned queue gets every event from now on until {@link #unsubscribe}. */
    BlockingQueue<EventJson> subscribe() {
        BlockingQueue<EventJson> q = new LinkedBlockingQueue<>();
        listeners.add(q);
        return q;
    }

    void unsubscribe(BlockingQueue<EventJson> q) {
        listeners.remove(q);
    }

    /** The kept events at or after {@code sinceNanos}, oldest first. */
    List<EventJson> since(long sinceNanos) {
        synchronized (recent) {
            List<EventJson> out = new ArrayList<>();
            for (EventJson e : recent) {
                if (e.timeNano() >= sinceNanos) {
                    out.add(e);
                }
            }
            return out;
        }
    }
}
