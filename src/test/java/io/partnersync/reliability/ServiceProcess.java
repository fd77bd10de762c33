package io.partnersync.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One real PartnerSync process: {@code java -jar target/partnersync-0.1.0-SNAPSHOT.jar} with the
 * given arguments and environment, its output in a log file. {@link #kill()} is kill -9
 * ({@link Process#destroyForcibly()} sends SIGKILL on Linux): no shutdown hook, no clean close.
 */
final class ServiceProcess {

    static final Path JAR = Path.of("target", "partnersync-0.1.0-SNAPSHOT.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on a free port with {@code --key=value} arguments; the environment adds to the harness's. */
    static ServiceProcess start(Map<String, String> arguments, Map<String, String> environment, Path log) {
        return start(List.of("-Xmx512m", "-XX:+UseSerialGC"), arguments, environment, log);
    }

    /** As {@link #start(Map, Map, Path)}, with these JVM options instead of the harness's heap and collector. */
    static ServiceProcess start(List<String> jvm, Map<String, String> arguments, Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run through Maven's verify phase (package runs first)");
        }
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvm);
        // more JVM options for a run that looks inside, e.g. -Dservice.jvm=-XX:StartFlightRecording=filename=service.jfr
        for (String option : Settings.text("service.jvm", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-XX:ActiveProcessorCount=2", "-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port));
        arguments.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the service answers {@code /actuator/health} (UP or not: it is serving). */
    /** The port its page and API listen on (loopback). */
    int port() {
        return port;
    }

    ServiceProcess awaitStarted(Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " during start-up; see " + log);
            }
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return this;
            } catch (IOException e) {
                pause(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the service did not answer /actuator/health within " + timeout + "; see " + log);
    }

    /** kill -9, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM (a clean shutdown), then kill -9 after 30 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operating system's process id (for /proc and jcmd). */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Free loopback ports. */
    static final class Ports {
        private Ports() {
        }

        static int free() {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
