package io.gatehouse.bench;

import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sampling profile of a service's JVM over one slice of load ({@code --profile DIR}): async-profiler (from Maven
 * Central) loaded into the running JVM through the attach API, sampling each thread's CPU time ({@code ctimer}: perf
 * events are not available on every machine). It writes collapsed stacks, the thread first, for a flame graph or a
 * grep, and reads them back as CPU per request by thread group: the JVM's CPU time over the slice (from /proc),
 * shared out as the samples are. The samples alone undercount: a thread's CPU timer fires on the kernel's tick (4 ms
 * at 250 Hz), not every millisecond asked for (a session-10 slice had a quarter of the samples its CPU time meant).
 */
final class Profiler {

    private static final long INTERVAL_NANOS = 1_000_000;
    private static Path library;

    private final long pid;
    private final Path file;

    private Profiler(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    static Profiler start(long pid, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        load(pid, "start,event=ctimer,interval=" + INTERVAL_NANOS + ",threads");
        return new Profiler(pid, file.toAbsolutePath());
    }

    /** Stops and writes the stacks; answers ms of CPU per request by thread group, "all" first, then the largest. */
    Map<String, Double> stop(long requests, double cpuMs) throws Exception {
        load(pid, "stop,collapsed,file=" + file);
        return perRequest(Files.readAllLines(file), requests, cpuMs);
    }

    Path file() {
        return file;
    }

    static Map<String, Double> perRequest(List<String> collapsed, long requests, double cpuMs) {
        Map<String, Long> samples = new TreeMap<>();
        long all = 0;
        for (String line : collapsed) {
            int count = line.lastIndexOf(' ');
            int thread = line.indexOf(';');
            if (count < 0 || thread < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(count + 1));
            samples.merge(group(line.substring(0, thread)), n, Long::sum);
            all += n;
        }
        double msPerSample = all == 0 ? 0 : cpuMs / all;
        Map<String, Double> perRequest = new LinkedHashMap<>();
        perRequest.put("all", cpuMs / Math.max(1, requests));
        samples.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> perRequest.put(e.getKey(), e.getValue() * msPerSample / Math.max(1, requests)));
        return perRequest;
    }

    /** "[http-nio-127.0.0.1-18080-exec-7 tid=123]" is a request thread; other names lose their numbers. */
    static String group(String thread) {
        String name = thread.replaceAll("^\\[|]$", "").replaceAll(" tid=\\d+$", "");
        if (name.matches("http-nio-.*-exec-\\d+")) {
            return "request threads";
        }
        return name.replaceAll("\\d+", "N");
    }

    private static synchronized void load(long pid, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgentPath(library().toString(), options);
        } finally {
            vm.detach();
        }
    }

    private static synchronized Path library() throws IOException {
        if (library == null) {
            try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream("linux-x64/libasyncProfiler.so")) {
                if (in == null) {
                    throw new IOException("async-profiler's linux-x64 library is not on the classpath");
                }
                Path copy = Files.createTempFile("libasyncProfiler", ".so");
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                copy.toFile().deleteOnExit();
                library = copy;
            }
        }
        return library;
    }
}
