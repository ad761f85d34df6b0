package io.gatehouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples the service process: resident memory from {@code /proc/<pid>/status} (VmRSS, every 100 ms) and JVM
 * heap in use from {@code /actuator/prometheus} (every second, with an operator token). For a cluster, RSS is
 * the sum over its processes and heap is the node that answers GETs (the query node). Scenarios ask for the
 * peak over the time they ran.
 */
final class ResourceSampler implements AutoCloseable {

    record Sample(long nanos, double rssMb, double heapMb) {
    }

    private final List<Long> pids;
    private final Http http;
    private volatile String operatorToken;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean heapAvailable = true;
    /** While set, heap is not polled: a scrape of /actuator/prometheus every second is load the compared service lacks. */
    private volatile boolean heapPaused;
    private volatile double lastHeapMb = Double.NaN;

    ResourceSampler(List<Long> pids, Http http) {
        this.pids = List.copyOf(pids);
        this.http = http;
        this.thread = new Thread(this::loop, "bench-sampler");
        this.thread.setDaemon(true);
    }

    void start(String operatorToken) {
        this.operatorToken = operatorToken;
        thread.start();
    }

    private void loop() {
        long lastHeap = 0;
        while (running) {
            long now = System.nanoTime();
            if (heapAvailable && !heapPaused && now - lastHeap >= 1_000_000_000L) {
                lastHeap = now;
                lastHeapMb = heapMb();
            }
            double rss = rssMb("VmRSS");
            if (!Double.isNaN(rss) || !Double.isNaN(lastHeapMb)) {
                samples.add(new Sample(now, rss, lastHeapMb));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A /proc/pid/status field in MB (VmRSS, VmHWM), summed over the processes, or NaN. */
    double rssMb(String field) {
        if (pids.isEmpty()) return Double.NaN;
        double sum = 0;
        for (Long pid : pids) {
            double mb = rssMb(pid, field);
            if (Double.isNaN(mb)) return Double.NaN;
            sum += mb;
        }
        return sum;
    }

    private static double rssMb(Long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // process gone or no /proc
        }
        return Double.NaN;
    }

    /** Heap in use now (MB), from /actuator/prometheus, or NaN. */
    double heapNow() {
        return heapMb();
    }

    private double heapMb() {
        try {
            Http.Response r = http.get("/actuator/prometheus", operatorToken, Map.of("Accept", "text/plain"));
            if (r.status() != 200) {
                heapAvailable = r.status() >= 500;
                return Double.NaN;
            }
            double bytes = 0;
            boolean found = false;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? bytes / (1024 * 1024) : Double.NaN;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Peak VmRSS (MB) sampled between two System.nanoTime() instants, or NaN. */
    double peakRss(long fromNanos, long toNanos) {
        return samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos)
                .mapToDouble(Sample::rssMb).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** Peak heap in use (MB) sampled between two instants, or NaN. */
    double peakHeap(long fromNanos, long toNanos) {
        return samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos)
                .mapToDouble(Sample::heapMb).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    double currentRss() {
        return rssMb("VmRSS");
    }

    /** Stops (true) or resumes (false) polling the heap; RSS goes on being sampled from /proc. */
    void pauseHeap(boolean paused) {
        heapPaused = paused;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
